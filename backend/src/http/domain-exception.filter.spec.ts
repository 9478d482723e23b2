import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../database/errors.js';
import { ConflictError } from '../protocol/errors.js';
import { DomainExceptionFilter } from './domain-exception.filter.js';

/** Sends `exception` through the filter; the status, headers and body the response got. */
function answer(exception: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const response = {
    setHeader: (name: string, value: string) => {
      sent.headers[name] = value;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new DomainExceptionFilter().catch(exception, host);
  return sent;
}

describe('DomainExceptionFilter', () => {
  it('answers a write that kept colliding with concurrent ones 503 with Retry-After', () => {
    const sent = answer(new RetryLaterError(2));
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('2');
    expect(sent.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'busy' });
  });

  it('answers a unique violation 409 (duplicate), recognised on PostgreSQL by SQLSTATE', () => {
    const driverError = Object.assign(new Error('doublon'), { code: '23505' });
    const sent = answer(new QueryFailedError('INSERT INTO "scores"', [], driverError));
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ code: 'duplicate', message: 'this would duplicate a record that already exists' });
  });

  it('answers a domain conflict 409 with its own code', () => {
    const sent = answer(new ConflictError('submission 3 is claimed by another adjudicator', 'claimed_by_another'));
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ code: 'claimed_by_another' });
    expect(sent.headers['Retry-After']).toBeUndefined();
  });
});
