import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities } from '../backend/src/composition/entities.js';
import { dataSourceOptions } from '../backend/src/database/data-source-options.js';
import { migrate, pendingMigrations } from '../backend/src/database/migrate.js';
import { migrations } from '../backend/src/database/migrations/index.js';
import { query } from '../backend/src/database/sql.js';
import { testDatabase, testEngine, type TestDatabase } from './support/test-database.js';

const migrationNames = migrations[testEngine].map((migration) => new migration().name);

async function openDataSource(database: TestDatabase): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions(database.target, entities), logging: false });
  return dataSource.initialize();
}

describe(`the database (${testEngine})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await testDatabase('database');
    dataSource = await openDataSource(database);
    await migrate(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.remove();
  });

  it('applies every migration of its engine, in order', async () => {
    const applied = await query<{ name: string }>(dataSource, 'SELECT "name" FROM "migrations" ORDER BY "id"');
    expect(applied.map((row) => row.name)).toEqual(migrationNames);
    expect(await pendingMigrations(dataSource)).toEqual([]);
  });

  it('leaves nothing for TypeORM to change: the hand-written migrations match the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((statement) => statement.query)).toEqual([]);
  });

  it('enforces foreign keys', async () => {
    await expect(query(dataSource, `INSERT INTO "user_roles" ("user_id", "role") VALUES (9999, 'admin')`)).rejects.toThrow(
      /FOREIGN KEY constraint failed|violates foreign key constraint/,
    );
  });

  it('keeps the audit log append-only', async () => {
    await query(
      dataSource,
      `INSERT INTO "audit_log" ("actor_id", "at", "action", "entity_type", "entity_id", "details") VALUES (NULL, '2024-01-01T00:00:00.000Z', 'test.written', 'test', '1', '{}')`,
    );
    await expect(query(dataSource, `UPDATE "audit_log" SET "action" = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(query(dataSource, `DELETE FROM "audit_log"`)).rejects.toThrow(/append-only/);
    expect(await query(dataSource, `SELECT "action" FROM "audit_log"`)).toEqual([{ action: 'test.written' }]);
  });

  it('stores the threshold as a double: 0.8 reads back as exactly 0.8', async () => {
    const [user] = await query<{ id: number }>(
      dataSource,
      `INSERT INTO "users" ("email", "name", "password_hash", "created_at") VALUES ('t@concord.test', 'T', 'x', '2024-01-01T00:00:00.000Z') RETURNING "id"`,
    );
    const [credential] = await query<{ id: number }>(
      dataSource,
      `INSERT INTO "credentials" ("title", "description", "created_by_id", "created_at") VALUES ('C', '', ?, '2024-01-01T00:00:00.000Z') RETURNING "id"`,
      [user.id],
    );
    const [version] = await query<{ id: number }>(
      dataSource,
      `INSERT INTO "rubric_versions" ("credential_id", "version", "created_by_id", "created_at") VALUES (?, 1, ?, '2024-01-01T00:00:00.000Z') RETURNING "id"`,
      [credential.id, user.id],
    );
    await query(
      dataSource,
      `INSERT INTO "validation_windows" ("credential_id", "rubric_version_id", "target_submissions", "readers_per_submission", "threshold", "seed", "status", "opened_by_id", "opened_at")
       VALUES (?, ?, 50, 2, ?, 1, 'collecting', ?, '2024-01-01T00:00:00.000Z')`,
      [credential.id, version.id, 0.8, user.id],
    );
    const [window] = await query<{ threshold: number; passes: boolean | number }>(
      dataSource,
      `SELECT "threshold", (40.0 / 50.0 >= "threshold") AS "passes" FROM "validation_windows" WHERE "rubric_version_id" = ?`,
      [version.id],
    );
    expect(window.threshold).toBe(0.8);
    expect(Boolean(window.passes)).toBe(true);
  });

  it('does not migrate again on a second start', async () => {
    const second = await openDataSource(database);
    try {
      expect(await migrate(second)).toEqual([]);
      const [{ count }] = await query<{ count: number }>(second, 'SELECT COUNT(*) AS "count" FROM "migrations"');
      expect(count).toBe(migrationNames.length);
    } finally {
      await second.destroy();
    }
  });
});

