import { QueryFailedError } from 'typeorm';

/** PostgreSQL's SQLSTATE codes that Concord acts on. */
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';

function driverErrorOf(error: unknown): { code?: unknown; message?: unknown } | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError: unknown = (error as QueryFailedError & { driverError?: unknown }).driverError;
  return typeof driverError === 'object' && driverError !== null ? (driverError as { code?: unknown; message?: unknown }) : null;
}

/**
 * Whether a statement failed on a unique constraint: SQLSTATE 23505 on PostgreSQL; on SQLite, whose
 * driver reports every constraint as SQLITE_CONSTRAINT without a finer code, the kind it names.
 */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = driverErrorOf(error);
  if (driverError === null) return false;
  if (driverError.code === UNIQUE_VIOLATION) return true;
  return driverError.code === 'SQLITE_CONSTRAINT' && typeof driverError.message === 'string' && driverError.message.includes('UNIQUE constraint failed');
}

/** Whether a PostgreSQL transaction failed only because of a concurrent one (40001, 40P01): run it again. */
export function isTransientConflict(error: unknown): boolean {
  const code = driverErrorOf(error)?.code;
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
}

/** A write that kept colliding with concurrent ones; the client should try again shortly (503 with Retry-After). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  constructor(readonly retryAfterSeconds: number = 1) {
    super('the database is busy with concurrent changes: try again shortly');
  }
}
