import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BlindAssignmentResponse, MyAssignmentPageResponse, ScoreReceiptResponse } from '../lib/api/schema';
import { session } from '../lib/session.svelte';
import { SITTING_KEY } from '../lib/sitting';
import AssignmentView from './AssignmentView.svelte';
import { fakeApi, signIn } from './fake-api.test-support';

const pending: BlindAssignmentResponse = {
  assignmentId: 154,
  status: 'pending',
  credentialTitle: 'Performance Assessment Design',
  rubricVersion: 2,
  evidence: { text: 'Unit portfolio: task brief, scoring tool and three samples.', url: 'https://example.org/portfolio/154' },
  myScore: null,
  rubric: [
    {
      key: 'scoring_tool',
      title: 'Quality of the scoring tool',
      descriptor: 'Two scorers reach the same level with it.',
      scale: 'ordinal',
      carriedOver: false,
      levels: [
        { value: '1', label: 'Beginning', descriptor: 'No scoring tool.' },
        { value: '2', label: 'Developing', descriptor: 'Quality words only.' },
        { value: '3', label: 'Proficient', descriptor: 'Observable features.' },
      ],
    },
    {
      key: 'success_criteria',
      title: 'Success criteria shared with students',
      descriptor: 'Students see the criteria first.',
      scale: 'nominal',
      carriedOver: true,
      levels: [
        { value: 'not_evident', label: 'Not evident', descriptor: 'No evidence.' },
        { value: 'evident', label: 'Evident', descriptor: 'A handout or slide.' },
      ],
    },
  ],
};

const receipt: ScoreReceiptResponse = {
  assignmentId: 154,
  levels: { scoring_tool: '3', success_criteria: 'evident' },
  comments: { scoring_tool: 'Anchors missing.' },
  submittedAt: '2026-03-01T10:00:00.000Z',
};

/** The pending queue as the API pages it (oldest first); `total` when more wait than are listed. */
function pendingPage(ids: number[], total = ids.length): MyAssignmentPageResponse {
  return {
    items: ids.map((assignmentId) => ({ assignmentId, credentialId: 1, credentialTitle: 'Performance Assessment Design', rubricVersion: 2, status: 'pending', assignedAt: '2026-03-01T09:00:00.000Z' })),
    total,
    page: 1,
    pageSize: 2,
  };
}

/** The queue answers, one after the other (the last repeats). */
function queueOf(...pages: number[][]) {
  return { 'GET /api/my/assignments?status=pending&page=1&pageSize=2': pages.map((ids) => ({ status: 200, body: pendingPage(ids) })) };
}

async function scoreAndConfirm() {
  const tool = await screen.findByRole('group', { name: 'Quality of the scoring tool' });
  await fireEvent.click(within(tool).getByRole('radio', { name: 'Proficient' }));
  await fireEvent.click(within(screen.getByRole('group', { name: 'Success criteria shared with students' })).getByRole('radio', { name: 'Evident' }));
  await fireEvent.input(screen.getByLabelText(/Comment on Quality of the scoring tool/), { target: { value: ' Anchors missing. ' } });
  await fireEvent.click(screen.getByRole('button', { name: 'Submit score' }));
  await fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
}

