import pg from 'pg';
import type { DatabaseTarget } from '../../backend/src/config/database-target.js';
import { temporaryDatabase } from './temporary-database.js';

/** A throw-away database for one suite, and its removal. */
export interface TestDatabase {
  target: DatabaseTarget;
  remove: () => Promise<void>;
}

let created = 0;

/** The engine the API suites run on: PostgreSQL when DATABASE_URL is set, else SQLite. */
export const testEngine: DatabaseTarget['engine'] = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

/**
 * A fresh, empty database: a SQLite file in a temporary folder, or, when DATABASE_URL is set, a new
 * database in that PostgreSQL cluster (created from the URL's database, dropped on removal), with
 * a pool of DATABASE_POOL_MAX connections (default 10).
 */
export async function testDatabase(label: string): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const file = temporaryDatabase(label);
    return { target: { engine: 'sqlite', path: file.databasePath }, remove: async () => file.remove() };
  }
  const name = `concord_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${process.pid}_${++created}`;
  await onServer(url, (client) => client.query(`CREATE DATABASE "${name}"`));
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const poolMax = Number(process.env.DATABASE_POOL_MAX ?? 10);
  return {
    target: { engine: 'postgres', url: databaseUrl.toString(), poolMax },
    remove: () => onServer(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
