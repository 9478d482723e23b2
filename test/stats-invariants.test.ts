/**
 * Behavioural invariants of the statistics module: properties every agreement measure must
 * keep whatever the data (perfect agreement, rater order, category labels, missing ratings,
 * unused levels, degenerate data, malformed input, compression, bootstrap, Wilson interval,
 * which measures apply). The numbers themselves are checked against R and Python in
 * stats-reference.test.ts; here every expected number is derived by hand in a comment, and the
 * last properties are checked on random data with fast-check.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  bootstrap,
  brennanPrediger,
  cohenKappa,
  computeMetrics,
  confusionMatrix,
  expandCodes,
  fleissKappa,
  gwetAc1,
  gwetAc2Quadratic,
  krippendorffAlpha,
  METRIC_NAMES,
  pabak,
  percentAgreement,
  poolRaters,
  ratingTable,
  RatingsInputError,
  scottPi,
  tableFromCodes,
  wilsonInterval,
  type Category,
  type Estimate,
  type MetricName,
  type Metrics,
  type RatingTable,
  type Scale,
} from '../backend/src/stats/index.js';

type Ratings = (Category | null)[][];

/** `count` copies of a row (each a fresh array). */
function times(count: number, row: (Category | null)[]): Ratings {
  return Array.from({ length: count }, () => [...row]);
}

/** The thrown value of `fn`; fails the test when `fn` does not throw. */
function thrown(fn: () => unknown): RatingsInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RatingsInputError);
    return error as RatingsInputError;
  }
  throw new Error('expected a RatingsInputError, but nothing was thrown');
}

const CLOSE = 1e-12;

