import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialDetailResponse, CredentialSummaryResponse, ReportResponse, ValidationWindowResponse, VersionEvidenceResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import CompareView from './CompareView.svelte';
import { reportFixture, rubricRowsOf, signInAs, stubFetch, versionFixture, type Call } from './report-fixture.test-support';

const BASE = '/api/credentials/1/rubric-versions';

const credential: CredentialDetailResponse = {
  id: 1,
  title: 'Performance Assessment Design',
  description: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  latestVersion: 2,
  versions: [
    { version: 1, previousVersion: null, createdAt: '2026-01-01T00:00:00.000Z', locked: true, validationStatus: 'complete' },
    { version: 2, previousVersion: 1, createdAt: '2026-02-01T00:00:00.000Z', locked: true, validationStatus: 'complete' },
  ],
};

/** Version 1 (scoring_tool failing) and version 2, which rewrote scoring_tool and still finds it failing. */
function fixtures() {
  const first = reportFixture();
  const second: ReportResponse = reportFixture({
    rubricVersion: 2,
    previousVersion: 1,
    rows: reportFixture().rows.map((row) => ({
      ...row,
      carriedOver: row.criterion !== 'scoring_tool',
      descriptor: row.criterion === 'scoring_tool' ? 'The scoring tool is clear and usable.' : row.descriptor,
      metrics: row.criterion === 'scoring_tool' ? { ...row.metrics, percent_agreement: { value: 0.7, se: null, ci: null, interval: null } } : row.metrics,
    })),
  });
  const v1 = versionFixture(1, null, rubricRowsOf(first));
  const v2 = versionFixture(2, 1, rubricRowsOf(second).map((row) => ({ ...row, carriedOver: row.key !== 'scoring_tool' })));
  return { first, second, v1, v2 };
}

/** A window of the credential with its settings; `awaiting` cases wait for the adjudicator. */
function windowFixture(version: number, status: ValidationWindowResponse['status'], awaiting = 0, settings: Partial<ValidationWindowResponse> = {}): ValidationWindowResponse {
  return {
    id: version,
    credentialId: 1,
    rubricVersion: version,
    status,
    targetSubmissions: 40,
    readersPerSubmission: 3,
    threshold: 0.85,
    minimumPaired: 15,
    seed: 2026 + version,
    readersCertified: false,
    openedAt: '2026-01-01T00:00:00.000Z',
    adjudicatingAt: null,
    completedAt: null,
    progress: {
      targetSubmissions: 40,
      studySubmissions: status === 'collecting' ? 12 : 40,
      scoresExpected: 120,
      scoresReceived: 100,
      fullyScoredSubmissions: 30,
      disagreeingSubmissions: 10,
      adjudicatedSubmissions: 10 - awaiting,
      awaitingAdjudication: awaiting,
    },
    awaitingReader: 0,
    ...settings,
  };
}

/** The credential's summary: version 2's study still has `awaiting` cases for the adjudicator. */
function summaryFixture(awaiting = 6, secondStatus: ValidationWindowResponse['status'] = 'adjudicating'): CredentialSummaryResponse {
  return {
    ...credential,
    versions: credential.versions.map((v) => ({
      ...v,
      window: windowFixture(v.version, v.version === 2 ? secondStatus : 'complete', v.version === 2 ? awaiting : 0),
      verdicts: null,
    })),
  };
}

const evidenceFixture: VersionEvidenceResponse = {
  credentialId: 1,
  rubricVersion: 1,
  windowStatus: 'complete',
  awaitingAdjudication: 0,
  rows: [
    {
      criterion: 'scoring_tool',
      title: 'Quality of the scoring tool',
      levels: [
        { value: '1', label: 'Beginning', descriptor: '' },
        { value: '2', label: 'Developing', descriptor: '' },
        { value: '3', label: 'Proficient', descriptor: '' },
        { value: '4', label: 'Exemplary', descriptor: '' },
      ],
      paired: 50,
      disagreeing: 3,
      groups: [
        {
          levels: ['2', '3'],
          commented: 1,
          pending: 0,
          cases: [
            { sequence: 4, readings: [{ reader: 'A', level: '2', comment: 'Only two levels are told apart.' }, { reader: 'B', level: '3', comment: null }], finalLevel: '2', reason: 'rubric_unclear', note: 'Developing and Proficient overlap.' },
            { sequence: 9, readings: [{ reader: 'A', level: '3', comment: null }, { reader: 'B', level: '2', comment: null }], finalLevel: '2', reason: 'evidence_ambiguous', note: null },
          ],
        },
        {
          levels: ['3', '4'],
          commented: 1,
          pending: 1,
          cases: [{ sequence: 17, readings: [{ reader: 'A', level: '4', comment: 'Anchors are given.' }, { reader: 'B', level: '3', comment: null }], finalLevel: null, reason: null, note: null }],
        },
      ],
    },
  ],
};

