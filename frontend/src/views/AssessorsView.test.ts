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

type AssessorRow = ReportResponse['assessors'][number];

function rate(value: number, n: number) {
  return { value, n, interval: [value - 0.05, Math.min(1, value + 0.04)] };
}

/** An assessor row of the report: in control and uneventful unless told otherwise. */
function assessor(assessorId: number, name: string, changes: Partial<AssessorRow>): AssessorRow {
  const row: AssessorRow = {
    assessorId,
    name,
    scored: 10,
    coReaderAgreement: null,
    coReaderPairs: 0,
    finalAgreement: null,
    finalCompared: 0,
    meanSignedDifference: 0,
    severity: null,
    coReader: rate(0.9, 60),
    exact: rate(0.9, 60),
    adjacent: rate(1, 40),
    pending: 0,
    qwk: 0.9,
    smd: 0.01,
    meetsQwkNorm: true,
    meetsSmdNorm: true,
    differences: { n: 0, higher: 0, lower: 0, meanSteps: null },
    direction: null,
    assessorErrors: 0,
    ...changes,
  };
  return { ...row, coReaderAgreement: row.coReader.value, coReaderPairs: row.coReader.n, finalAgreement: row.exact.value, finalCompared: row.exact.n, direction: row.severity };
}

const report: ReportResponse = reportFixture({
  rubricVersion: 2,
  assessors: [
    assessor(1, 'Bea Nwosu', { scored: 12, coReader: rate(0.92, 72), exact: rate(0.95, 60), pending: 12, meanSignedDifference: -0.31, severity: 'harsh', differences: { n: 3, higher: 0, lower: 3, meanSteps: -1 }, qwk: 0.64, meetsQwkNorm: false, smd: -0.2, meetsSmdNorm: false, assessorErrors: 2 }),
    assessor(2, 'Alex Moreno', { scored: 11, coReader: rate(0.8, 66), exact: rate(0.9, 66), meanSignedDifference: 0.02, severity: null }),
  ],
  assessorPairs: [
    { a: 1, b: 2, aName: 'Bea Nwosu', bName: 'Alex Moreno', sharedSubmissions: 4, compared: 24, agreement: 0.875, interval: [0.7, 0.96], reliable: false },
  ],
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
      ['Alex Moreno', '11', '80% of 66 row pairs 75%–84%', '90% of 66 rows 85%–94%', '100% of 40 rows', '0.90', '+0.01', 'none too few differences to lean', '0'],
      [
        'Bea Nwosu',
        '12',
        '92% of 72 row pairs 87%–96%',
        '95% of 60 rows 90%–99% 12 pending',
        '100% of 40 rows',
        '0.64 below 0.70',
        '−0.20 beyond ±0.15',
        '0 above, 3 below mean −1.0 levels severity: Harsh',
        '2',
      ],
    ]);
    expect(calls.map((call) => call.url)).toContain('/api/credentials/1/rubric-versions/2/report');
    expect(container.querySelectorAll('.pairwise-heatmap svg rect.cell')).toHaveLength(2);
    // 4 shared submissions: shown with its n, greyed
    expect(container.querySelector('.pairwise-heatmap svg text.count')?.textContent).toBe('n 4');
    expect(container.querySelector('.pairwise-heatmap svg text.value.unreliable')).not.toBeNull();
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
