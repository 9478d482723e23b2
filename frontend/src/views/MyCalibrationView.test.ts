import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { attemptDetail, attemptSummary, myCredential, rubricVersion, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import MyCalibrationView from './MyCalibrationView.svelte';

function routes(credentials = [myCredential()], extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/my/calibration': { status: 200, body: { credentials } },
    'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
    ...extra,
  });
}

describe('MyCalibrationView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['assessor']);
    history.replaceState(null, '', '/my/calibration');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows each credential’s status, next step and the sets the assessor may start, with the anchors to study', async () => {
    vi.stubGlobal('fetch', routes().fetch);
    render(MyCalibrationView);

    const card = await screen.findByRole('article', { name: 'Performance Assessment Design' });
    expect(card.textContent).toContain('status: In training');
    expect(card.textContent).toContain('Next: Study the anchors and practice, then take qualifying set A.');
    expect(card.textContent).toContain('Only certified assessors score this credential’s validation windows.');
    expect(within(card).getByRole('link', { name: 'Study the anchors' }).getAttribute('href')).toBe('/my/calibration/credentials/1/anchors');
    expect(within(card).getByRole('link', { name: 'My profile' }).getAttribute('href')).toBe('/my/calibration/credentials/1/profile');
    expect(screen.getByRole('link', { name: 'validity feedback' }).getAttribute('href')).toBe('/my/validity-feedback');
    expect(within(card).getByRole('button', { name: 'Start a practice set' })).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Start a qualifying set' })).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Start a calibration set' })).toBeNull();
  });

  it('starts a qualifying set and opens it', async () => {
    const api = routes([myCredential()], { 'POST /api/my/calibration/credentials/1/attempts': { status: 201, body: attemptDetail({ id: 31, status: 'in_progress', judgement: null }) } });
    vi.stubGlobal('fetch', api.fetch);
    render(MyCalibrationView);

    await fireEvent.click(await screen.findByRole('button', { name: 'Start a qualifying set' }));
    await waitFor(() => expect(location.pathname).toBe('/my/calibration/attempts/31'));
    expect(api.callsTo('POST', '/api/my/calibration/credentials/1/attempts')[0]!.body).toEqual({ kind: 'qualifying' });
  });

  it('says why a set cannot be drawn, with the rubric’s names', async () => {
    const api = routes([myCredential()], {
      'POST /api/my/calibration/credentials/1/attempts': {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: 'no valid qualifying set A can be assembled: row scoring_tool level 1 is missing from the items this assessor may see', code: 'set_incomplete' },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MyCalibrationView);
    await screen.findByRole('article', { name: 'Performance Assessment Design' });
    await waitFor(() => expect(api.callsTo('GET', '/api/credentials/1/rubric-versions/1')).toHaveLength(1));

    await fireEvent.click(screen.getByRole('button', { name: 'Start a qualifying set' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The set could not be started');
    expect(alert.textContent).toContain('No valid qualifying set A can be assembled: “Quality of the scoring tool” at level “Beginning” is missing');
  });

  it('offers to continue an open set instead of starting another, shows the trainer’s note and every set taken', async () => {
    const open = attemptSummary({ id: 21, kind: 'practice', label: null, status: 'in_progress', judgement: null, items: 5, scored: 2, finishedAt: null, note: 'Study the scoring-tool anchors.' });
    const failed = attemptSummary({ id: 12, label: 'B' });
    const entry = myCredential({ status: 'not_qualified', remediationNote: 'Study the scoring-tool anchors.', mayStart: ['practice'], attempts: [failed, open], nextAction: 'assign remediation' });
    vi.stubGlobal('fetch', routes([entry]).fetch);
    render(MyCalibrationView);

    const card = await screen.findByRole('article', { name: 'Performance Assessment Design' });
    expect(within(card).getByRole('link', { name: 'Continue the practice set' }).getAttribute('href')).toBe('/my/calibration/attempts/21');
    expect(within(card).queryByRole('button', { name: 'Start a practice set' })).toBeNull();
    expect(card.textContent).toContain('Your trainer’s note: Study the scoring-tool anchors.');
    const history = within(card).getByRole('list');
    expect(within(history).getByRole('link', { name: 'Qualifying set B' }).getAttribute('href')).toBe('/my/calibration/attempts/12');
    expect(history.textContent).toContain('Not passed');
    expect(history.textContent).toContain('65% exact');
  });

  it('says so when there is no calibration material yet', async () => {
    vi.stubGlobal('fetch', routes([]).fetch);
    render(MyCalibrationView);

    expect(await screen.findByText(/No credential has calibration material for you yet/)).toBeTruthy();
  });
});
