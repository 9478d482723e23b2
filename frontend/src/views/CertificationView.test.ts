import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import CertificationView from './CertificationView.svelte';
import { assessorList, credentialPage, settings, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';

function routes(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/credentials': { status: 200, body: credentialPage },
    'GET /api/credentials/1/certification-settings': { status: 200, body: settings() },
    'GET /api/credentials/1/assessors': { status: 200, body: assessorList },
    ...extra,
  });
}

function open() {
  history.replaceState(null, '', '/certification');
  router.sync();
  return render(CertificationView);
}

describe('CertificationView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists every assessor with status, next action, place in the reader pool and certification', async () => {
    vi.stubGlobal('fetch', routes().fetch);
    open();

    const table = await screen.findByRole('table', { name: /Each assessor’s certification/ });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()));
    expect(rows[0]).toEqual(['Alex Moreno', 'status: Qualified', 'Certified until 2027-02-01', '✓ In the pool Certified', expect.stringMatching(/^Version 1 until /), '1']);
    expect(rows[1]).toEqual([
      'Bea Nwosu',
      'status: Not qualified',
      'Assign remediation (the practice set and a note), or certify on probation',
      '✗ Not in the pool Not certified: not qualified',
      'Not certified',
      '2',
    ]);
    expect(within(table).getByRole('link', { name: 'Bea Nwosu' }).getAttribute('href')).toBe('/credentials/1/assessors/4');
    expect(screen.getByText(/in the reader pool/).textContent).toContain('2 assessors, 1 in the reader pool');
  });

  it('turns "requires certification" on and reloads who is in the reader pool', async () => {
    const api = routes({ 'PUT /api/credentials/1/certification-settings': { status: 200, body: settings({ requiresCertification: true }) } });
    vi.stubGlobal('fetch', api.fetch);
    open();

    const toggle = await screen.findByRole('switch', { name: 'Requires certification' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(screen.getByText(/90% with 2 levels, 80% with 3,/)).toBeTruthy();
    expect(screen.getByText('12 months')).toBeTruthy();
    await fireEvent.click(toggle);

    expect((await screen.findByRole('status')).textContent).toContain('Certification is now required.');
    expect(screen.getByRole('switch', { name: 'Requires certification' }).getAttribute('aria-checked')).toBe('true');
    expect(api.callsTo('PUT', '/api/credentials/1/certification-settings')[0]!.body).toEqual({ requiresCertification: true });
    expect(api.callsTo('GET', '/api/credentials/1/assessors')).toHaveLength(2);
  });

  it('shows the API’s reason when certification cannot be required without qualifying material', async () => {
    const api = routes({
      'GET /api/credentials/1/certification-settings': { status: 200, body: settings({ qualifyingMaterial: false }) },
      'PUT /api/credentials/1/certification-settings': {
        status: 409,
        body: {
          statusCode: 409,
          error: 'Conflict',
          message: 'certification cannot be required before qualifying material exists: confirm material and draw the pools of a rubric version first',
          code: 'no_qualifying_material',
        },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    open();

    expect(await screen.findByText(/There is no qualifying material yet/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('switch', { name: 'Requires certification' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Certification cannot be required yet');
    expect(alert.textContent).toContain('confirm material and draw the pools of a rubric version first');
    expect(screen.getByRole('switch', { name: 'Requires certification' }).getAttribute('aria-checked')).toBe('false');
  });

  it('lets a researcher read the setting but not turn it', async () => {
    signInAs(['researcher']);
    vi.stubGlobal('fetch', routes().fetch);
    open();

    expect(((await screen.findByRole('switch', { name: 'Requires certification' })) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/Trainers and admins change this/)).toBeTruthy();
  });

  it('says so when the assessors cannot be read', async () => {
    vi.stubGlobal('fetch', routes({ 'GET /api/credentials/1/assessors': { status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'this requires one of the roles: trainer, researcher, admin' } } }).fetch);
    open();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not available to you');
  });
});
