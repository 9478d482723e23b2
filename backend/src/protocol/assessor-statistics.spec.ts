import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohenKappa } from '../stats/cohen-kappa.js';
import { ratingTable } from '../stats/table.js';
import { assessorStatistics, quadraticKappa, standardisedMeanDifference, type AssessorSubmission } from './assessor-statistics.js';

const ordinal = { key: 'depth', levels: 4, ordered: true };
const binary = { key: 'aim', levels: 2, ordered: true };

/** A submission read by `a` and `b` with their levels on one row, and an adjudicated level when given. */
function read(a: [string, number], b: [string, number], adjudicated?: number, reason = 'rubric_unclear'): AssessorSubmission {
  return {
    readings: [
      { assessorId: a[0], levels: { depth: a[1] } },
      { assessorId: b[0], levels: { depth: b[1] } },
    ],
    adjudication: adjudicated === undefined ? null : { levels: { depth: adjudicated }, reasons: { depth: { reason } } },
  };
}

describe('assessorStatistics(rows, submissions)', () => {
  it('counts a disagreement not yet adjudicated as pending, never as agreement with a final level', () => {
    const { assessors } = assessorStatistics([ordinal], [read(['x', 1], ['y', 3]), read(['x', 2], ['y', 2])]);
    const x = assessors.find((a) => a.assessorId === 'x')!;
    expect(x.pending).toBe(1);
    expect(x.exact).toEqual({ value: 1, n: 1, interval: expect.any(Array) });
    expect(x.coReader.value).toBe(0.5);
  });

  it('gives every rate its n and a Wilson interval that holds the rate', () => {
    const submissions = Array.from({ length: 10 }, (_, i) => read(['x', i % 4], ['y', i % 4 === 3 ? 2 : i % 4], i % 4 === 3 ? 3 : undefined));
    const x = assessorStatistics([ordinal], submissions).assessors.find((a) => a.assessorId === 'x')!;
    expect(x.exact.n).toBe(10);
    expect(x.exact.value).toBe(1);
    const [low, high] = x.exact.interval!;
    expect(low).toBeGreaterThan(0.6);
    expect(high).toBe(1);
    const y = assessorStatistics([ordinal], submissions).assessors.find((a) => a.assessorId === 'y')!;
    expect(y.exact.value).toBeCloseTo(8 / 10, 12);
    expect(y.exact.interval![0]).toBeLessThan(0.8);
    expect(y.exact.interval![1]).toBeGreaterThan(0.8);
  });

  it('reads severity from the rows where the assessor differed from the final level, however many agreed', () => {
    // 40 agreements dilute the old mean to 0.07 of a level; the 3 differences all lean lenient
    const agree = Array.from({ length: 40 }, () => read(['soft', 2], ['firm', 2]));
    const differ = [read(['soft', 3], ['firm', 2], 2), read(['soft', 3], ['firm', 1], 1), read(['soft', 2], ['firm', 1], 1)];
    const { assessors } = assessorStatistics([ordinal], [...agree, ...differ]);
    const soft = assessors.find((a) => a.assessorId === 'soft')!;
    expect(soft.differences).toEqual({ n: 3, higher: 3, lower: 0, meanSteps: 4 / 3 });
    expect(soft.direction).toBe('lenient');
    const firm = assessors.find((a) => a.assessorId === 'firm')!;
    expect(firm.differences.n).toBe(0);
    expect(firm.direction).toBeNull();
  });

  it('calls a mixed record balanced and names no direction under 3 differences', () => {
    const mixed = [read(['m', 3], ['n', 2], 2), read(['m', 1], ['n', 2], 2), read(['m', 3], ['n', 2], 2), read(['m', 1], ['n', 2], 2)];
    expect(assessorStatistics([ordinal], mixed).assessors.find((a) => a.assessorId === 'm')!.direction).toBe('balanced');
    expect(assessorStatistics([ordinal], mixed.slice(0, 2)).assessors.find((a) => a.assessorId === 'm')!.direction).toBeNull();
  });

  it('attributes assessor_error to the reader whose level was not the final one', () => {
    const { assessors } = assessorStatistics([ordinal], [read(['right', 2], ['wrong', 0], 2, 'assessor_error'), read(['right', 1], ['wrong', 3], 3, 'assessor_error')]);
    expect(assessors.find((a) => a.assessorId === 'right')!.assessorErrors).toBe(1);
    expect(assessors.find((a) => a.assessorId === 'wrong')!.assessorErrors).toBe(1);
  });

  it('counts adjacent agreement on ordered rows only, and binary rows as ordered', () => {
    const { assessors } = assessorStatistics(
      [ordinal, binary],
      [
        { readings: [{ assessorId: 'x', levels: { depth: 0, aim: 0 } }, { assessorId: 'y', levels: { depth: 1, aim: 1 } }], adjudication: { levels: { depth: 1, aim: 1 }, reasons: {} } },
        { readings: [{ assessorId: 'x', levels: { depth: 0, aim: 1 } }, { assessorId: 'y', levels: { depth: 3, aim: 1 } }], adjudication: { levels: { depth: 3 }, reasons: {} } },
      ],
    );
    const x = assessors.find((a) => a.assessorId === 'x')!;
    expect(x.adjacent).toMatchObject({ value: 3 / 4, n: 4 });
    expect(x.exact).toMatchObject({ value: 1 / 4, n: 4 });
  });

  it('marks pairs who shared fewer than 5 submissions as unreliable, with n and an interval', () => {
    const four = Array.from({ length: 4 }, () => read(['p', 1], ['q', 1]));
    expect(assessorStatistics([ordinal], four).pairs).toEqual([
      { a: 'p', b: 'q', sharedSubmissions: 4, compared: 4, agreement: 1, interval: [expect.any(Number), 1], reliable: false },
    ]);
    expect(assessorStatistics([ordinal], [...four, read(['q', 2], ['p', 2])]).pairs[0].reliable).toBe(true);
  });

  it('reports the norms as indicators: QWK >= 0.70, |SMD| <= 0.15', () => {
    const close = Array.from({ length: 20 }, (_, i) => read(['x', i % 4], ['y', i % 4]));
    const x = assessorStatistics([ordinal], close).assessors[0];
    expect(x.qwk).toBe(1);
    expect(x.smd).toBe(0);
    expect(x.meetsQwkNorm).toBe(true);
    expect(x.meetsSmdNorm).toBe(true);
  });
});

