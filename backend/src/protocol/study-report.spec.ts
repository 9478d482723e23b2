import { describe, expect, it } from 'vitest';
import { computeMetrics, tableFromCodes } from '../stats/index.js';
import { agreementTrend, studyReport, type StudyInput, type StudyRow, type StudySubmission } from './study-report.js';

const ordinalRow: StudyRow = { key: 'tool', title: 'Scoring tool', scale: 'ordinal', categories: [1, 2, 3, 4], levelLabels: ['B', 'D', 'P', 'E'] };
const binaryRow: StudyRow = { key: 'shared', title: 'Criteria shared', scale: 'nominal', categories: ['no', 'yes'], levelLabels: ['No', 'Yes'] };

/**
 * Two readers: `pairs` gives [level of A, level of B] (level values 1..4) per submission for the
 * ordinal row; `adjudicate` the final level value. Readings hold level indices (value - 1).
 */
function study(pairs: [number, number][], extra: Partial<StudyInput> = {}, adjudicate?: (i: number) => number | undefined): StudyInput {
  const submissions: StudySubmission[] = pairs.map(([va, vb], i) => {
    const [a, b] = [va - 1, vb - 1];
    const finalValue = adjudicate?.(i);
    const final = finalValue === undefined ? undefined : finalValue - 1;
    return {
      sequence: i + 1,
      readings: [
        { slot: 1, assessorId: i % 2 ? 'ann' : 'bob', levels: { tool: a, shared: 1 }, comments: (a !== b ? { tool: `comment ${i + 1}` } : {}) as Record<string, string> },
        { slot: 2, assessorId: i % 2 ? 'cy' : 'dee', levels: { tool: b, shared: 1 } },
      ],
      adjudication: a !== b && final !== undefined ? { levels: { tool: final, shared: 1 }, reasons: { tool: { reason: 'rubric_unclear', note: 'levels overlap' } } } : null,
    };
  });
  return { rows: [ordinalRow, binaryRow], submissions, readersPerSubmission: 2, targetSubmissions: pairs.length, threshold: 0.8, seed: 1, status: 'complete', ...extra };
}

describe('agreementTrend(points, window)', () => {
  it('gives the running mean and the mean of the last `window` points', () => {
    const t = agreementTrend([1, 0, 1, 1].map((agreement, i) => ({ sequence: i + 1, agreement })), 2);
    expect(t.map((p) => p.cumulative)).toEqual([1, 0.5, 2 / 3, 0.75]);
    expect(t.map((p) => p.rolling)).toEqual([1, 0.5, 0.5, 1]);
  });
});

