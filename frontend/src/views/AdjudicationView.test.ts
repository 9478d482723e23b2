import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdjudicationCaseResponse, RecordedAdjudicationResponse } from '../lib/api/schema';
import AdjudicationView from './AdjudicationView.svelte';
import { adjudicationRequest, caseRows, decisionIssues, initialDecisions } from './adjudication-form';
import { fakeApi, signIn } from './fake-api.test-support';

/** The queue's answer to "how many wait" after a case is recorded. */
function waitingCases(total: number) {
  return { 'GET /api/adjudications': { status: 200, body: { items: [], total, page: 1, pageSize: 1 } } };
}

const four = [
  { value: '1', label: 'Beginning', descriptor: 'No scoring tool.' },
  { value: '2', label: 'Developing', descriptor: 'Levels named by quality words only.' },
  { value: '3', label: 'Proficient', descriptor: 'Levels name observable features.' },
  { value: '4', label: 'Exemplary', descriptor: 'Observable features, with anchor samples.' },
];

const theCase: AdjudicationCaseResponse = {
  submissionId: 31,
  credentialTitle: 'Performance Assessment Design',
  rubricVersion: 1,
  evidence: { text: 'Portfolio 31: task brief and scoring tool.', url: null },
  rubric: [
    { key: 'learning_targets', title: 'Alignment to learning targets', descriptor: 'The task measures its targets.', scale: 'ordinal', carriedOver: false, levels: four },
    { key: 'scoring_tool', title: 'Quality of the scoring tool', descriptor: 'Two scorers reach the same level.', scale: 'ordinal', carriedOver: false, levels: four },
    {
      key: 'success_criteria',
      title: 'Success criteria shared with students',
      descriptor: '',
      scale: 'nominal',
      carriedOver: false,
      levels: [
        { value: 'not_evident', label: 'Not evident', descriptor: '' },
        { value: 'evident', label: 'Evident', descriptor: '' },
      ],
    },
  ],
  scorings: [
    { reader: 'A', levels: { learning_targets: '3', scoring_tool: '2', success_criteria: 'evident' }, comments: { scoring_tool: 'Levels use quality words.' } },
    { reader: 'B', levels: { learning_targets: '3', scoring_tool: '3', success_criteria: 'not_evident' }, comments: {} },
  ],
  disagreeingRowKeys: ['scoring_tool', 'success_criteria'],
  adjudication: null,
};

const recorded: RecordedAdjudicationResponse = {
  recordedAt: '2026-03-02T09:00:00.000Z',
  rows: [
    { rowKey: 'learning_targets', level: '3', disagreed: false, reason: null, note: null },
    { rowKey: 'scoring_tool', level: '2', disagreed: true, reason: 'rubric_unclear', note: null },
    { rowKey: 'success_criteria', level: 'evident', disagreed: true, reason: 'other', note: 'Slide 3 shows the criteria.' },
  ],
};

function row(title: string): HTMLElement {
  return screen.getByRole('region', { name: title });
}

async function chooseLevel(title: string, label: string) {
  await fireEvent.click(within(row(title)).getByRole('radio', { name: new RegExp(`^${label}`) }));
}

async function chooseReason(title: string, value: string) {
  const select = within(row(title)).getByLabelText(/Reason for the disagreement/) as HTMLSelectElement;
  await fireEvent.change(select, { target: { value } });
}