function routes(post?: (call: Call) => { status: number; body?: unknown }, extra: Record<string, { status: number; body?: unknown } | ((call: Call) => { status: number; body?: unknown })> = {}, summary = summaryFixture()) {
  const { first, second, v1, v2 } = fixtures();
  return stubFetch({
    'GET /api/credentials/1': { status: 200, body: credential },
    'GET /api/credentials/1/summary': { status: 200, body: summary },
    [`GET ${BASE}/1`]: { status: 200, body: v1 },
    [`GET ${BASE}/2`]: { status: 200, body: v2 },
    [`GET ${BASE}/3`]: { status: 200, body: { ...versionFixture(3, 2, rubricRowsOf(second, true)), locked: false, validationStatus: null } },
    [`GET ${BASE}/3/report`]: { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'rubric version 3 has no validation window yet' } },
    [`GET ${BASE}/1/report`]: { status: 200, body: first },
    [`GET ${BASE}/2/report`]: { status: 200, body: second },
    [`GET ${BASE}/1/evidence`]: { status: 200, body: evidenceFixture },
    [`GET ${BASE}/2/evidence`]: { status: 200, body: { ...evidenceFixture, rubricVersion: 2, rows: [{ ...evidenceFixture.rows[0]!, disagreeing: 0, groups: [] }] } },
    ...(post ? { [`POST ${BASE}`]: post } : {}),
    ...extra,
  });
}

function open(search = '') {
  history.replaceState(null, '', `/credentials/1/compare${search}`);
  router.sync();
  return render(CompareView, { props: { credentialId: 1 } });
}

async function startRevision() {
  await fireEvent.click(await screen.findByRole('button', { name: 'Start a revision (version 3)' }));
  return screen.findByRole('button', { name: 'Review the changes' });
}

/** Waits for the comparison of the new version, which the view loads after a save, before the test ends. */
async function settled() {
  await screen.findByText('Version 3 is saved', { exact: false });
  await screen.findByText('Version 3 against version 2:', { exact: false });
}

/** Reviews the draft and, the unfinished study acknowledged, saves it. */
async function reviewAndSave(review: HTMLElement) {
  await fireEvent.click(review);
  const save = await screen.findByRole('button', { name: 'Save version 3' });
  const acknowledge = screen.queryByRole('checkbox', { name: /save version 3 anyway/ });
  if (acknowledge) await fireEvent.click(acknowledge);
  await fireEvent.click(save);
}

