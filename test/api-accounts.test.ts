import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, login, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow, submitWork } from './support/builders.js';

/** The account lifecycle (issue 12, item 12): disable and enable, roles, temporary passwords, one's own password; all audited. */
describe('account lifecycle', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi('accounts');
  });

  afterAll(async () => {
    await api.close();
  });

  const admin = () => bearer(api.adminToken);
  const signIn = (email: string, password: string) => api.http().post('/api/auth/login').send({ email, password });
  const auditOf = async (userId: number) =>
    (await api.http().get(`/api/audit?entityType=user&entityId=${userId}&pageSize=50`).set(admin()).expect(200)).body.items as Array<{ action: string; actorId: number; details: Record<string, unknown> }>;

  describe('disabling an account', () => {
    let dee: TestUser;
    let secondToken: string;

    beforeAll(async () => {
      dee = await api.createUser('Disabled Dee', ['assessor']);
      secondToken = await login(api.http, dee.email, dee.password);
    });

    it('revokes every token of the person at once, and refuses their sign-in with 403', async () => {
      await api.http().get('/api/my/assignments').set(bearer(dee.token)).expect(200);
      const disabled = await api.http().post(`/api/users/${dee.id}/disable`).set(admin()).expect(200);
      expect(disabled.body).toMatchObject({ id: dee.id, disabled: true });
      await api.http().get('/api/my/assignments').set(bearer(dee.token)).expect(401);
      await api.http().get('/api/users/me').set(bearer(secondToken)).expect(401);
      expect(await api.sql('SELECT "id" FROM "access_tokens" WHERE "user_id" = ?', [dee.id])).toEqual([]);
      const refused = await signIn(dee.email, dee.password).expect(403);
      expect(refused.body.code).toBe('account_disabled');
      // a wrong password still gets the same 401 as anyone's
      await signIn(dee.email, 'not-her-password').expect(401);
    });

    it('lets an administrator enable it again, after which the person signs in', async () => {
      const enabled = await api.http().post(`/api/users/${dee.id}/enable`).set(admin()).expect(200);
      expect(enabled.body.disabled).toBe(false);
      await signIn(dee.email, dee.password).expect(200);
    });

    it('records both in the audit log', async () => {
      const actions = (await auditOf(dee.id)).map((entry) => entry.action);
      expect(actions).toEqual(expect.arrayContaining(['user.disabled', 'user.enabled']));
      const disabled = (await auditOf(dee.id)).find((entry) => entry.action === 'user.disabled')!;
      expect(disabled.details).toEqual({ tokensRevoked: 2 });
    });

    it('does not let an administrator disable themselves, and answers 404 for no such user', async () => {
      const me = (await api.http().get('/api/users/me').set(admin()).expect(200)).body;
      expect((await api.http().post(`/api/users/${me.id}/disable`).set(admin()).expect(409)).body.code).toBe('cannot_disable_self');
      await api.http().post('/api/users/999999/disable').set(admin()).expect(404);
    });
  });

  describe('roles', () => {
    it('replaces a person\'s roles at once for their existing token, audited with before and after', async () => {
      const rita = await api.createUser('Roles Rita', ['assessor']);
      await api.http().get('/api/audit').set(bearer(rita.token)).expect(403);
      const changed = await api.http().put(`/api/users/${rita.id}/roles`).set(admin()).send({ roles: ['researcher', 'assessor'] }).expect(200);
      expect(changed.body.roles).toEqual(['researcher', 'assessor']);
      await api.http().get('/api/audit').set(bearer(rita.token)).expect(200);
      const entry = (await auditOf(rita.id)).find((candidate) => candidate.action === 'user.roles_changed')!;
      expect(entry.details).toEqual({ before: ['assessor'], after: ['researcher', 'assessor'] });
    });

    it('refuses unknown roles with 400, and an administrator taking away their own admin role with 409', async () => {
      const rob = await api.createUser('Roles Rob', ['assessor']);
      const wrong = await api.http().put(`/api/users/${rob.id}/roles`).set(admin()).send({ roles: ['wizard'] }).expect(400);
      expect(wrong.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['roles']);
      const me = (await api.http().get('/api/users/me').set(admin()).expect(200)).body;
      expect((await api.http().put(`/api/users/${me.id}/roles`).set(admin()).send({ roles: ['researcher'] }).expect(409)).body.code).toBe('cannot_remove_own_admin');
    });
  });

  describe('a temporary password', () => {
    it('revokes the person\'s tokens, and after sign-in opens only the password change until they choose their own', async () => {
      const tim = await api.createUser('Temporary Tim', ['assessor']);
      const temporary = 'plum orbit kettle 42';
      const set = await api.http().post(`/api/users/${tim.id}/temporary-password`).set(admin()).send({ password: temporary }).expect(200);
      expect(set.body.mustChangePassword).toBe(true);
      await api.http().get('/api/users/me').set(bearer(tim.token)).expect(401);
      await signIn(tim.email, tim.password).expect(401);

      const signedIn = await signIn(tim.email, temporary).expect(200);
      expect(signedIn.body.user.mustChangePassword).toBe(true);
      const token = signedIn.body.token as string;
      await api.http().get('/api/users/me').set(bearer(token)).expect(200);
      const refused = await api.http().get('/api/my/assignments').set(bearer(token)).expect(403);
      expect(refused.body.code).toBe('password_change_required');

      await api.http().put('/api/auth/password').set(bearer(token)).send({ currentPassword: temporary, newPassword: 'saffron glacier tuesday' }).expect(204);
      await api.http().get('/api/my/assignments').set(bearer(token)).expect(200);
      expect((await api.http().get('/api/users/me').set(bearer(token)).expect(200)).body.mustChangePassword).toBe(false);
      await signIn(tim.email, 'saffron glacier tuesday').expect(200);

      const entries = await auditOf(tim.id);
      expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['user.temporary_password_set', 'user.password_changed']));
      expect(JSON.stringify(entries)).not.toContain(temporary);
      expect(JSON.stringify(entries)).not.toContain('saffron');
    });

    it('must pass the password policy', async () => {
      const tia = await api.createUser('Temporary Tia', ['assessor']);
      const response = await api.http().post(`/api/users/${tia.id}/temporary-password`).set(admin()).send({ password: 'password1' }).expect(400);
      expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['password']);
    });
  });

  describe("changing one's own password", () => {
    it('needs the current password, applies the policy, and revokes every other token of the person but this one', async () => {
      const cal = await api.createUser('Changing Cal', ['assessor']);
      const other = await login(api.http, cal.email, cal.password);
      const wrong = await api.http().put('/api/auth/password').set(bearer(cal.token)).send({ currentPassword: 'not-it', newPassword: 'marble canyon whistle' }).expect(400);
      expect(wrong.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['currentPassword']);
      const weak = await api.http().put('/api/auth/password').set(bearer(cal.token)).send({ currentPassword: cal.password, newPassword: cal.email }).expect(400);
      expect(weak.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['newPassword']);
      const same = await api.http().put('/api/auth/password').set(bearer(cal.token)).send({ currentPassword: cal.password, newPassword: cal.password }).expect(400);
      expect(same.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['newPassword']);

      await api.http().put('/api/auth/password').set(bearer(cal.token)).send({ currentPassword: cal.password, newPassword: 'marble canyon whistle' }).expect(204);
      await api.http().get('/api/users/me').set(bearer(cal.token)).expect(200);
      await api.http().get('/api/users/me').set(bearer(other)).expect(401);
      await signIn(cal.email, cal.password).expect(401);
      await signIn(cal.email, 'marble canyon whistle').expect(200);
      const entry = (await auditOf(cal.id)).find((candidate) => candidate.action === 'user.password_changed')!;
      expect(entry).toMatchObject({ actorId: cal.id, details: { otherTokensRevoked: 1 } });
    });

    it('counts wrong current passwords like failed sign-ins: a stolen token cannot guess faster', async () => {
      const gus = await api.createUser('Guessed Gus', ['assessor']);
      for (let attempt = 0; attempt < 5; attempt++) {
        await api.http().put('/api/auth/password').set(bearer(gus.token)).send({ currentPassword: `guess-${attempt}`, newPassword: 'marble canyon whistle' }).expect(400);
      }
      const refused = await api.http().put('/api/auth/password').set(bearer(gus.token)).send({ currentPassword: gus.password, newPassword: 'marble canyon whistle' }).expect(429);
      expect(refused.headers['retry-after']).toBeDefined();
    });
  });

  it('keeps an administrator signed in throughout', async () => {
    await signIn(ADMIN.email, ADMIN.password).expect(200);
  });

  it('never draws a disabled assessor as a reader', async () => {
    // every assessor made above but two new ones is disabled first, so the draw has a choice of three
    const everyone = (await api.http().get('/api/users?pageSize=200').set(admin()).expect(200)).body.items as Array<{ id: number; roles: string[] }>;
    for (const person of everyone.filter((candidate) => candidate.roles.includes('assessor'))) {
      await api.http().post(`/api/users/${person.id}/disable`).set(admin()).expect(200);
    }
    const staff = await api.createUser('Drawing Staff', ['designer', 'trainer']);
    const readers = [await api.createUser('Reader One', ['assessor']), await api.createUser('Reader Two', ['assessor'])];
    const benched = await api.createUser('Benched Ben', ['assessor']);
    await api.http().post(`/api/users/${benched.id}/disable`).set(admin()).expect(200);
    const credentialId = await createCredential(api, staff, 'Drawn while disabled');
    await openWindow(api, staff, credentialId, { targetSubmissions: 4, readersPerSubmission: 2, seed: 3 });
    for (let index = 0; index < 4; index++) await submitWork(api, staff, credentialId, { earnerName: `Earner ${index}`, evidenceText: `work ${index}` });
    const drawn = await api.sql<{ assessorId: number }>('SELECT DISTINCT "assessor_id" AS "assessorId" FROM "assignments"');
    expect(drawn.map((row) => Number(row.assessorId)).sort()).toEqual(readers.map((reader) => reader.id).sort());
  });
});

