import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { DataSourceOptions, LoggerOptions } from 'typeorm';
import type { DatabaseTarget } from '../config/database-target.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

/** The entity classes a data source maps; the app's list is composition/entities.ts. */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/** How long a connection waits for another connection's write lock before giving up (SQLite). */
export const BUSY_TIMEOUT_MILLISECONDS = 5000;

/**
 * The sqlite3 module as TypeORM's driver, without verbose mode: TypeORM calls `verbose()` on the
 * driver it is given, and sqlite3's verbose mode captures a stack trace on every statement, which
 * cost about half of the CPU time of a cached report request. Errors still carry their SQL.
 */
const quietSqlite3 = { verbose: () => sqlite3 };

/**
 * PostgreSQL returns `bigint` (COUNT, SUM of integers) and `numeric` as strings; every such value
 * Concord reads is a count far below 2^53, so it is parsed as a number, as SQLite returns it.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (text) => Number(text));

/**
 * The data source of either engine. Migrations are not run here: `migrate` (database/migrate.ts)
 * runs them at start-up or from `npm run migrate`, under an advisory lock on PostgreSQL.
 * SQLite: write-ahead logging, foreign keys enforced, a busy timeout; the file's folder is created
 * when missing. PostgreSQL: a pool of `poolMax` connections.
 */
export function dataSourceOptions(target: DatabaseTarget, entities: EntityList): DataSourceOptions {
  const common = {
    entities,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['error'] satisfies LoggerOptions as LoggerOptions,
  };
  if (target.engine === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: target.url,
      driver: pg,
      migrations: migrations.postgres,
      poolSize: target.poolMax,
      extra: { max: target.poolMax, connectionTimeoutMillis: 10_000 },
    };
  }
  if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    driver: quietSqlite3,
    database: target.path,
    migrations: migrations.sqlite,
    enableWAL: true,
    busyTimeout: BUSY_TIMEOUT_MILLISECONDS,
  };
}
