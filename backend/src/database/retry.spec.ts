import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation, RetryLaterError } from './errors.js';
import { retryDelay, TRANSIENT_RETRIES, withTransientRetries } from './retry.js';

/** A statement failure as TypeORM reports it, with the driver's error code. */
function failure(code: string, message = 'failed'): QueryFailedError {
  return new QueryFailedError('UPDATE "x"', [], Object.assign(new Error(message), { code }));
}

describe('withTransientRetries(attempt)', () => {
  const noPause = async () => undefined;

  it('runs a transaction that hit a serialisation failure or a deadlock again, and returns its result', async () => {
    const codes = ['40001', '40P01'];
    let calls = 0;
    const result = await withTransientRetries(async () => {
      if (calls < codes.length) throw failure(codes[calls++]);
      calls++;
      return 'committed';
    }, noPause);
    expect(result).toBe('committed');
    expect(calls).toBe(3);
  });

  it(`gives up after ${TRANSIENT_RETRIES} retries with RetryLaterError (503 with Retry-After)`, async () => {
    let calls = 0;
    const pauses: number[] = [];
    const outcome = withTransientRetries(
      async () => {
        calls++;
        throw failure('40001');
      },
      async (milliseconds) => {
        pauses.push(milliseconds);
      },
    );
    await expect(outcome).rejects.toBeInstanceOf(RetryLaterError);
    expect(calls).toBe(1 + TRANSIENT_RETRIES);
    expect(pauses).toHaveLength(TRANSIENT_RETRIES);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const unique = failure('23505', 'duplicate key value violates unique constraint');
    await expect(
      withTransientRetries(async () => {
        calls++;
        throw unique;
      }, noPause),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
  });
});

describe('retryDelay(attempt, random)', () => {
  it('grows with each attempt and spreads colliders apart', () => {
    expect(retryDelay(0, () => 0)).toBe(5);
    expect(retryDelay(0, () => 1)).toBe(25);
    expect(retryDelay(2, () => 0)).toBe(20);
    expect(retryDelay(2, () => 1)).toBe(100);
  });
});

describe('isUniqueViolation(error)', () => {
  it('recognises PostgreSQL by SQLSTATE 23505, whatever the message says', () => {
    expect(isUniqueViolation(failure('23505', 'doublon'))).toBe(true);
    expect(isUniqueViolation(failure('23503', 'violates foreign key constraint'))).toBe(false);
  });

  it('recognises SQLite by the constraint kind its SQLITE_CONSTRAINT names', () => {
    expect(isUniqueViolation(failure('SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: UNIQUE constraint failed: scores.assignment_id'))).toBe(true);
    expect(isUniqueViolation(failure('SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: FOREIGN KEY constraint failed'))).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed'))).toBe(false);
  });
});
