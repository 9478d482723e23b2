import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { rubricVersion, signInAs, versionSummaries } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import { myProfile } from './monitoring-fixture.test-support';
import MyProfileView from './MyProfileView.svelte';

const PROFILE = '/api/my/profile/credentials/1';

function routes(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    [`GET ${PROFILE}`]: { status: 200, body: myProfile() },
    'GET /api/credentials/1': { status: 200, body: { id: 1, title: 'Performance Assessment Design', description: '', createdAt: '', latestVersion: 2, versions: versionSummaries } },
    'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
    ...extra,
  });
}

describe('MyProfileView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['assessor']);
    history.replaceState(null, '', '/my/calibration/credentials/1/profile');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('tells the assessor their status and what the checks say, in plain language', async () => {
    const api = routes();
    vi.stubGlobal('fetch', api.fetch);
    render(MyProfileView, { props: { credentialId: 1 } });

    expect(await screen.findByText(/^Performance Assessment Design\./)).toBeTruthy();
    const status = (await screen.findByText('Your status:')).parentElement!;
    expect([...status.querySelectorAll('.chip')].map((chip) => chip.textContent?.trim())).toEqual(['status: Qualified', 'flag: Drifting lenient', 'flag: Watch']);

    const checks = screen.getByRole('region', { name: 'What the checks say' });
    const items = within(checks).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Lately you have been giving higher levels than the experts’ true levels. You can keep scoring');
    expect(items[0]!.textContent).toContain('In numbers: The EWMA of the signed deviation');
    expect(items[1]!.textContent).toContain('Your live scores have agreed less often with the other reader');
    expect(api.callsTo('GET', PROFILE)).toHaveLength(1);
  });

  it('shows the same charts and ruler, calling the assessor “You” and naming nobody else', async () => {
    vi.stubGlobal('fetch', routes().fetch);
    render(MyProfileView, { props: { credentialId: 1 } });

    expect(await screen.findByRole('img', { name: /^Your CUSUM on misses/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Your EWMA of the signed deviation/ }).getAttribute('aria-label')).toContain('first left them at observation 2');
    const table = screen.getByRole('table', { name: /Validity performance per row/ });
    expect((await within(table).findByRole('row', { name: /Quality of the scoring tool/ })).textContent).toContain('75% of 12');

    const rasch = screen.getByRole('region', { name: 'Severity and fit (many-facet Rasch)' });
    expect(rasch.textContent).toContain('You give higher levels than the expert panel.');
    expect(rasch.querySelector('li[data-flag="inconsistent"]')!.textContent).toContain('Your levels jump around more than expected');
    const ruler = within(rasch).getByRole('img', { name: /^Your severity beside the other assessors/ });
    expect(ruler.getAttribute('aria-label')).toContain('You sit at −0.90 logits');
    const names = [...ruler.querySelectorAll('.name title')].map((title) => title.textContent);
    expect(names).toEqual(['You', 'Expert panel', 'Another assessor']);
    expect(document.body.textContent).not.toContain('Alex Moreno');
    expect(document.body.textContent).not.toContain('Bea Nwosu');
    expect(document.body.textContent).not.toContain('unseen validity');
  });

  it('says what a pause means and where to go', async () => {
    vi.stubGlobal('fetch', routes({ [`GET ${PROFILE}`]: { status: 200, body: myProfile({ status: 'recalibration_required', flags: ['recalibration_required'], findings: [{ rule: 'R2', flag: 'recalibration_required', reason: 'R2: the CUSUM on misses reached 3.105 at validity row 14 since the restart, at or above h = 3' }] }) } }).fetch);
    render(MyProfileView, { props: { credentialId: 1 } });

    const pause = await screen.findByText(/^Your live queue is paused until you pass a calibration set\./);
    const status = screen.getByText('Your status:').parentElement!;
    expect([...status.querySelectorAll('.chip')].map((chip) => chip.textContent?.trim())).toEqual(['status: Recalibration required']);
    expect(within(pause).getByRole('link', { name: 'Go to my calibration' }).getAttribute('href')).toBe('/my/calibration');
    expect(screen.getByRole('region', { name: 'What the checks say' }).textContent).toContain('Take a calibration set from My calibration');
  });

  it('says so when nothing has flagged the assessor', async () => {
    vi.stubGlobal('fetch', routes({ [`GET ${PROFILE}`]: { status: 200, body: myProfile({ flags: [], findings: [] }) } }).fetch);
    render(MyProfileView, { props: { credentialId: 1 } });

    expect(await screen.findByText(/No check has flagged you/)).toBeTruthy();
  });

  it('says plainly when the credential does not exist', async () => {
    vi.stubGlobal('fetch', routes({ [`GET ${PROFILE}`]: { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'no credential 1' } } }).fetch);
    render(MyProfileView, { props: { credentialId: 1 } });

    expect(await screen.findByText('There is no such credential, or the link is wrong.')).toBeTruthy();
  });
});
