import { fc, test } from '@fast-check/vitest';
import { randomLcg } from 'd3-random';
import { describe, expect, it } from 'vitest';
import { chiSquaredSurvival, logGamma } from './chi-squared.js';
import {
  isDisconnected,
  manyFacetRasch,
  MfrmInputError,
  mfrmRaterFlags,
  raterFlags,
  type MfrmDisconnected,
  type MfrmElement,
  type MfrmEstimates,
  type MfrmOptions,
  type MfrmRating,
  type MfrmResult,
} from './mfrm.js';

const r = (submission: string, row: string, rater: string, category: number): MfrmRating => ({ submission, row, rater, category });

/** Every row of a submission by one rater, with the given categories (one per row). */
function scored(submission: string, rater: string, categories: number[]): MfrmRating[] {
  return categories.map((c, i) => r(submission, `row${i + 1}`, rater, c));
}

interface Simulation {
  submissions: number;
  rows: number;
  raters: number;
  /** m: categories 0..m */
  steps: number;
  seed: number;
  /** rater severities (defaults spread over -0.6..0.6) */
  severities?: number[];
}

/**
 * Ratings drawn from the rating-scale model: submission n is scored on every row by raters
 * n mod J and (n + 1) mod J (a ring, so the design is connected once there are J submissions).
 */
function simulate(spec: Simulation): { ratings: MfrmRating[]; severities: number[] } {
  const random = randomLcg(spec.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const severities = spec.severities ?? Array.from({ length: spec.raters }, (_, j) => (spec.raters === 1 ? 0 : -0.6 + (1.2 * j) / (spec.raters - 1)));
  const difficulties = Array.from({ length: spec.rows }, (_, i) => (spec.rows === 1 ? 0 : -0.5 + i / (spec.rows - 1)));
  const thresholds = Array.from({ length: spec.steps }, (_, k) => (spec.steps === 1 ? 0 : -1.5 + (3 * k) / (spec.steps - 1)));
  const ratings: MfrmRating[] = [];
  for (let n = 0; n < spec.submissions; n++) {
    const ability = 0.3 + normal();
    for (const j of new Set([n % spec.raters, (n + 1) % spec.raters])) {
      for (let i = 0; i < spec.rows; i++) {
        const eta = ability - difficulties[i] - severities[j];
        const weights = [1];
        let psi = 0;
        for (let k = 1; k <= spec.steps; k++) weights.push(Math.exp((psi += eta - thresholds[k - 1])));
        const total = weights.reduce((a, b) => a + b, 0);
        let u = random() * total;
        let category = 0;
        while (category < spec.steps && (u -= weights[category]) > 0) category++;
        ratings.push(r(`s${String(n).padStart(3, '0')}`, `row${i + 1}`, `rater${j + 1}`, category));
      }
    }
  }
  return { ratings, severities };
}

function estimates(result: MfrmResult): MfrmEstimates {
  if (isDisconnected(result)) throw new Error(`unexpectedly disconnected: ${JSON.stringify(result.components)}`);
  return result;
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof MfrmInputError) return error.code;
    throw error;
  }
}