describe('adjudication-form', () => {
  const rows = caseRows(theCase);

  it('caseRows(case) marks the disagreeing rows and the agreed level of the others', () => {
    expect(rows.map((entry) => [entry.row.key, entry.disagree, entry.agreedLevel])).toEqual([
      ['learning_targets', false, '3'],
      ['scoring_tool', true, null],
      ['success_criteria', true, null],
    ]);
    expect(rows[1]!.readings).toEqual([
      { reader: 'A', level: '2', label: 'Developing', comment: 'Levels use quality words.' },
      { reader: 'B', level: '3', label: 'Proficient', comment: null },
    ]);
  });

  it('decisionIssues(rows, decisions) asks for a level and a reason on each disagreeing row, and a note with "other"', () => {
    const decisions = initialDecisions(rows);
    expect(decisionIssues(rows, decisions).map((issue) => issue.field)).toEqual([
      'rows.scoring_tool.level',
      'rows.scoring_tool.reason',
      'rows.success_criteria.level',
      'rows.success_criteria.reason',
    ]);
    decisions.scoring_tool = { level: '2', reason: 'rubric_unclear', note: '' };
    decisions.success_criteria = { level: 'evident', reason: 'other', note: '  ' };
    expect(decisionIssues(rows, decisions)).toEqual([{ field: 'rows.success_criteria.note', message: 'a note is required when the reason is other' }]);
  });

  it('adjudicationRequest(rows, decisions) sends every row with its level, reasons where chosen, trimmed notes where written', () => {
    const decisions = initialDecisions(rows);
    decisions.scoring_tool = { level: '2', reason: 'assessor_error', note: ' ' };
    decisions.success_criteria = { level: 'evident', reason: 'other', note: ' Slide 3. ' };
    expect(adjudicationRequest(rows, decisions)).toEqual({
      rows: {
        learning_targets: { level: '3' },
        scoring_tool: { level: '2', reason: 'assessor_error' },
        success_criteria: { level: 'evident', reason: 'other', note: 'Slide 3.' },
      },
    });
  });
});