function expectNumberClose(actual: number | null | undefined, expected: number | null | undefined, what: string) {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(actual, what).toBeDefined();
  expect(Math.abs((actual as number) - expected), `${what}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(CLOSE);
}

/** value, se, ci and se_null equal to within 1e-12 (sums taken in another order may differ in the last bit). */
function expectSameEstimate(actual: Estimate | undefined, expected: Estimate | undefined, what: string, valueOnly = false) {
  expect(actual, what).toBeDefined();
  expect(expected, what).toBeDefined();
  expectNumberClose(actual!.value, expected!.value, `${what} value`);
  if (valueOnly) return;
  expectNumberClose(actual!.se, expected!.se, `${what} se`);
  expectNumberClose(actual!.se_null, expected!.se_null, `${what} se_null`);
  if (expected!.ci === null) expect(actual!.ci, `${what} ci`).toBeNull();
  else {
    expectNumberClose(actual!.ci?.[0], expected!.ci[0], `${what} ci lower`);
    expectNumberClose(actual!.ci?.[1], expected!.ci[1], `${what} ci upper`);
  }
}

/** Every Estimate is either a finite number or null with a reason; se and ci never NaN. */
function expectWellFormed(metrics: Metrics, what: string) {
  for (const [name, e] of Object.entries(metrics) as [MetricName, Estimate][]) {
    if (e.value === null) {
      expect(typeof e.reason, `${what} ${name}: a null value carries a reason`).toBe('string');
      expect(e.reason!.length, `${what} ${name}: reason is not empty`).toBeGreaterThan(0);
      expect(e.se, `${what} ${name}: no se without a value`).toBeNull();
      expect(e.ci, `${what} ${name}: no ci without a value`).toBeNull();
    } else {
      expect(Number.isFinite(e.value), `${what} ${name}: value ${e.value} is finite`).toBe(true);
    }
    if (e.se !== null) expect(Number.isFinite(e.se), `${what} ${name}: se ${e.se} is finite`).toBe(true);
    if (e.ci !== null) {
      expect(e.ci, `${what} ${name}: ci has two bounds`).toHaveLength(2);
      expect(e.ci.every(Number.isFinite), `${what} ${name}: ci ${e.ci} is finite`).toBe(true);
      expect(e.ci[0], `${what} ${name}: ci lower <= upper`).toBeLessThanOrEqual(e.ci[1]);
    }
    if (e.se_null !== undefined && e.se_null !== null) {
      expect(Number.isFinite(e.se_null), `${what} ${name}: se_null is finite`).toBe(true);
    }
  }
}

function swapRaters(ratings: Ratings): Ratings {
  return ratings.map(([a, b]) => [b, a]);
}

/** A table with one row per unit and multiplicity 1: the uncompressed data, built by hand. */
function uncompressedTable(ratings: Ratings, categories: readonly Category[]): RatingTable {
  const raterCount = ratings[0].length;
  const rated = ratings.filter((row) => row.some((x) => x !== null));
  const rows = new Int32Array(rated.length * raterCount);
  rated.forEach((row, u) => row.forEach((x, j) => (rows[u * raterCount + j] = x === null ? -1 : categories.indexOf(x))));
  return { categories, raterCount, rows, multiplicity: new Float64Array(rated.length).fill(1), distinctCount: rated.length };
}

// A 4-level ordinal rubric row, two raters, 12 units, one missing rating, disagreements in
// both directions (so rater 1 and rater 2 have different marginals).
const LEVELS_4 = [1, 2, 3, 4];
const TWO_RATERS_ORDINAL: Ratings = [
  [1, 1],
  [1, 2],
  [2, 2],
  [2, 3],
  [3, 3],
  [3, 3],
  [4, 3],
  [4, 4],
  [2, 1],
  [3, 4],
  [1, 1],
  [2, 4],
  [3, null],
];

// Four raters, 4 levels, 8 units, some missing ratings.
const FOUR_RATERS_ORDINAL: Ratings = [
  [1, 1, 2, 1],
  [2, 2, 2, null],
  [3, 3, 4, 3],
  [4, 4, 4, 4],
  [2, 3, null, 2],
  [1, 1, 1, 1],
  [3, null, 3, 2],
  [4, 3, 4, 4],
];

describe('perfect agreement', () => {
  // Levels 1, 2, 3 used by 2, 3 and 1 units: every measure is (1 - p_e)/(1 - p_e) = 1, or
  // 1 - 0/D_e = 1 for alpha.
  const twoRaters: Ratings = [...times(2, [1, 1]), ...times(3, [2, 2]), ...times(1, [3, 3])];
  const fourRaters: Ratings = [...times(2, [1, 1, 1, 1]), ...times(3, [2, 2, 2, 2]), [3, 3, 3, 3], [4, 4, 4, 4]];
  const LEVELS_3 = [1, 2, 3];

  const exactlyOne: MetricName[] = [
    'percent_agreement',
    'adjacent_agreement',
    'fleiss_kappa',
    'krippendorff_alpha_nominal',
    'krippendorff_alpha_ordinal',
    'krippendorff_alpha_interval',
    'gwet_ac1',
    'gwet_ac2_quadratic',
    'brennan_prediger',
  ];

  it('gives exactly 1 for percent agreement, Fleiss, alpha (all levels), AC1, AC2 and Brennan-Prediger with two raters', () => {
    const metrics = computeMetrics(ratingTable(twoRaters, LEVELS_3), 'ordinal', { resamples: 50 });
    for (const name of exactlyOne) expect(metrics[name]?.value, name).toBe(1);
  });

  it('gives exactly 1 for every chance-corrected measure and percent agreement with four raters', () => {
    const metrics = computeMetrics(ratingTable(fourRaters, LEVELS_4), 'ordinal', { resamples: 50 });
    for (const name of exactlyOne) expect(metrics[name]?.value, name).toBe(1);
    // four raters: Cohen and Scott do not apply, so the list above is every measure reported
    const reported = Object.keys(metrics).sort();
    expect(reported).toEqual([...exactlyOne].sort());
  });

  it("gives 1 (to 1e-14) for Cohen's kappa, its weighted forms and Scott's pi with two raters", () => {
    const metrics = computeMetrics(ratingTable(twoRaters, LEVELS_3), 'ordinal', { resamples: 50 });
    for (const name of ['cohen_kappa', 'cohen_kappa_linear', 'cohen_kappa_quadratic', 'scott_pi'] as const) {
      expect(Math.abs(1 - (metrics[name]!.value as number)), name).toBeLessThan(1e-14);
    }
  });

  // Counts are summed before dividing, so perfect agreement is exactly 1 here too.
  it("gives exactly 1 for Cohen's kappa, its weighted forms and Scott's pi with two raters", () => {
    const table = ratingTable(twoRaters, LEVELS_3);
    expect(cohenKappa(table).value).toBe(1);
    expect(cohenKappa(table, 'linear').value).toBe(1);
    expect(cohenKappa(table, 'quadratic').value).toBe(1);
    expect(scottPi(table).value).toBe(1);
  });
});

describe('swapping the two raters', () => {
  it('leaves every symmetric measure unchanged (value, se and ci)', () => {
    const original = computeMetrics(ratingTable(TWO_RATERS_ORDINAL, LEVELS_4), 'ordinal', { resamples: 200 });
    const swapped = computeMetrics(ratingTable(swapRaters(TWO_RATERS_ORDINAL), LEVELS_4), 'ordinal', { resamples: 200 });
    const symmetric: MetricName[] = [
      'percent_agreement',
      'adjacent_agreement',
      'cohen_kappa',
      'cohen_kappa_linear',
      'cohen_kappa_quadratic',
      'scott_pi',
      'fleiss_kappa',
      'krippendorff_alpha_nominal',
      'krippendorff_alpha_ordinal',
      'krippendorff_alpha_interval',
      'gwet_ac1',
      'gwet_ac2_quadratic',
      'brennan_prediger',
    ];
    for (const name of symmetric) expectSameEstimate(swapped[name], original[name], name);
    // the data really are asymmetric: the two raters' confusion matrices differ
    const table = ratingTable(TWO_RATERS_ORDINAL, LEVELS_4);
    const transposed = ratingTable(swapRaters(TWO_RATERS_ORDINAL), LEVELS_4);
    expect(confusionMatrix(transposed).counts).not.toEqual(confusionMatrix(table).counts);
  });

  it('flips the sign of the bias index and keeps the prevalence index and PABAK', () => {
    // no/yes, positive = 'yes' (the last level). a = both yes = 5, d = both no = 3,
    // b = rater 1 yes only = 3, c = rater 2 yes only = 1, n = 12.
    // bias = (b - c)/n = 2/12 = 1/6; swapped: (1 - 3)/12 = -1/6.
    // prevalence = (a - d)/n = 2/12 = 1/6 either way. PABAK = 2 p_o - 1 = 2 (8/12) - 1 = 1/3.
    const data: Ratings = [...times(5, ['yes', 'yes']), ...times(3, ['yes', 'no']), ...times(1, ['no', 'yes']), ...times(3, ['no', 'no'])];
    const categories = ['no', 'yes'];
    const original = computeMetrics(ratingTable(data, categories), 'nominal');
    const swapped = computeMetrics(ratingTable(swapRaters(data), categories), 'nominal');
    expect(original.bias_index?.value).toBeCloseTo(1 / 6, 12);
    expect(swapped.bias_index?.value).toBeCloseTo(-1 / 6, 12);
    expect(original.prevalence_index?.value).toBeCloseTo(1 / 6, 12);
    expect(swapped.prevalence_index?.value).toBeCloseTo(1 / 6, 12);
    expect(original.pabak?.value).toBeCloseTo(1 / 3, 12);
    expectSameEstimate(swapped.pabak, original.pabak, 'pabak');
  });
});

describe('relabelling nominal categories', () => {
  it('changes no nominal measure when both the labels and the order of the category list are permuted', () => {
    const categories = ['red', 'green', 'blue'];
    const data: Ratings = [
      ['red', 'red', 'red'],
      ['red', 'green', 'red'],
      ['green', 'green', null],
      ['blue', 'blue', 'green'],
      ['blue', 'blue', 'blue'],
      ['green', 'blue', 'red'],
      ['red', null, 'red'],
      ['blue', 'green', 'green'],
    ];
    // red -> 'z', green -> 'x', blue -> 'y'; the new list is in yet another order
    const relabel: Record<string, string> = { red: 'z', green: 'x', blue: 'y' };
    const relabelled: Ratings = data.map((row) => row.map((x) => (x === null ? null : relabel[x as string])));
    const newCategories = ['y', 'z', 'x'];
    const a = computeMetrics(ratingTable(data, categories), 'nominal');
    const b = computeMetrics(ratingTable(relabelled, newCategories), 'nominal');
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a) as MetricName[]) expectSameEstimate(b[name], a[name], name);

    // and the two-rater measures (Cohen, Scott) on the first two raters
    const pairs = data.map((row) => row.slice(0, 2));
    const pairsRelabelled = relabelled.map((row) => row.slice(0, 2));
    const c = computeMetrics(ratingTable(pairs, categories), 'nominal');
    const d = computeMetrics(ratingTable(pairsRelabelled, newCategories), 'nominal');
    for (const name of ['cohen_kappa', 'scott_pi', 'fleiss_kappa', 'gwet_ac1', 'krippendorff_alpha_nominal'] as const) {
      expect(c[name]?.value, `${name} is defined`).not.toBeNull();
      expectSameEstimate(d[name], c[name], name);
    }
  });
});

describe('missing ratings', () => {
  const categories = ['a', 'b', 'c'];
  const threeRaters: Ratings = [
    ['a', 'a', 'a'],
    ['a', 'b', 'a'],
    ['b', 'b', null],
    ['c', 'c', 'b'],
    ['c', 'c', 'c'],
    ['b', 'a', 'b'],
  ];
  const singles: Ratings = [
    ['c', null, null],
    [null, 'c', null],
    [null, null, 'c'],
  ];

  it('a unit rated once adds no pairs: percent agreement and alpha (nominal, ordinal, interval) keep their values', () => {
    // Only these values are invariant. Fleiss' kappa and AC1 may change, because Gwet's
    // convention counts single ratings in the prevalence pi_k (see the next test); the SEs and
    // intervals may change too, because n (the df of the t quantile) counts every rated unit.
    const before = ratingTable(threeRaters, categories);
    const after = ratingTable([...threeRaters, ...singles], categories);
    expect(percentAgreement(after).value).toBe(percentAgreement(before).value);
    for (const level of ['nominal', 'ordinal', 'interval'] as const) {
      expectNumberClose(krippendorffAlpha(after, level).value, krippendorffAlpha(before, level).value, `alpha ${level}`);
    }
  });

  it("a unit rated once enters the prevalence of Fleiss' kappa and AC1 (Gwet 2014), but not Scott's pi", () => {
    // This is the documented missing-data convention, not an invariant: a single rating adds
    // no pair, but it does add to pi_k. Complete pairs (a,a), (a,b), (b,b), (b,b), p_o = 3/4,
    // plus one unit rated 'a' by rater 1 only.
    // Scott (complete pairs): pi_a = 3/8, pi_b = 5/8, p_e = 34/64, pi = (48 - 34)/(64 - 34) = 7/15.
    // Fleiss (Gwet): pi_a = (1 + 1/2 + 0 + 0 + 1)/5 = 1/2, pi_b = 1/2, p_e = 1/2, kappa = (3/4 - 1/2)/(1/2) = 1/2.
    // AC1 (q = 2): p_e = 2 (1/2)(1/2) / 1 = 1/2, AC1 = 1/2 (without the single rating: 9/17).
    const complete: Ratings = [['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']];
    const withSingle = ratingTable([...complete, ['a', null]], ['a', 'b']);
    expect(scottPi(withSingle).value).toBeCloseTo(7 / 15, 12);
    expect(fleissKappa(withSingle).value).toBeCloseTo(1 / 2, 12);
    expect(gwetAc1(withSingle).value).toBeCloseTo(1 / 2, 12);
    expect(fleissKappa(ratingTable(complete, ['a', 'b'])).value).toBeCloseTo(7 / 15, 12);
    expect(gwetAc1(ratingTable(complete, ['a', 'b'])).value).toBeCloseTo(9 / 17, 12);
  });

  it("with two raters, a unit rated once changes neither Cohen's kappa nor Scott's pi (complete pairs only)", () => {
    const pairs: Ratings = threeRaters.map((row) => row.slice(0, 2));
    const before = ratingTable(pairs, categories);
    const after = ratingTable([...pairs, ['c', null], [null, 'a']], categories);
    expectSameEstimate(cohenKappa(after), cohenKappa(before), 'cohen_kappa');
    expectSameEstimate(scottPi(after), scottPi(before), 'scott_pi');
    // ...whereas Fleiss' kappa, which equals Scott's pi on complete data, now differs from it
    expectNumberClose(fleissKappa(before).value, scottPi(before).value, 'fleiss = scott on complete pairs');
    expect(Math.abs(fleissKappa(after).value! - scottPi(after).value!)).toBeGreaterThan(1e-3);
  });

  it('a unit nobody rated is dropped: it changes no estimate at all', () => {
    const before = computeMetrics(ratingTable(threeRaters, categories), 'ordinal', { resamples: 100 });
    const after = computeMetrics(ratingTable([[null, null, null], ...threeRaters, [null, null, null]], categories), 'ordinal', {
      resamples: 100,
    });
    expect(after).toEqual(before);
  });

  it('percentAgreement(table) returns null with a reason when no unit has two ratings', () => {
    const table = ratingTable(
      [
        ['a', null],
        [null, 'b'],
        ['b', null],
      ],
      categories,
    );
    const pa = percentAgreement(table);
    expect(pa.value).toBeNull();
    expect(pa.reason).toMatch(/no unit has two ratings/);
    expect(pa.se).toBeNull();
    expect(pa.ci).toBeNull();
    for (const e of [fleissKappa(table), gwetAc1(table), brennanPrediger(table), krippendorffAlpha(table, 'nominal')]) {
      expect(e.value).toBeNull();
      expect(e.reason).toMatch(/undefined/);
    }
    expect(cohenKappa(table).reason).toMatch(/no unit was rated by both raters/);
    expectWellFormed(computeMetrics(table, 'ordinal'), 'no pairs');
  });
});

describe('unused levels', () => {
  // (a,a), (a,b), (b,b), (b,b): p_o = 3/4.
  // Cohen: rater 1 marginals (1/2, 1/2), rater 2 (1/4, 3/4); p_e = 1/8 + 3/8 = 1/2; kappa = 1/2.
  // Fleiss: pi_a = (1 + 1/2 + 0 + 0)/4 = 3/8, pi_b = 5/8; p_e = 9/64 + 25/64 = 34/64; kappa = (48 - 34)/(64 - 34) = 7/15.
  // AC1, q = 2: p_e = 2 (3/8)(5/8) / 1 = 30/64; AC1 = (48 - 30)/(64 - 30) = 9/17.
  // AC1, q = 3: p_e = (30/64) / 2 = 15/64; AC1 = (48 - 15)/(64 - 15) = 33/49.
  // BP, q = 2: (3/4 - 1/2)/(1/2) = 1/2; q = 3: (3/4 - 1/3)/(2/3) = 5/8.
  const data: Ratings = [
    ['a', 'a'],
    ['a', 'b'],
    ['b', 'b'],
    ['b', 'b'],
  ];
  const used = ratingTable(data, ['a', 'b']);
  const withUnused = ratingTable(data, ['a', 'b', 'c']);

  it('adding an unused level to the category list changes gwet_ac1 and brennan_prediger (q changes)', () => {
    expect(gwetAc1(used).value).toBeCloseTo(9 / 17, 12);
    expect(gwetAc1(withUnused).value).toBeCloseTo(33 / 49, 12);
    expect(brennanPrediger(used).value).toBeCloseTo(1 / 2, 12);
    expect(brennanPrediger(withUnused).value).toBeCloseTo(5 / 8, 12);
  });

  it("adding an unused level changes neither cohen_kappa nor fleiss_kappa nor nominal alpha", () => {
    expect(cohenKappa(used).value).toBeCloseTo(1 / 2, 12);
    expect(fleissKappa(used).value).toBeCloseTo(7 / 15, 12);
    expectSameEstimate(cohenKappa(withUnused), cohenKappa(used), 'cohen_kappa');
    expectSameEstimate(fleissKappa(withUnused), fleissKappa(used), 'fleiss_kappa');
    expectSameEstimate(krippendorffAlpha(withUnused, 'nominal'), krippendorffAlpha(used, 'nominal'), 'alpha nominal');
  });

  it('an unused level between two used levels changes linear weighted kappa but not unweighted kappa', () => {
    // 'x' lies between 'b' and 'c' but nobody used it: b and c are now two steps apart.
    // (a,a), (a,b) x2, (b,c), (c,c), (b,b); n = 6. Rater 1 marginals a3 b2 c1, rater 2 a1 b3 c2.
    // a, b, c: v_ab = v_bc = 1/2, v_ac = 1. Observed sum v p = (2/2 + 1/2)/6 = 1/4.
    //   Expected: ab 3*3 + 2*1 = 11, bc 2*2 + 1*3 = 7, ac 3*2 + 1*1 = 7 -> (11/2 + 7/2 + 7)/36 = 4/9.
    //   kappa_linear = 1 - (1/4)/(4/9) = 7/16.
    // a, b, x, c: v_ab = 1/3, v_bc = 2/3, v_ac = 1. Observed (2/3 + 2/3)/6 = 2/9.
    //   Expected (11/3 + 14/3 + 7)/36 = 23/54. kappa_linear = 1 - (2/9)/(23/54) = 11/23.
    const ratings: Ratings = [['a', 'a'], ...times(2, ['a', 'b']), ['b', 'c'], ['c', 'c'], ['b', 'b']];
    const three = ratingTable(ratings, ['a', 'b', 'c']);
    const four = ratingTable(ratings, ['a', 'b', 'x', 'c']);
    expectSameEstimate(cohenKappa(four), cohenKappa(three), 'cohen_kappa');
    expect(cohenKappa(three, 'linear').value).toBeCloseTo(7 / 16, 12);
    expect(cohenKappa(four, 'linear').value).toBeCloseTo(11 / 23, 12);
  });
});

describe('degenerate data (every rating in the same level)', () => {
  const categories = ['fail', 'pass'];
  const twoRaters = ratingTable(times(5, ['pass', 'pass']), categories);
  const threeRaters = ratingTable([...times(4, ['pass', 'pass', 'pass']), ['pass', null, 'pass']], categories);

  it('fleissKappa(table) returns null with a reason when every rating is the same', () => {
    for (const table of [twoRaters, threeRaters]) {
      const k = fleissKappa(table);
      expect(k.value).toBeNull();
      expect(k.reason).toMatch(/undefined: expected chance agreement is 1/);
      expect(k.se).toBeNull();
      expect(k.ci).toBeNull();
    }
  });

  it("cohenKappa (all weightings) and scottPi return null with a reason when every rating is the same", () => {
    for (const e of [cohenKappa(twoRaters), cohenKappa(twoRaters, 'linear'), cohenKappa(twoRaters, 'quadratic'), scottPi(twoRaters)]) {
      expect(e.value).toBeNull();
      expect(e.reason).toMatch(/undefined/);
    }
  });

  it('krippendorffAlpha returns null with a reason at every level when every rating is the same', () => {
    for (const table of [twoRaters, threeRaters]) {
      for (const level of ['nominal', 'ordinal', 'interval'] as const) {
        const a = krippendorffAlpha(table, level);
        expect(a.value, level).toBeNull();
        expect(a.reason, level).toMatch(/undefined: expected disagreement is 0/);
      }
    }
  });

  it('gives AC1 = 1, Brennan-Prediger = 1 and percent agreement = 1 when every rating is the same', () => {
    // pi = (0, 1): AC1's p_e = sum pi_k (1 - pi_k)/(q - 1) = 0, so AC1 = p_o = 1; BP = (1 - 1/2)/(1/2) = 1.
    for (const table of [twoRaters, threeRaters]) {
      expect(gwetAc1(table).value).toBe(1);
      expect(gwetAc2Quadratic(table).value).toBe(1);
      expect(brennanPrediger(table).value).toBe(1);
      expect(percentAgreement(table).value).toBe(1);
    }
  });

  it('computeMetrics never returns NaN on degenerate data: every value is a number or null with a reason', () => {
    for (const [table, label] of [
      [twoRaters, 'two raters'],
      [threeRaters, 'three raters'],
    ] as const) {
      for (const scale of ['nominal', 'ordinal'] as Scale[]) {
        const metrics = computeMetrics(table, scale, { resamples: 50 });
        expectWellFormed(metrics, `${label} ${scale}`);
        expect(metrics.fleiss_kappa?.value).toBeNull();
      }
    }
  });

  it('ratingTable refuses a one-level category list (q = 1), where AC1 and Brennan-Prediger would divide by zero', () => {
    const error = thrown(() => ratingTable(times(3, ['only', 'only']), ['only']));
    expect(error).toBeInstanceOf(RatingsInputError);
    expect((error as RatingsInputError).code).toBe('too_few_categories');
    expect((error as RatingsInputError).message).toContain('at least two levels');
  });
});

describe('malformed input', () => {
  const categories = ['a', 'b'];

  it('ratingTable throws unknown_category naming the unit, rater and level when a rating is not in the list', () => {
    const error = thrown(() =>
      ratingTable(
        [
          ['a', 'a'],
          ['b', 'a'],
          ['a', 'z'],
        ],
        categories,
      ),
    );
    expect(error.code).toBe('unknown_category');
    expect(error.where).toEqual({ unit: 2, rater: 1 });
    expect(error.message).toContain('unit 3, rater 2');
    expect(error.message).toContain('"z"');
    expect(error.name).toBe('RatingsInputError');
    expect(error).toBeInstanceOf(Error);
  });

  it("ratingTable tells the number 1 from the string '1' (a level must match the list exactly)", () => {
    const error = thrown(() => ratingTable([[1, '1']], [1, 2]));
    expect(error.code).toBe('unknown_category');
    expect(error.where).toEqual({ unit: 0, rater: 1 });
  });

  it('ratingTable throws ragged naming the unit when a row has a different number of cells', () => {
    const error = thrown(() => ratingTable([['a', 'a'], ['a', 'b'], ['a']], categories));
    expect(error.code).toBe('ragged');
    expect(error.where.unit).toBe(2);
    expect(error.message).toContain('unit 3 has 1 ratings');
    expect(thrown(() => ratingTable([['a', 'a'], ['a', 'b', 'a']], categories)).code).toBe('ragged');
  });

  it('ratingTable throws empty for a matrix with no units, and for one where no unit has a rating', () => {
    expect(thrown(() => ratingTable([], categories)).code).toBe('empty');
    const error = thrown(() =>
      ratingTable(
        [
          [null, null],
          [null, null],
        ],
        categories,
      ),
    );
    expect(error.code).toBe('empty');
    expect(error.message).toMatch(/no unit has a rating/);
  });

  it('ratingTable throws too_few_raters for a one-column matrix', () => {
    const error = thrown(() => ratingTable([['a'], ['b'], ['a']], categories));
    expect(error.code).toBe('too_few_raters');
    expect(error.message).toMatch(/at least two raters/);
  });

  it('ratingTable throws too_few_raters when only one column of a two-column matrix has ratings', () => {
    const error = thrown(() =>
      ratingTable(
        [
          ['a', null],
          ['b', null],
          [null, null],
        ],
        categories,
      ),
    );
    expect(error.code).toBe('too_few_raters');
    expect(error.message).toMatch(/only 1 rater/);
  });

  it('ratingTable throws duplicate_category naming the level listed twice, and too_few_categories for an empty list', () => {
    const error = thrown(() => ratingTable([['a', 'b']], ['a', 'b', 'a']));
    expect(error.code).toBe('duplicate_category');
    expect(error.message).toContain('"a"');
    expect(thrown(() => ratingTable([['a', 'b']], [])).code).toBe('too_few_categories');
  });

  it('cohenKappa, scottPi and confusionMatrix throw not_two_raters on a three-rater table', () => {
    const table = ratingTable([['a', 'a', 'b'], ['b', 'b', 'b']], categories);
    for (const fn of [() => cohenKappa(table), () => cohenKappa(table, 'quadratic'), () => scottPi(table), () => confusionMatrix(table)]) {
      const error = thrown(fn);
      expect(error.code).toBe('not_two_raters');
      expect(error.message).toMatch(/exactly two raters; the data have 3/);
    }
  });
});

describe('compressed table', () => {
  const categories = ['a', 'b', 'c'];
  const data: Ratings = [
    ['a', 'a', 'a'],
    ['a', 'b', 'a'],
    ['a', 'a', 'a'],
    [null, null, null],
    ['c', 'c', null],
    ['a', 'b', 'a'],
    ['c', 'c', null],
    ['b', 'b', 'c'],
    ['a', 'a', 'a'],
    ['c', null, null],
  ];
  const ratedUnits = data.filter((row) => row.some((x) => x !== null));

  it('stores each distinct row once, with multiplicities that sum to the number of rated units', () => {
    const table = ratingTable(data, categories);
    // distinct rated rows: aaa (3), aba (2), cc- (2), bbc (1), c-- (1)
    expect(table.distinctCount).toBe(5);
    expect(Array.from(table.multiplicity)).toEqual([3, 2, 2, 1, 1]);
    expect(Array.from(table.multiplicity).reduce((s, m) => s + m, 0)).toBe(ratedUnits.length);
  });

  it('expandCodes round-trips: it gives back the rated units (as a multiset) and recompresses to the same table', () => {
    const table = ratingTable(data, categories);
    const expanded = expandCodes(table);
    expect(expanded).toHaveLength(ratedUnits.length);
    const asLabels = expanded.map((row) => row.map((c) => (c < 0 ? null : categories[c])));
    const key = (rows: Ratings) => rows.map((r) => JSON.stringify(r)).sort();
    expect(key(asLabels)).toEqual(key(ratedUnits));
    const again = tableFromCodes(Int32Array.from(expanded.flat()), expanded.length, table.raterCount, categories);
    expect(again).toEqual(table);
  });

  it('gives the same results as the expanded data (one row per unit, multiplicity 1)', () => {
    for (const [ratings, cats] of [
      [data, categories],
      [TWO_RATERS_ORDINAL, LEVELS_4],
      [FOUR_RATERS_ORDINAL, LEVELS_4],
    ] as [Ratings, Category[]][]) {
      const compressed = ratingTable(ratings, cats);
      const expanded = uncompressedTable(ratings, cats);
      expect(compressed.distinctCount).toBeLessThanOrEqual(expanded.distinctCount);
      const a = computeMetrics(compressed, 'ordinal', { resamples: 50 });
      const b = computeMetrics(expanded, 'ordinal', { resamples: 50 });
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const name of Object.keys(a) as MetricName[]) {
        // ordinal alpha's interval is a bootstrap over distinct rows, which differ between
        // the two tables; its value must still agree
        expectSameEstimate(a[name], b[name], name, name === 'krippendorff_alpha_ordinal');
      }
    }
    // the first data set really is compressed
    expect(ratingTable(data, categories).distinctCount).toBeLessThan(ratedUnits.length);
  });
});

describe('poolRaters', () => {
  it('merges rows that hold the same levels in another rater order, keeping the number of units', () => {
    // (1,2) and (2,1) become one row of multiplicity 2; (3,null) and (null,3) likewise.
    const table = ratingTable([[1, 2], [2, 1], [3, null], [null, 3], [1, 1]], LEVELS_4);
    expect(table.distinctCount).toBe(5);
    const pooled = poolRaters(table);
    expect(pooled.distinctCount).toBe(3);
    expect(Array.from(pooled.multiplicity).sort()).toEqual([1, 2, 2]);
    expect(Array.from(pooled.multiplicity).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('leaves every measure that ignores rater order unchanged (value, se and ci)', () => {
    const orderFree: MetricName[] = [
      'percent_agreement',
      'adjacent_agreement',
      'fleiss_kappa',
      'krippendorff_alpha_nominal',
      'krippendorff_alpha_ordinal',
      'krippendorff_alpha_interval',
      'gwet_ac1',
      'gwet_ac2_quadratic',
      'brennan_prediger',
    ];
    for (const ratings of [TWO_RATERS_ORDINAL, FOUR_RATERS_ORDINAL]) {
      const table = ratingTable(ratings, LEVELS_4);
      const pooled = poolRaters(table);
      expect(pooled.distinctCount).toBeLessThanOrEqual(table.distinctCount);
      const a = computeMetrics(table, 'ordinal', { resamples: 100 });
      const b = computeMetrics(pooled, 'ordinal', { resamples: 100 });
      for (const name of orderFree) expectSameEstimate(b[name], a[name], name);
    }
    // ...but not Cohen's kappa, which needs to know who gave which rating: pooling (1,2) with
    // (2,1) turns a symmetric disagreement into a one-sided one
    const two = ratingTable(TWO_RATERS_ORDINAL, LEVELS_4);
    expect(poolRaters(two).distinctCount).toBeLessThan(two.distinctCount);
  });
});

describe('bootstrap', () => {
  // 40 units, two raters, pass/fail: 28 both pass, 4 both fail, 5 + 3 disagreements.
  // Percent agreement = 32/40 = 0.8.
  const data: Ratings = [...times(28, ['pass', 'pass']), ...times(4, ['fail', 'fail']), ...times(5, ['pass', 'fail']), ...times(3, ['fail', 'pass'])];
  const table = ratingTable(data, ['fail', 'pass']);
  const agreement = (t: RatingTable) => percentAgreement(t).value;

  it('is reproducible: the same seed gives the same replicates and interval', () => {
    const a = bootstrap(table, agreement, { seed: 7, resamples: 300 });
    const b = bootstrap(table, agreement, { seed: 7, resamples: 300 });
    expect(b).toEqual(a);
    expect(a.resamples).toBe(300);
    expect(a.defined).toBe(300);
  });

  it('differs for another seed', () => {
    const draws = (seed: number) => {
      const seen: number[][] = [];
      const result = bootstrap(
        table,
        (t) => {
          seen.push(Array.from(t.multiplicity));
          return agreement(t);
        },
        { seed, resamples: 300 },
      );
      return { seen, result };
    };
    const a = draws(7);
    const b = draws(8);
    expect(b.seen).not.toEqual(a.seen);
    expect(b.result.se).not.toBe(a.result.se);
    expect(draws(7).seen).toEqual(a.seen);
  });

  it('gives a percentile interval that contains the point estimate on a moderately sized data set', () => {
    const point = agreement(table)!;
    expect(point).toBeCloseTo(0.8, 12);
    const result = bootstrap(table, agreement, { seed: 11 });
    expect(result.resamples).toBe(2000);
    expect(result.ci).not.toBeNull();
    expect(result.ci![0]).toBeLessThan(point);
    expect(result.ci![1]).toBeGreaterThan(point);
    // the sampling SD of a proportion of 40 near 0.8 is about sqrt(0.8 * 0.2 / 40) = 0.063
    expect(result.se!).toBeGreaterThan(0.04);
    expect(result.se!).toBeLessThan(0.09);
  });

  it('preserves the number of units in every resample (multiplicities are whole numbers summing to n)', () => {
    const n = 40;
    let calls = 0;
    const problems: string[] = [];
    bootstrap(
      table,
      (resample) => {
        calls++;
        let total = 0;
        for (const m of resample.multiplicity) {
          if (!Number.isInteger(m) || m < 0) problems.push(`multiplicity ${m}`);
          total += m;
        }
        if (total !== n) problems.push(`total ${total}`);
        if (resample.rows !== table.rows) problems.push('rows changed');
        return agreement(resample);
      },
      { seed: 3, resamples: 500 },
    );
    expect(calls).toBe(500);
    expect(problems).toEqual([]);
  });

  it('skips and counts replicates where the statistic is undefined', () => {
    let call = 0;
    const result = bootstrap(table, (t) => (call++ % 2 === 0 ? null : agreement(t)), { seed: 5, resamples: 200 });
    expect(result.resamples).toBe(200);
    expect(result.defined).toBe(100);
    const never = bootstrap(table, () => null, { seed: 5, resamples: 50 });
    expect(never).toEqual({ se: null, ci: null, resamples: 50, defined: 0 });
  });
});

describe('wilsonInterval', () => {
  const z = 1.959963984540054;
  /** Wilson (1927) written out independently: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). */
  function wilson(x: number, n: number): [number, number] {
    const p = x / n;
    const denominator = 1 + (z * z) / n;
    const centre = p + (z * z) / (2 * n);
    const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    return [(centre - spread) / denominator, (centre + spread) / denominator];
  }

  it('wilsonInterval(40, 50) is about [0.67, 0.89] and equals the Wilson formula to 1e-12', () => {
    // p = 0.8, z²/n = 0.076829; centre = 0.838415/1.076829 = 0.77859;
    // half = 1.820095 * sqrt(0.0032 + 0.000384146) = 0.108965  =>  [0.6696, 0.8876]
    const [lo, hi] = wilsonInterval(40, 50)!;
    const [elo, ehi] = wilson(40, 50);
    expect(Math.abs(lo - elo)).toBeLessThan(1e-12);
    expect(Math.abs(hi - ehi)).toBeLessThan(1e-12);
    expect(lo).toBeCloseTo(0.6696, 4);
    expect(hi).toBeCloseTo(0.8876, 4);
    // it straddles the 0.80 threshold: 40 of 50 is inconclusive evidence
    expect(lo).toBeLessThan(0.8);
    expect(hi).toBeGreaterThan(0.8);
  });

  it('stays within [0, 1] for 0/50 and 50/50 and keeps a non-zero width there (unlike the Wald interval)', () => {
    // 0/50: upper = (z²/n)/(1 + z²/n) = 0.076829/1.076829 = 0.07135
    const [lo0, hi0] = wilsonInterval(0, 50)!;
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(wilson(0, 50)[1], 12);
    expect(hi0).toBeCloseTo(0.07135, 5);
    const [lo1, hi1] = wilsonInterval(50, 50)!;
    expect(hi1).toBe(1);
    expect(lo1).toBeCloseTo(1 - 0.07135, 5);
    for (const x of [0, 1, 25, 49, 50]) {
      const [lo, hi] = wilsonInterval(x, 50)!;
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(x / 50);
      expect(hi).toBeGreaterThanOrEqual(x / 50);
    }
  });

  it('is conclusive above a 0.80 threshold from 46 of 50 agreeing units, not from 45', () => {
    // 45/50: lower = 0.7864 < 0.80; 46/50: lower = 0.8116 > 0.80 (from the formula above)
    expect(wilsonInterval(45, 50)![0]).toBeLessThan(0.8);
    expect(wilsonInterval(46, 50)![0]).toBeGreaterThan(0.8);
  });

  it('returns null when there are no trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('computeMetrics: which measures apply', () => {
  const names = (m: Metrics) => Object.keys(m);
  const inOrder = (list: MetricName[]) => METRIC_NAMES.filter((n) => list.includes(n));

  it("reports no Cohen's kappa, Scott's pi or PABAK with three raters", () => {
    const table = ratingTable([['a', 'a', 'b'], ['b', 'b', 'b'], ['a', 'a', 'a']], ['a', 'b']);
    const metrics = computeMetrics(table, 'nominal');
    expect(names(metrics)).toEqual(
      inOrder(['percent_agreement', 'fleiss_kappa', 'krippendorff_alpha_nominal', 'gwet_ac1', 'brennan_prediger']),
    );
  });

  it('reports no adjacent agreement, weighted kappa, AC2 or ordinal/interval alpha on a nominal scale', () => {
    const metrics = computeMetrics(ratingTable(TWO_RATERS_ORDINAL, LEVELS_4), 'nominal');
    expect(names(metrics)).toEqual(
      inOrder(['percent_agreement', 'cohen_kappa', 'scott_pi', 'fleiss_kappa', 'krippendorff_alpha_nominal', 'gwet_ac1', 'brennan_prediger']),
    );
  });

  it('reports the ordinal measures on an ordinal scale', () => {
    const metrics = computeMetrics(ratingTable(TWO_RATERS_ORDINAL, LEVELS_4), 'ordinal', { resamples: 50 });
    expect(names(metrics)).toEqual(
      inOrder([
        'percent_agreement',
        'adjacent_agreement',
        'cohen_kappa',
        'cohen_kappa_linear',
        'cohen_kappa_quadratic',
        'scott_pi',
        'fleiss_kappa',
        'krippendorff_alpha_nominal',
        'krippendorff_alpha_ordinal',
        'krippendorff_alpha_interval',
        'gwet_ac1',
        'gwet_ac2_quadratic',
        'brennan_prediger',
      ]),
    );
    expect(metrics.krippendorff_alpha_ordinal?.method).toMatch(/bootstrap/);
  });

  it('reports pabak, prevalence_index and bias_index only on binary two-rater data', () => {
    const binary = ratingTable([['no', 'no'], ['yes', 'yes'], ['yes', 'no']], ['no', 'yes']);
    const binaryMetrics = computeMetrics(binary, 'nominal');
    for (const name of ['pabak', 'prevalence_index', 'bias_index'] as const) expect(binaryMetrics[name], name).toBeDefined();
    const threeLevels = computeMetrics(ratingTable([['a', 'b'], ['c', 'c']], ['a', 'b', 'c']), 'nominal');
    const threeRaters = computeMetrics(ratingTable([['no', 'no', 'yes'], ['yes', 'yes', 'yes']], ['no', 'yes']), 'nominal');
    for (const other of [threeLevels, threeRaters]) {
      for (const name of ['pabak', 'prevalence_index', 'bias_index'] as const) expect(other[name], name).toBeUndefined();
    }
  });

  it('shows the kappa paradox on skewed binary data: high agreement, negative kappa, high AC1 and PABAK', () => {
    // 10 units: 8 both yes, 1 (yes, no), 1 (no, yes). p_o = 0.8.
    // Each rater says yes 9 times: p_e(kappa) = 0.9² + 0.1² = 0.82, kappa = (0.8 - 0.82)/0.18 = -1/9.
    // AC1: pi_yes = 0.9, p_e = 2 (0.9)(0.1) / 1 = 0.18, AC1 = 0.62/0.82 = 31/41.
    // PABAK = 2 (0.8) - 1 = 0.6; prevalence index = (8 - 0)/10 = 0.8; bias index = (1 - 1)/10 = 0.
    const data: Ratings = [...times(8, ['yes', 'yes']), ['yes', 'no'], ['no', 'yes']];
    const m = computeMetrics(ratingTable(data, ['no', 'yes']), 'nominal');
    expect(m.percent_agreement?.value).toBeCloseTo(0.8, 12);
    expect(m.cohen_kappa?.value).toBeCloseTo(-1 / 9, 12);
    expect(m.gwet_ac1?.value).toBeCloseTo(31 / 41, 12);
    expect(m.pabak?.value).toBeCloseTo(0.6, 12);
    expect(m.prevalence_index?.value).toBeCloseTo(0.8, 12);
    expect(m.bias_index?.value).toBeCloseTo(0, 12);
    expect(pabak(ratingTable(data, ['no', 'yes'])).value).toBeCloseTo(0.6, 12);
  });

  it('percent agreement with three raters is the mean share of agreeing pairs, not the share of unanimous units', () => {
    // (a, a, a): 3 of 3 pairs agree; (a, a, b): 1 of 3. Mean = (1 + 1/3)/2 = 2/3 (unanimous share would be 1/2).
    const table = ratingTable([['a', 'a', 'a'], ['a', 'a', 'b']], ['a', 'b']);
    expect(percentAgreement(table).value).toBeCloseTo(2 / 3, 12);
  });

  it('returns for every measure either a finite value or null with a reason, on varied data', () => {
    const cases: [Ratings, Category[], Scale][] = [
      [TWO_RATERS_ORDINAL, LEVELS_4, 'ordinal'],
      [TWO_RATERS_ORDINAL, LEVELS_4, 'nominal'],
      [FOUR_RATERS_ORDINAL, LEVELS_4, 'ordinal'],
      [[['a', 'b'], ['a', null]], ['a', 'b'], 'ordinal'], // one complete pair only
      [[['a', null], [null, 'b']], ['a', 'b'], 'ordinal'], // no pair at all
      [times(4, ['pass', 'pass']), ['fail', 'pass'], 'ordinal'], // one level used
      [[['x', 'y'], ['y', 'x']], ['x', 'y', 'z'], 'ordinal'], // total disagreement, one unused level
    ];
    for (const [ratings, cats, scale] of cases) {
      const metrics = computeMetrics(ratingTable(ratings, cats), scale, { resamples: 50 });
      expect(Object.keys(metrics).length).toBeGreaterThan(0);
      expectWellFormed(metrics, JSON.stringify(ratings).slice(0, 40));
    }
  });
});

describe('on random data (property; a failure prints its seed and shrinks to a smallest data set)', () => {
  /** `minRaters` to `maxRaters` raters, 2 to 5 levels, 1 to 30 units, about one rating in five missing. */
  const ratingsData = (minRaters: number, maxRaters: number) => fc.record({ raters: fc.integer({ min: minRaters, max: maxRaters }), levels: fc.integer({ min: 2, max: 5 }) }).chain(({ raters, levels }) =>
    fc.record({
      categories: fc.constant(Array.from({ length: levels }, (_, index) => String(index + 1))),
      ratings: fc.array(
        fc.array(fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: levels }).map(String), weight: 4 }), {
          minLength: raters,
          maxLength: raters,
        }),
        { minLength: 1, maxLength: 30 },
      ),
    }),
  );

  /** The table, or null for data ratingTable rightly refuses (no pair of ratings, one rater). */
  function tableOrNull(ratings: Ratings, categories: Category[]): RatingTable | null {
    try {
      return ratingTable(ratings, categories);
    } catch (error) {
      expect(error).toBeInstanceOf(RatingsInputError);
      return null;
    }
  }

  test.prop([ratingsData(2, 4), fc.constantFrom<Scale>('nominal', 'ordinal')], { numRuns: 200 })(
    'gives every measure a finite value or null with a reason',
    ({ ratings, categories }, scale) => {
      const table = tableOrNull(ratings, categories);
      fc.pre(table !== null);
      expectWellFormed(computeMetrics(table!, scale, { resamples: 20 }), scale);
    },
  );

  test.prop([ratingsData(2, 2)], { numRuns: 200 })(
    'keeps the value of every symmetric measure when the two raters swap',
    ({ ratings, categories }) => {
      const table = tableOrNull(ratings, categories);
      fc.pre(table !== null);
      const original = computeMetrics(table!, 'ordinal', { resamples: 20 });
      const swapped = computeMetrics(ratingTable(swapRaters(ratings), categories), 'ordinal', { resamples: 20 });
      for (const name of ['percent_agreement', 'cohen_kappa', 'cohen_kappa_quadratic', 'scott_pi', 'fleiss_kappa', 'krippendorff_alpha_ordinal', 'gwet_ac1', 'brennan_prediger'] as const) {
        expectSameEstimate(swapped[name], original[name], name, true);
      }
    },
  );

  test.prop([ratingsData(2, 4), fc.constantFrom<Scale>('nominal', 'ordinal')], { numRuns: 300 })(
    'gives every defined measure a recommended interval that holds its value, inside its range and of non-zero width',
    ({ ratings, categories }, scale) => {
      const table = tableOrNull(ratings, categories);
      fc.pre(table !== null);
      const metrics = computeMetrics(table!, scale, { resamples: 50 });
      for (const [name, estimate] of Object.entries(metrics) as [MetricName, Estimate][]) {
        const interval = estimate.interval;
        const descriptive = name === 'prevalence_index' || name === 'bias_index';
        const constant = name === 'adjacent_agreement' && table!.categories.length === 2;
        if (estimate.value === null || descriptive || constant) {
          expect(interval, name).toBeNull();
          continue;
        }
        expect(interval, `${name} on ${JSON.stringify(ratings)}`).not.toBeNull();
        const proportion = name === 'percent_agreement' || name === 'adjacent_agreement';
        expect(interval!.hi, name).toBeGreaterThan(interval!.lo);
        expect(interval!.lo, name).toBeLessThanOrEqual(estimate.value + 1e-9);
        expect(interval!.hi, name).toBeGreaterThanOrEqual(estimate.value - 1e-9);
        expect(interval!.hi, name).toBeLessThanOrEqual(1);
        expect(interval!.lo, name).toBeGreaterThanOrEqual(proportion ? 0 : Math.min(-1, estimate.value));
      }
    },
  );
});