describe('studyReport(input)', () => {
  const pairs: [number, number][] = [[1, 1], [2, 3], [3, 3], [2, 3], [4, 4], [3, 2], [1, 1], [2, 2], [3, 4], [4, 4]];

  it('gives per row the same numbers as the engine on the reader-slot matrix', () => {
    const report = studyReport(study(pairs));
    const row = report.rows.find((r) => r.criterion === 'tool')!;
    const codes = Int32Array.from(pairs.flat().map((v) => v - 1));
    const expected = computeMetrics(tableFromCodes(codes, pairs.length, 2, [1, 2, 3, 4]), 'ordinal', { seed: 1 });
    expect(row.metrics).toEqual(expected);
    expect(row.units).toBe(10);
    expect(row.raters).toBe(2);
    expect(row.matrix.kind).toBe('confusion');
    expect(row.verdict).toBe('needs_revision');
    expect(row.trend).toHaveLength(10);
    expect(row.trend[9].cumulative).toBeCloseTo(0.6, 12);
    expect(row.closed_at).toBe(10);
  });

  it('counts which levels are confused and how adjudication settled them', () => {
    const report = studyReport(study(pairs, {}, (i) => (i === 8 ? 4 : 2)));
    const row = report.rows.find((r) => r.criterion === 'tool')!;
    expect(row.confusions[0]).toEqual({ lower: 2, higher: 3, count: 3, settledLower: 3, settledHigher: 0, settledOther: 0, pending: 0 });
    expect(row.confusions[1]).toEqual({ lower: 3, higher: 4, count: 1, settledLower: 0, settledHigher: 1, settledOther: 0, pending: 0 });
    expect(row.adjudication_reasons).toEqual({ rubric_unclear: 4, evidence_ambiguous: 0, assessor_error: 0, other: 0 });
    expect(row.comments.map((c) => c.sequence)).toEqual([2, 4, 6, 9]);
    expect(row.comments[0]).toEqual({ sequence: 2, reader: 'A', level: 2, comment: 'comment 2' });
  });

  it('gives an early signal only while the window collects, as its decision', () => {
    const bad: [number, number][] = Array.from({ length: 40 }, (_, i) => (i % 2 ? [2, 3] : [1, 1]));
    const collecting = studyReport(study(bad, { status: 'collecting', targetSubmissions: 50 }));
    // 20 of 40 agreeing pairs crosses the lower boundary at look 40 of 50; 40 of 40 the upper one
    expect(collecting.rows[0].early_signal).toBe('likely_needs_revision');
    expect(collecting.rows[0].decision).toBe('likely_needs_revision');
    expect(collecting.rows[0].closed_at).toBeNull();
    expect(collecting.rows[1].early_signal).toBe('likely_validated');
    expect(collecting.rows[1].decision).toBe('likely_validated');
    const done = studyReport(study(bad, { targetSubmissions: 40 }));
    expect(done.rows[0].early_signal).toBeNull();
    expect(done.rows[0].decision).toBe('needs_revision');
    expect(done.rows[1].decision).toBe('validated');
  });

  it('is too early below twenty paired submissions: one disagreement is no signal', () => {
    const first: [number, number][] = [[1, 2], ...Array.from({ length: 18 }, (): [number, number] => [3, 3])];
    const early = studyReport(study(first, { status: 'collecting', targetSubmissions: 50 }));
    expect(early.rows[0].decision).toBe('too_early');
    expect(early.rows[0].early_signal).toBe('too_early');
    const later = studyReport(study([...first, [3, 3]], { status: 'collecting', targetSubmissions: 50 }));
    expect(later.rows[0].decision).toBe('undetermined');
    const configured = studyReport(study(first, { status: 'collecting', targetSubmissions: 50, minimumPaired: 10 }));
    expect(configured.rows[0].decision).toBe('undetermined');
  });

  it('reports a row without two scores as undefined once the window is closed and too early while it collects', () => {
    const lonely: StudyInput = { ...study([[1, 1]]), submissions: [{ sequence: 1, readings: [{ slot: 1, assessorId: 'ann', levels: { tool: 0, shared: 1 } }] }] };
    expect(studyReport(lonely).rows[0].decision).toBe('undefined');
    expect(studyReport({ ...lonely, status: 'collecting' }).rows[0].decision).toBe('too_early');
  });

  it('finds a lenient assessor: one level above the final every time', () => {
    const input = study([[2, 3], [2, 3], [1, 2], [3, 4]], {}, (i) => [2, 2, 1, 3][i]);
    input.submissions.forEach((s) => {
      s.readings[0].assessorId = 'fair';
      s.readings[1].assessorId = 'generous';
    });
    const report = studyReport(input);
    const generous = report.assessors.find((a) => a.assessorId === 'generous')!;
    const fair = report.assessors.find((a) => a.assessorId === 'fair')!;
    // 'tool' row: generous is +1 on all four; 'shared' row: both agree with the final.
    expect(generous.meanSignedDifference).toBeCloseTo(4 / 8, 12);
    expect(generous.severity).toBe('lenient');
    expect(generous.differences).toEqual({ n: 4, higher: 4, lower: 0, meanSteps: 1 });
    expect(fair.meanSignedDifference).toBe(0);
    // never differed from the final level: no direction to read
    expect(fair.severity).toBeNull();
    expect(generous.finalAgreement).toBe(4 / 8);
    expect(report.assessorPairs).toEqual([
      { a: 'fair', b: 'generous', sharedSubmissions: 4, compared: 8, agreement: 0.5, interval: expect.any(Array), reliable: false },
    ]);
  });

  it('measures agreement on the overall pass/fail decision', () => {
    // pass needs tool >= 3 (second highest of 4) and shared = yes
    const report = studyReport(study([[3, 3], [2, 3], [4, 4], [1, 1]]));
    expect(report.decision.units).toBe(4);
    expect(report.decision.metrics!.percent_agreement!.value).toBe(0.75);
    expect(report.decision.passRateByReader).toEqual([
      { reader: 'reader A', passRate: 0.5, n: 4 },
      { reader: 'reader B', passRate: 0.75, n: 4 },
    ]);
  });

  it('reports a row nobody has double-scored yet without failing', () => {
    const input = study([[1, 1]], { status: 'collecting', targetSubmissions: 50 });
    input.submissions[0].readings[1].levels = null;
    const report = studyReport(input);
    expect(report.rows[0].metrics).toEqual({});
    expect(report.rows[0].notes[0]).toContain('No submission');
    expect(report.decision.metrics).toBeNull();
  });
});
