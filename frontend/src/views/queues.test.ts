import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdjudicationQueuePageResponse, MyAssignmentPageResponse, MyAssignmentResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
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
  });
});

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
    vi.stubGlobal('fetch', fakeApi({ 'GET /api/adjudications': { status: 200, body: queue } }).fetch);
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
      'POST /api/adjudications/claim': { status: 204 },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AdjudicationsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Take the next case' }));
    expect((await screen.findByRole('status')).textContent).toContain('every waiting case is held by another adjudicator');
    expect(location.pathname).toBe('/adjudications');
  });
});