describe('quadraticKappa(pairs)', () => {
  it("equals Cohen's quadratic-weighted kappa on the levels of one scale", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 2, maxLength: 60 }), (levels) => {
        const ours = quadraticKappa(levels.map(([x, y]) => [x / 3, y / 3]));
        const table = ratingTable(levels.map(([x, y]) => [x, y]), [0, 1, 2, 3]);
        const reference = cohenKappa(table, 'quadratic').value;
        if (ours === null || reference === null || !Number.isFinite(reference)) return;
        expect(ours).toBeCloseTo(reference, 10);
      }),
    );
  });

  it('is undefined for one pair or when every score is the same', () => {
    expect(quadraticKappa([[0.5, 0.5]])).toBeNull();
    expect(quadraticKappa([[1, 1], [1, 1]])).toBeNull();
  });
});

describe('standardisedMeanDifference(pairs)', () => {
  it('is the mean difference over the pooled standard deviation', () => {
    // x: 0, 1 (mean 0.5, var 0.5); y: 0, 0.5 (mean 0.25, var 0.125); pooled sd = sqrt(0.3125)
    expect(standardisedMeanDifference([[0, 0], [1, 0.5]])).toBeCloseTo(0.25 / Math.sqrt(0.3125), 12);
    expect(standardisedMeanDifference([[0.5, 0.5], [0.5, 0.5]])).toBeNull();
  });
});