describe('manyFacetRasch: extreme elements', () => {
  // A connected base of six submissions, three raters and two rows, none of them extreme.
  const base: MfrmRating[] = [];
  const raters = ['A', 'B', 'C'];
  for (let n = 0; n < 6; n++) {
    for (const j of [n % 3, (n + 1) % 3]) base.push(...scored(`s${n + 1}`, raters[j], [(n + j) % 3, (n + 2 * j + 1) % 3]));
  }

  it('leaves a base without extremes alone', () => {
    const result = estimates(manyFacetRasch(base, { categories: 3 }));
    expect(result.extreme).toEqual({ submissions: [], rows: [], raters: [] });
    expect(result.extreme_rounds).toEqual([]);
    expect(result.ratings_used).toBe(base.length);
  });

  it('removes a cascade round by round: a submission all minimum, then a rater all maximum, then a submission all minimum', () => {
    const ratings = [
      ...base,
      // round 1: sX is all minimum (by A and by R)
      ...scored('sX', 'A', [0, 0]),
      ...scored('sX', 'R', [0, 0]),
      // R's other ratings are all maximum: extreme once sX is gone (round 2) ...
      ...scored('sY', 'R', [2, 2]),
      // ... which leaves sY with B's minimum ratings only (round 3)
      ...scored('sY', 'B', [0, 0]),
    ];
    const result = estimates(manyFacetRasch(ratings, { categories: 3 }));
    expect(result.extreme_rounds).toEqual([{ submissions: ['sX'] }, { raters: ['R'] }, { submissions: ['sY'] }]);
    expect(result.extreme).toEqual({ submissions: ['sX', 'sY'], rows: [], raters: ['R'] });
    expect(result.ratings_used).toBe(base.length);
    expect(Object.keys(result.submissions)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    expect(Object.keys(result.raters)).toEqual(['A', 'B', 'C']);
    // the extreme ratings count nowhere: A's count and score are those of the base
    const alone = estimates(manyFacetRasch(base, { categories: 3 }));
    expect(result.raters.A.count).toBe(alone.raters.A.count);
    expect(result.raters.A.measure).toBeCloseTo(alone.raters.A.measure, 9);
  });

  it('lists an element that loses every rating without being extreme itself in the round it loses them', () => {
    const ratings = [...base, r('sX', 'row1', 'A', 0), r('sX', 'rowZ', 'A', 0), r('sW', 'row1', 'B', 2), r('sW', 'rowZ', 'B', 2)];
    const result = estimates(manyFacetRasch(ratings, { categories: 3 }));
    // rowZ's ratings are 0 and 2 (not extreme), but both belong to extreme submissions
    expect(result.extreme_rounds).toEqual([{ submissions: ['sW', 'sX'], rows: ['rowZ'] }]);
    expect(Object.keys(result.rows)).toEqual(['row1', 'row2']);
  });

  it('throws all_extreme when nothing is left', () => {
    expect(codeOf(() => manyFacetRasch([...scored('s1', 'A', [2, 2]), ...scored('s2', 'A', [0, 0])], { categories: 3 }))).toBe('all_extreme');
  });
});

describe('manyFacetRasch: connectivity', () => {
  const group = (subs: number[], raters: string[]) =>
    subs.flatMap((n, index) => [
      ...scored(`s${String(n).padStart(2, '0')}`, raters[index % raters.length], [index % 3, (index + 1) % 3, 1]),
      ...scored(`s${String(n).padStart(2, '0')}`, raters[(index + 1) % raters.length], [(index + 2) % 3, 1, index % 3]),
    ]);

  it('reports two groups of raters on disjoint submissions as components, ordered by first submission', () => {
    const ratings = [...group([5, 6, 7, 8], ['D', 'C']), ...group([1, 2, 3, 4], ['B', 'A'])];
    const result = manyFacetRasch(ratings, { categories: 3 }) as MfrmDisconnected;
    expect(result.error).toBe('disconnected');
    expect(result.components).toEqual([
      ['s01', 's02', 's03', 's04', 'A', 'B'],
      ['s05', 's06', 's07', 's08', 'C', 'D'],
    ]);
    expect(result.components_detail).toEqual([
      { submissions: ['s01', 's02', 's03', 's04'], raters: ['A', 'B'] },
      { submissions: ['s05', 's06', 's07', 's08'], raters: ['C', 'D'] },
    ]);
    expect(Object.keys(result)).toEqual(['error', 'components', 'components_detail', 'extreme', 'extreme_rounds']);
  });

  it('is disconnected when the only link was an extreme rater, which no component lists', () => {
    const ratings = [...group([1, 2, 3, 4], ['A', 'B']), ...group([5, 6, 7, 8], ['C', 'D']), ...scored('s01', 'L', [2, 2, 2]), ...scored('s05', 'L', [2, 2, 2])];
    const result = manyFacetRasch(ratings, { categories: 3 }) as MfrmDisconnected;
    expect(result.error).toBe('disconnected');
    expect(result.extreme).toEqual({ submissions: [], rows: [], raters: ['L'] });
    expect(result.components.flat()).not.toContain('L');
    expect(result.components).toHaveLength(2);
    // the same design with L rating normally is connected
    const linked = [...group([1, 2, 3, 4], ['A', 'B']), ...group([5, 6, 7, 8], ['C', 'D']), ...scored('s01', 'L', [2, 1, 2]), ...scored('s05', 'L', [1, 2, 0])];
    expect(isDisconnected(manyFacetRasch(linked, { categories: 3 }))).toBe(false);
  });
});

describe('manyFacetRasch: identification and anchoring', () => {
  const { ratings } = simulate({ submissions: 60, rows: 3, raters: 5, steps: 3, seed: 11 });
  const centred = estimates(manyFacetRasch(ratings, { categories: 4 }));

  it('centres rows and raters and makes the thresholds sum to zero', () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum(Object.values(centred.rows).map((e) => e.measure)))).toBeLessThan(1e-12);
    expect(Math.abs(sum(Object.values(centred.raters).map((e) => e.measure)))).toBeLessThan(1e-12);
    expect(Math.abs(sum(centred.thresholds))).toBeLessThan(1e-12);
    expect(centred.converged).toBe(true);
  });

  for (const value of [0, 0.7]) {
    it(`anchoring rater3 at ${value} gives the centred solution shifted by C_anchor - ${value} (MFRM.md section 3)`, () => {
      const anchored = estimates(manyFacetRasch(ratings, { categories: 4, anchor: { rater: 'rater3', value } }));
      const shift = centred.raters.rater3.measure - value;
      expect(anchored.raters.rater3.measure).toBe(value);
      expect(anchored.raters.rater3.anchored).toBe(true);
      expect(Object.values(anchored.raters).filter((e) => e.anchored)).toHaveLength(1);
      for (const [id, e] of Object.entries(centred.raters)) {
        expect(anchored.raters[id].measure).toBeCloseTo(e.measure - shift, 9);
        expect(anchored.raters[id].se).toBeCloseTo(e.se, 9);
        expect(anchored.raters[id].infit).toBeCloseTo(e.infit, 9);
        expect(anchored.raters[id].fair_average).toBeCloseTo(e.fair_average, 9);
      }
      for (const [id, e] of Object.entries(centred.submissions)) expect(anchored.submissions[id].measure).toBeCloseTo(e.measure - shift, 9);
      for (const [id, e] of Object.entries(centred.rows)) expect(anchored.rows[id].measure).toBeCloseTo(e.measure, 9);
      anchored.thresholds.forEach((f, k) => expect(f).toBeCloseTo(centred.thresholds[k], 9));
      expect(anchored.loglik).toBeCloseTo(centred.loglik, 9);
    });
  }

  it('recovers the generating severities of a larger design', () => {
    const sim = simulate({ submissions: 600, rows: 4, raters: 6, steps: 3, seed: 5, severities: [-0.8, -0.3, 0, 0.1, 0.4, 0.6] });
    const result = estimates(manyFacetRasch(sim.ratings, { categories: 4 }));
    sim.severities.forEach((c, j) => expect(Math.abs(result.raters[`rater${j + 1}`].measure - c)).toBeLessThan(0.3));
    // the most lenient and the most severe come out as such
    expect(mfrmRaterFlags(result).rater1).toContain('lenient');
    expect(mfrmRaterFlags(result).rater6).toContain('severe');
  });

  it('reports converged: false when the iterations run out', () => {
    expect(estimates(manyFacetRasch(ratings, { categories: 4, maxIterations: 1 })).converged).toBe(false);
  });

  it('a binary scale has the single threshold 0', () => {
    const binary = estimates(manyFacetRasch(simulate({ submissions: 40, rows: 3, raters: 4, steps: 1, seed: 3 }).ratings, { categories: 2 }));
    expect(binary.thresholds).toEqual([0]);
  });

  it('reports scores and fair averages on the level scale that lowestLevel sets', () => {
    const zero = estimates(manyFacetRasch(ratings, { categories: 4, lowestLevel: 0 }));
    for (const [id, e] of Object.entries(centred.raters)) {
      expect(zero.raters[id].score).toBe(e.score - e.count);
      expect(zero.raters[id].fair_average).toBeCloseTo(e.fair_average - 1, 12);
      expect(zero.raters[id].measure).toBe(e.measure);
    }
  });
});

