import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

/** How long a connection waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MILLISECONDS = 5000;

/**
 * The SQLite data source: migrations run at start-up (never `synchronize`), write-ahead logging,
 * foreign keys enforced, and a busy timeout. Creates the database file's folder when missing.
 */
export function dataSourceOptions(databasePath: string): DataSourceOptions {
  if (databasePath !== ':memory:') mkdirSync(dirname(databasePath), { recursive: true });
  return {
    type: 'sqlite',
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
