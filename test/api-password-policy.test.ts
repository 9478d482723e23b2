import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordIssue } from '../backend/src/modules/users/password-policy.js';
import { bearer, startApi, type ApiHarness } from './support/api-harness.js';

/** The password policy (issue 12, item 11): 8 characters or more, not common or breached, never the email. */
describe('the password policy', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi('password-policy');
  });

  afterAll(async () => {
    await api.close();
  });

  const create = (email: string, password: string) =>
    api.http().post('/api/users').set(bearer(api.adminToken)).send({ email, name: 'Policy Pat', password, roles: ['assessor'] });

  it('refuses common and breached passwords with 400 naming the field', async () => {
    for (const password of ['password', '12345678', 'qwertyui', 'Passw0rd!', 'iloveyou2', 'letmein123']) {
      const response = await create(`weak-${password.length}@concord.test`, password).expect(400);
      expect(response.body.errors, password).toEqual([{ field: 'password', message: expect.stringMatching(/^password is a common or breached password/) }]);
    }
  });

  it('refuses the email as the password, in any case, and its part before the @', async () => {
    for (const password of ['pat.policy@concord.test', 'PAT.POLICY@CONCORD.TEST', 'pat.policy']) {
      const response = await create('pat.policy@concord.test', password).expect(400);
      expect(response.body.errors, password).toEqual([{ field: 'password', message: expect.stringMatching(/^password (must not be the email|is too close to the email)/) }]);
    }
  });

  it('refuses fewer than 8 characters', async () => {
    const response = await create('short@concord.test', 'x7#Qp2').expect(400);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['password']);
  });

  it('accepts a long, uncommon password', async () => {
    await create('strong@concord.test', 'violet tractor anchors soup').expect(201);
  });

  it('explains each refusal', () => {
    expect(passwordIssue('correct horse battery staple', { email: 'ada@example.org' })).toBeNull();
    expect(passwordIssue('ada@example.org!', { email: 'ada@example.org' })?.message).toBe('password must not be the email');
    expect(passwordIssue('lovelace1815', { email: 'ada@example.org', name: 'Ada Lovelace' })?.message).toMatch(/too close to the email or the name/);
    expect(passwordIssue('1234567', { email: 'ada@example.org' })?.message).toBe('password must be at least 8 characters long');
    expect(passwordIssue('12345678', { email: 'ada@example.org' }, 'newPassword')?.field).toBe('newPassword');
  });
});
