import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite3 from 'sqlite3';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

/** The entity classes a data source maps; the app's list is composition/entities.ts. */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/** How long a connection waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MILLISECONDS = 5000;

/**
 * The sqlite3 module as TypeORM's driver, without verbose mode: TypeORM calls `verbose()` on the
 * driver it is given, and sqlite3's verbose mode captures a stack trace on every statement, which
 * cost about half of the CPU time of a cached report request. Errors still carry their SQL.
 */
const quietSqlite3 = { verbose: () => sqlite3 };

/**
 * The SQLite data source: migrations run at start-up (never `synchronize`), write-ahead logging,
 * foreign keys enforced, and a busy timeout. Creates the database file's folder when missing.
 */
export function dataSourceOptions(databasePath: string, entities: EntityList): DataSourceOptions {
  if (databasePath !== ':memory:') mkdirSync(dirname(databasePath), { recursive: true });
  return {
    type: 'sqlite',
    driver: quietSqlite3,
    database: databasePath,
    entities,
    migrations,
    migrationsRun: true,
    migrationsTableName: 'migrations',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    enableWAL: true,
    busyTimeout: BUSY_TIMEOUT_MILLISECONDS,
    logging: ['error'],
  };
}
