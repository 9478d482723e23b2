import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, startApi, type ApiHarness } from './support/api-harness.js';

/** The HTTP edge (issue 12, items 3 and 10): security headers, caching of personal data, and attacker input that must give 400. */
describe('the HTTP edge', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi('http-edge');
  });

  afterAll(async () => {
    await api.close();
  });

  /** A JSON text of `depth` nested arrays: `[[[...]]]`. */
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  describe('security headers', () => {
    it('sends a Content-Security-Policy that allows only the dashboard\'s own scripts, and refuses framing', async () => {
      const response = await api.http().get('/api/health').expect(200);
      const policy = String(response.headers['content-security-policy']);
      const directives = new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(policy).not.toMatch(/unsafe-eval/);
    });

    it('sends nosniff, a referrer policy and no X-Powered-By, on answers and on errors alike', async () => {
      for (const response of [await api.http().get('/api/health').expect(200), await api.http().get('/api/users/me').expect(401)]) {
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('forbids caching of the sign-in answer, which carries the token, and of API answers with personal data', async () => {
      const login = await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
      expect(login.headers['cache-control']).toBe('no-store');
      const me = await api.http().get('/api/users/me').set(bearer(api.adminToken)).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
      const users = await api.http().get('/api/users').set(bearer(api.adminToken)).expect(200);
      expect(users.headers['cache-control']).toBe('no-store');
      const refused = await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'not-the-password' }).expect(401);
      expect(refused.headers['cache-control']).toBe('no-store');
    });
  });

  describe('attacker input gives 400 naming the field', () => {
    it('a page number too large for an offset', async () => {
      for (const page of ['1e300', '9007199254740993', '1e9']) {
        const response = await api.http().get(`/api/credentials?page=${page}`).set(bearer(api.adminToken)).expect(400);
        expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['page']);
      }
      await api.http().get('/api/credentials?page=3').set(bearer(api.adminToken)).expect(200);
    });

    it('an id in the query too large for the database', async () => {
      const response = await api.http().get('/api/users?page=1e300&pageSize=1e300').set(bearer(api.adminToken)).expect(400);
      expect(response.body.errors.map((issue: { field: string }) => issue.field).sort()).toEqual(['page', 'pageSize']);
    });

    it('a path id too large for the database', async () => {
      const response = await api.http().get('/api/credentials/99999999999999').set(bearer(api.adminToken)).expect(400);
      expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['id']);
    });

    it('a 5,000-deep JSON array to sign-in, without a token', async () => {
      const response = await api.http().post('/api/auth/login').set('Content-Type', 'application/json').send(nested(5000)).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, errors: [{ field: 'body' }] });
      expect(response.body.message).toMatch(/^body: JSON nested deeper than 32 levels/);
    });

    it('deeply nested JSON inside an object, to a route with a token', async () => {
      const body = `{"title":"Deep","description":${nested(5000)}}`;
      await api.http().post('/api/credentials').set(bearer(api.adminToken)).set('Content-Type', 'application/json').send(body).expect(400);
      const object = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
      await api.http().post('/api/credentials').set(bearer(api.adminToken)).set('Content-Type', 'application/json').send(object).expect(400);
    });

    it('still accepts ordinary nesting, and brackets inside strings do not count', async () => {
      const title = `Brackets ${'['.repeat(100)} in a title`;
      const created = await api.http().post('/api/credentials').set(bearer(api.adminToken)).send({ title }).expect(201);
      expect(created.body.title).toBe(title);
    });
  });
});
