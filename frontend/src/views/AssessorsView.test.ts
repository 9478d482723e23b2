import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReportResponse, RubricVersionSummaryResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import AssessorsView from './AssessorsView.svelte';
import { reportFixture, signInAs, stubFetch } from './report-fixture.test-support';

const versions: RubricVersionSummaryResponse[] = [
  { version: 1, previousVersion: null, createdAt: '', locked: true, validationStatus: 'complete' },
  { version: 2, previousVersion: 1, createdAt: '', locked: true, validationStatus: 'collecting' },
  { version: 3, previousVersion: 2, createdAt: '', locked: false, validationStatus: null },
];

const report: ReportResponse = reportFixture({
  rubricVersion: 2,
  assessors: [
    { assessorId: 1, name: 'Bea Nwosu', scored: 12, coReaderAgreement: 0.92, coReaderPairs: 72, finalAgreement: 0.95, finalCompared: 72, meanSignedDifference: -0.31, severity: 'harsh' },
    { assessorId: 2, name: 'Alex Moreno', scored: 11, coReaderAgreement: 0.8, coReaderPairs: 66, finalAgreement: 0.9, finalCompared: 66, meanSignedDifference: 0.02, severity: 'balanced' },
  ],
  assessorPairs: [{ a: 1, b: 2, aName: 'Bea Nwosu', bName: 'Alex Moreno', compared: 24, agreement: 0.875 }],
});

describe('AssessorsView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
    history.replaceState(null, '', '/assessors');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the newest version with a study by default and shows each assessor, the pairs and the severities', async () => {
    const { calls } = stubFetch({
      'GET /api/credentials': { status: 200, body: { items: [{ id: 1, title: 'Performance Assessment Design', description: '', createdAt: '', latestVersion: 3 }], total: 1, page: 1, pageSize: 200 } },
      'GET /api/credentials/1/rubric-versions': { status: 200, body: versions },
      'GET /api/credentials/1/rubric-versions/2/report': { status: 200, body: report },
    });
    const { container } = render(AssessorsView);
    const table = await screen.findByRole('table', { name: /Each assessor/ });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()));
    expect(rows).toEqual([
      ['Alex Moreno', '11', '80% of 66 row pairs', '90% of 66 rows', '+0.02', 'severity: Balanced'],
      ['Bea Nwosu', '12', '92% of 72 row pairs', '95% of 72 rows', '−0.31', 'severity: Harsh'],
    ]);
    expect(calls.map((call) => call.url)).toContain('/api/credentials/1/rubric-versions/2/report');
    expect(container.querySelectorAll('.pairwise-heatmap svg rect.cell')).toHaveLength(2);
    expect(container.querySelector('.severity-plot g.assessor.harsh text.name')?.textContent).toContain('Bea Nwosu');
  });

  it('says so when no version has a validation window', async () => {
    stubFetch({
      'GET /api/credentials': { status: 200, body: { items: [{ id: 1, title: 'Draft credential', description: '', createdAt: '', latestVersion: 1 }], total: 1, page: 1, pageSize: 200 } },
      'GET /api/credentials/1/rubric-versions': { status: 200, body: [versions[2]!] },
    });
    render(AssessorsView);
    expect(await screen.findByText(/No version of this credential has a validation window yet/)).toBeTruthy();
  });
});
