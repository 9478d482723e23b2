import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccountCount, demoAccountsWarning } from '../backend/src/demo/demo-seed.js';
import { bearer, startApi, type ApiHarness } from './support/api-harness.js';

/** Issue 12, item 13: a start without --demo on a database that holds demo accounts warns loudly. */
describe('demo accounts outside demo mode', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi('demo-accounts');
  });

  afterAll(async () => {
    await api.close();
  });

  it('finds the enabled accounts of the demo, and the warning names them and what to do', async () => {
    expect(await demoAccountCount(api.app)).toBe(0);
    expect(demoAccountsWarning(0)).toBeNull();
    const created = await api
      .http()
      .post('/api/users')
      .set(bearer(api.adminToken))
      .send({ email: 'admin@demo.concord', name: 'Demo Admin', password: 'harbour pickle seventeen', roles: ['admin'] })
      .expect(201);
    expect(await demoAccountCount(api.app)).toBe(1);
    const warning = demoAccountsWarning(1)!;
    expect(warning).toMatch(/WARNING: this database holds 1 enabled demo account \(@demo\.concord\)/);
    expect(warning).toMatch(/Disable them/);
    await api.http().post(`/api/users/${created.body.id}/disable`).set(bearer(api.adminToken)).expect(200);
    expect(await demoAccountCount(api.app)).toBe(0);
  });
});
