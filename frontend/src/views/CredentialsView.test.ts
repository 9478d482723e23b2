import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialPageResponse, RubricVersionSummaryResponse, ValidationWindowResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import CredentialsView from './CredentialsView.svelte';
import { reportFixture, signInAs, stubFetch } from './report-fixture.test-support';

const page: CredentialPageResponse = {
  items: [{ id: 1, title: 'Performance Assessment Design', description: 'Educators design an assessment.', createdAt: '2026-01-01T00:00:00.000Z', latestVersion: 3 }],
  total: 1,
  page: 1,
  pageSize: 20,
};

const versions: RubricVersionSummaryResponse[] = [
  { version: 1, previousVersion: null, createdAt: '2026-01-01T00:00:00.000Z', locked: true, validationStatus: 'complete' },
  { version: 2, previousVersion: 1, createdAt: '2026-02-01T00:00:00.000Z', locked: true, validationStatus: 'adjudicating' },
  { version: 3, previousVersion: 2, createdAt: '2026-03-01T00:00:00.000Z', locked: false, validationStatus: null },
];

function windowOf(version: number, status: ValidationWindowResponse['status'], progress: Partial<ValidationWindowResponse['progress']>): ValidationWindowResponse {
  return {
    id: version,
    credentialId: 1,
    rubricVersion: version,
    status,
    targetSubmissions: 50,
    readersPerSubmission: 2,
    threshold: 0.8,
    minimumPaired: 20,
    seed: 1,
    readersCertified: false,
    openedAt: '',
    adjudicatingAt: null,
    completedAt: null,
    progress: { studySubmissions: 50, targetSubmissions: 50, scoresExpected: 100, scoresReceived: 100, fullyScoredSubmissions: 50, disagreeingSubmissions: 10, adjudicatedSubmissions: 10, awaitingAdjudication: 0, ...progress },
  };
}

const BASE = '/api/credentials/1/rubric-versions';

describe('CredentialsView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['researcher']);
    history.replaceState(null, '', '/');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists each credential’s versions, newest first, with the window’s phase, the verdict counts and links', async () => {
    const { calls } = stubFetch({
      'GET /api/credentials': { status: 200, body: page },
      [`GET ${BASE}`]: { status: 200, body: versions },
      [`GET ${BASE}/1/validation`]: { status: 200, body: windowOf(1, 'complete', {}) },
      [`GET ${BASE}/2/validation`]: { status: 200, body: windowOf(2, 'adjudicating', { disagreeingSubmissions: 9, adjudicatedSubmissions: 3, awaitingAdjudication: 6 }) },
      [`GET ${BASE}/1/report`]: { status: 200, body: reportFixture() },
      [`GET ${BASE}/2/report`]: { status: 200, body: reportFixture({ rubricVersion: 2, summary: { rows: 5, validated: 3, meetsRuleNotDemonstrated: 2, needsRevision: 0, likelyValidated: 0, likelyNeedsRevision: 0, undetermined: 0, tooEarly: 0, undefined: 0 } }) },
    });
    const { container } = render(CredentialsView);
    expect(await screen.findByRole('heading', { name: 'Performance Assessment Design' })).toBeTruthy();
    await waitFor(() => expect(container.textContent).toContain('Adjudicating 6 left'));
    await waitFor(() => expect(container.querySelector('[data-version="1"]')?.textContent).toContain('needing revision'));

    const lines = [...container.querySelectorAll<HTMLElement>('li.version-line')];
    expect(lines.map((line) => line.getAttribute('data-version'))).toEqual(['3', '2', '1']);
    const [third, second, first] = lines as [HTMLElement, HTMLElement, HTMLElement];
    expect(third.textContent).toContain('no validation window yet');
    expect(within(third).queryByRole('link')).toBeNull();
    expect(second.textContent?.replace(/\s+/g, ' ')).toContain('3 validated 2 not yet demonstrated 0 needing revision');
    expect(first.textContent).toContain('Complete');
    expect(first.textContent?.replace(/\s+/g, ' ')).toContain('1 validated 1 not yet demonstrated 1 needing revision');
    expect(within(first).getByRole('link', { name: 'Report for version 1' }).getAttribute('href')).toBe('/credentials/1/versions/1/report');
    expect(screen.getByRole('link', { name: 'Compare v2 with v3' }).getAttribute('href')).toBe('/credentials/1/compare?from=2&to=3');
    expect(calls.some((call) => call.url.startsWith(`${BASE}/3/`))).toBe(false);
    expect(calls[0]!.url).toBe('/api/credentials?page=1&pageSize=20');
  });

  it('says so when there are no credentials', async () => {
    stubFetch({ 'GET /api/credentials': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } } });
    render(CredentialsView);
    expect(await screen.findByText('No credentials yet.')).toBeTruthy();
  });
});