describe('AdjudicationView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signIn(['adjudicator']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the scorings side by side as readers A and B and marks disagreeing rows in words', async () => {
    const api = fakeApi({ 'GET /api/adjudications/31': { status: 200, body: theCase } });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationView, { props: { submissionId: 31 } });

    expect(await screen.findByRole('heading', { name: 'Adjudicate submission 31' })).toBeTruthy();
    expect(screen.getByText(/2 of 3 rows disagree/)).toBeTruthy();
    const tool = row('Quality of the scoring tool');
    expect(within(tool).getByText('≠ Readers disagree')).toBeTruthy();
    const readings = within(tool).getByRole('group', { name: 'Scorings of Quality of the scoring tool' });
    expect(readings.textContent).toMatch(/Reader A\s*Developing/);
    expect(readings.textContent).toMatch(/Reader B\s*Proficient/);
    expect(readings.textContent).toContain('Levels use quality words.');
    expect(within(row('Alignment to learning targets')).getByText('= Readers agree')).toBeTruthy();
    expect(within(row('Alignment to learning targets')).queryByLabelText(/Reason/)).toBeNull();
  });

  it('starts agreeing rows at the agreed level and disagreeing rows with no level', async () => {
    vi.stubGlobal('fetch', fakeApi({ 'GET /api/adjudications/31': { status: 200, body: theCase } }).fetch);
    render(AdjudicationView, { props: { submissionId: 31 } });
    await screen.findByRole('heading', { name: 'Adjudicate submission 31' });

    await fireEvent.click(within(row('Alignment to learning targets')).getByRole('button', { name: 'Alignment to learning targets' }));
    const agreed = within(row('Alignment to learning targets')).getByRole('radio', { name: /^Proficient/ }) as HTMLInputElement;
    expect(agreed.checked).toBe(true);
    const tool = within(row('Quality of the scoring tool')).getAllByRole('radio') as HTMLInputElement[];
    expect(tool.some((radio) => radio.checked)).toBe(false);
  });

  it('requires a reason on each disagreeing row: names what is missing and sends nothing', async () => {
    const api = fakeApi({ 'GET /api/adjudications/31': { status: 200, body: theCase } });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationView, { props: { submissionId: 31 } });
    await screen.findByRole('heading', { name: 'Adjudicate submission 31' });

    await chooseLevel('Quality of the scoring tool', 'Developing');
    await chooseLevel('Success criteria shared with students', 'Evident');
    await fireEvent.click(screen.getByRole('button', { name: 'Record the final levels' }));

    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('Quality of the scoring tool, reason: the readers disagree: choose a reason');
    expect(summary.textContent).toContain('Success criteria shared with students, reason');
    const reason = within(row('Quality of the scoring tool')).getByLabelText(/Reason for the disagreement/);
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('POST', '/api/adjudications/31')).toHaveLength(0);

    await chooseReason('Quality of the scoring tool', 'rubric_unclear');
    await chooseReason('Success criteria shared with students', 'other');
    await fireEvent.click(screen.getByRole('button', { name: 'Record the final levels' }));
    expect(screen.getByRole('alert').textContent).toContain('a note is required when the reason is other');
    expect(api.callsTo('POST', '/api/adjudications/31')).toHaveLength(0);
  });

  it('posts the final level of every row, with reason and note on disagreeing rows, then shows the record', async () => {
    const api = fakeApi({
      'GET /api/adjudications/31': { status: 200, body: theCase },
      'POST /api/adjudications/31': { status: 201, body: recorded },
      ...waitingCases(0),
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationView, { props: { submissionId: 31 } });
    await screen.findByRole('heading', { name: 'Adjudicate submission 31' });

    await chooseLevel('Quality of the scoring tool', 'Developing');
    await chooseReason('Quality of the scoring tool', 'rubric_unclear');
    await chooseLevel('Success criteria shared with students', 'Evident');
    await chooseReason('Success criteria shared with students', 'other');
    await fireEvent.input(within(row('Success criteria shared with students')).getByLabelText(/Note/), { target: { value: ' Slide 3 shows the criteria. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Record the final levels' }));

    const posts = api.callsTo('POST', '/api/adjudications/31');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({
      rows: {
        learning_targets: { level: '3' },
        scoring_tool: { level: '2', reason: 'rubric_unclear' },
        success_criteria: { level: 'evident', reason: 'other', note: 'Slide 3 shows the criteria.' },
      },
    });
    expect(await screen.findByRole('heading', { name: 'Final levels' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('The adjudication is recorded.');
    expect(screen.getByText('Slide 3 shows the criteria.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Record the final levels' })).toBeNull();
  });

  it('shows a 422 with its field paths beside the rows they name', async () => {
    const api = fakeApi({
      'GET /api/adjudications/31': { status: 200, body: theCase },
      'POST /api/adjudications/31': {
        status: 422,
        body: {
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: '1 invalid field: rows.scoring_tool.reason',
          code: 'invalid',
          errors: [{ field: 'rows.scoring_tool.reason', message: 'reason must be one of rubric_unclear, evidence_ambiguous, assessor_error, other' }],
        },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationView, { props: { submissionId: 31 } });
    await screen.findByRole('heading', { name: 'Adjudicate submission 31' });
    await chooseLevel('Quality of the scoring tool', 'Proficient');
    await chooseReason('Quality of the scoring tool', 'evidence_ambiguous');
    await chooseLevel('Success criteria shared with students', 'Evident');
    await chooseReason('Success criteria shared with students', 'assessor_error');
    await fireEvent.click(screen.getByRole('button', { name: 'Record the final levels' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('rows.scoring_tool.reason')).toBeTruthy();
    expect(alert.textContent).toContain('Quality of the scoring tool, reason');
    expect(within(row('Quality of the scoring tool')).getByText(/reason must be one of/)).toBeTruthy();
  });

  it.each([
    [409, 'already_adjudicated', 'submission 31 is already adjudicated', 'The request was refused'],
    [403, 'own_submission', 'you read submission 31: another evaluator must adjudicate it', 'Not available to you'],
  ])('shows a %s from the POST with its message', async (status, code, message, title) => {
    const api = fakeApi({
      'GET /api/adjudications/31': { status: 200, body: theCase },
      'POST /api/adjudications/31': { status, body: { statusCode: status, error: 'Refused', message, code } },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationView, { props: { submissionId: 31 } });
    await screen.findByRole('heading', { name: 'Adjudicate submission 31' });
    await chooseLevel('Quality of the scoring tool', 'Proficient');
    await chooseReason('Quality of the scoring tool', 'evidence_ambiguous');
    await chooseLevel('Success criteria shared with students', 'Evident');
    await chooseReason('Success criteria shared with students', 'assessor_error');
    await fireEvent.click(screen.getByRole('button', { name: 'Record the final levels' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(title);
    expect(alert.textContent).toContain(message);
  });

  it('explains a 403 on opening: the caller read this submission', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({
        'GET /api/adjudications/31': { status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'you read submission 31: another evaluator must adjudicate it', code: 'own_submission' } },
      }).fetch,
    );
    render(AdjudicationView, { props: { submissionId: 31 } });
    expect(await screen.findByRole('heading', { name: 'You cannot adjudicate this submission' })).toBeTruthy();
    expect(screen.getByText('you read submission 31: another evaluator must adjudicate it')).toBeTruthy();
  });

  describe('moving fast', () => {
    it('shows each final-level choice with its level descriptor, which describes the radio', async () => {
      vi.stubGlobal('fetch', fakeApi({ 'GET /api/adjudications/31': { status: 200, body: theCase } }).fetch);
      render(AdjudicationView, { props: { submissionId: 31 } });
      await screen.findByRole('heading', { name: 'Adjudicate submission 31' });

      const tool = row('Quality of the scoring tool');
      for (const level of four) {
        expect(within(tool).getByText(level.descriptor)).toBeTruthy();
        expect(within(tool).getByRole('radio', { name: new RegExp(`^${level.label}`), description: level.descriptor })).toBeTruthy();
      }
      // the name keeps which reader chose the level, the descriptor stays out of it
      expect(within(tool).getByRole('radio', { name: 'Developing chosen by reader A' })).toBeTruthy();
      expect(within(tool).getByRole('radio', { name: 'Beginning' })).toBeTruthy();
    });

    it('folds rows the readers agreed on to one summary line, opens them on demand, and keeps disagreeing rows open', async () => {
      vi.stubGlobal('fetch', fakeApi({ 'GET /api/adjudications/31': { status: 200, body: theCase } }).fetch);
      render(AdjudicationView, { props: { submissionId: 31 } });
      await screen.findByRole('heading', { name: 'Adjudicate submission 31' });

      const agreed = row('Alignment to learning targets');
      const fold = within(agreed).getByRole('button', { name: 'Alignment to learning targets' });
      expect(fold.getAttribute('aria-expanded')).toBe('false');
      expect(agreed.textContent).toContain('Both readers: Proficient. Final level: Proficient.');
      expect(within(agreed).queryAllByRole('radio')).toHaveLength(0);
      expect(within(agreed).queryByRole('group', { name: /Scorings of/ })).toBeNull();

      for (const title of ['Quality of the scoring tool', 'Success criteria shared with students']) {
        expect(within(row(title)).queryByRole('button')).toBeNull();
        expect(within(row(title)).getAllByRole('radio').length).toBeGreaterThan(1);
        expect(within(row(title)).getByLabelText(/Reason for the disagreement/)).toBeTruthy();
      }

      await fireEvent.click(fold);
      expect(fold.getAttribute('aria-expanded')).toBe('true');
      expect(document.getElementById(fold.getAttribute('aria-controls')!)!.hidden).toBe(false);
      expect(within(agreed).getByRole('group', { name: 'Scorings of Alignment to learning targets' }).textContent).toMatch(/Reader A\s*Proficient/);
      await fireEvent.click(within(agreed).getByRole('radio', { name: /^Exemplary/ }));

      await fireEvent.click(fold);
      expect(fold.getAttribute('aria-expanded')).toBe('false');
      expect(agreed.textContent).toContain('Both readers: Proficient. Final level: Exemplary (changed).');
    });

    it('opens a folded row when the API names a problem on it', async () => {
      const api = fakeApi({
        'GET /api/adjudications/31': { status: 200, body: theCase },
        'POST /api/adjudications/31': {
          status: 422,
          body: { statusCode: 422, error: 'Unprocessable Entity', message: '1 invalid field', code: 'invalid', errors: [{ field: 'rows.learning_targets.level', message: 'level must be one of 1, 2, 3, 4' }] },
        },
      });
      vi.stubGlobal('fetch', api.fetch);
      render(AdjudicationView, { props: { submissionId: 31 } });
      await screen.findByRole('heading', { name: 'Adjudicate submission 31' });
      await chooseLevel('Quality of the scoring tool', 'Proficient');
      await chooseReason('Quality of the scoring tool', 'evidence_ambiguous');
      await chooseLevel('Success criteria shared with students', 'Evident');
      await chooseReason('Success criteria shared with students', 'assessor_error');
      await fireEvent.click(screen.getByRole('button', { name: 'Record the final levels' }));

      await screen.findByRole('alert');
      const agreed = row('Alignment to learning targets');
      expect(within(agreed).getByRole('button', { name: 'Alignment to learning targets' }).getAttribute('aria-expanded')).toBe('true');
      expect(within(agreed).getByText('level must be one of 1, 2, 3, 4')).toBeTruthy();
    });

    async function recordTheCase() {
      await screen.findByRole('heading', { name: 'Adjudicate submission 31' });
      await chooseLevel('Quality of the scoring tool', 'Developing');
      await chooseReason('Quality of the scoring tool', 'rubric_unclear');
      await chooseLevel('Success criteria shared with students', 'Evident');
      await chooseReason('Success criteria shared with students', 'assessor_error');
      await fireEvent.click(screen.getByRole('button', { name: 'Record the final levels' }));
      await screen.findByRole('heading', { name: 'Final levels' });
    }

    it('offers "Next case" once recorded, focused, with how many wait; it takes the next case and opens it', async () => {
      history.replaceState(null, '', '/adjudications/31');
      const api = fakeApi({
        'GET /api/adjudications/31': { status: 200, body: theCase },
        'POST /api/adjudications/31': { status: 201, body: recorded },
        ...waitingCases(5),
        'POST /api/adjudications/claim': {
          status: 200,
          body: { submissionId: 44, credentialId: 1, credentialTitle: 'Performance Assessment Design', rubricVersion: 1, studySequence: 9, claimedUntil: '2026-03-02T09:30:00.000Z' },
        },
      });
      vi.stubGlobal('fetch', api.fetch);
      render(AdjudicationView, { props: { submissionId: 31 } });
      await recordTheCase();

      const next = screen.getByRole('button', { name: 'Next case' });
      expect(document.activeElement).toBe(next);
      expect(screen.getByRole('group', { name: 'The queue' }).textContent).toContain('5 cases wait');
      expect(screen.getByRole('status').textContent).toContain('The adjudication is recorded.');
      // the count was asked after the record, not before
      const order = api.calls.map((call) => `${call.method} ${call.path}`);
      expect(order.indexOf('GET /api/adjudications')).toBeGreaterThan(order.indexOf('POST /api/adjudications/31'));

      await fireEvent.click(next);
      expect(api.callsTo('POST', '/api/adjudications/claim')).toHaveLength(1);
      await waitFor(() => expect(location.pathname).toBe('/adjudications/44'));
    });

    it('says so when every waiting case is held by someone else (204)', async () => {
      history.replaceState(null, '', '/adjudications/31');
      vi.stubGlobal(
        'fetch',
        fakeApi({
          'GET /api/adjudications/31': { status: 200, body: theCase },
          'POST /api/adjudications/31': { status: 201, body: recorded },
          ...waitingCases(2),
          'POST /api/adjudications/claim': { status: 204 },
        }).fetch,
      );
      render(AdjudicationView, { props: { submissionId: 31 } });
      await recordTheCase();
      await fireEvent.click(screen.getByRole('button', { name: 'Next case' }));
      expect(await screen.findByText(/No case is free right now/)).toBeTruthy();
      expect(location.pathname).toBe('/adjudications/31');
    });

    it('says no other case waits, instead of offering one, when the queue is empty', async () => {
      vi.stubGlobal(
        'fetch',
        fakeApi({ 'GET /api/adjudications/31': { status: 200, body: theCase }, 'POST /api/adjudications/31': { status: 201, body: recorded }, ...waitingCases(0) }).fetch,
      );
      render(AdjudicationView, { props: { submissionId: 31 } });
      await recordTheCase();
      expect(screen.getByText('No other case waits for adjudication.')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Next case' })).toBeNull();
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Final levels' }));
    });

    it('offers "Next case" on a case recorded earlier too', async () => {
      vi.stubGlobal('fetch', fakeApi({ 'GET /api/adjudications/31': { status: 200, body: { ...theCase, adjudication: recorded } }, ...waitingCases(3) }).fetch);
      render(AdjudicationView, { props: { submissionId: 31 } });
      expect(await screen.findByRole('button', { name: 'Next case' })).toBeTruthy();
      expect(await screen.findByText(/3 cases wait/)).toBeTruthy();
    });
  });
});
