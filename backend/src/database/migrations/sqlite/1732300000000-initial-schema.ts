import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIndex, createTable, foreignKey } from '../ddl.js';

/**
 * The whole schema of the first release, written by hand (no `synchronize`). Columns are
 * snake_case; timestamps are ISO 8601 UTC text; constraint names match the entities so that
 * TypeORM sees no difference between this schema and the entities (a test checks it).
 * `audit_log` is append-only: triggers refuse UPDATE and DELETE.
 */
export class InitialSchema1732300000000 implements MigrationInterface {
  name = 'InitialSchema1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      createTable('users', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"email" text NOT NULL',
        '"name" text NOT NULL',
        '"password_hash" text NOT NULL',
        '"created_at" text NOT NULL',
      ]),
      createIndex('UQ_users_email', 'users', ['email'], true),

      createTable('user_roles', [
        '"user_id" integer NOT NULL',
        '"role" text NOT NULL',
        foreignKey('FK_user_roles_user', 'user_id', 'users', 'CASCADE'),
        'PRIMARY KEY ("user_id", "role")',
      ]),

      createTable('conflicts_of_interest', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"user_id" integer NOT NULL',
        '"organisation" text NOT NULL',
        '"organisation_key" text NOT NULL',
        '"declared_at" text NOT NULL',
        foreignKey('FK_conflicts_of_interest_user', 'user_id', 'users', 'CASCADE'),
      ]),
      createIndex('UQ_conflicts_of_interest_user_organisation', 'conflicts_of_interest', ['user_id', 'organisation_key'], true),

      createTable('access_tokens', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"user_id" integer NOT NULL',
        '"token_hash" text NOT NULL',
        '"created_at" text NOT NULL',
        '"expires_at" text NOT NULL',
        foreignKey('FK_access_tokens_user', 'user_id', 'users', 'CASCADE'),
      ]),
      createIndex('UQ_access_tokens_token_hash', 'access_tokens', ['token_hash'], true),
      createIndex('IDX_access_tokens_user', 'access_tokens', ['user_id']),

      createTable('credentials', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"title" text NOT NULL',
        '"description" text NOT NULL',
        '"created_by_id" integer NOT NULL',
        '"created_at" text NOT NULL',
        foreignKey('FK_credentials_created_by', 'created_by_id', 'users'),
      ]),

      createTable('rubric_versions', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"credential_id" integer NOT NULL',
        '"version" integer NOT NULL',
        '"previous_version" integer',
        '"created_by_id" integer NOT NULL',
        '"created_at" text NOT NULL',
        foreignKey('FK_rubric_versions_credential', 'credential_id', 'credentials', 'CASCADE'),
        foreignKey('FK_rubric_versions_created_by', 'created_by_id', 'users'),
      ]),
      createIndex('UQ_rubric_versions_credential_version', 'rubric_versions', ['credential_id', 'version'], true),

      createTable('rubric_rows', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"rubric_version_id" integer NOT NULL',
        '"position" integer NOT NULL',
        '"key" text NOT NULL',
        '"title" text NOT NULL',
        '"descriptor" text NOT NULL',
        '"scale" text NOT NULL',
        '"carried_over" boolean NOT NULL',
        foreignKey('FK_rubric_rows_rubric_version', 'rubric_version_id', 'rubric_versions', 'CASCADE'),
      ]),
      createIndex('UQ_rubric_rows_version_key', 'rubric_rows', ['rubric_version_id', 'key'], true),
      createIndex('UQ_rubric_rows_version_position', 'rubric_rows', ['rubric_version_id', 'position'], true),

      createTable('rubric_levels', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"rubric_row_id" integer NOT NULL',
        '"position" integer NOT NULL',
        '"value" text NOT NULL',
        '"label" text NOT NULL',
        '"descriptor" text NOT NULL',
        foreignKey('FK_rubric_levels_rubric_row', 'rubric_row_id', 'rubric_rows', 'CASCADE'),
      ]),
      createIndex('UQ_rubric_levels_row_value', 'rubric_levels', ['rubric_row_id', 'value'], true),
      createIndex('UQ_rubric_levels_row_position', 'rubric_levels', ['rubric_row_id', 'position'], true),

      createTable('validation_windows', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"credential_id" integer NOT NULL',
        '"rubric_version_id" integer NOT NULL',
        '"target_submissions" integer NOT NULL',
        '"readers_per_submission" integer NOT NULL',
        '"threshold" real NOT NULL',
        '"seed" integer NOT NULL',
        '"status" text NOT NULL',
        '"opened_by_id" integer NOT NULL',
        '"opened_at" text NOT NULL',
        '"adjudicating_at" text',
        '"completed_at" text',
        foreignKey('FK_validation_windows_credential', 'credential_id', 'credentials', 'CASCADE'),
        foreignKey('FK_validation_windows_rubric_version', 'rubric_version_id', 'rubric_versions', 'CASCADE'),
        foreignKey('FK_validation_windows_opened_by', 'opened_by_id', 'users'),
      ]),
      createIndex('UQ_validation_windows_rubric_version', 'validation_windows', ['rubric_version_id'], true),
      createIndex('IDX_validation_windows_credential_status', 'validation_windows', ['credential_id', 'status']),

      createTable('submissions', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"credential_id" integer NOT NULL',
        '"rubric_version_id" integer NOT NULL',
        '"sequence" integer NOT NULL',
        '"window_id" integer',
        '"study_sequence" integer',
        '"readers_required" integer NOT NULL',
        '"earner_name" text NOT NULL',
        '"earner_organisation" text',
        '"evidence_text" text',
        '"evidence_url" text',
        '"needs_adjudication" boolean NOT NULL DEFAULT (0)',
        '"received_by_id" integer NOT NULL',
        '"received_at" text NOT NULL',
        '"external_ref" text',
        '"resubmission_of_id" integer',
        foreignKey('FK_submissions_credential', 'credential_id', 'credentials', 'CASCADE'),
        foreignKey('FK_submissions_rubric_version', 'rubric_version_id', 'rubric_versions'),
        foreignKey('FK_submissions_window', 'window_id', 'validation_windows'),
        foreignKey('FK_submissions_received_by', 'received_by_id', 'users'),
        foreignKey('FK_submissions_resubmission_of', 'resubmission_of_id', 'submissions'),
      ]),
      createIndex('UQ_submissions_credential_sequence', 'submissions', ['credential_id', 'sequence'], true),
      createIndex('UQ_submissions_window_study_sequence', 'submissions', ['window_id', 'study_sequence'], true),
      createIndex('IDX_submissions_rubric_version', 'submissions', ['rubric_version_id']),
      createIndex('UQ_submissions_credential_external_ref', 'submissions', ['credential_id', 'external_ref'], true),
      createIndex('UQ_submissions_resubmission_of', 'submissions', ['resubmission_of_id'], true),

      createTable('assignments', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"submission_id" integer NOT NULL',
        '"assessor_id" integer NOT NULL',
        '"reader_slot" integer NOT NULL',
        '"status" text NOT NULL',
        '"assigned_at" text NOT NULL',
        foreignKey('FK_assignments_submission', 'submission_id', 'submissions', 'CASCADE'),
        foreignKey('FK_assignments_assessor', 'assessor_id', 'users'),
      ]),
      createIndex('UQ_assignments_submission_assessor', 'assignments', ['submission_id', 'assessor_id'], true),
      createIndex('UQ_assignments_submission_reader_slot', 'assignments', ['submission_id', 'reader_slot'], true),
      createIndex('IDX_assignments_assessor_status', 'assignments', ['assessor_id', 'status']),

      createTable('scores', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"assignment_id" integer',
        '"submission_id" integer NOT NULL',
        '"assessor_id" integer NOT NULL',
        '"rubric_version_id" integer NOT NULL',
        '"reader_slot" integer NOT NULL',
        '"source" text NOT NULL',
        '"submitted_at" text NOT NULL',
        foreignKey('FK_scores_assignment', 'assignment_id', 'assignments'),
        foreignKey('FK_scores_submission', 'submission_id', 'submissions'),
        foreignKey('FK_scores_assessor', 'assessor_id', 'users'),
        foreignKey('FK_scores_rubric_version', 'rubric_version_id', 'rubric_versions'),
      ]),
      createIndex('UQ_scores_assignment', 'scores', ['assignment_id'], true),
      createIndex('UQ_scores_submission_assessor', 'scores', ['submission_id', 'assessor_id'], true),
      createIndex('UQ_scores_submission_reader_slot', 'scores', ['submission_id', 'reader_slot'], true),
      createIndex('IDX_scores_rubric_version', 'scores', ['rubric_version_id']),

      createTable('score_levels', [
        '"score_id" integer NOT NULL',
        '"row_key" text NOT NULL',
        '"level" text NOT NULL',
        '"comment" text',
        foreignKey('FK_score_levels_score', 'score_id', 'scores', 'CASCADE'),
        'PRIMARY KEY ("score_id", "row_key")',
      ]),

      createTable('adjudications', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"submission_id" integer NOT NULL',
        '"adjudicator_id" integer NOT NULL',
        '"recorded_at" text NOT NULL',
        foreignKey('FK_adjudications_submission', 'submission_id', 'submissions'),
        foreignKey('FK_adjudications_adjudicator', 'adjudicator_id', 'users'),
      ]),
      createIndex('UQ_adjudications_submission', 'adjudications', ['submission_id'], true),

      createTable('adjudication_rows', [
        '"adjudication_id" integer NOT NULL',
        '"row_key" text NOT NULL',
        '"level" text NOT NULL',
        '"disagreed" boolean NOT NULL',
        '"reason" text',
        '"note" text',
        foreignKey('FK_adjudication_rows_adjudication', 'adjudication_id', 'adjudications', 'CASCADE'),
        'PRIMARY KEY ("adjudication_id", "row_key")',
      ]),

      createTable('audit_log', [
        '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL',
        '"actor_id" integer',
        '"at" text NOT NULL',
        '"action" text NOT NULL',
        '"entity_type" text NOT NULL',
        '"entity_id" text NOT NULL',
        '"details" text NOT NULL',
        foreignKey('FK_audit_log_actor', 'actor_id', 'users'),
      ]),
      createIndex('IDX_audit_log_entity', 'audit_log', ['entity_type', 'entity_id']),
      `CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
      `CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tablesChildrenFirst = [
      'audit_log',
      'adjudication_rows',
      'adjudications',
      'score_levels',
      'scores',
      'assignments',
      'submissions',
      'validation_windows',
      'rubric_levels',
      'rubric_rows',
      'rubric_versions',
      'credentials',
      'access_tokens',
      'conflicts_of_interest',
      'user_roles',
      'users',
    ];
    for (const table of tablesChildrenFirst) await queryRunner.query(`DROP TABLE "${table}"`);
  }
}
