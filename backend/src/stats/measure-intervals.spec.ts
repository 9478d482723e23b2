import { describe, expect, it } from 'vitest';
import { computeMetric, computeMetrics, METRIC_NAMES } from './metrics.js';
import { recommendedInterval } from './measure-intervals.js';
import { constrainedVariance } from './recommended-interval.js';
import { bootstrap } from './bootstrap.js';
import { krippendorffAlpha, krippendorffAlphaValue } from './krippendorff-alpha.js';
import { poolRaters } from './table.js';
import { cohenKappa } from './cohen-kappa.js';
import { percentAgreement } from './percent-agreement.js';
import { ratingTable } from './table.js';
import { wilsonInterval } from './intervals.js';
import type { Category } from './types.js';

/** Two raters: `agree` units on which both give level a, then the given disagreeing pairs. */
function pairs(list: [Category, Category, number][], categories: Category[]) {
  const matrix: Category[][] = [];
  for (const [a, b, times] of list) for (let i = 0; i < times; i++) matrix.push([a, b]);
  return ratingTable(matrix, categories);
}

describe('recommended interval (issue 11, item 6)', () => {
  it("keeps Cohen's kappa at or below 1 where the irrCAC/statsmodels interval passes it", () => {
    // kappa about 0.92 with 50 submissions: the Wald interval's upper bound is above 1
    const table = pairs(
      [
        [1, 1, 24],
        [2, 2, 24],
        [1, 2, 1],
        [2, 1, 1],
      ],
      [1, 2],
    );
    const kappa = cohenKappa(table);
    expect(kappa.ci![1]).toBeGreaterThan(1);
    const interval = recommendedInterval('cohen_kappa', table, kappa.value)!;
    expect(interval.hi).toBeLessThanOrEqual(1);
    expect(interval.lo).toBeLessThan(kappa.value!);
    expect(interval.hi).toBeGreaterThan(kappa.value!);
  });

  it('gives percent agreement with one pair an interval inside [0, 1]', () => {
    for (const [a, b] of [
      ['a', 'a'],
      ['a', 'b'],
    ] as const) {
      const table = ratingTable([[a, b]], ['a', 'b']);
      const estimate = computeMetric('percent_agreement', table);
      const interval = estimate.interval!;
      expect(interval.lo).toBeGreaterThanOrEqual(0);
      expect(interval.hi).toBeLessThanOrEqual(1);
      expect(interval.hi).toBeGreaterThan(interval.lo);
      const [lo, hi] = wilsonInterval(a === b ? 1 : 0, 1)!;
      expect(interval.lo).toBeCloseTo(lo, 9);
      expect(interval.hi).toBeCloseTo(hi, 9);
    }
  });

  it('with one submission, gives every defined measure a non-degenerate interval and every undefined one null', () => {
    for (const row of [
      [1, 1],
      [1, 3],
    ]) {
      const metrics = computeMetrics(ratingTable([row], [1, 2, 3]), 'ordinal', { resamples: 200 });
      for (const [name, estimate] of Object.entries(metrics)) {
        if (estimate!.value === null || name === 'prevalence_index' || name === 'bias_index') {
          expect(estimate!.interval, name).toBeNull();
        } else {
          const interval = estimate!.interval!;
          expect(interval, name).not.toBeNull();
          expect(interval.hi - interval.lo, name).toBeGreaterThan(0);
          expect(interval.lo, name).toBeGreaterThanOrEqual(-1);
          expect(interval.hi, name).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('never collapses to [1, 1] when every pair agrees', () => {
    const table = pairs(
      [
        [1, 1, 20],
        [2, 2, 15],
        [3, 3, 15],
      ],
      [1, 2, 3],
    );
    const metrics = computeMetrics(table, 'ordinal', { resamples: 200 });
    expect(metrics.percent_agreement!.ci).toEqual([1, 1]);
    for (const [name, estimate] of Object.entries(metrics)) {
      if (estimate!.interval === null) continue;
      expect(estimate!.interval!.hi, name).toBe(1);
      expect(estimate!.interval!.lo, name).toBeLessThan(1);
    }
    expect(metrics.percent_agreement!.interval!.lo).toBeCloseTo(wilsonInterval(50, 50)![0], 9);
    expect(metrics.percent_agreement!.interval!.method).toBe('wilson');
  });

  it('gives a rater who used one level a kappa interval that holds 0 with some width, not [0, 0]', () => {
    const table = pairs(
      [
        [1, 1, 45],
        [2, 1, 5],
      ],
      [1, 2],
    );
    const kappa = computeMetric('cohen_kappa', table);
    expect(kappa.value).toBe(0);
    // kappa is 0 whatever the first rater does while the second keeps to one level
    expect(kappa.interval!.lo).toBeLessThanOrEqual(0);
    expect(kappa.interval!.hi).toBeGreaterThan(0.01);
  });

  it('gives adjacent agreement on a two-level row (1 by construction) no interval', () => {
    const table = pairs(
      [
        [1, 1, 3],
        [1, 2, 2],
      ],
      [1, 2],
    );
    expect(computeMetric('adjacent_agreement', table)).toMatchObject({ value: 1, interval: null });
  });

  it('is Wilson for percent agreement of two raters, also with submissions rated once', () => {
    const matrix: (Category | null)[][] = [];
    for (let i = 0; i < 40; i++) matrix.push(['a', 'a']);
    for (let i = 0; i < 8; i++) matrix.push(['a', 'b']);
    for (let i = 0; i < 12; i++) matrix.push(['b', null]);
    const table = ratingTable(matrix, ['a', 'b']);
    expect(percentAgreement(table).value).toBeCloseTo(40 / 48, 12);
    const interval = recommendedInterval('percent_agreement', table, percentAgreement(table).value)!;
    const [lo, hi] = wilsonInterval(40, 48)!;
    expect(interval.lo).toBeCloseTo(lo, 9);
    expect(interval.hi).toBeCloseTo(hi, 9);
    expect(interval.method).toBe('wilson');
  });

  it('is attached by computeMetrics to every measure but the descriptive indices, and names its method', () => {
    const table = pairs(
      [
        [1, 1, 20],
        [2, 2, 20],
        [1, 2, 6],
        [2, 1, 4],
      ],
      [1, 2],
    );
    const metrics = computeMetrics(table, 'nominal');
    for (const name of METRIC_NAMES) {
      const estimate = metrics[name];
      if (!estimate) continue;
      if (name === 'prevalence_index' || name === 'bias_index') expect(estimate.interval, name).toBeNull();
      else expect(estimate.interval?.method, name).toMatch(/wilson|score|BCa/);
    }
    // se and ci keep their conventions: untouched by the interval
    expect(metrics.cohen_kappa!.ci).toEqual(cohenKappa(table).ci);
  });

  it('takes the variance of a mean at a hypothesis from the distribution closest to the data (AC2)', () => {
    // two sizes: the distribution with mean D is fixed, and the variance is Wilson's D (s - D)
    expect(constrainedVariance([{ size: 0, weight: 45 }, { size: 1, weight: 5 }], 0.2)).toBeCloseTo(0.2 * 0.8, 12);
    expect(constrainedVariance([{ size: 0, weight: 45 }, { size: 0.25, weight: 5 }], 0.05)).toBeCloseTo(0.05 * 0.2, 12);
    // a mean outside the sizes' range: no distribution has it
    expect(constrainedVariance([{ size: 0, weight: 45 }, { size: 1, weight: 5 }], 1.2)).toBe(0);
    // three sizes: p_j proportional to w_j / (W + lambda (s_j - D)) has mean D, and is the likeliest
    // such distribution (checked against a grid over the one free probability)
    const points = [
      { size: 0, weight: 40 },
      { size: 1 / 9, weight: 8 },
      { size: 4 / 9, weight: 2 },
    ];
    const mean = 0.05;
    let best = { loglik: -Infinity, variance: 0 };
    for (let i = 1; i < 200_000; i++) {
      const p2 = (i / 200_000) * (mean / (4 / 9));
      const p1 = (mean - (4 / 9) * p2) * 9;
      const p0 = 1 - p1 - p2;
      if (!(p0 > 0 && p1 > 0)) continue;
      const loglik = 40 * Math.log(p0) + 8 * Math.log(p1) + 2 * Math.log(p2);
      if (loglik > best.loglik) best = { loglik, variance: p1 * (1 / 9 - mean) ** 2 + p2 * (4 / 9 - mean) ** 2 + p0 * mean ** 2 };
    }
    expect(constrainedVariance(points, mean)).toBeCloseTo(best.variance, 6);
    // a larger hypothesis moves weight to the larger disagreement, so the variance grows faster than
    // scaling every disagreement (the scaled variance D (c - D), c = E[d^2] / E[d] of the data)
    const c = (8 / 81 + 2 * (16 / 81)) / (8 / 9 + 2 * (4 / 9));
    expect(constrainedVariance(points, 0.08)).toBeGreaterThan(0.08 * (c - 0.08));
  });

  it('names the constrained variance for AC2 and keeps its interval inside the range', () => {
    const table = pairs(
      [
        [1, 1, 10],
        [2, 2, 15],
        [3, 3, 15],
        [4, 4, 8],
        [2, 3, 1],
        [4, 2, 1],
      ],
      [1, 2, 3, 4],
    );
    const estimate = computeMetric('gwet_ac2_quadratic', table);
    expect(estimate.interval!.method).toBe('score (Fieller ratio of disagreements, constrained-ML variance)');
    expect(estimate.interval!.lo).toBeLessThan(estimate.value!);
    expect(estimate.interval!.hi).toBeGreaterThan(estimate.value!);
    expect(estimate.interval!.hi).toBeLessThanOrEqual(1);
  });

  it("moves ordinal alpha's BCa lower limit for a disagreement wider than any observed, and only then", () => {
    const bcaOf = (table: ReturnType<typeof pairs>) => {
      const value = krippendorffAlpha(table, 'ordinal').value!;
      const statistic = (t: typeof table) => {
        const v = krippendorffAlphaValue(t, 'ordinal');
        return typeof v === 'number' ? v : null;
      };
      return { value, bca: bootstrap(poolRaters(table), statistic, { estimate: value }).bca! };
    };
    // one-level disagreements only, on four levels: a two-level one was possible and not seen
    const narrow = pairs(
      [
        [1, 1, 10],
        [2, 2, 15],
        [3, 3, 15],
        [4, 4, 4],
        [2, 3, 3],
        [3, 4, 3],
      ],
      [1, 2, 3, 4],
    );
    const moved = computeMetric('krippendorff_alpha_ordinal', narrow);
    const { bca } = bcaOf(narrow);
    expect(moved.interval!.method).toContain('lower limit allowing for an unseen larger disagreement');
    expect(moved.interval!.lo).toBeLessThan(bca[0] - 1e-6);
    expect(moved.interval!.hi).toBeCloseTo(bca[1], 12);
    // a pair three levels apart was seen: the widest possible, nothing to allow for
    const wide = pairs(
      [
        [1, 1, 10],
        [2, 2, 15],
        [3, 3, 15],
        [4, 4, 4],
        [2, 3, 3],
        [3, 4, 2],
        [1, 4, 1],
      ],
      [1, 2, 3, 4],
    );
    expect(computeMetric('krippendorff_alpha_ordinal', wide).interval!.lo).toBeCloseTo(bcaOf(wide).bca[0], 12);
  });
});
