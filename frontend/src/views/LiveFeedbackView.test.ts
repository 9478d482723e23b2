import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveFeedbackResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import { rubricVersion, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import LiveFeedbackView from './LiveFeedbackView.svelte';

function scoring(assignmentId: number, matched: boolean): LiveFeedbackResponse {
  return {
    assignmentId,
    credentialId: 1,
    credentialTitle: 'Performance Assessment Design',
    rubricVersion: 1,
    scoredAt: '2026-01-05T10:00:00.000Z',
    windowCompletedAt: '2026-01-20T10:00:00.000Z',
    rows: [
      { key: 'scoring_tool', myLevel: '3', finalLevel: matched ? '3' : '2', matched },
      { key: 'criteria', myLevel: 'yes', finalLevel: 'yes', matched: true },
    ],
  };
}

describe('LiveFeedbackView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['assessor']);
    history.replaceState(null, '', '/my/feedback');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows each of the assessor’s scorings beside the final levels, with the rubric’s names', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({
        'GET /api/my/live-feedback': { status: 200, body: { items: [scoring(154, false), scoring(12, true)], total: 2, page: 1, pageSize: 20 } },
        'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
      }).fetch,
    );
    render(LiveFeedbackView);

    const first = (await screen.findAllByRole('article'))[0]!;
    expect(first.textContent).toContain('1 of 2 rows matched');
    const tool = await within(first).findByRole('row', { name: /Quality of the scoring tool/ });
    expect([...tool.querySelectorAll('td')].map((cell) => cell.textContent?.trim())).toEqual(['Proficient', 'Developing', '✗ Different']);
    expect(within(first).getByRole('row', { name: /Success criteria shared/ }).textContent).toContain('✓ Matched');
    expect(screen.getByText(/On this page you matched the final level on/).textContent).toContain('3 of 4');
    expect(screen.queryByText(/Previous page/)).toBeNull();
  });

  it('pages through the URL', async () => {
    const api = fakeApi({
      'GET /api/my/live-feedback?page=1&pageSize=20': { status: 200, body: { items: [scoring(1, true)], total: 21, page: 1, pageSize: 20 } },
      'GET /api/my/live-feedback?page=2&pageSize=20': { status: 200, body: { items: [scoring(2, false)], total: 21, page: 2, pageSize: 20 } },
      'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(LiveFeedbackView);

    await fireEvent.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(new URLSearchParams(location.search).get('page')).toBe('2');
    await waitFor(() => expect(screen.getByText(/Showing 21–21 of 21/)).toBeTruthy());
  });

  it('says what will appear when no window has completed yet', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({ 'GET /api/my/live-feedback': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } }, }).fetch,
    );
    render(LiveFeedbackView);

    expect(await screen.findByText(/No completed validation window has your scores yet/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to my calibration' })).toBeTruthy();
  });

  it('says so when the scores cannot be read', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({ 'GET /api/my/live-feedback': { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'down' } }, }).fetch,
    );
    render(LiveFeedbackView);

    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the server');
  });
});
