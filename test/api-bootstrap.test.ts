import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../backend/src/app.js';
import { UnitOfWork } from '../backend/src/database/unit-of-work.js';
import { AuthService } from '../backend/src/modules/auth/auth.service.js';
import { PasswordHasher } from '../backend/src/modules/auth/password-hashing.js';
import { SignInThrottleStore } from '../backend/src/modules/auth/sign-in-throttle.store.js';
import { UsersService } from '../backend/src/modules/users/users.service.js';
import { ScoringService } from '../backend/src/modules/scoring/scoring.service.js';
import { ValidationWindowsService } from '../backend/src/modules/validation-windows/validation-windows.service.js';
import { ADMIN, startApi, type ApiHarness } from './support/api-harness.js';
import { query } from '../backend/src/database/sql.js';
import { testDatabase } from './support/test-database.js';

describe('the API as built by createApp', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi('bootstrap');
  });

  afterAll(async () => {
    await api.close();
  });

  it('injects services by type (decorator metadata survives the test transform)', () => {
    expect(Reflect.getMetadata('design:paramtypes', AuthService)).toEqual([
      DataSource,
      UnitOfWork,
      UsersService,
      expect.any(Function),
      expect.any(Function),
      PasswordHasher,
      SignInThrottleStore,
    ]);
    const scoring = api.app.get(ScoringService);
    expect(scoring).toBeInstanceOf(ScoringService);
    const injected = (scoring as unknown as { windows: unknown }).windows;
    expect(injected).toBe(api.app.get(ValidationWindowsService));
    expect(api.app.get(AuthService)).toBeInstanceOf(AuthService);
  });

  it('serves the OpenAPI document at /api/docs-json and the viewer at /api/docs', async () => {
    const document = await api.http().get('/api/docs-json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/users',
        '/api/users/me',
        '/api/credentials',
        '/api/credentials/{id}/rubric-versions',
        '/api/credentials/{id}/rubric-versions/{v}',
        '/api/credentials/{id}/rubric-versions/{v}/validation',
        '/api/credentials/{id}/submissions',
        '/api/my/assignments',
        '/api/assignments/{id}',
        '/api/assignments/{id}/score',
        '/api/adjudications',
        '/api/adjudications/{submissionId}',
        '/api/audit',
      ]),
    );
    await api.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
  });

  it('reads JSON bodies larger than the 100 kB default (long evidence), validating them', async () => {
    const response = await api.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'x'.repeat(500_000) }).expect(400);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['password']);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await api.http().get('/api/nowhere').set('Authorization', `Bearer ${api.adminToken}`).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('creates the administrator from the configuration once, however often it starts', async () => {
    const database = await testDatabase('restart');
    try {
      for (let start = 0; start < 2; start++) {
        const app = await createApp({ database: database.target, admin: ADMIN, logger: false });
        const users = await app.get(UsersService).list({ page: 1, pageSize: 10 });
        expect(users.items.map((user) => [user.email, user.roles])).toEqual([[ADMIN.email, ['admin']]]);
        // no cost configured: the production cost, 2^15
        const [{ password_hash: stored }] = await query<{ password_hash: string }>(app.get(DataSource), 'SELECT "password_hash" FROM "users"');
        expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
        await app.close();
      }
    } finally {
      await database.remove();
    }
  });

  it('creates no administrator when none is configured', async () => {
    const database = await testDatabase('no-admin');
    try {
      const app = await createApp({ database: database.target, logger: false });
      expect((await app.get(UsersService).list({ page: 1, pageSize: 10 })).total).toBe(0);
      await app.close();
    } finally {
      await database.remove();
    }
  });
});
