import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptDetailResponse } from '../lib/api/schema';
import CalibrationAttemptView from './CalibrationAttemptView.svelte';
import { attemptDetail, blindItem, failedJudgement, rubricVersion, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';

const ATTEMPT = '/api/my/calibration/attempts/31';

const feedback1 = [
  { key: 'scoring_tool', trueLevel: '2', rationale: 'Quality words without observable features.', answer: '3', match: 'adjacent' as const },
  { key: 'criteria', trueLevel: 'yes', rationale: 'The criteria slide opens the unit.', answer: 'yes', match: 'exact' as const },
];

function practice(scored: number): AttemptDetailResponse {
  return attemptDetail({
    id: 31,
    kind: 'practice',
    label: null,
    status: scored === 2 ? 'completed' : 'in_progress',
    judgement: null,
    items: 2,
    scored,
    finishedAt: null,
    itemList: [
      { assignmentId: 201, position: 1, status: scored >= 1 ? 'scored' : 'pending', feedback: scored >= 1 ? feedback1 : null },
      { assignmentId: 202, position: 2, status: scored >= 2 ? 'scored' : 'pending', feedback: scored >= 2 ? feedback1 : null },
    ],
  });
}

function qualifying(scored: number): AttemptDetailResponse {
  const judged = scored === 2;
  return attemptDetail({
    id: 31,
    kind: 'qualifying',
    label: 'A',
    status: judged ? 'failed' : 'in_progress',
    judgement: judged ? failedJudgement : null,
    items: 2,
    scored,
    finishedAt: judged ? '2026-03-01T10:00:00.000Z' : null,
    itemList: [
      { assignmentId: 201, position: 1, status: scored >= 1 ? 'scored' : 'pending', feedback: judged ? feedback1 : null },
      { assignmentId: 202, position: 2, status: judged ? 'scored' : 'pending', feedback: judged ? feedback1 : null },
    ],
  });
}

const receipt = (id: number) => ({ assignmentId: id, levels: { scoring_tool: '3', criteria: 'yes' }, comments: {}, submittedAt: '2026-03-01T10:00:00.000Z' });

async function scoreShownItem() {
  const tool = await screen.findByRole('group', { name: 'Quality of the scoring tool' });
  await fireEvent.click(within(tool).getByRole('radio', { name: 'Proficient' }));
  await fireEvent.click(within(screen.getByRole('group', { name: 'Success criteria shared' })).getByRole('radio', { name: 'Evident' }));
  await fireEvent.click(screen.getByRole('button', { name: 'Submit score' }));
  await fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
}

describe('CalibrationAttemptView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['assessor']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('practice: scores an item with the blind form, then shows its true level and rationale before the next item', async () => {
    const api = fakeApi({
      [`GET ${ATTEMPT}`]: [
        { status: 200, body: practice(0) },
        { status: 200, body: practice(1) },
      ],
      'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
      'GET /api/my/calibration/items/201': { status: 200, body: blindItem(201) },
      'GET /api/my/calibration/items/202': { status: 200, body: blindItem(202) },
      'POST /api/my/calibration/items/201/score': { status: 201, body: receipt(201) },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(CalibrationAttemptView, { props: { attemptId: 31 } });

    expect(await screen.findByRole('heading', { level: 1, name: 'Practice set' })).toBeTruthy();
    expect(await screen.findByText('Evidence of calibration item 201.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Item 1 of 2' })).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Items of the set' }).textContent).toBe('Item 1: on screenItem 2: waiting');
    await scoreShownItem();

    expect(api.callsTo('POST', '/api/my/calibration/items/201/score')[0]!.body).toEqual({ levels: { scoring_tool: '3', criteria: 'yes' }, comments: {} });
    const feedback = await screen.findByRole('region', { name: 'True levels of item 1' });
    const tool = within(feedback).getByRole('row', { name: /Quality of the scoring tool/ });
    expect([...tool.querySelectorAll('td')].map((cell) => cell.textContent?.trim())).toEqual([
      'Proficient',
      'Developing',
      'Adjacent: one level off',
      'Quality words without observable features.',
    ]);
    expect(screen.getByRole('status').textContent).toContain('Item 1 is sealed.');
    expect(screen.getByText('Evidence of calibration item 201.')).toBeTruthy();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
    expect(api.callsTo('GET', '/api/my/calibration/items/202')).toHaveLength(0);
    expect(screen.getByRole('list', { name: 'Items of the set' }).textContent).toBe('Item 1: scored, on screenItem 2: waiting');

    await fireEvent.click(screen.getByRole('button', { name: 'Next item (1 to go)' }));
    expect(await screen.findByText('Evidence of calibration item 202.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Item 2 of 2' })).toBeTruthy();
    expect(screen.getAllByRole('radio').filter((radio) => (radio as HTMLInputElement).checked)).toHaveLength(0);

    // A practice item already scored opens again from the list, with its feedback.
    await fireEvent.click(screen.getByRole('button', { name: 'Item 1: scored, see its feedback' }));
    expect(await screen.findByRole('region', { name: 'True levels of item 1' })).toBeTruthy();
  });

  it('qualifying: shows nothing per item until the last is sealed, then the result with its failures and every item’s feedback', async () => {
    const api = fakeApi({
      [`GET ${ATTEMPT}`]: [
        { status: 200, body: qualifying(0) },
        { status: 200, body: qualifying(1) },
        { status: 200, body: qualifying(2) },
      ],
      'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
      'GET /api/my/calibration/items/201': { status: 200, body: blindItem(201) },
      'GET /api/my/calibration/items/202': { status: 200, body: blindItem(202) },
      'POST /api/my/calibration/items/201/score': { status: 201, body: receipt(201) },
      'POST /api/my/calibration/items/202/score': { status: 201, body: receipt(202) },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(CalibrationAttemptView, { props: { attemptId: 31 } });

    expect(await screen.findByRole('heading', { level: 1, name: 'Qualifying set A' })).toBeTruthy();
    await screen.findByText('Evidence of calibration item 201.');
    await scoreShownItem();

    expect(await screen.findByText('Evidence of calibration item 202.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Item 1 is sealed. 1 to go.');
    expect(screen.queryByText(/True level/)).toBeNull();
    expect(screen.queryByText('Quality words without observable features.')).toBeNull();

    await scoreShownItem();
    expect(await screen.findByRole('heading', { name: 'Your result' })).toBeTruthy();
    expect(screen.getByText('Not passed', { selector: '.judgement .chip' })).toBeTruthy();
    expect(screen.getByText('Quality of the scoring tool: 5 of 10 exact (50%), below the row’s floor of 60%.')).toBeTruthy();
    const first = screen.getByRole('region', { name: 'Item 1' });
    expect(within(first).getByText('Quality words without observable features.')).toBeTruthy();
    expect(within(first).getByRole('row', { name: /Success criteria shared/ }).textContent).toContain('Exact');
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
    expect(api.callsTo('POST', '/api/my/calibration/items/202/score')).toHaveLength(1);
  });

  it('shows a refused score with the row it names and keeps the form', async () => {
    const api = fakeApi({
      [`GET ${ATTEMPT}`]: { status: 200, body: qualifying(0) },
      'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
      'GET /api/my/calibration/items/201': { status: 200, body: blindItem(201) },
      'POST /api/my/calibration/items/201/score': {
        status: 422,
        body: { statusCode: 422, error: 'Unprocessable Entity', message: '1 invalid field', code: 'invalid', errors: [{ field: 'levels.scoring_tool', message: 'level must be one of "1", "2", "3"' }] },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(CalibrationAttemptView, { props: { attemptId: 31 } });
    await screen.findByText('Evidence of calibration item 201.');
    await scoreShownItem();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Quality of the scoring tool');
    expect(alert.textContent).toContain('level must be one of "1", "2", "3"');
    expect(screen.getByRole('button', { name: 'Submit score' })).toBeTruthy();
  });

  it('opens a finished set on its result and feedback', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({ [`GET ${ATTEMPT}`]: { status: 200, body: qualifying(2) }, 'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion } }).fetch,
    );
    render(CalibrationAttemptView, { props: { attemptId: 31 } });

    expect(await screen.findByRole('heading', { name: 'Your result' })).toBeTruthy();
    expect(screen.getAllByRole('region', { name: /^Item \d$/ })).toHaveLength(2);
  });

  it('says plainly when the set is not the assessor’s', async () => {
    vi.stubGlobal('fetch', fakeApi({ [`GET ${ATTEMPT}`]: { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'you have no calibration set 31' } } }).fetch);
    render(CalibrationAttemptView, { props: { attemptId: 31 } });

    expect(await screen.findByRole('heading', { name: 'This is not one of your sets' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your calibration' }).getAttribute('href')).toBe('/my/calibration');
  });
});
