import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BlindAssignmentResponse, ScoreReceiptResponse } from '../lib/api/schema';
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
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the evidence and the rubric, blind: no earner, no other score', async () => {
    const api = fakeApi({ 'GET /api/assignments/154': { status: 200, body: pending } });
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
      'GET /api/assignments/2': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'assignment 2 is not in your queue', code: 'not_found' } },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssignmentView, { props: { assignmentId: 2 } });

    expect(await screen.findByRole('heading', { name: 'This assignment is not in your queue' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your own assignments' }).getAttribute('href')).toBe('/my/assignments');
    expect(screen.queryByText(/Unit portfolio/)).toBeNull();
  });
});