describe('manyFacetRasch: input it cannot estimate', () => {
  const { ratings } = simulate({ submissions: 30, rows: 2, raters: 3, steps: 2, seed: 8 });

  it('names an empty category', () => {
    try {
      manyFacetRasch(ratings, { categories: 4 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MfrmInputError);
      expect((error as MfrmInputError).code).toBe('empty_category');
      expect((error as MfrmInputError).detail.category).toBe(3);
    }
  });

  it('needs the anchored rater among the retained raters', () => {
    expect(codeOf(() => manyFacetRasch(ratings, { categories: 3, anchor: { rater: 'nobody', value: 0 } }))).toBe('anchor_missing');
    const withExtremeExpert = [...ratings, r('s000', 'row1', 'expert', 2), r('s001', 'row2', 'expert', 2)];
    expect(codeOf(() => manyFacetRasch(withExtremeExpert, { categories: 3, anchor: { rater: 'expert', value: 0 } }))).toBe('anchor_missing');
  });

  it('refuses categories outside 0..m, empty ids, no ratings and a one-level scale', () => {
    expect(codeOf(() => manyFacetRasch([r('s', 'row', 'A', 3)], { categories: 3 }))).toBe('bad_rating');
    expect(codeOf(() => manyFacetRasch([r('s', 'row', 'A', 1.5)], { categories: 3 }))).toBe('bad_rating');
    expect(codeOf(() => manyFacetRasch([r('s', 'row', 'A', -1)], { categories: 3 }))).toBe('bad_rating');
    expect(codeOf(() => manyFacetRasch([r('', 'row', 'A', 1)], { categories: 3 }))).toBe('bad_rating');
    expect(codeOf(() => manyFacetRasch([], { categories: 3 }))).toBe('no_ratings');
    expect(codeOf(() => manyFacetRasch(ratings, { categories: 1 }))).toBe('bad_option');
    expect(codeOf(() => manyFacetRasch(ratings, { categories: 3, anchor: { rater: 'rater1', value: Number.NaN } }))).toBe('bad_option');
  });

  it('says when the design does not identify the parameters though its graph is connected', () => {
    // rater A scores only row1 and rater B only row2: D_1 + C_A and D_2 + C_B are all the data show
    const confounded = simulate({ submissions: 20, rows: 2, raters: 2, steps: 2, seed: 4 }).ratings.filter(
      (x) => (x.rater === 'rater1') === (x.row === 'row1'),
    );
    expect(codeOf(() => manyFacetRasch(confounded, { categories: 3 }))).toBe('not_identified');
  });

  it('says when the likelihood has no finite maximum, naming the elements that run off', () => {
    // five submissions: the highest level is too rare to place its threshold
    const few = simulate({ submissions: 5, rows: 2, raters: 2, steps: 3, seed: 994635 }).ratings;
    try {
      manyFacetRasch(few, { categories: 4 });
      expect.unreachable();
    } catch (error) {
      expect((error as MfrmInputError).code).toBe('no_finite_maximum');
      expect((error as Error).message).toMatch(/the measures of .*(submission|row|rater|threshold)/);
    }
  });

  it('keeps an id such as __proto__ as an ordinary key', () => {
    const renamed = ratings.map((x) => (x.rater === 'rater1' ? { ...x, rater: '__proto__' } : x));
    const result = estimates(manyFacetRasch(renamed, { categories: 3 }));
    expect(Object.keys(result.raters)).toContain('__proto__');
    expect(JSON.parse(JSON.stringify(result)).raters.__proto__.count).toBe(result.raters['__proto__'].count);
  });
});

describe('raterFlags', () => {
  const element = (over: Partial<MfrmElement>): MfrmElement => ({ measure: 0, se: 0.2, real_se: 0.2, infit: 1, outfit: 1, count: 40, score: 100, ...over });

  it('flags severity at 0.5 logit and |severity / SE| >= 2, in the sign of the severity', () => {
    expect(raterFlags(element({ measure: 0.5, se: 0.25 }))).toEqual(['severe']);
    expect(raterFlags(element({ measure: -0.5, se: 0.25 }))).toEqual(['lenient']);
    expect(raterFlags(element({ measure: 0.49, se: 0.1 }))).toEqual([]);
    expect(raterFlags(element({ measure: 0.8, se: 0.41 }))).toEqual([]);
  });

  it('flags fit above 1.5 as inconsistent and below 0.5 as muted, on either mean-square', () => {
    expect(raterFlags(element({ infit: 1.5, outfit: 1.5 }))).toEqual([]);
    expect(raterFlags(element({ outfit: 1.51 }))).toEqual(['inconsistent']);
    expect(raterFlags(element({ infit: 0.49 }))).toEqual(['muted']);
    expect(raterFlags(element({ infit: 0.5, outfit: 0.5 }))).toEqual([]);
    expect(raterFlags(element({ infit: 0.3, outfit: 1.7 }))).toEqual(['inconsistent', 'muted']);
  });

  it('flags fewer than 30 ratings as insufficient data', () => {
    expect(raterFlags(element({ count: 29 }))).toEqual(['insufficient_data']);
    expect(raterFlags(element({ count: 30 }))).toEqual([]);
  });
});

describe('chiSquaredSurvival', () => {
  it('matches closed forms and textbook quantiles', () => {
    for (const x of [0.1, 1, 5, 40]) expect(chiSquaredSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 14);
    expect(chiSquaredSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 13);
    expect(chiSquaredSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 13);
    expect(chiSquaredSurvival(0, 5)).toBe(1);
    // chi-squared(4): Q = e^(-x/2) (1 + x/2), far in the tail with its relative accuracy
    const tail = Math.exp(-100) * (1 + 100);
    expect(Math.abs(chiSquaredSurvival(200, 4) - tail) / tail).toBeLessThan(1e-12);
  });

  it('log-gamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });
});

/** Both throw the same error, or both are disconnected, or both give results that `compare` accepts. */
function sameOutcome(a: () => MfrmResult, b: () => MfrmResult, compare: (x: MfrmEstimates, y: MfrmEstimates) => void) {
  const codeA = codeOrResult(a);
  const codeB = codeOrResult(b);
  if (typeof codeA === 'string' || typeof codeB === 'string') {
    expect(codeB).toEqual(codeA);
    return;
  }
  expect(isDisconnected(codeB)).toBe(isDisconnected(codeA));
  if (isDisconnected(codeA) || isDisconnected(codeB)) return;
  compare(codeA, codeB);
}

function codeOrResult(run: () => MfrmResult): MfrmResult | string {
  try {
    return run();
  } catch (error) {
    if (error instanceof MfrmInputError) return error.code;
    throw error;
  }
}

const designs = fc.record({
  submissions: fc.integer({ min: 5, max: 30 }),
  rows: fc.integer({ min: 1, max: 3 }),
  raters: fc.integer({ min: 2, max: 5 }),
  steps: fc.integer({ min: 1, max: 3 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

describe('manyFacetRasch: invariants on random designs', () => {
  test.prop([designs, fc.integer({ min: 0, max: 1_000_000 })], { numRuns: 60 })('the order of the ratings does not matter', (spec, shuffleSeed) => {
    const { ratings } = simulate(spec);
    const random = randomLcg(shuffleSeed);
    const shuffled = [...ratings];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[k]] = [shuffled[k], shuffled[i]];
    }
    const options: MfrmOptions = { categories: spec.steps + 1 };
    sameOutcome(
      () => manyFacetRasch(ratings, options),
      () => manyFacetRasch(shuffled, options),
      (a, b) => {
        expect(b.extreme).toEqual(a.extreme);
        for (const facet of ['submissions', 'rows', 'raters'] as const) {
          for (const [id, e] of Object.entries(a[facet])) {
            expect(Math.abs(b[facet][id].measure - e.measure)).toBeLessThan(1e-8);
            expect(Math.abs(b[facet][id].infit - e.infit)).toBeLessThan(1e-8);
          }
        }
      },
    );
  });

  test.prop([designs], { numRuns: 60 })('reversing the scale mirrors every measure and threshold and keeps SEs and fit', (spec) => {
    const { ratings } = simulate(spec);
    const reversed = ratings.map((x) => ({ ...x, category: spec.steps - x.category }));
    const options: MfrmOptions = { categories: spec.steps + 1 };
    sameOutcome(
      () => manyFacetRasch(ratings, options),
      () => manyFacetRasch(reversed, options),
      (a, b) => {
        for (const facet of ['submissions', 'rows', 'raters'] as const) {
          expect(Object.keys(b[facet])).toEqual(Object.keys(a[facet]));
          for (const [id, e] of Object.entries(a[facet])) {
            const m = b[facet][id];
            expect(Math.abs(m.measure + e.measure)).toBeLessThan(1e-7);
            expect(Math.abs(m.se - e.se)).toBeLessThan(1e-7);
            expect(Math.abs(m.infit - e.infit)).toBeLessThan(1e-7);
            expect(Math.abs(m.outfit - e.outfit)).toBeLessThan(1e-7);
          }
        }
        a.thresholds.forEach((f, k) => expect(Math.abs(b.thresholds[spec.steps - 1 - k] + f)).toBeLessThan(1e-7));
        expect(Math.abs(b.loglik - a.loglik)).toBeLessThan(1e-7);
      },
    );
  });
});
