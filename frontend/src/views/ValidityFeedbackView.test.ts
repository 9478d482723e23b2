import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { rubricVersion, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import { validityFeedback } from './monitoring-fixture.test-support';
import ValidityFeedbackView from './ValidityFeedbackView.svelte';

describe('ValidityFeedbackView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['assessor']);
    history.replaceState(null, '', '/my/validity-feedback');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows each validity item’s evidence, the assessor’s level beside the true level with the reason, and whether they matched', async () => {
    const api = fakeApi({
      'GET /api/my/validity-feedback': {
        status: 200,
        body: { items: [validityFeedback(301), validityFeedback(288, { rows: validityFeedback(288).rows.map((row) => ({ ...row, myLevel: row.trueLevel, matched: true })) })], total: 2, page: 1, pageSize: 20 },
      },
      'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(ValidityFeedbackView);

    const [first, second] = await screen.findAllByRole('article');
    expect(first!.textContent).toContain('1 of 2 rows matched');
    expect(within(first!).getByRole('region', { name: 'Evidence' }).textContent).toContain('Unit plan 301: a task brief with a checklist of observable features.');
    const tool = await within(first!).findByRole('row', { name: /Quality of the scoring tool/ });
    expect([...tool.querySelectorAll('td')].map((cell) => cell.textContent?.trim())).toEqual(['Proficient', 'Developing', '✗ Different', 'Quality words without observable features.']);
    const criteria = within(first!).getByRole('row', { name: /Success criteria shared/ });
    expect([...criteria.querySelectorAll('td')].map((cell) => cell.textContent?.trim())).toEqual(['Evident', 'Evident', '✓ Matched', 'No reason was written.']);
    expect(second!.textContent).toContain('2 of 2 rows matched');
    expect(screen.getByText(/On this page you matched the true level on/).textContent).toContain('3 of 4');
    expect(api.callsTo('GET', '/api/my/validity-feedback')[0]!.query.get('pageSize')).toBe('20');
  });

  it('pages through the URL', async () => {
    const api = fakeApi({
      'GET /api/my/validity-feedback?page=1&pageSize=20': { status: 200, body: { items: [validityFeedback(1)], total: 21, page: 1, pageSize: 20 } },
      'GET /api/my/validity-feedback?page=2&pageSize=20': { status: 200, body: { items: [validityFeedback(2)], total: 21, page: 2, pageSize: 20 } },
      'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(ValidityFeedbackView);

    await fireEvent.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(new URLSearchParams(location.search).get('page')).toBe('2');
    await waitFor(() => expect(screen.getByText(/Showing 21–21 of 21/)).toBeTruthy());
    expect(screen.getByRole('article').textContent).toContain('Unit plan 2:');
  });

  it('explains the 24-hour delay when there is no feedback yet', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({ 'GET /api/my/validity-feedback': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } }, }).fetch,
    );
    render(ValidityFeedbackView);

    expect(await screen.findByText(/No validity feedback yet\. An item you score appears here 24 hours later, never sooner/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to my calibration' }).getAttribute('href')).toBe('/my/calibration');
  });

  it('says so when the feedback cannot be read', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({ 'GET /api/my/validity-feedback': { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'down' } }, }).fetch,
    );
    render(ValidityFeedbackView);

    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the server');
  });
});
