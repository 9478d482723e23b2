import type { InsertResult } from 'typeorm';

/** The id of the single row an insert created. */
export function insertedId(result: InsertResult): number {
  const id = result.identifiers[0]?.id;
  if (typeof id !== 'number') throw new Error('the database did not report the id of the inserted row');
  return id;
}
