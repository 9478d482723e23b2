import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, startApi, type ApiHarness } from './support/api-harness.js';

/** Structured logs (issue 12, operations): JSON lines, the request id on every line of a request, no token or password. */
describe('request logs', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi('logging', { logger: undefined, logStream: stream });
  });

  afterAll(async () => {
    await api.close();
  });

  it('writes one JSON line per request with its id, echoed in X-Request-Id, and never a token or a password', async () => {
    const login = await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
    const token = login.body.token as string;
    const me = await api.http().get('/api/users/me').set(bearer(token)).set('X-Request-Id', 'trace-me-42').expect(200);
    expect(me.headers['x-request-id']).toBe('trace-me-42');
    expect(login.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'a-wrong-password-here' }).expect(401);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const records = lines.map((line) => JSON.parse(line) as { req?: { id?: string; headers?: Record<string, string> }; res?: { statusCode: number }; level: number });
    const requests = records.filter((record) => record.req && record.res);
    expect(requests.map((record) => record.res!.statusCode)).toEqual(expect.arrayContaining([200, 200, 401]));
    for (const record of requests) expect(record.req!.id).toEqual(expect.any(String));
    const traced = requests.find((record) => record.req!.id === 'trace-me-42')!;
    expect(traced.req!.headers!.authorization).toBe('[redacted]');
    const text = lines.join('\n');
    for (const secret of [token, ADMIN.password, 'a-wrong-password-here', api.adminToken]) expect(text).not.toContain(secret);
  });

  it('puts the request id on every line written while a request is handled', async () => {
    lines.length = 0;
    await api.http().get('/api/health').set('X-Request-Id', 'health-7').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const records = lines.map((line) => JSON.parse(line) as { req?: { id?: string } });
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.req?.id).toBe('health-7');
  });
});
