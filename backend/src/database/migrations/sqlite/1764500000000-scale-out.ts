import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIndex, createTable, foreignKey } from '../ddl.js';

/**
 * Brings the SQLite schema level with the PostgreSQL one:
 * - `credentials.submissions_received` and `validation_windows.study_submissions`, the counters
 *   that number submissions (`UPDATE ... RETURNING`), filled from the rows already there;
 * - `validation_windows.data_epoch`, raised by every write that changes the window's report, which
 *   keys the report cache and its ETag;
 * - `submissions.adjudication_claimed_by_id` and `adjudication_claimed_until`: who took a case
 *   from the adjudication queue, and until when;
 * - the threshold declared `double precision` (SQLite stored it as an 8-byte real already; the
 *   declaration now reads the same on both engines). SQLite cannot change a column's type, so the
 *   table is rebuilt as SQLite prescribes: a new table, the rows copied, the old table dropped and
 *   the new one renamed, inside the migration's transaction (TypeORM turns foreign keys off around
 *   migrations on SQLite; they are checked once at the end).
 */
export class ScaleOut1764500000000 implements MigrationInterface {
  name = 'ScaleOut1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE "credentials" ADD COLUMN "submissions_received" integer NOT NULL DEFAULT (0)',
      'ALTER TABLE "submissions" ADD COLUMN "adjudication_claimed_by_id" integer',
      'ALTER TABLE "submissions" ADD COLUMN "adjudication_claimed_until" text',
      `UPDATE "credentials" SET "submissions_received" =
         (SELECT COALESCE(MAX(s."sequence"), 0) FROM "submissions" s WHERE s."credential_id" = "credentials"."id")`,
      createTable('validation_windows_after_scale_out', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"credential_id" integer NOT NULL',
        '"rubric_version_id" integer NOT NULL',
        '"target_submissions" integer NOT NULL',
        '"readers_per_submission" integer NOT NULL',
        '"threshold" double precision NOT NULL',
        '"seed" integer NOT NULL',
        '"status" text NOT NULL',
        '"opened_by_id" integer NOT NULL',
        '"opened_at" text NOT NULL',
        '"adjudicating_at" text',
        '"completed_at" text',
        '"study_submissions" integer NOT NULL DEFAULT (0)',
        '"data_epoch" integer NOT NULL DEFAULT (0)',
        foreignKey('FK_validation_windows_credential', 'credential_id', 'credentials', 'CASCADE'),
        foreignKey('FK_validation_windows_rubric_version', 'rubric_version_id', 'rubric_versions', 'CASCADE'),
        foreignKey('FK_validation_windows_opened_by', 'opened_by_id', 'users'),
      ]),
      `INSERT INTO "validation_windows_after_scale_out" ("id", "credential_id", "rubric_version_id", "target_submissions", "readers_per_submission",
              "threshold", "seed", "status", "opened_by_id", "opened_at", "adjudicating_at", "completed_at", "study_submissions", "data_epoch")
       SELECT w."id", w."credential_id", w."rubric_version_id", w."target_submissions", w."readers_per_submission",
              w."threshold", w."seed", w."status", w."opened_by_id", w."opened_at", w."adjudicating_at", w."completed_at",
              (SELECT COALESCE(MAX(s."study_sequence"), 0) FROM "submissions" s WHERE s."window_id" = w."id"), 0
         FROM "validation_windows" w`,
      'DROP TABLE "validation_windows"',
      'ALTER TABLE "validation_windows_after_scale_out" RENAME TO "validation_windows"',
      createIndex('UQ_validation_windows_rubric_version', 'validation_windows', ['rubric_version_id'], true),
      createIndex('IDX_validation_windows_credential_status', 'validation_windows', ['credential_id', 'status']),
    ];
    for (const statement of statements) await queryRunner.query(statement);
    const broken: unknown[] = await queryRunner.query('PRAGMA foreign_key_check');
    if (broken.length > 0) throw new Error(`the rebuilt schema breaks ${broken.length} foreign keys: ${JSON.stringify(broken.slice(0, 5))}`);
  }

  async down(): Promise<void> {
    throw new Error('ScaleOut1764500000000 cannot be reverted: restore the database from a backup taken before it');
  }
}
