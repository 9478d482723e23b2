import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { PasswordHasher } from '../backend/src/modules/auth/password-hashing.js';
import { ADMIN, bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';

/** Sign-in throttling (issue 12, item 1): per account with a growing wait, per client address, counted in the database. */
describe('sign-in throttling', () => {
  const clock = new FixedClock(new Date('2025-03-01T09:00:00.000Z'));
  const advanceSeconds = (seconds: number) => clock.set(new Date(clock.now().getTime() + seconds * 1000));
  let api: ApiHarness;
  let ann: TestUser;

  beforeAll(async () => {
    api = await startApi('sign-in-throttle', { clock, signIn: { perAddress: 60, addressWindowMs: 600_000, freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 60_000 } });
    ann = await api.createUser('Throttled Ann', ['assessor']);
  });

  afterAll(async () => {
    await api.close();
  });

  const signIn = (email: string, password: string) => api.http().post('/api/auth/login').send({ email, password });

  it('answers 429 with Retry-After after 5 wrong passwords in a row for one account, with a growing wait; the right password works once the wait is over', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await signIn(ann.email, `wrong-${attempt}`).expect(401);
    const refused = await signIn(ann.email, ann.password).expect(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'sign_in_delayed' });
    expect(refused.headers['cache-control']).toBe('no-store');
    // the email in another case is the same account
    await signIn(ann.email.toUpperCase(), ann.password).expect(429);

    const waits: number[] = [];
    for (let failure = 6; failure <= 9; failure++) {
      advanceSeconds(Number((await signIn(ann.email, 'wrong').expect(429)).headers['retry-after']));
      await signIn(ann.email, `wrong-${failure}`).expect(401);
      waits.push(Number((await signIn(ann.email, ann.password).expect(429)).headers['retry-after']));
    }
    expect(waits).toEqual([2, 4, 8, 16]);
    advanceSeconds(16);
    await signIn(ann.email, ann.password).expect(200);
    // a success forgets the failures
    await signIn(ann.email, 'wrong-again').expect(401);
    await signIn(ann.email, ann.password).expect(200);
  });

  it('treats an unknown email like a known one, so the answers do not tell them apart', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await signIn('nobody-here@concord.test', `wrong-${attempt}`).expect(401);
    const refused = await signIn('nobody-here@concord.test', 'wrong').expect(429);
    expect(refused.body.code).toBe('sign_in_delayed');
    // other accounts are not held up
    await signIn(ADMIN.email, ADMIN.password).expect(200);
  });

  it('lets no more than 5 of 20 simultaneous wrong sign-ins for one account reach the password check', async () => {
    const bob = await api.createUser('Throttled Bob', ['assessor']);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => signIn(bob.email, `wrong-${index}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('keeps the counts in the database, hashed: no email in the table', async () => {
    const rows = await api.sql<{ key: string }>('SELECT "key" FROM "sign_in_throttles"');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.key).toMatch(/^(account|address):[0-9a-f]{64}$/);
  });

  it('limits attempts per client address: past the limit, 429 with Retry-After until the window ends, whatever the account', async () => {
    const [{ hits }] = await api.sql<{ hits: number }>('SELECT "hits" FROM "sign_in_throttles" WHERE "key" LIKE ?', ['address:%']);
    for (let attempt = Number(hits) + 1; attempt <= 60; attempt++) await signIn(`someone-${attempt}@concord.test`, 'whatever-it-is').expect(401);
    const refused = await signIn(ADMIN.email, ADMIN.password).expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'too_many_sign_ins' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    // other routes are not limited
    await api.http().get('/api/users/me').set(bearer(api.adminToken)).expect(200);
    advanceSeconds(601);
    await signIn(ADMIN.email, ADMIN.password).expect(200);
  });
});

describe('password hashing concurrency', () => {
  it('computes at most the configured number of hashes at once, and all of them', async () => {
    const hasher = new PasswordHasher(2 ** 12, 2);
    const stored = await hasher.hash('correct horse');
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => hasher.verify(index % 3 === 0 ? 'correct horse' : 'wrong', stored)));
    expect(results.filter(Boolean)).toHaveLength(4);
    expect(() => new PasswordHasher(2 ** 10, 0)).toThrow(/concurrency/);
  });
});
