import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { PasswordHasher } from '../backend/src/modules/auth/password-hashing.js';
import { ADMIN, bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';

describe('authentication and users', () => {
  const clock = new FixedClock(new Date('2025-03-01T09:00:00.000Z'));
  let api: ApiHarness;
  let assessor: TestUser;

  beforeAll(async () => {
    api = await startApi('auth', { clock, tokenLifetimeHours: 12 });
    assessor = await api.createUser('Assessor Ann', ['assessor'], ['Northwind College']);
  });

  afterAll(async () => {
    await api.close();
  });

  describe('POST /api/auth/login', () => {
    it('returns a token, its expiry (12 h later) and the user for a correct password', async () => {
      const response = await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
      expect(response.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(response.body.expiresAt).toBe('2025-03-01T21:00:00.000Z');
      expect(response.body.user).toMatchObject({ email: ADMIN.email, roles: ['admin'] });
      expect(JSON.stringify(response.body)).not.toMatch(/scrypt|passwordHash/);
    });

    it('accepts the email in any case and with surrounding spaces', async () => {
      await api.http().post('/api/auth/login').send({ email: `  ${ADMIN.email.toUpperCase()} `, password: ADMIN.password }).expect(200);
    });

    it('refuses a wrong password and an unknown email alike with 401', async () => {
      const wrong = await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'not-the-password' }).expect(401);
      const unknown = await api.http().post('/api/auth/login').send({ email: 'nobody@concord.test', password: 'whatever-it-is' }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toMatchObject({ statusCode: 401, code: 'bad_credentials' });
    });

    it('refuses a body without a password with 400 naming the field', async () => {
      const response = await api.http().post('/api/auth/login').send({ email: ADMIN.email }).expect(400);
      expect(response.body.errors.map((issue: { field: string }) => issue.field)).toContain('password');
    });
  });

  describe('the bearer token', () => {
    it('is required: no token gives 401', async () => {
      const response = await api.http().get('/api/users/me').expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'unauthenticated' });
    });

    it('must be known: a made-up token gives 401', async () => {
      await api.http().get('/api/users/me').set(bearer('A'.repeat(43))).expect(401);
      await api.http().get('/api/users/me').set('Authorization', 'Basic abc').expect(401);
    });

    it('expires after its lifetime', async () => {
      const token = (await api.http().post('/api/auth/login').send({ email: assessor.email, password: assessor.password }).expect(200)).body.token;
      await api.http().get('/api/users/me').set(bearer(token)).expect(200);
      clock.advanceHours(12);
      await api.http().get('/api/users/me').set(bearer(token)).expect(401);
      clock.advanceHours(-12);
    });

    it('stops working after logout', async () => {
      const token = (await api.http().post('/api/auth/login').send({ email: assessor.email, password: assessor.password }).expect(200)).body.token;
      await api.http().post('/api/auth/logout').set(bearer(token)).expect(204);
      await api.http().get('/api/users/me').set(bearer(token)).expect(401);
    });

    it('hashes passwords at the cost the app is configured with, here the cheapest (2^10), and logs in with it', async () => {
      const user = await api.createUser('Cheap Hash', ['assessor']);
      const [{ password_hash: stored }] = await api.sql<{ password_hash: string }>('SELECT "password_hash" FROM "users" WHERE "id" = ?', [user.id]);
      expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
      expect(api.app.get(PasswordHasher).unusableHash).toMatch(/^scrypt\$1024\$/);
      await api.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      await api.http().post('/api/auth/login').send({ email: user.email, password: `${user.password}x` }).expect(401);
    });

    it('is stored only as a hash', async () => {
      const token = (await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200)).body.token;
      const stored = await api.sql<{ token_hash: string }>('SELECT "token_hash" FROM "access_tokens"');
      expect(stored.map((row) => row.token_hash)).not.toContain(token);
      expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
    });
  });

  describe('roles', () => {
    it('refuses a route to a caller without the role with 403', async () => {
      const response = await api.http().get('/api/users').set(bearer(assessor.token)).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'role_required' });
      await api.http().post('/api/credentials').set(bearer(assessor.token)).send({ title: 'Not mine to make' }).expect(403);
      await api.http().get('/api/audit').set(bearer(assessor.token)).expect(403);
    });

    it('lets a person hold several roles', async () => {
      const both = await api.createUser('Both Roles', ['assessor', 'adjudicator']);
      const me = await api.http().get('/api/users/me').set(bearer(both.token)).expect(200);
      expect(me.body.roles).toEqual(['assessor', 'adjudicator']);
      await api.http().get('/api/my/assignments').set(bearer(both.token)).expect(200);
      await api.http().get('/api/adjudications').set(bearer(both.token)).expect(200);
    });
  });

  describe('/api/users', () => {
    it('GET lists users a page at a time for an administrator', async () => {
      await api.createUser('Listed Lee', ['designer']);
      const page = await api.http().get('/api/users?page=1&pageSize=2').set(bearer(api.adminToken)).expect(200);
      expect(page.body).toMatchObject({ page: 1, pageSize: 2 });
      expect(page.body.items).toHaveLength(2);
      expect(page.body.total).toBeGreaterThanOrEqual(3);
      expect(page.body.items[0]).toEqual({
        id: expect.any(Number),
        email: ADMIN.email,
        name: 'Administrator',
        roles: ['admin'],
        conflictOrganisations: [],
        conflictsRecordedByAdmin: [],
        createdAt: expect.any(String),
        disabled: false,
        mustChangePassword: false,
      });
      await api.http().get('/api/users?pageSize=0').set(bearer(api.adminToken)).expect(400);
    });

    it('POST refuses malformed users with 400 and every field path', async () => {
      const response = await api
        .http()
        .post('/api/users')
        .set(bearer(api.adminToken))
        .send({ email: 'not-an-email', name: '', password: 'short', roles: ['wizard'], extra: true })
        .expect(400);
      const fields = response.body.errors.map((issue: { field: string }) => issue.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'name', 'password', 'roles', 'extra']));
    });

    it('POST refuses a second user with the same email with 409', async () => {
      const response = await api
        .http()
        .post('/api/users')
        .set(bearer(api.adminToken))
        .send({ email: assessor.email.toUpperCase(), name: 'Again', password: 'long-enough-password', roles: ['assessor'] })
        .expect(409);
      expect(response.body.code).toBe('duplicate_email');
    });

    it("GET /me shows the caller's conflicts, and PUT /me/conflicts replaces their own declarations, never the admin's records", async () => {
      const declaring = await api.createUser('Declaring Dan', ['assessor'], ['Northwind College']);
      const before = await api.http().get('/api/users/me').set(bearer(declaring.token)).expect(200);
      // given when the admin made the account: recorded by the admin
      expect(before.body).toMatchObject({ email: declaring.email, roles: ['assessor'], conflictOrganisations: ['Northwind College'], conflictsRecordedByAdmin: ['Northwind College'] });
      const after = await api
        .http()
        .put('/api/users/me/conflicts')
        .set(bearer(declaring.token))
        .send({ organisations: ['Globex', ' globex ', 'Initech'] })
        .expect(200);
      expect(after.body.conflictOrganisations).toEqual(['Northwind College', 'Globex', 'Initech']);
      const replaced = await api.http().put('/api/users/me/conflicts').set(bearer(declaring.token)).send({ organisations: ['Initech'] }).expect(200);
      expect(replaced.body.conflictOrganisations).toEqual(['Northwind College', 'Initech']);
      const again = await api.http().get('/api/users/me').set(bearer(declaring.token)).expect(200);
      expect(again.body.conflictOrganisations).toEqual(['Northwind College', 'Initech']);
    });
  });
});
