import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness } from './support/api-harness.js';

/** What the admin's users screens ask of the API: one user, the list narrowed by a text and a role, and a user created with a temporary password. */
describe('the admin’s user screens', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi('user-admin');
  });

  afterAll(async () => {
    await api.close();
  });

  const admin = () => bearer(api.adminToken);
  const list = async (query: string) => (await api.http().get(`/api/users?pageSize=200&${query}`).set(admin()).expect(200)).body as { items: { name: string; email: string; roles: string[] }[]; total: number };

  it('answers one user to an admin, 404 for no such user, and keeps /me the caller', async () => {
    const ursula = await api.createUser('Ursula One', ['assessor', 'trainer']);
    const one = (await api.http().get(`/api/users/${ursula.id}`).set(admin()).expect(200)).body;
    expect(one).toMatchObject({ id: ursula.id, name: 'Ursula One', email: ursula.email, roles: ['trainer', 'assessor'], disabled: false });
    await api.http().get('/api/users/999999').set(admin()).expect(404);
    await api.http().get(`/api/users/${ursula.id}`).set(bearer(ursula.token)).expect(403);
    expect((await api.http().get('/api/users/me').set(bearer(ursula.token)).expect(200)).body.id).toBe(ursula.id);
  });

  it('narrows the list to a text in the name or the email (any case, taken literally) and to a role, counting only those', async () => {
    await api.createUser('Quentin Searchable', ['assessor']);
    await api.createUser('Quincy Searchable', ['researcher']);
    await api.createUser('Percent_Person', ['assessor']);
    const byName = await list('search=SEARCHABLE');
    expect(byName.items.map((user) => user.name)).toEqual(['Quentin Searchable', 'Quincy Searchable']);
    expect(byName.total).toBe(2);
    const byEmail = await list('search=quincy-searchable');
    expect(byEmail.items.map((user) => user.name)).toEqual(['Quincy Searchable']);
    const both = await list('search=searchable&role=assessor');
    expect(both.items.map((user) => user.name)).toEqual(['Quentin Searchable']);
    expect(both.total).toBe(1);
    // `_` and `%` match only themselves
    expect((await list('search=t_p')).items.map((user) => user.name)).toEqual(['Percent_Person']);
    expect((await list('search=%25')).total).toBe(0);
    const researchers = await list('role=researcher');
    expect(researchers.items.every((user) => user.roles.includes('researcher'))).toBe(true);
    expect(researchers.items.map((user) => user.name)).toContain('Quincy Searchable');
    const refused = await api.http().get('/api/users?role=wizard').set(admin()).expect(400);
    expect(refused.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['role']);
  });

  it('creates a user whose initial password is temporary: after sign-in only the password change opens, and the audit says so without the password', async () => {
    const password = 'lantern meadow copper 19';
    const created = await api
      .http()
      .post('/api/users')
      .set(admin())
      .send({ email: 'first-time@concord.test', name: 'First Time', password, temporaryPassword: true, roles: ['assessor'] })
      .expect(201);
    expect(created.body.mustChangePassword).toBe(true);
    const signedIn = await api.http().post('/api/auth/login').send({ email: 'first-time@concord.test', password }).expect(200);
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    const token = signedIn.body.token as string;
    expect((await api.http().get('/api/my/assignments').set(bearer(token)).expect(403)).body.code).toBe('password_change_required');
    await api.http().put('/api/auth/password').set(bearer(token)).send({ currentPassword: password, newPassword: 'violet harbour seventy' }).expect(204);
    await api.http().get('/api/my/assignments').set(bearer(token)).expect(200);

    const entries = (await api.http().get(`/api/audit?entityType=user&entityId=${created.body.id}&action=user.created`).set(admin()).expect(200)).body.items;
    expect(entries[0].details).toMatchObject({ email: 'first-time@concord.test', roles: ['assessor'], temporaryPassword: true });
    expect(JSON.stringify(entries)).not.toContain(password);

    // without the flag the password is the person's own
    const own = await api.http().post('/api/users').set(admin()).send({ email: 'own-password@concord.test', name: 'Own Password', password, roles: ['assessor'] }).expect(201);
    expect(own.body.mustChangePassword).toBe(false);
  });
});
