import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdjudicationQueuePageResponse, MyAssignmentPageResponse, MyAssignmentResponse, RecordedCasePageResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import { session } from '../lib/session.svelte';
import { SITTING_KEY } from '../lib/sitting';
import AdjudicationsView from './AdjudicationsView.svelte';
import { fakeApi, signIn } from './fake-api.test-support';
import MyAssignmentsView from './MyAssignmentsView.svelte';

function assignment(assignmentId: number, status: MyAssignmentResponse['status']): MyAssignmentResponse {
  return { assignmentId, status, credentialId: 1, credentialTitle: 'Performance Assessment Design', rubricVersion: status === 'pending' ? 2 : 1, assignedAt: '2026-03-01T10:00:00.000Z' };
}

function page(items: MyAssignmentResponse[]): MyAssignmentPageResponse {
  return { items, total: items.length, page: 1, pageSize: 20 };
}

describe('MyAssignmentsView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signIn(['assessor']);
    session.restore();
    history.replaceState(null, '', '/my/assignments');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists pending assignments first, each linking to its scoring form, and says how many wait', async () => {
    const api = fakeApi({
      'GET /api/my/assignments?status=pending&page=1&pageSize=20': { status: 200, body: page([assignment(154, 'pending')]) },
      'GET /api/my/assignments?status=scored&page=1&pageSize=20': { status: 200, body: page([assignment(1, 'scored'), assignment(12, 'scored')]) },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MyAssignmentsView);

    const table = await screen.findByRole('table');
    const links = within(table).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('aria-label'))).toEqual(['Score assignment 154', 'View assignment 1', 'View assignment 12']);
    expect(links[0]!.getAttribute('href')).toBe('/assignments/154');
    expect(screen.getByText(/assignment waits for your score/).textContent).toContain('1');
    expect(within(table).getAllByText('Pending')).toHaveLength(1);
  });

  it('shows only the chosen status and keeps it in the URL', async () => {
    const api = fakeApi({
      'GET /api/my/assignments?status=pending&page=1&pageSize=20': { status: 200, body: page([assignment(154, 'pending')]) },
      'GET /api/my/assignments?status=scored&page=1&pageSize=20': { status: 200, body: page([assignment(1, 'scored')]) },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MyAssignmentsView);
    await screen.findByRole('table');

    await fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'scored' } });
    await waitFor(() => expect(location.search).toBe('?status=scored'));
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('link').map((link) => link.getAttribute('aria-label'))).toEqual(['View assignment 1']));
  });

  it('says so when there is nothing to score', async () => {
    vi.stubGlobal('fetch', fakeApi({ 'GET /api/my/assignments': { status: 200, body: page([]) } }).fetch);
    render(MyAssignmentsView);
    expect(await screen.findByText('Nothing to score right now.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Start scoring' })).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('names each link by the words it shows, so the accessible name contains the visible label', async () => {
    const api = fakeApi({
      'GET /api/my/assignments?status=pending&page=1&pageSize=20': { status: 200, body: page([assignment(154, 'pending')]) },
      'GET /api/my/assignments?status=scored&page=1&pageSize=20': { status: 200, body: page([assignment(1, 'scored')]) },
      'GET /api/my/assignments?status=pending&page=1&pageSize=2': { status: 200, body: page([assignment(154, 'pending')]) },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MyAssignmentsView);
    const links = within(await screen.findByRole('table')).getAllByRole('link');
    expect(links.map((link) => link.textContent!.replace(/\s+/g, ' ').trim())).toEqual(['Score assignment 154', 'View assignment 1']);
    for (const link of links) {
      const visible = link.textContent!.replace(/\s+/g, ' ').trim().toLowerCase();
      expect((link.getAttribute('aria-label') ?? visible).toLowerCase()).toContain(visible);
    }
  });

  it('shows the progress of this sitting and links straight to the oldest pending assignment', async () => {
    sessionStorage.setItem(SITTING_KEY, JSON.stringify({ userId: 9, scored: [150] }));
    const api = fakeApi({
      'GET /api/my/assignments?status=pending&page=1&pageSize=2': { status: 200, body: { ...page([assignment(154, 'pending'), assignment(160, 'pending')]), total: 2 } },
      'GET /api/my/assignments': { status: 200, body: page([]) },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MyAssignmentsView);
    const bar = await screen.findByRole('progressbar');
    expect([bar.getAttribute('value'), bar.getAttribute('max'), bar.textContent]).toEqual(['1', '3', '1 of 3 scored']);
    expect(screen.getByRole('link', { name: 'Score the next assignment' }).getAttribute('href')).toBe('/assignments/154');
  });

  it('offers "Start scoring" before anything is scored in this sitting', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({
        'GET /api/my/assignments?status=scored&page=1&pageSize=20': { status: 200, body: page([]) },
        'GET /api/my/assignments': { status: 200, body: page([assignment(160, 'pending')]) },
      }).fetch,
    );
    render(MyAssignmentsView);
    expect((await screen.findByRole('link', { name: 'Start scoring' })).getAttribute('href')).toBe('/assignments/160');
    expect(screen.getByRole('progressbar').textContent).toBe('0 of 1 scored');
  });
});