describe('CompareView', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('compares the newest revision with the version it revises, marking the rewritten row, with a slope per row', async () => {
    signInAs(['researcher']);
    routes();
    const { container } = open();
    await screen.findByText('Version 2 against version 1:', { exact: false });
    const marks = Object.fromEntries([...container.querySelectorAll('table.compare tr[data-key]')].map((tr) => [tr.getAttribute('data-key'), tr.getAttribute('data-change')]));
    expect(marks).toEqual({ learning_targets: 'unchanged', scoring_tool: 'rewritten', success_criteria: 'unchanged' });
    expect(within(container.querySelector<HTMLElement>('tr[data-key="scoring_tool"]')!).getByText('Rewritten')).toBeTruthy();
    const slopes = container.querySelectorAll('.slope-chart g.row');
    expect(slopes).toHaveLength(3);
    expect(container.querySelector('.slope-chart g.row.changed')?.getAttribute('data-key')).toBe('scoring_tool');
    expect(container.querySelector('tr[data-key="scoring_tool"] td.number')?.textContent?.trim()).toBe('+6 pts');
    // A researcher compares but does not revise.
    expect(screen.queryByRole('button', { name: /Start a revision/ })).toBeNull();
  });

  it('opens a draft of the next version with the failing row highlighted and open for editing', async () => {
    signInAs(['designer']);
    routes();
    const { container } = open();
    const save = await startRevision();
    expect((save as HTMLButtonElement).disabled).toBe(true);
    const failing = container.querySelector<HTMLDetailsElement>('details.row[data-key="scoring_tool"]')!;
    expect(failing.classList.contains('failing')).toBe(true);
    expect(failing.open).toBe(true);
    expect(within(failing).getByText('Needs revision')).toBeTruthy();
    expect(container.querySelector<HTMLDetailsElement>('details.row[data-key="learning_targets"]')!.classList.contains('failing')).toBe(false);
    expect(container.querySelector<HTMLDetailsElement>('details.row[data-key="learning_targets"]')!.open).toBe(false);
  });

  it('undoes the edits to a row, leaving nothing to save', async () => {
    signInAs(['designer']);
    routes();
    const { container } = open();
    const save = await startRevision();
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    await fireEvent.input(within(failing).getByLabelText('Title'), { target: { value: 'Something else' } });
    expect((save as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(within(failing).getByRole('button', { name: 'Undo my changes to this row' }));
    expect((within(failing).getByLabelText('Title') as HTMLInputElement).value).toBe('Quality of the scoring tool');
    expect((save as HTMLButtonElement).disabled).toBe(true);
    expect(failing.classList.contains('failing')).toBe(true);
  });

  it('saves the draft with previousVersion and only the edited row', async () => {
    signInAs(['designer']);
    const saved = vi.fn((call: Call) => {
      void call;
      return { status: 201, body: versionFixture(3, 2, rubricRowsOf(reportFixture(), true)) };
    });
    routes(saved);
    const { container } = open();
    const save = await startRevision();
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    await fireEvent.input(within(failing).getByLabelText('Title'), { target: { value: 'Clarity of the scoring tool' } });
    const secondLevel = within(failing).getByRole('group', { name: 'Level 2' });
    await fireEvent.input(within(secondLevel).getByLabelText('Level descriptor'), { target: { value: 'Levels exist but two of them overlap.' } });
    expect((save as HTMLButtonElement).disabled).toBe(false);
    await reviewAndSave(save);

    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    const body = saved.mock.calls[0]![0].body as { previousVersion: number; rows: { key: string; title: string; levels: { descriptor: string }[] }[] };
    expect(body.previousVersion).toBe(2);
    expect(body.rows.map((row) => row.key)).toEqual(['scoring_tool']);
    expect(body.rows[0]!.title).toBe('Clarity of the scoring tool');
    expect(body.rows[0]!.levels.map((level) => level.descriptor)).toEqual([
      'No scoring tool.',
      'Levels exist but two of them overlap.',
      'Distinct, mostly observable levels.',
      'Observable levels with anchor examples.',
    ]);
    expect(body).not.toHaveProperty('removedRowKeys');
    expect(await screen.findByText('Version 3 is saved', { exact: false })).toBeTruthy();
    expect(location.search).toBe('?from=2&to=3');
    expect(container.querySelector('details.row')).toBeNull();
  });

  it('says what the API refused in plain words, beside the field it names, never its field paths', async () => {
    signInAs(['designer']);
    routes(() => ({
      status: 422,
      body: {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'rows.0.levels.1.label: label "Beginning" is already used by rows.0.levels.0',
        code: 'invalid',
        errors: [{ field: 'rows.0.levels.1.label', message: 'label "Beginning" is already used by rows.0.levels.0' }],
      },
    }));
    const { container } = open();
    const review = await startRevision();
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    const secondLevel = within(failing).getByRole('group', { name: 'Level 2' });
    await fireEvent.input(within(secondLevel).getByLabelText('Label'), { target: { value: 'Beginning' } });
    await reviewAndSave(review);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Row 2, level 2, label: "Beginning" is already used by row 2, level 1.');
    expect(alert.textContent).not.toContain('rows.0');
    const labelInput = within(container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!).getAllByLabelText('Label')[1]!;
    expect(labelInput.getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toContain('rows.0');
  });

  it('checks the draft before sending: a cleared title says "Row 2: the title is required", and nothing is sent', async () => {
    signInAs(['designer']);
    const saved = vi.fn(() => ({ status: 201 }));
    routes(saved);
    const { container } = open();
    const review = await startRevision();
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    await fireEvent.input(within(failing).getByLabelText('Title'), { target: { value: '   ' } });
    await fireEvent.click(review);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Row 2: the title is required.');
    expect(within(failing).getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Save version 3' })).toBeNull();
    expect(saved).not.toHaveBeenCalled();
    expect(document.body.textContent).not.toMatch(/must be longer than|rows\.\d/);
  });

  it('shows a 409 when the version revised is no longer the latest', async () => {
    signInAs(['designer']);
    routes(() => ({ status: 409, body: { statusCode: 409, error: 'Conflict', message: 'only the latest version (3) can be revised', code: 'not_latest_version' } }));
    const { container } = open();
    const save = await startRevision();
    await fireEvent.input(within(container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!).getByLabelText('Title'), { target: { value: 'New title' } });
    await reviewAndSave(save);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('only the latest version (3) can be revised');
    expect(alert.textContent).toContain('reload the comparison');
  });
  it('lands from "Revise this row" on the draft at that row, with the evidence of that version\'s study beside its descriptors', async () => {
    signInAs(['designer']);
    const { calls } = routes();
    const { container } = open('?revise=scoring_tool&evidence=1');
    const row = await waitFor(() => {
      const found = container.querySelector<HTMLDetailsElement>('details.row[data-key="scoring_tool"]');
      expect(found?.querySelector('.evidence')).toBeTruthy();
      return found!;
    });
    expect(row.open).toBe(true);
    const pane = row.querySelector<HTMLElement>('.evidence')!;
    await within(pane).findByText('Between 2 (Developing) and 3 (Proficient)');
    expect(within(pane).getByRole('heading', { name: 'Evidence from the study of version 1' })).toBeTruthy();
    expect(pane.textContent).toContain('Readers split on 3 of 50 submissions');
    // comments grouped by the confused pair, with the adjudication's reasons and notes
    const [pair, wide] = [...pane.querySelectorAll<HTMLElement>('details.group')];
    expect(pair!.getAttribute('data-levels')).toBe('2:3');
    const ids = [...container.querySelectorAll('[id]')].map((element) => element.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pair!.textContent).toContain('Submission 4, reader A gave 2 (Developing): “Only two levels are told apart.”');
    expect(pair!.textContent).toContain('Adjudication settled on 2 (Developing) in 2 of 2.');
    expect(pair!.textContent).toContain('Reasons: rubric unclear 1, evidence ambiguous 1.');
    expect(pair!.textContent).toContain('Submission 4, settled on 2 (Developing), rubric unclear: Developing and Proficient overlap.');
    expect(wide!.textContent).toContain('Submission 17, reader A gave 4 (Exemplary): “Anchors are given.”');
    expect(wide!.textContent).toContain('1 not adjudicated yet.');
    expect(calls.some((call) => call.url === `${BASE}/1/evidence?row=scoring_tool`)).toBe(true);
    // the study of version 2 can be read instead
    await fireEvent.change(within(pane).getByLabelText('Study of'), { target: { value: '2' } });
    await waitFor(() => expect(row.querySelector('.evidence')?.textContent).toContain('The readers never split on this row in version 2.'));
    // the row's history is shown first among every row's
    expect(container.querySelector('.multiples > li')?.getAttribute('data-key')).toBe('scoring_tool');
  });

  it('shows the diff before saving, warns that version 2 still has 6 cases for the adjudicator, then opens the new window with version 2\'s settings', async () => {
    signInAs(['designer']);
    const created = versionFixture(3, 2, rubricRowsOf(reportFixture(), true).map((row) => ({ ...row, carriedOver: row.key !== 'scoring_tool' })));
    const saved = vi.fn(() => ({ status: 201, body: { ...created, locked: false, validationStatus: null } }));
    const openWindow = vi.fn((call: Call) => ({ status: 201, body: windowFixture(3, 'collecting', 0, { ...(call.body as object), progress: { ...windowFixture(3, 'collecting').progress, studySubmissions: 0 } }) }));
    routes(saved, { [`POST ${BASE}/3/validation`]: openWindow });
    const { container } = open();
    const review = await startRevision();
    expect(container.querySelector('.warning')?.textContent).toContain('Version 2’s study is not finished: 6 cases await the adjudicator.');
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    const secondLevel = within(failing).getByRole('group', { name: 'Level 2' });
    await fireEvent.input(within(secondLevel).getByLabelText('Level descriptor'), { target: { value: 'Levels exist but two of them overlap.' } });
    await fireEvent.click(review);

    const diff = await screen.findByRole('region', { name: 'Version 3 against version 2' });
    expect(diff.textContent).toContain('1 changed, 0 added, 0 removed, 2 carried over unchanged.');
    const changed = diff.querySelector<HTMLElement>('[data-key="scoring_tool"]')!;
    expect(changed.getAttribute('data-change')).toBe('changed');
    const cells = [...changed.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent?.trim()));
    expect(cells).toEqual([['Level 2 descriptor', 'A scoring tool exists but its levels are vague.', 'Levels exist but two of them overlap.']]);

    const save = screen.getByRole('button', { name: 'Save version 3' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'I know; save version 3 anyway' }));
    expect(save.disabled).toBe(false);
    await fireEvent.click(save);
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));

    // the open-window form, prefilled with version 2's window's settings
    const form = await screen.findByRole('form', { name: 'Open the validation window of version 3' });
    expect((within(form).getByLabelText('Submissions in the study') as HTMLInputElement).value).toBe('40');
    expect((within(form).getByLabelText('Readers per submission') as HTMLInputElement).value).toBe('3');
    expect((within(form).getByLabelText('Agreement threshold') as HTMLInputElement).value).toBe('0.85');
    expect((within(form).getByLabelText('Scored twice before a signal') as HTMLInputElement).value).toBe('15');
    await fireEvent.click(within(form).getByRole('button', { name: 'Open the window' }));
    await waitFor(() => expect(openWindow).toHaveBeenCalledTimes(1));
    expect(openWindow.mock.calls[0]![0].body).toEqual({ targetSubmissions: 40, readersPerSubmission: 3, threshold: 0.85, minimumPaired: 15 });
    expect(await screen.findByText('Version 3’s validation window is open')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See it on the credentials page' }).getAttribute('href')).toBe('/');
  });

  it('after saving without opening the window, says the version has no report yet and offers the form again', async () => {
    signInAs(['designer']);
    const created = versionFixture(3, 2, rubricRowsOf(reportFixture(), true));
    routes(() => ({ status: 201, body: created }), {}, summaryFixture(0, 'complete'));
    const { container } = open();
    const review = await startRevision();
    expect(container.querySelector('.warning')).toBeNull();
    await fireEvent.input(within(container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!).getByLabelText('Title'), { target: { value: 'Clear scoring tool' } });
    await fireEvent.click(review);
    // a finished study: nothing to acknowledge
    expect(screen.queryByRole('checkbox')).toBeNull();
    await fireEvent.click(await screen.findByRole('button', { name: 'Save version 3' }));
    const form = await screen.findByRole('form', { name: 'Open the validation window of version 3' });
    await fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText(/Version 3 has no report until its validation window opens/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Open its validation window' }));
    expect(screen.getByRole('form', { name: 'Open the validation window of version 3' })).toBeTruthy();
  });

  it('drops a row and changes a scale, shows both in the diff, and sends the dropped key and the new scale', async () => {
    signInAs(['designer']);
    const saved = vi.fn(() => ({ status: 201, body: versionFixture(3, 2, rubricRowsOf(reportFixture(), true)) }));
    routes(saved, {}, summaryFixture(0, 'complete'));
    const { container } = open();
    const review = await startRevision();
    const targets = container.querySelector<HTMLDetailsElement>('details.row[data-key="learning_targets"]')!;
    targets.open = true;
    await fireEvent.click(within(targets).getByRole('button', { name: /Drop this row/ }));
    expect(container.querySelector('details.row[data-key="learning_targets"]')).toBeNull();
    const droppedList = screen.getByRole('region', { name: 'Dropped from version 3' });
    expect(droppedList.textContent).toContain('Alignment to learning targets');
    const success = container.querySelector<HTMLDetailsElement>('details.row[data-key="success_criteria"]')!;
    success.open = true;
    await fireEvent.change(within(success).getByLabelText('Scale'), { target: { value: 'ordinal' } });
    await fireEvent.click(review);

    const diff = await screen.findByRole('region', { name: 'Version 3 against version 2' });
    expect(diff.textContent).toContain('1 changed, 0 added, 1 removed, 1 carried over unchanged.');
    expect(diff.querySelector('[data-key="learning_targets"]')?.getAttribute('data-change')).toBe('removed');
    const scale = [...diff.querySelectorAll('[data-key="success_criteria"] tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent?.trim()));
    expect(scale).toEqual([['Scale', 'nominal', 'ordinal']]);
    await fireEvent.click(screen.getByRole('button', { name: 'Save version 3' }));
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    const body = (saved.mock.calls[0] as unknown as [Call])[0].body as { rows: { key: string; scale: string }[]; removedRowKeys: string[] };
    expect(body.removedRowKeys).toEqual(['learning_targets']);
    expect(body.rows.map((row) => [row.key, row.scale])).toEqual([['success_criteria', 'ordinal']]);
    await settled();
  });

  it('keeps a dropped row again, and adds a new row whose key comes from its title', async () => {
    signInAs(['designer']);
    const saved = vi.fn(() => ({ status: 201, body: versionFixture(3, 2, rubricRowsOf(reportFixture(), true)) }));
    routes(saved, {}, summaryFixture(0, 'complete'));
    const { container } = open();
    const review = await startRevision();
    const targets = container.querySelector<HTMLDetailsElement>('details.row[data-key="learning_targets"]')!;
    targets.open = true;
    await fireEvent.click(within(targets).getByRole('button', { name: /Drop this row/ }));
    await fireEvent.click(screen.getByRole('button', { name: /Keep it/ }));
    expect([...container.querySelectorAll('details.row[data-key]')].map((row) => row.getAttribute('data-key'))).toEqual(['learning_targets', 'scoring_tool', 'success_criteria']);
    expect((review as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: 'Add a row' }));
    const added = container.querySelector<HTMLElement>('details.row[data-uid]')!;
    await fireEvent.input(within(added).getByLabelText('Title'), { target: { value: 'Feedback to students' } });
    const levels = within(added).getAllByLabelText('Label');
    await fireEvent.input(levels[0]!, { target: { value: 'None' } });
    await fireEvent.input(levels[1]!, { target: { value: 'Some' } });
    await fireEvent.click(review);
    const diff = await screen.findByRole('region', { name: 'Version 3 against version 2' });
    expect(diff.querySelector('[data-key="feedback_to_students"]')?.getAttribute('data-change')).toBe('added');
    await fireEvent.click(screen.getByRole('button', { name: 'Save version 3' }));
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    const body = (saved.mock.calls[0] as unknown as [Call])[0].body as { rows: { key: string; title: string; levels: { value: string; label: string }[] }[] };
    expect(body.rows).toEqual([
      { key: 'feedback_to_students', title: 'Feedback to students', descriptor: '', scale: 'ordinal', levels: [{ value: '1', label: 'None', descriptor: '' }, { value: '2', label: 'Some', descriptor: '' }] },
    ]);
    await settled();
  });

  it("shows each row's agreement across every version with its interval, as a chart and in words", async () => {
    signInAs(['researcher']);
    const { first, second } = fixtures();
    const withInterval = (report: ReportResponse, lo: number, hi: number) => ({
      ...report,
      rows: report.rows.map((row) => (row.criterion === 'scoring_tool' ? { ...row, metrics: { ...row.metrics, percent_agreement: { ...row.metrics.percent_agreement!, interval: { lo, hi, method: 'wilson' } } } } : row)),
    });
    routes(undefined, {
      [`GET ${BASE}/1/report`]: { status: 200, body: withInterval(first, 0.5, 0.76) },
      [`GET ${BASE}/2/report`]: { status: 200, body: withInterval(second, 0.56, 0.81) },
    });
    const { container } = open();
    const history = await screen.findByRole('region', { name: 'Each row across its versions' });
    const tool = await waitFor(() => {
      const found = history.querySelector<HTMLElement>('li[data-key="scoring_tool"]');
      expect(found).toBeTruthy();
      return found!;
    });
    const chart = within(tool).getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('Quality of the scoring tool: Version 1: 64% (50% to 76%); Version 2: 70% (56% to 81%).');
    expect(tool.querySelectorAll('circle.dot')).toHaveLength(2);
    expect(tool.querySelectorAll('line.interval')).toHaveLength(2);
    // version 2 carried the other rows over: their dot is hollow
    expect(history.querySelector('li[data-key="learning_targets"] circle.dot[data-version="2"]')?.classList.contains('hollow')).toBe(true);
    expect(tool.querySelector('circle.dot[data-version="2"]')?.classList.contains('hollow')).toBe(false);
    expect(within(tool).getAllByRole('listitem').map((item) => item.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Version 1: 64% (50% to 76%) decision: Needs revision',
      'Version 2: 70% (56% to 81%) decision: Needs revision',
    ]);
    expect(container.querySelectorAll('.multiples > li')).toHaveLength(3);
  });
});