describe.runIf(testEngine === 'sqlite')('the SQLite file', () => {
  it('is created with its folder, in WAL mode with foreign keys on and a busy timeout', async () => {
    const database = await testDatabase('sqlite-file');
    const dataSource = await openDataSource(database);
    try {
      expect(database.target.engine === 'sqlite' && existsSync(database.target.path)).toBe(true);
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      const [busy] = await dataSource.query('PRAGMA busy_timeout');
      expect(Object.values(busy)[0]).toBeGreaterThan(0);
    } finally {
      await dataSource.destroy();
      await database.remove();
    }
  });
});

describe.runIf(testEngine === 'sqlite')('a SQLite file of the first release', () => {
  it('is brought level with PostgreSQL: counters filled from its rows, the threshold kept, foreign keys intact', async () => {
    const database = await testDatabase('sqlite-upgrade');
    const firstRelease = new DataSource({ ...dataSourceOptions(database.target, entities), migrations: migrations.sqlite.slice(0, 1), logging: false });
    await firstRelease.initialize();
    await migrate(firstRelease);
    const at = '2024-01-01T00:00:00.000Z';
    await firstRelease.query(`INSERT INTO "users" ("id", "email", "name", "password_hash", "created_at") VALUES (1, 'u@concord.test', 'U', 'x', '${at}')`);
    await firstRelease.query(`INSERT INTO "credentials" ("id", "title", "description", "created_by_id", "created_at") VALUES (1, 'C', '', 1, '${at}'), (2, 'D', '', 1, '${at}')`);
    await firstRelease.query(`INSERT INTO "rubric_versions" ("id", "credential_id", "version", "created_by_id", "created_at") VALUES (1, 1, 1, 1, '${at}')`);
    await firstRelease.query(
      `INSERT INTO "validation_windows" ("id", "credential_id", "rubric_version_id", "target_submissions", "readers_per_submission", "threshold", "seed", "status", "opened_by_id", "opened_at")
       VALUES (7, 1, 1, 50, 2, 0.8, 1, 'collecting', 1, '${at}')`,
    );
    const submission = (id: number, sequence: number, windowId: number | null, studySequence: number | null) =>
      `(${id}, 1, 1, ${sequence}, ${windowId}, ${studySequence}, 2, 'E', 1, '${at}')`;
    await firstRelease.query(
      `INSERT INTO "submissions" ("id", "credential_id", "rubric_version_id", "sequence", "window_id", "study_sequence", "readers_required", "earner_name", "received_by_id", "received_at")
       VALUES ${[submission(1, 1, 7, 1), submission(2, 2, 7, 2), submission(3, 3, null, null)].join(', ')}`,
    );
    await firstRelease.destroy();

    const upgraded = await openDataSource(database);
    try {
      expect(await migrate(upgraded)).toEqual(migrationNames.slice(1));
      expect(await upgraded.query('SELECT "id", "submissions_received" AS "received" FROM "credentials" ORDER BY "id"')).toEqual([
        { id: 1, received: 3 },
        { id: 2, received: 0 },
      ]);
      expect(await upgraded.query('SELECT "id", "threshold", "study_submissions" AS "study", "data_epoch" AS "epoch" FROM "validation_windows"')).toEqual([
        { id: 7, threshold: 0.8, study: 2, epoch: 0 },
      ]);
      expect(await upgraded.query('PRAGMA foreign_key_check')).toEqual([]);
      await expect(upgraded.query(`UPDATE "submissions" SET "window_id" = 999 WHERE "id" = 3`)).rejects.toThrow(/FOREIGN KEY constraint failed/);
      const pending = await upgraded.driver.createSchemaBuilder().log();
      expect(pending.upQueries).toEqual([]);
    } finally {
      await upgraded.destroy();
      await database.remove();
    }
  });
});

describe.runIf(testEngine === 'postgres')('migrations on PostgreSQL', () => {
  it('run once when three instances start together: the advisory lock serialises them', async () => {
    const database = await testDatabase('migrate-race');
    const dataSources = await Promise.all([1, 2, 3].map(() => openDataSource(database)));
    try {
      const applied = await Promise.all(dataSources.map((dataSource) => migrate(dataSource)));
      expect(applied.flat()).toEqual(migrationNames);
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
    } finally {
      await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
      await database.remove();
    }
  });
});