describe('AssignmentView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signIn(['assessor']);
    session.restore();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the evidence and the rubric, blind: no earner, no other score', async () => {
    const api = fakeApi({ 'GET /api/assignments/154': { status: 200, body: pending }, ...queueOf([154]) });
    vi.stubGlobal('fetch', api.fetch);
    render(AssignmentView, { props: { assignmentId: 154 } });

    expect(await screen.findByRole('heading', { name: 'Assignment 154' })).toBeTruthy();
    expect(screen.getByText(/Unit portfolio: task brief/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /example\.org\/portfolio\/154/ }).getAttribute('target')).toBe('_blank');
    expect(screen.getAllByRole('radio')).toHaveLength(5);
    expect(screen.getByRole('button', { name: 'Submit score' })).toBeTruthy();
  });

  it('submits the chosen levels and comments only after confirmation, then shows the sealed score read-only', async () => {
    const api = fakeApi({
      ...queueOf([154]),
      'GET /api/assignments/154': { status: 200, body: pending },
      'POST /api/assignments/154/score': { status: 201, body: receipt },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssignmentView, { props: { assignmentId: 154 } });

    const tool = await screen.findByRole('group', { name: 'Quality of the scoring tool' });
    await fireEvent.click(within(tool).getByRole('radio', { name: 'Proficient' }));
    await fireEvent.click(within(screen.getByRole('group', { name: 'Success criteria shared with students' })).getByRole('radio', { name: 'Evident' }));
    await fireEvent.input(screen.getByLabelText(/Comment on Quality of the scoring tool/), { target: { value: ' Anchors missing. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Submit score' }));
    expect(api.callsTo('POST', '/api/assignments/154/score')).toHaveLength(0);
    expect(screen.getByRole('dialog', { name: 'Submit this score?' })).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    const posts = api.callsTo('POST', '/api/assignments/154/score');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({ levels: { scoring_tool: '3', success_criteria: 'evident' }, comments: { scoring_tool: 'Anchors missing.' } });
    expect(posts[0]!.headers.Authorization).toBe('Bearer test-token');

    expect(await screen.findByRole('heading', { name: 'Your sealed score' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Your score is submitted and sealed.');
    const sealed = screen.getByRole('table');
    expect(within(sealed).getByRole('rowheader', { name: 'Quality of the scoring tool' })).toBeTruthy();
    expect(within(sealed).getByText('Proficient')).toBeTruthy();
    expect(within(sealed).getByText('Anchors missing.')).toBeTruthy();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
  });

  it('shows a 409 with its message, keeps the choices, and offers the sealed score', async () => {
    const api = fakeApi({
      ...queueOf([154]),
      'GET /api/assignments/154': [
        { status: 200, body: pending },
        { status: 200, body: { ...pending, status: 'scored', myScore: { levels: receipt.levels, comments: {}, submittedAt: receipt.submittedAt } } },
      ],
      'POST /api/assignments/154/score': {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: 'assignment 154 is already scored; a score cannot change', code: 'already_scored' },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssignmentView, { props: { assignmentId: 154 } });
    await scoreAndConfirm();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This assignment is already scored');
    expect(alert.textContent).toContain('assignment 154 is already scored; a score cannot change');
    expect((within(screen.getByRole('group', { name: 'Quality of the scoring tool' })).getByRole('radio', { name: 'Proficient' }) as HTMLInputElement).checked).toBe(true);

    await fireEvent.click(within(alert).getByRole('button', { name: 'Show the sealed score' }));
    expect(await screen.findByRole('heading', { name: 'Your sealed score' })).toBeTruthy();
  });

  it('shows a 422 with each field path and the row it names', async () => {
    const api = fakeApi({
      ...queueOf([154]),
      'GET /api/assignments/154': { status: 200, body: pending },
      'POST /api/assignments/154/score': {
        status: 422,
        body: {
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: '1 invalid field: levels.scoring_tool',
          code: 'invalid',
          errors: [{ field: 'levels.scoring_tool', message: 'level must be one of "1", "2", "3", "4"' }],
        },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssignmentView, { props: { assignmentId: 154 } });
    await scoreAndConfirm();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The request was refused');
    expect(within(alert).getByText('levels.scoring_tool')).toBeTruthy();
    expect(alert.textContent).toContain('Quality of the scoring tool');
    expect(alert.textContent).toContain('level must be one of "1", "2", "3", "4"');
    expect(screen.getByRole('button', { name: 'Submit score' })).toBeTruthy();
  });

  it('shows an already scored assignment read-only, without a form', async () => {
    const api = fakeApi({
      ...queueOf([]),
      'GET /api/assignments/12': { status: 200, body: { ...pending, assignmentId: 12, status: 'scored', myScore: { levels: receipt.levels, comments: {}, submittedAt: receipt.submittedAt } } },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssignmentView, { props: { assignmentId: 12 } });

    expect(await screen.findByRole('heading', { name: 'Your sealed score' })).toBeTruthy();
    expect(screen.getByText(/You scored this assignment\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Submit score' })).toBeNull();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
  });

  it("says plainly when the assignment is not in the caller's queue (404, another assessor's or missing alike)", async () => {
    const api = fakeApi({
      ...queueOf([]),
      'GET /api/assignments/2': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'assignment 2 is not in your queue', code: 'not_found' } },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssignmentView, { props: { assignmentId: 2 } });

    expect(await screen.findByRole('heading', { name: 'This assignment is not in your queue' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your own assignments' }).getAttribute('href')).toBe('/my/assignments');
    expect(screen.queryByText(/Unit portfolio/)).toBeNull();
  });

  describe('moving fast', () => {
    it('shows the progress of this sitting: scored so far out of those plus the pending ones, in words and as a bar', async () => {
      sessionStorage.setItem(SITTING_KEY, JSON.stringify({ userId: 9, scored: [150, 151] }));
      vi.stubGlobal('fetch', fakeApi({ 'GET /api/assignments/154': { status: 200, body: pending }, 'GET /api/my/assignments?status=pending&page=1&pageSize=2': { status: 200, body: pendingPage([154, 160], 3) } }).fetch);
      render(AssignmentView, { props: { assignmentId: 154 } });

      const bar = await screen.findByRole('progressbar');
      expect(bar.getAttribute('value')).toBe('2');
      expect(bar.getAttribute('max')).toBe('5');
      expect(bar.textContent).toBe('2 of 5 scored');
      const words = document.getElementById(bar.getAttribute('aria-labelledby')!)!;
      expect(words.textContent).toMatch(/2 of 5 scored\s*since you signed in · 3 left/);
    });

    it("counts nobody else's sitting: another person's scored ids start the bar at 0", async () => {
      sessionStorage.setItem(SITTING_KEY, JSON.stringify({ userId: 77, scored: [150, 151] }));
      vi.stubGlobal('fetch', fakeApi({ 'GET /api/assignments/154': { status: 200, body: pending }, ...queueOf([154, 160]) }).fetch);
      render(AssignmentView, { props: { assignmentId: 154 } });
      expect((await screen.findByRole('progressbar')).textContent).toBe('0 of 2 scored');
    });

    it('once sealed, offers the next pending assignment at once, focused so Enter opens it, and moves the bar on', async () => {
      const api = fakeApi({
        'GET /api/assignments/154': { status: 200, body: pending },
        'POST /api/assignments/154/score': { status: 201, body: receipt },
        ...queueOf([154, 160], [160]),
      });
      vi.stubGlobal('fetch', api.fetch);
      render(AssignmentView, { props: { assignmentId: 154 } });
      expect((await screen.findByRole('progressbar')).textContent).toBe('0 of 2 scored');
      await scoreAndConfirm();

      expect(await screen.findByRole('heading', { name: 'Your sealed score' })).toBeTruthy();
      expect(screen.getByRole('status').textContent).toMatch(/Your score is submitted and sealed\.[\s\S]*The next assignment is ready\./);
      const next = screen.getByRole('link', { name: 'Next assignment' });
      expect(next.getAttribute('href')).toBe('/assignments/160');
      expect(document.activeElement).toBe(next);
      expect(within(screen.getByRole('group', { name: 'Your queue' })).getByText(/assignment 160/)).toBeTruthy();
      expect(screen.getByRole('progressbar').textContent).toBe('1 of 2 scored');
      expect(JSON.parse(sessionStorage.getItem(SITTING_KEY)!)).toEqual({ userId: 9, scored: [154] });
      // the queue was asked again after the score was sealed, not before
      const order = api.calls.map((call) => `${call.method} ${call.path}`);
      expect(order.lastIndexOf('GET /api/my/assignments')).toBeGreaterThan(order.indexOf('POST /api/assignments/154/score'));
    });

    it('says the queue is empty when nothing else waits', async () => {
      vi.stubGlobal(
        'fetch',
        fakeApi({ 'GET /api/assignments/154': { status: 200, body: pending }, 'POST /api/assignments/154/score': { status: 201, body: receipt }, ...queueOf([154], []) }).fetch,
      );
      render(AssignmentView, { props: { assignmentId: 154 } });
      await scoreAndConfirm();

      expect(await screen.findByText('Your queue is empty: nothing else waits for your score.')).toBeTruthy();
      expect(screen.getByRole('status').textContent).toContain('Nothing else waits for your score.');
      expect(screen.queryByRole('link', { name: 'Next assignment' })).toBeNull();
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your sealed score' }));
      expect(screen.getByRole('progressbar').textContent).toBe('1 of 1 scored');
    });

    it('offers the next assignment from a score sealed earlier too', async () => {
      vi.stubGlobal(
        'fetch',
        fakeApi({
          'GET /api/assignments/12': { status: 200, body: { ...pending, assignmentId: 12, status: 'scored', myScore: { levels: receipt.levels, comments: {}, submittedAt: receipt.submittedAt } } },
          ...queueOf([160]),
        }).fetch,
      );
      render(AssignmentView, { props: { assignmentId: 12 } });
      expect((await screen.findByRole('link', { name: 'Next assignment' })).getAttribute('href')).toBe('/assignments/160');
    });

    it('keeps the evidence in its own pane that can be folded to its heading while scoring', async () => {
      vi.stubGlobal('fetch', fakeApi({ 'GET /api/assignments/154': { status: 200, body: pending }, ...queueOf([154]) }).fetch);
      render(AssignmentView, { props: { assignmentId: 154 } });
      const pane = await screen.findByRole('region', { name: 'Evidence' });
      expect(within(pane).getByText(/Unit portfolio/)).toBeTruthy();
      const toggle = screen.getByRole('button', { name: 'Hide the evidence' });
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      expect(toggle.getAttribute('aria-controls')).toBe(pane.id);

      await fireEvent.click(toggle);
      expect(screen.getByRole('button', { name: 'Show the evidence' }).getAttribute('aria-expanded')).toBe('false');
      expect(pane.hidden).toBe(true);
      expect(screen.queryByRole('region', { name: 'Evidence' })).toBeNull();
      // the form stays
      expect(screen.getAllByRole('radio')).toHaveLength(5);
    });
  });
});
