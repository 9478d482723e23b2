import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AssessorAttemptView from './AssessorAttemptView.svelte';
import { attemptDetail, certificationDetail, rubricVersion, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';

const DETAIL = '/api/credentials/1/assessors/4/certification';

describe('AssessorAttemptView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the judgement and every item with the assessor’s level, the true level, how far off and the rationale', async () => {
    const api = fakeApi({
      [`GET ${DETAIL}/attempts/11`]: { status: 200, body: attemptDetail() },
      [`GET ${DETAIL}`]: { status: 200, body: certificationDetail() },
      'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(AssessorAttemptView, { props: { credentialId: 1, assessorId: 4, attemptId: 11 } });

    expect(await screen.findByRole('heading', { level: 1, name: 'Qualifying set A of Bea Nwosu' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '← Bea Nwosu’s certification' }).getAttribute('href')).toBe('/credentials/1/assessors/4');
    const second = screen.getByRole('region', { name: 'Item 2' });
    const tool = await within(second).findByRole('row', { name: /Quality of the scoring tool/ });
    expect([...tool.querySelectorAll('td')].map((cell) => cell.textContent?.trim())).toEqual(['Proficient', 'Beginning', 'Non-adjacent: further off', 'No tool at all.']);
    const criteria = within(second).getByRole('row', { name: /Success criteria shared/ });
    expect(criteria.textContent).toContain('No rationale written');
    expect(within(second).getByRole('columnheader', { name: 'Their level' })).toBeTruthy();
    expect(screen.getByText(/below the row’s floor of 60%/)).toBeTruthy();
  });

  it('shows nothing per item while the set is open', async () => {
    const open = attemptDetail({ status: 'in_progress', judgement: null, scored: 3, finishedAt: null, itemList: [{ assignmentId: 101, position: 1, status: 'scored', feedback: null }] });
    vi.stubGlobal(
      'fetch',
      fakeApi({
        [`GET ${DETAIL}/attempts/11`]: { status: 200, body: open },
        [`GET ${DETAIL}`]: { status: 200, body: certificationDetail() },
        'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
      }).fetch,
    );
    render(AssessorAttemptView, { props: { credentialId: 1, assessorId: 4, attemptId: 11 } });

    expect(await screen.findByText(/The set is still open/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