const noneRecorded = { 'GET /api/adjudications/recorded': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } } };

const recordedCases: RecordedCasePageResponse = {
  items: [
    {
      submissionId: 44,
      credentialId: 1,
      credentialTitle: 'Performance Assessment Design',
      rubricVersion: 2,
      studySequence: 9,
      recordedAt: '2026-03-02T11:00:00.000Z',
      rows: [
        { rowKey: 'learning_targets', rowTitle: 'Alignment to learning targets', level: '3', levelLabel: 'Proficient', disagreed: false, reason: null },
        { rowKey: 'scoring_tool', rowTitle: 'Quality of the scoring tool', level: '2', levelLabel: 'Developing', disagreed: true, reason: 'rubric_unclear' },
      ],
    },
    {
      submissionId: 31,
      credentialId: 1,
      credentialTitle: 'Performance Assessment Design',
      rubricVersion: 2,
      studySequence: 7,
      recordedAt: '2026-03-01T09:30:00.000Z',
      rows: [{ rowKey: 'learning_targets', rowTitle: 'Alignment to learning targets', level: '4', levelLabel: 'Exemplary', disagreed: true, reason: 'assessor_error' }],
    },
  ],
  total: 2,
  page: 1,
  pageSize: 20,
};

describe('AdjudicationsView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signIn(['adjudicator']);
    history.replaceState(null, '', '/adjudications');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('links each waiting submission to its side-by-side view', async () => {
    const queue: AdjudicationQueuePageResponse = {
      items: [{ submissionId: 31, credentialId: 1, credentialTitle: 'Performance Assessment Design', rubricVersion: 1, studySequence: 7 }],
      total: 1,
      page: 1,
      pageSize: 20,
    };
    vi.stubGlobal('fetch', fakeApi({ 'GET /api/adjudications': { status: 200, body: queue }, ...noneRecorded }).fetch);
    render(AdjudicationsView);
    const link = await screen.findByRole('link', { name: 'Adjudicate submission 31' });
    expect(link.getAttribute('href')).toBe('/adjudications/31');
    expect(screen.getByText('#7')).toBeTruthy();
  });

  it('says so when no disagreement waits, and shows a failure with a retry', async () => {
    const api = fakeApi({
      'GET /api/adjudications': [
        { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' } },
        { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } },
      ],
      ...noneRecorded,
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationsView);
    expect((await screen.findByRole('alert')).textContent).toContain('The server failed');
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No disagreements waiting.')).toBeTruthy();
  });

  const waiting: AdjudicationQueuePageResponse = {
    items: [{ submissionId: 31, credentialId: 1, credentialTitle: 'Performance Assessment Design', rubricVersion: 1, studySequence: 7 }],
    total: 1,
    page: 1,
    pageSize: 20,
  };

  it('takes the next case for the adjudicator alone and opens it', async () => {
    const api = fakeApi({
      'GET /api/adjudications': { status: 200, body: waiting },
      ...noneRecorded,
      'POST /api/adjudications/claim': {
        status: 200,
        body: { submissionId: 44, credentialId: 1, credentialTitle: 'Performance Assessment Design', rubricVersion: 1, studySequence: 9, claimedUntil: '2026-03-01T10:30:00.000Z' },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Take the next case' }));
    await waitFor(() => expect(location.pathname).toBe('/adjudications/44'));
  });

  it('says so when every waiting case is held by another adjudicator (204)', async () => {
    const api = fakeApi({
      'GET /api/adjudications': { status: 200, body: waiting },
      ...noneRecorded,
      'POST /api/adjudications/claim': { status: 204 },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Take the next case' }));
    expect((await screen.findByRole('status')).textContent).toContain('every waiting case is held by another adjudicator');
    expect(location.pathname).toBe('/adjudications');
  });

  describe('the cases recorded', () => {
    const emptyQueue = { 'GET /api/adjudications': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } } };

    it('lists the cases this adjudicator recorded, newest first, with the date and the final level of every row', async () => {
      const api = fakeApi({ ...emptyQueue, 'GET /api/adjudications/recorded': { status: 200, body: recordedCases } });
      vi.stubGlobal('fetch', api.fetch);
      render(AdjudicationsView);

      const section = await screen.findByRole('region', { name: 'Cases you recorded' });
      const table = await within(section).findByRole('table');
      const rows = within(table).getAllByRole('row').slice(1);
      expect(rows).toHaveLength(2);
      expect(within(rows[0]!).getByRole('link', { name: 'Submission 44' }).getAttribute('href')).toBe('/adjudications/44');
      expect(within(rows[1]!).getByRole('link', { name: 'Submission 31' }).getAttribute('href')).toBe('/adjudications/31');
      const first = rows[0]!.textContent!.replace(/\s+/g, ' ');
      expect(first).toContain('Alignment to learning targets: Proficient');
      expect(first).toContain('Quality of the scoring tool: Developing');
      expect(first).toContain(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-03-02T11:00:00.000Z')));
      expect(first).toContain('Performance Assessment Design · version 2');
      // only the rows the readers disagreed on are marked
      const items = within(rows[0]!).getAllByRole('listitem');
      expect(items.map((item) => item.textContent!.includes('≠ readers disagreed'))).toEqual([false, true]);
      expect(within(section).getByText(/2 cases, newest first/)).toBeTruthy();
      expect(api.callsTo('GET', '/api/adjudications/recorded')[0]!.query.get('page')).toBe('1');
      // the queue above still says nothing waits
      expect(screen.getByText('No disagreements waiting.')).toBeTruthy();
    });

    it('says so when nothing is recorded yet', async () => {
      vi.stubGlobal('fetch', fakeApi({ ...emptyQueue, ...noneRecorded }).fetch);
      render(AdjudicationsView);
      expect(await screen.findByText('You have not recorded any adjudication yet.')).toBeTruthy();
    });

    it('pages the recorded cases through the URL, leaving the queue on its page', async () => {
      const api = fakeApi({ ...emptyQueue, 'GET /api/adjudications/recorded': { status: 200, body: { ...recordedCases, total: 45 } } });
      vi.stubGlobal('fetch', api.fetch);
      render(AdjudicationsView);
      const pager = await screen.findByRole('navigation', { name: 'Pages of the cases you recorded' });
      await fireEvent.click(within(pager).getByRole('button', { name: 'Next page' }));
      await waitFor(() => expect(location.search).toBe('?recorded=2'));
      await waitFor(() => expect(api.callsTo('GET', '/api/adjudications/recorded').map((call) => call.query.get('page'))).toEqual(['1', '2']));
      expect(api.callsTo('GET', '/api/adjudications').every((call) => call.query.get('page') === '1')).toBe(true);
    });
  });
});
