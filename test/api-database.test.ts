import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities } from '../backend/src/composition/entities.js';
import { dataSourceOptions } from '../backend/src/database/data-source-options.js';
import { temporaryDatabase } from './support/temporary-database.js';

describe('the SQLite database', () => {
  const database = temporaryDatabase('database');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ ...dataSourceOptions(database.databasePath, entities), logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    database.remove();
  });

  it('creates the file and its folder, and runs the initial migration at start-up', async () => {
    expect(existsSync(database.databasePath)).toBe(true);
    const applied = await dataSource.query('SELECT "name" FROM "migrations"');
    expect(applied).toEqual([{ name: 'InitialSchema1732300000000' }]);
  });

  it('leaves nothing for TypeORM to change: the hand-written migration matches the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('runs in WAL mode with foreign keys on and a busy timeout', async () => {
    expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    const [busy] = await dataSource.query('PRAGMA busy_timeout');
    expect(Object.values(busy)[0]).toBeGreaterThan(0);
  });

  it('enforces foreign keys', async () => {
    await expect(
      dataSource.query(`INSERT INTO "user_roles" ("user_id", "role") VALUES (9999, 'admin')`),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });

  it('keeps the audit log append-only', async () => {
    await dataSource.query(
      `INSERT INTO "audit_log" ("actor_id", "at", "action", "entity_type", "entity_id", "details") VALUES (NULL, '2024-01-01T00:00:00.000Z', 'test.written', 'test', '1', '{}')`,
    );
    await expect(dataSource.query(`UPDATE "audit_log" SET "action" = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM "audit_log"`)).rejects.toThrow(/append-only/);
  });

  it('does not run the migration twice on a second start', async () => {
    const second = new DataSource({ ...dataSourceOptions(database.databasePath, entities), logging: false });
    await second.initialize();
    expect(await second.query('SELECT COUNT(*) AS "count" FROM "migrations"')).toEqual([{ count: 1 }]);
    await second.destroy();
  });
});
