import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AnchorsView from './AnchorsView.svelte';
import { rubricVersion, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';

describe('AnchorsView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['assessor']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows each anchor’s evidence with the true level of every row and why', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({
        'GET /api/my/calibration/credentials/1/anchors': {
          status: 200,
          body: {
            credentialId: 1,
            rubricVersion: 1,
            items: [
              {
                id: 7,
                evidence: { text: 'A unit plan with an analytic rubric.', url: 'https://example.org/plan/7' },
                rows: [
                  { key: 'scoring_tool', trueLevel: '3', rationale: 'Every level names observable features.' },
                  { key: 'criteria', trueLevel: 'yes', rationale: null },
                ],
              },
            ],
          },
        },
        'GET /api/credentials/1/rubric-versions/1': { status: 200, body: rubricVersion },
      }).fetch,
    );
    render(AnchorsView, { props: { credentialId: 1 } });

    const anchor = await screen.findByRole('article', { name: 'Anchor 1' });
    expect(within(anchor).getByText('A unit plan with an analytic rubric.')).toBeTruthy();
    expect(within(anchor).getByRole('link', { name: /example\.org\/plan\/7/ }).getAttribute('target')).toBe('_blank');
    const tool = await within(anchor).findByRole('row', { name: /Quality of the scoring tool/ });
    expect([...tool.querySelectorAll('td')].map((cell) => cell.textContent?.trim())).toEqual(['Proficient', 'Every level names observable features.']);
    expect(within(anchor).getByRole('row', { name: /Success criteria shared/ }).textContent).toContain('No rationale written');
  });

  it('says so when the credential has no calibration material', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({ 'GET /api/my/calibration/credentials/1/anchors': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'credential 1 has no calibration material yet' } } }).fetch,
    );
    render(AnchorsView, { props: { credentialId: 1 } });

    expect(await screen.findByText(/no calibration material yet, so there are no anchors to study/)).toBeTruthy();
  });
});
