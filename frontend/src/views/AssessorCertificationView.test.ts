import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import AssessorCertificationView from './AssessorCertificationView.svelte';
import { certificationDetail, rubricVersion, signInAs, versionSummaries } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import { assessorProfile } from './monitoring-fixture.test-support';

const DETAIL = '/api/credentials/1/assessors/4/certification';
const PROFILE = '/api/credentials/1/assessors/4/profile';

/** Opens the assessor's page on a tab, as a link would. */
function openTab(tab: 'certification' | 'monitoring') {
  history.replaceState(null, '', tab === 'monitoring' ? '/credentials/1/assessors/4?tab=monitoring' : '/credentials/1/assessors/4');
  router.sync();
}

function routes(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    [`GET ${DETAIL}`]: { status: 200, body: certificationDetail() },
    [`GET ${PROFILE}`]: { status: 200, body: assessorProfile({ status: 'not_qualified', flags: [], findings: [] }) },
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
    openTab('certification');
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

describe('AssessorCertificationView, Monitoring tab', () => {
  const qualified = certificationDetail({
    status: 'qualified',
    certifiedVersion: 1,
    certifiedAt: '2026-02-01T00:00:00.000Z',
    expiresAt: '2027-02-01T00:00:00.000Z',
    nextAction: 'certified until 2027-02-01',
    eligible: true,
    eligibilityReason: 'certified',
  });

  function monitored(extra: Parameters<typeof fakeApi>[0] = {}) {
    return routes({ [`GET ${DETAIL}`]: { status: 200, body: qualified }, [`GET ${PROFILE}`]: { status: 200, body: assessorProfile() }, ...extra });
  }

  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
    openTab('monitoring');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('puts the flags beside the status and the findings in words at the top of the tab', async () => {
    vi.stubGlobal('fetch', monitored().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const heading = await screen.findByRole('heading', { level: 1, name: 'Bea Nwosu' });
    const header = heading.parentElement!;
    await waitFor(() => expect(header.querySelectorAll('.chip')).toHaveLength(3));
    expect([...header.querySelectorAll('.chip')].map((chip) => chip.textContent?.trim())).toEqual([
      'status: Qualified',
      'monitoring flag: Drifting lenient',
      'monitoring flag: Watch',
    ]);
    const tabs = screen.getByRole('navigation', { name: /certification or monitoring/ });
    expect(within(tabs).getByRole('link', { name: /Monitoring/ }).getAttribute('aria-current')).toBe('page');
    expect(within(tabs).getByRole('link', { name: /Monitoring/ }).textContent).toContain('2 flags');
    expect(within(tabs).getByRole('link', { name: 'Certification' }).getAttribute('href')).toBe('/credentials/1/assessors/4');

    const findings = screen.getByRole('region', { name: 'Flags and findings' });
    const items = within(findings).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('data-rule'))).toEqual(['R3', 'R4']);
    expect(items[0]!.textContent).toContain('Severity drift on validity items (R3)');
    expect(items[0]!.textContent).toContain('Of late the assessor gives higher levels than the true ones.');
    expect(items[0]!.textContent).toContain('The EWMA of the signed deviation is 0.1270 at validity row 4 since the restart, above its upper limit 0.1218');
    expect(items[1]!.textContent).toContain('Live agreement with co-readers (R4)');

    // The findings come before the actions, which come before the details.
    const actions = screen.getByRole('heading', { name: 'Monitoring actions' });
    expect(findings.compareDocumentPosition(actions) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Trainer actions' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Status timeline' })).toBeNull();
  });

  it('shows validity performance per row with n and interval, the unseen items with the pool warning, and live agreement', async () => {
    vi.stubGlobal('fetch', monitored().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const table = await screen.findByRole('table', { name: /Validity performance per row/ });
    const tool = await within(table).findByRole('row', { name: /Quality of the scoring tool/ });
    expect([...tool.querySelectorAll('td')].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '75% of 12 95% interval 47%–91%',
      '100% of 12 95% interval 76%–100%',
    ]);
    const criteria = within(table).getByRole('row', { name: /Success criteria shared/ });
    expect(criteria.querySelectorAll('td')[1]!.textContent?.trim()).toBe('No order: not counted');

    const validity = screen.getByRole('region', { name: 'Validity items' });
    expect(validity.textContent).toContain('12 validity items scored.');
    expect(validity.textContent).toContain('14 unseen validity items left in the pool.');
    expect(validity.textContent).toContain('The last 10 validity items: exact agreement 85% over 20 decisions (R1 fires below 75%)');
    expect(within(validity).getByRole('note').textContent).toContain('only 14 unseen validity items left for this assessor');

    const live = screen.getByRole('region', { name: 'Live agreement with co-readers (R4)' });
    expect(live.textContent).toContain('Exact agreement with co-readers 65% over the last 20 double-scored rows, below the 84% the rows need.');
  });

  it('draws the CUSUM with its h and the EWMA with its limits and first alarm, each with a hidden table', async () => {
    vi.stubGlobal('fetch', monitored().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const cusum = await screen.findByRole('img', { name: /^CUSUM on misses of Bea Nwosu/ });
    expect(cusum.getAttribute('aria-label')).toContain('against h = 3.00');
    expect(cusum.getAttribute('aria-label')).toContain('no alarm');
    expect(cusum.closest('figure')!.querySelectorAll('.visually-hidden tbody tr')).toHaveLength(6);
    const ewma = screen.getByRole('img', { name: /^EWMA of the signed deviation of Bea Nwosu/ });
    expect(ewma.getAttribute('aria-label')).toContain('It first left them at observation 2, above the upper limit');
    expect(ewma.querySelectorAll('path.limit')).toHaveLength(2);
    expect(ewma.querySelector('.alarm-label')?.textContent?.trim()).toBe('first alarm at 2 (lenient)');
    expect(screen.getByText(/λ = 0\.10, L = 2\.8143, σ₀ =/)).toBeTruthy();
  });

  it('shows the Rasch severity, fit and flags in words, and the ruler with the assessor and the experts', async () => {
    vi.stubGlobal('fetch', monitored().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const rasch = await screen.findByRole('region', { name: 'Severity and fit (many-facet Rasch)' });
    expect(rasch.textContent).toContain('−0.90 logits');
    expect(rasch.textContent).toContain('Gives higher levels than the expert panel.');
    expect(rasch.textContent).toContain('Infit noisy (above 1.5); outfit noisy (above 1.5)');
    expect(rasch.textContent).toContain('Fair average');
    expect(await within(rasch).findByText(/On the row: Quality of the scoring tool/)).toBeTruthy();
    const flags = [...rasch.querySelectorAll('li[data-flag]')];
    expect(flags.map((flag) => flag.getAttribute('data-flag'))).toEqual(['lenient', 'inconsistent']);
    expect(flags[1]!.textContent).toContain('Infit or outfit above 1.5');
    const ruler = within(rasch).getByRole('img', { name: /^Severity of Bea Nwosu beside the other assessors and the expert panel/ });
    expect(ruler.getAttribute('aria-label')).toContain('Bea Nwosu sits at −0.90 logits');
    expect(ruler.querySelector('g.self .name title')?.textContent).toBe('Bea Nwosu');
    expect(ruler.querySelector('g.expert rect')).not.toBeNull();
  });

  it('says why there is no Rasch estimate', async () => {
    const profile = assessorProfile({
      rasch: { rows: ['scoring_tool'], severity: null, se: null, infit: null, outfit: null, fairAverage: null, count: 0, flags: [], ruler: [], problem: 'no ratings of this assessor on these rows yet' },
    });
    vi.stubGlobal('fetch', monitored({ [`GET ${PROFILE}`]: { status: 200, body: profile } }).fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const rasch = await screen.findByRole('region', { name: 'Severity and fit (many-facet Rasch)' });
    expect(rasch.textContent).toContain('No severity estimate yet: no ratings of this assessor on these rows yet.');
    expect(within(rasch).queryByRole('img')).toBeNull();
  });

  it('keeps lift disabled with its reason for a qualified assessor, pauses with a reason, then offers the lift', async () => {
    const paused = { ...qualified, status: 'suspended' as const, eligible: false, eligibilityReason: 'not certified: suspended' };
    const api = monitored({
      [`POST ${DETAIL}/pause`]: { status: 200, body: paused },
      [`GET ${PROFILE}`]: [
        { status: 200, body: assessorProfile() },
        { status: 200, body: assessorProfile({ status: 'suspended' }) },
      ],
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const lift = (await screen.findByRole('button', { name: 'Lift the pause' })) as HTMLButtonElement;
    expect(lift.disabled).toBe(true);
    expect(document.getElementById(lift.getAttribute('aria-describedby')!)!.textContent).toBe('Only a suspended assessor has a pause to lift.');
    expect((screen.getByRole('button', { name: 'Require recalibration' }) as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByRole('button', { name: 'Add a note' }) as HTMLButtonElement).disabled).toBe(false);

    await fireEvent.click(screen.getByRole('button', { name: 'Pause the live queue' }));
    const form = screen.getByRole('form', { name: 'Pause the live queue' });
    await fireEvent.click(within(form).getByRole('button', { name: 'Pause the live queue' }));
    expect(within(form).getByText(/Write the reason/)).toBeTruthy();
    expect(api.callsTo('POST', `${DETAIL}/pause`)).toHaveLength(0);

    await fireEvent.input(within(form).getByLabelText(/Reason/), { target: { value: ' Scored a batch of twenty in four minutes. ' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Pause the live queue' }));
    expect((await screen.findByRole('status')).textContent).toContain('Pause the live queue: done. Bea Nwosu is now suspended.');
    expect(api.callsTo('POST', `${DETAIL}/pause`)[0]!.body).toEqual({ reason: 'Scored a batch of twenty in four minutes.' });
    expect(screen.getByText(/A trainer paused the live queue\. Lifting the pause returns the assessor/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Lift the pause' }) as HTMLButtonElement).disabled).toBe(false);
    const pause = screen.getByRole('button', { name: 'Pause the live queue' }) as HTMLButtonElement;
    expect(pause.disabled).toBe(true);
    expect(document.getElementById(pause.getAttribute('aria-describedby')!)!.textContent).toBe('The live queue is already paused: lift the pause instead.');
    await waitFor(() => expect(api.callsTo('GET', PROFILE)).toHaveLength(2));
  });

  it('requires recalibration and lifts with their reasons, and says so in words when the API refuses', async () => {
    const suspended = { ...qualified, status: 'suspended' as const };
    const api = monitored({
      [`GET ${DETAIL}`]: { status: 200, body: suspended },
      [`GET ${PROFILE}`]: { status: 200, body: assessorProfile({ status: 'suspended' }) },
      [`POST ${DETAIL}/lift`]: {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: 'only a suspended assessor has a pause to lift (the assessor is qualified)', code: 'certification_transition' },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const recalibration = (await screen.findByRole('button', { name: 'Require recalibration' })) as HTMLButtonElement;
    expect(recalibration.disabled).toBe(true);
    expect(document.getElementById(recalibration.getAttribute('aria-describedby')!)!.textContent).toBe('A recalibration is required of a qualified assessor or one on probation.');

    await fireEvent.click(screen.getByRole('button', { name: 'Lift the pause' }));
    const form = screen.getByRole('form', { name: 'Lift the pause' });
    await fireEvent.input(within(form).getByLabelText(/Reason/), { target: { value: 'Complaint dismissed.' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Lift the pause' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Lift the pause was refused');
    expect(alert.textContent).toContain('only a suspended assessor has a pause to lift (the assessor is qualified)');
    expect(api.callsTo('POST', `${DETAIL}/lift`)[0]!.body).toEqual({ reason: 'Complaint dismissed.' });
  });

  it('requires recalibration of a qualified assessor with the reason written', async () => {
    const required = { ...qualified, status: 'recalibration_required' as const };
    const api = monitored({ [`POST ${DETAIL}/recalibration`]: { status: 200, body: required } });
    vi.stubGlobal('fetch', api.fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    await fireEvent.click(await screen.findByRole('button', { name: 'Require recalibration' }));
    const form = screen.getByRole('form', { name: 'Require recalibration' });
    await fireEvent.input(within(form).getByLabelText(/Reason/), { target: { value: 'Lenient drift on the scoring tool.' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Require recalibration' }));

    expect((await screen.findByRole('status')).textContent).toContain('Require recalibration: done. Bea Nwosu is now recalibration required.');
    expect(api.callsTo('POST', `${DETAIL}/recalibration`)[0]!.body).toEqual({ reason: 'Lenient drift on the scoring tool.' });
    expect(screen.getByText(/The live queue is paused until the assessor passes a calibration set; they then return/)).toBeTruthy();
  });

  it('adds a note, which then shows among the trainers’ notes', async () => {
    const withNote = {
      ...qualified,
      timeline: [
        ...qualified.timeline,
        { at: '2026-03-12T10:00:00.000Z', from: 'qualified' as const, to: 'qualified' as const, action: 'note', reason: 'Talked through the scoring-tool anchors.', actor: { id: 9, name: 'Test Person' }, attemptId: null },
      ],
    };
    const api = monitored({ [`POST ${DETAIL}/notes`]: { status: 200, body: withNote } });
    vi.stubGlobal('fetch', api.fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const notes = await screen.findByRole('region', { name: 'Trainers’ notes' });
    expect(notes.textContent).toContain('No note yet.');
    await fireEvent.click(screen.getByRole('button', { name: 'Add a note' }));
    const form = screen.getByRole('form', { name: 'Add a note' });
    await fireEvent.input(within(form).getByLabelText(/Note/), { target: { value: 'Talked through the scoring-tool anchors.' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Add a note' }));

    expect((await screen.findByRole('status')).textContent).toContain('The note is added to the timeline.');
    expect(api.callsTo('POST', `${DETAIL}/notes`)[0]!.body).toEqual({ note: 'Talked through the scoring-tool anchors.' });
    expect(within(notes).getByRole('listitem').textContent).toContain('Talked through the scoring-tool anchors.');
    expect(within(notes).getByRole('listitem').textContent).toContain('Test Person');
  });

  it('lets a researcher read the profile without any action', async () => {
    signInAs(['researcher']);
    vi.stubGlobal('fetch', monitored().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    expect(await screen.findByRole('region', { name: 'Flags and findings' })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^CUSUM on misses/ })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Monitoring actions' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Pause the live queue' })).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Trainers’ notes' })).getByText('No note yet.', { selector: 'p' })).toBeTruthy();
  });

  it('says when the profile cannot be read, and the certification tab still works', async () => {
    vi.stubGlobal('fetch', monitored({ [`GET ${PROFILE}`]: { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'the Rasch analysis failed' } } }).fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server failed');
    expect(alert.textContent).toContain('the Rasch analysis failed');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('points to the monitoring tab from the certification tab when a rule has raised a flag', async () => {
    openTab('certification');
    vi.stubGlobal('fetch', monitored().fetch);
    render(AssessorCertificationView, { props: { credentialId: 1, assessorId: 4 } });

    const link = await screen.findByRole('link', { name: 'see the findings in Monitoring' });
    expect(link.getAttribute('href')).toBe('/credentials/1/assessors/4?tab=monitoring');
    expect(screen.getByRole('heading', { name: 'Trainer actions' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Flags and findings' })).toBeNull();
  });
});
