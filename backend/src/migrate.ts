import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readConfigFromEnvironment } from './config/app-config.js';
import { entities } from './composition/entities.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { describeTarget } from './config/database-target.js';
import { migrate } from './database/migrate.js';

/**
 * `npm run migrate`: applies the pending migrations to DATABASE_URL (PostgreSQL) or DATABASE_PATH
 * (SQLite) and exits; a release step before new instances start. Safe beside running instances
 * and other migrators: on PostgreSQL an advisory lock lets one migrate while the others wait.
 */
async function main(): Promise<void> {
  const { database } = readConfigFromEnvironment(process.env);
  const dataSource = await new DataSource(dataSourceOptions(database, entities)).initialize();
  try {
    const applied = await migrate(dataSource);
    process.stdout.write(
      applied.length === 0
        ? `${describeTarget(database)}: the schema is current, nothing to apply.\n`
        : `${describeTarget(database)}: applied ${applied.join(', ')}.\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
