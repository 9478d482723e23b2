import type { DataSource, EntityManager } from 'typeorm';
import type { Engine } from '../config/database-target.js';

/** The engine behind a data source or an entity manager. */
export function engineOf(source: DataSource | EntityManager): Engine {
  const type = 'connection' in source ? source.connection.options.type : source.options.type;
  return type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Runs one SQL statement written once for both engines: parameters are `?` (rewritten to `$1`,
 * `$2`, ... on PostgreSQL); everything else is the SQL both engines share (SQLite 3.44 knows
 * `string_agg`, `TRUE`, `RETURNING`). Resolves to the rows, including those of a RETURNING clause.
 */
export async function query<T = Record<string, unknown>>(source: DataSource | EntityManager, sql: string, parameters: readonly unknown[] = []): Promise<T[]> {
  const result: unknown = await source.query(dialect(source, sql), [...parameters]);
  // TypeORM's postgres driver answers an UPDATE or DELETE with [rows, affected row count].
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

function dialect(source: DataSource | EntityManager, sql: string): string {
  if (engineOf(source) === 'postgres') return numberedParameters(sql);
  // TypeORM's sqlite driver runs a statement that starts with INSERT, UPDATE or DELETE without
  // collecting rows; led by a comment, it is run as a query, and RETURNING's rows come back.
  return /\bRETURNING\b/i.test(sql) ? `/* rows */ ${sql}` : sql;
}

/**
 * ` FOR UPDATE` on PostgreSQL, nothing on SQLite, where the transaction that asks already holds
 * the database's only write lock. Append it to a SELECT of the rows a decision is taken on.
 */
export function forUpdate(source: DataSource | EntityManager, options: { skipLocked?: boolean; of?: string } = {}): string {
  if (engineOf(source) !== 'postgres') return '';
  return ` FOR UPDATE${options.of ? ` OF ${options.of}` : ''}${options.skipLocked ? ' SKIP LOCKED' : ''}`;
}

/** `?` placeholders to `$1`, `$2`, ...; a `?` inside a quoted string or identifier is left alone. */
export function numberedParameters(sql: string): string {
  let out = '';
  let number = 0;
  let quote: string | null = null;
  for (const character of sql) {
    if (quote !== null) {
      if (character === quote) quote = null;
      out += character;
    } else if (character === "'" || character === '"') {
      quote = character;
      out += character;
    } else if (character === '?') {
      out += `$${++number}`;
    } else {
      out += character;
    }
  }
  return out;
}

/**
 * Locks one row until the transaction ends (PostgreSQL `SELECT ... FOR UPDATE`), so that
 * concurrent transactions deciding on it take turns. On SQLite the queued write transaction holds
 * the database's only write lock already, and this reads nothing.
 */
export async function lockRow(manager: EntityManager, table: string, id: number): Promise<void> {
  if (engineOf(manager) !== 'postgres') return;
  await manager.query(`SELECT 1 FROM "${table}" WHERE "id" = $1 FOR UPDATE`, [id]);
}
