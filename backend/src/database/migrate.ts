import { MigrationExecutor, type DataSource } from 'typeorm';
import { engineOf } from './sql.js';

/** The advisory lock key that serialises migrations on PostgreSQL ("Conc" in ASCII). */
const MIGRATION_LOCK_KEY = 0x436f6e63;

/**
 * Applies the pending migrations, in one transaction, on one connection (so it works with a pool of
 * one). On PostgreSQL it first takes a session advisory lock, so several instances starting at once
 * migrate once: the others wait, then find nothing pending. Returns the names applied.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const postgres = engineOf(dataSource) === 'postgres';
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (postgres) await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      if (postgres) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** The names of the migrations not yet applied (none when the schema is current). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const executor = new MigrationExecutor(dataSource, runner);
    return (await executor.getPendingMigrations()).map((migration) => migration.name);
  } finally {
    await runner.release();
  }
}
