import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AssessorCertificationView from './AssessorCertificationView.svelte';
import { certificationDetail, rubricVersion, signInAs, versionSummaries } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';

const DETAIL = '/api/credentials/1/assessors/4/certification';

function routes(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    [`GET ${DETAIL}`]: { status: 200, body: certificationDetail() },
    'GET /api/credentials/1': { status: 200, body: { id: 1, title: 'Performance Assessment Design', description: '', createdAt: '', latestVersion: 2, versions: versionSummaries } },
    'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
    'GET /api/credentials/1/rubric-versions/2': { status: 200, body: { ...rubricVersion, version: 2, previousVersion: 1 } },
    'GET /api/credentials/1/rubric-versions/1/calibration/sets?assessorId=4': {
      status: 200,
      body: [
        { kind: 'qualifying', label: 'C', unseenItems: 12, available: false, problem: 'no valid qualifying set C can be assembled: row scoring_tool level 1 is missing from the items this assessor may see' },
        { kind: 'calibration', label: null, unseenItems: 8, available: true, problem: null },
      ],
    },
    ...extra,
  });
}

describe('AssessorCertificationView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the status, the sets taken with their judgement in numbers and words, and the timeline', async () => {
    vi.stubGlobal('fetch', routes().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    expect(await screen.findByRole('heading', { level: 1, name: 'Bea Nwosu' })).toBeTruthy();
    expect(screen.getByText('Assign remediation (the practice set and a note), or certify on probation')).toBeTruthy();
    expect(screen.getByText('✗ Not in the pool')).toBeTruthy();

    const newest = document.querySelector('details.attempt[data-attempt="12"]') as HTMLDetailsElement;
    expect(newest.open).toBe(true);
    expect((document.querySelector('details.attempt[data-attempt="11"]') as HTMLDetailsElement).open).toBe(false);
    expect(within(newest).getByRole('link', { name: 'Qualifying set B item by item, with the rationales' }).getAttribute('href')).toBe('/credentials/1/assessors/4/attempts/12');
    const why = await within(newest).findByText('Quality of the scoring tool: 5 of 10 exact (50%), below the row’s floor of 60%.');
    expect(why.closest('ul')!.textContent).toContain('Exact agreement over all 20 decisions was 65%; a pass needs 85%.');

    const counts = within(newest).getByRole('table', { name: /exact, adjacent and non-adjacent answers/ });
    const tool = within(counts).getByRole('row', { name: /Quality of the scoring tool/ });
    expect([...tool.querySelectorAll('td')].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['5 of 10', '4', '1', '50%', '80%', '60%', 'Below the floor']);

    const confusion = within(newest).getByRole('table', { name: /^Quality of the scoring tool/ });
    const headers = within(confusion).getAllByRole('columnheader');
    expect(headers[0]!.textContent).toContain('True level');
    expect(headers.slice(1).map((cell) => cell.textContent?.trim())).toEqual(['Beginning', 'Developing', 'Proficient']);
    const beginning = within(confusion).getByRole('row', { name: /^Beginning/ });
    expect([...beginning.querySelectorAll('td')].map((cell) => cell.getAttribute('data-kind'))).toEqual(['exact', 'adjacent', 'far']);
    expect(beginning.querySelectorAll('td')[0]!.textContent?.trim()).toBe('2');

    const timeline = screen.getByRole('table', { name: 'Status timeline, oldest first' });
    const last = within(timeline).getAllByRole('row').at(-1)!;
    expect(last.textContent).toContain('Did not pass qualifying set B');
    expect(last.textContent).toContain('from: Qualifying');
    expect(last.textContent).toContain('to: Not qualified');
    expect(last.textContent).toContain('pooled exact agreement 60% is below the required 85%');
    expect(last.textContent).toContain('The system');
    expect(within(timeline).getAllByRole('row')[1]!.textContent).toContain('Bea Nwosu');
    expect(await within(timeline).findByText(/row “Quality of the scoring tool”: exact agreement 50% is below its floor/)).toBeTruthy();
  });

  it('says which row and level is missing for the next set, with the rubric’s names', async () => {
    vi.stubGlobal('fetch', routes().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const sets = await screen.findByRole('table', { name: /Sets that could be drawn now from version 1/ });
    const [qualifying, calibration] = within(sets).getAllByRole('row').slice(1);
    expect(qualifying!.textContent).toContain('Qualifying set C');
    expect(qualifying!.textContent).toContain('No');
    expect(await within(qualifying!).findByText(/“Quality of the scoring tool” at level “Beginning” is missing/)).toBeTruthy();
    expect(calibration!.textContent).toContain('Yes');
  });

  it('assigns remediation with its note, keeps the actions the status does not allow disabled with the reason, and shows the new state', async () => {
    const after = certificationDetail({
      remediationAssigned: true,
      remediationNote: 'Study the scoring-tool anchors.',
      nextAction: 'open the extra round, or certify on probation',
    });
    const api = routes({ [`POST ${DETAIL}/remediation`]: { status: 200, body: after } });
    vi.stubGlobal('fetch', api.fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const extra = await screen.findByRole('button', { name: 'Open the extra round' });
    expect((extra as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById(extra.getAttribute('aria-describedby')!)!.textContent).toBe('Assign remediation first: the extra round follows it.');

    await fireEvent.click(screen.getByRole('button', { name: 'Assign remediation' }));
    const form = screen.getByRole('form', { name: 'Assign remediation' });
    await fireEvent.click(within(form).getByRole('button', { name: 'Assign remediation' }));
    expect(within(form).getByText(/Write the note for the assessor/)).toBeTruthy();
    expect(api.callsTo('POST', `${DETAIL}/remediation`)).toHaveLength(0);

    await fireEvent.input(within(form).getByLabelText(/Note for the assessor/), { target: { value: ' Study the scoring-tool anchors. ' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Assign remediation' }));
    expect((await screen.findByRole('status')).textContent).toContain('Assign remediation: done. Bea Nwosu is now not qualified.');
    expect(api.callsTo('POST', `${DETAIL}/remediation`)[0]!.body).toEqual({ note: 'Study the scoring-tool anchors.' });
    expect(screen.getByText('Study the scoring-tool anchors.', { selector: 'p' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Open the extra round' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('overrides the status with the status chosen and a reason, and shows a refusal', async () => {
    const api = routes({
      [`POST ${DETAIL}/override`]: {
        status: 422,
        body: { statusCode: 422, error: 'Unprocessable Entity', message: '1 invalid field: reason', code: 'invalid', errors: [{ field: 'reason', message: 'a written reason is required' }] },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    await fireEvent.click(await screen.findByRole('button', { name: 'Override the status' }));
    const form = screen.getByRole('form', { name: 'Override the status' });
    await fireEvent.change(within(form).getByLabelText('New status'), { target: { value: 'probation' } });
    await fireEvent.input(within(form).getByLabelText(/Reason/), { target: { value: 'Strong on every row but one.' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Override the status' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Override the status was refused');
    expect(alert.textContent).toContain('a written reason is required');
    expect(api.callsTo('POST', `${DETAIL}/override`)[0]!.body).toEqual({ status: 'probation', reason: 'Strong on every row but one.' });
  });

  it('gives a researcher no actions', async () => {
    signInAs(['researcher']);
    vi.stubGlobal('fetch', routes().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    await screen.findByRole('heading', { level: 1, name: 'Bea Nwosu' });
    expect(screen.queryByRole('heading', { name: 'Trainer actions' })).toBeNull();
  });

  it('says plainly when there is no such assessor', async () => {
    vi.stubGlobal('fetch', routes({ [`GET ${DETAIL}`]: { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'no assessor 4' } } }).fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    expect(await screen.findByRole('heading', { name: 'No such assessor' })).toBeTruthy();
  });
});
