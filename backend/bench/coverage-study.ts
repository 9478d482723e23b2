/**
 * A seeded coverage study of the recommended intervals: for each model (a joint distribution of
 * one submission's row of ratings), draw data sets of n submissions, compute every measure's
 * recommended interval, and count how often it holds the model's true value. The true value is
 * the measure of the model's joint distribution itself (the compressed table whose multiplicities
 * are the row probabilities), so it is exact, not estimated from a large sample.
 * Used by `npm run bench -- coverage` and by test/stats-coverage.test.ts.
 */
import { randomBinomial, randomLcg } from 'd3-random';
import {
  adjacentAgreement,
  brennanPrediger,
  cohenKappa,
  computeMetric,
  fleissKappa,
  gwetAc1,
  gwetAc2Quadratic,
  krippendorffAlphaValue,
  pabak,
  percentAgreement,
  recommendedInterval,
  scottPi,
  type IntervalMeasure,
  type RatingTable,
} from '../src/stats/index.js';

export interface CoverageModel {
  name: string;
  levels: number;
  raters: number;
  ordinal: boolean;
  /** every possible row of level codes (-1 = no rating) with its probability; they sum to 1 */
  rows: { codes: number[]; p: number }[];
}

const VALUE: Record<IntervalMeasure, (t: RatingTable) => number | null> = {
  percent_agreement: (t) => percentAgreement(t).value,
  adjacent_agreement: (t) => adjacentAgreement(t).value,
  cohen_kappa: (t) => cohenKappa(t).value,
  cohen_kappa_linear: (t) => cohenKappa(t, 'linear').value,
  cohen_kappa_quadratic: (t) => cohenKappa(t, 'quadratic').value,
  scott_pi: (t) => scottPi(t).value,
  fleiss_kappa: (t) => fleissKappa(t).value,
  krippendorff_alpha_nominal: (t) => numberOrNull(krippendorffAlphaValue(t, 'nominal')),
  krippendorff_alpha_ordinal: (t) => numberOrNull(krippendorffAlphaValue(t, 'ordinal')),
  krippendorff_alpha_interval: (t) => numberOrNull(krippendorffAlphaValue(t, 'interval')),
  gwet_ac1: (t) => gwetAc1(t).value,
  gwet_ac2_quadratic: (t) => gwetAc2Quadratic(t).value,
  brennan_prediger: (t) => brennanPrediger(t).value,
  pabak: (t) => pabak(t).value,
};

function numberOrNull(v: number | string): number | null {
  return typeof v === 'number' ? v : null;
}

/** The measures Concord reports on a model's data (as `computeMetrics` picks them), with an interval. */
export function measuresOf(model: CoverageModel): IntervalMeasure[] {
  const two = model.raters === 2;
  const names: IntervalMeasure[] = ['percent_agreement'];
  if (model.ordinal && model.levels > 2) names.push('adjacent_agreement');
  if (two) names.push('cohen_kappa');
  if (two && model.ordinal) names.push('cohen_kappa_linear', 'cohen_kappa_quadratic');
  if (two) names.push('scott_pi');
  names.push('fleiss_kappa', 'krippendorff_alpha_nominal');
  if (model.ordinal) names.push('krippendorff_alpha_ordinal', 'krippendorff_alpha_interval');
  names.push('gwet_ac1');
  if (model.ordinal) names.push('gwet_ac2_quadratic');
  names.push('brennan_prediger');
  if (two && model.levels === 2) names.push('pabak');
  return names;
}

function modelTable(model: CoverageModel, multiplicity: Float64Array): RatingTable {
  return {
    categories: Array.from({ length: model.levels }, (_, i) => i + 1),
    raterCount: model.raters,
    rows: Int32Array.from(model.rows.flatMap((r) => r.codes)),
    multiplicity,
    distinctCount: model.rows.length,
  };
}

/** The model's true value of a measure: the measure of its joint distribution. */
export function populationValue(model: CoverageModel, name: IntervalMeasure): number | null {
  // probabilities times 1e12 units: Krippendorff's (N - 1) / N differs from 1 by 5e-13
  return VALUE[name](modelTable(model, Float64Array.from(model.rows.map((r) => r.p * 1e12))));
}

export interface MeasureCoverage {
  measure: IntervalMeasure;
  truth: number;
  /** data sets where the measure was defined */
  defined: number;
  covered: number;
  /** misses below the truth (interval too high) and above it (too low) */
  missLow: number;
  missHigh: number;
  /** defined data sets whose interval was null or of zero width (must stay 0) */
  degenerate: number;
  /** data sets with the interval outside the measure's range (must stay 0) */
  outOfRange: number;
  meanWidth: number;
  methods: Set<string>;
}

export interface StudyOptions {
  /** the measures to study (default: every measure Concord reports on the model's data) */
  measures?: readonly IntervalMeasure[];
  /** bootstrap resamples of ordinal alpha, whose recommended interval is BCa (default 2,000) */
  resamples?: number;
}

/**
 * Runs `sets` seeded data sets of `n` submissions from `model`. Each measure's interval is the
 * one Concord reports (`computeMetric`), so ordinal alpha costs a bootstrap per data set.
 */
export function coverageStudy(model: CoverageModel, n: number, sets: number, seed: number, options: StudyOptions = {}): MeasureCoverage[] {
  const names = measuresOf(model).filter((name) => !options.measures || options.measures.includes(name));
  const truths = names.map((name) => populationValue(model, name));
  const results: MeasureCoverage[] = names.map((measure, i) => ({
    measure,
    truth: truths[i] ?? Number.NaN,
    defined: 0,
    covered: 0,
    missLow: 0,
    missHigh: 0,
    degenerate: 0,
    outOfRange: 0,
    meanWidth: 0,
    methods: new Set<string>(),
  }));
  const source = randomLcg(seed);
  const binomial = randomBinomial.source(source);
  const probabilities = model.rows.map((r) => r.p);
  for (let s = 0; s < sets; s++) {
    const counts = new Float64Array(probabilities.length);
    let remaining = n;
    let share = 1;
    for (let d = 0; d < probabilities.length; d++) {
      const p = probabilities[d];
      const draw = remaining === 0 || p === 0 ? 0 : p >= share ? remaining : binomial(remaining, Math.min(1, p / share))();
      counts[d] = draw;
      remaining -= draw;
      share -= p;
    }
    const table = modelTable(model, counts);
    names.forEach((name, i) => {
      const r = results[i];
      if (truths[i] === null) return;
      const estimate =
        name === 'krippendorff_alpha_ordinal'
          ? computeMetric(name, table, { resamples: options.resamples, seed: bootstrapSeed(seed, s) })
          : { value: VALUE[name](table), interval: undefined };
      const value = estimate.value;
      if (value === null) return;
      r.defined++;
      const interval = estimate.interval !== undefined ? estimate.interval : recommendedInterval(name, table, value);
      if (interval === null || !(interval.hi > interval.lo)) {
        r.degenerate++;
        return;
      }
      // the bootstrap seed differs per data set: one method, not one per seed
      r.methods.add(interval.method.replace(/seed \d+/, 'seed per data set'));
      const lower = name === 'percent_agreement' || name === 'adjacent_agreement' ? 0 : -1;
      if (interval.lo < lower - 1e-12 || interval.hi > 1 + 1e-12) r.outOfRange++;
      r.meanWidth += interval.hi - interval.lo;
      const truth = truths[i]!;
      if (truth < interval.lo) r.missLow++;
      else if (truth > interval.hi) r.missHigh++;
      else r.covered++;
    });
  }
  for (const r of results) r.meanWidth = r.defined > 0 ? r.meanWidth / r.defined : Number.NaN;
  return results;
}

/**
 * The bootstrap seed of data set `s`: its own for each data set, so that the coverage averages over
 * the bootstrap's randomness too (with one seed for every data set, as a report uses, the
 * resampling error is shared by all data sets and shifts the coverage of a study by up to a point).
 */
function bootstrapSeed(studySeed: number, s: number): number {
  return (studySeed * 31 + 7919 * (s + 1)) % 0x100000000;
}

/**
 * Two raters: a submission's true level t follows `prevalence`; rater 1 gives t, rater 2 gives t
 * with probability `agree` and otherwise a level one step away (two steps with `farShare` of the
 * disagreements on ordinal rows). `once` of the submissions carry the first rating only.
 */
export function twoRaterModel(
  name: string,
  options: { prevalence: number[]; agree: number; ordinal: boolean; farShare?: number; once?: number },
): CoverageModel {
  const q = options.prevalence.length;
  const once = options.once ?? 0;
  const far = options.farShare ?? 0;
  const joint = new Float64Array(q * q);
  for (let t = 0; t < q; t++) {
    const pt = options.prevalence[t];
    joint[t * q + t] += pt * options.agree;
    const miss = pt * (1 - options.agree);
    const near = [t - 1, t + 1].filter((l) => l >= 0 && l < q);
    const distant = [t - 2, t + 2].filter((l) => l >= 0 && l < q);
    const farPart = options.ordinal && distant.length > 0 ? far : 0;
    for (const l of near) joint[t * q + l] += (miss * (1 - farPart)) / near.length;
    for (const l of distant) joint[t * q + l] += (miss * farPart) / distant.length;
  }
  const rows: CoverageModel['rows'] = [];
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) if (joint[i * q + j] > 0) rows.push({ codes: [i, j], p: joint[i * q + j] * (1 - once) });
    if (once > 0) rows.push({ codes: [i, -1], p: options.prevalence[i] * once });
  }
  return { name, levels: q, raters: 2, ordinal: options.ordinal, rows };
}

/** Two raters with a given joint table of two levels (rows: rater 1, columns: rater 2). */
export function binaryJointModel(name: string, joint: [[number, number], [number, number]]): CoverageModel {
  const rows: CoverageModel['rows'] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) if (joint[i][j] > 0) rows.push({ codes: [i, j], p: joint[i][j] });
  return { name, levels: 2, raters: 2, ordinal: false, rows };
}

/**
 * `raters` raters on an ordinal row: a submission's true level follows `prevalence`; each rater
 * independently gives it with probability `agree`, otherwise a neighbouring level. Each rating
 * is missing with probability `missing` (rows left with no rating are dropped, the rest renormalised).
 */
export function latentClassModel(
  name: string,
  options: { prevalence: number[]; raters: number; agree: number; missing?: number },
): CoverageModel {
  const q = options.prevalence.length;
  const k = options.raters;
  const missing = options.missing ?? 0;
  const alphabet = missing > 0 ? q + 1 : q;
  const rows: CoverageModel['rows'] = [];
  const total = Math.pow(alphabet, k);
  let mass = 0;
  for (let code = 0; code < total; code++) {
    const codes: number[] = [];
    let c = code;
    for (let j = 0; j < k; j++) {
      codes.push((c % alphabet) - (missing > 0 ? 1 : 0));
      c = Math.floor(c / alphabet);
    }
    if (codes.every((x) => x < 0)) continue;
    let p = 0;
    for (let t = 0; t < q; t++) {
      let pt = options.prevalence[t];
      for (const x of codes) pt *= x < 0 ? missing : (1 - missing) * ratingGiven(t, x, q, options.agree);
      p += pt;
    }
    if (p > 0) {
      rows.push({ codes, p });
      mass += p;
    }
  }
  for (const r of rows) r.p /= mass;
  return { name, levels: q, raters: k, ordinal: true, rows };
}

function ratingGiven(truth: number, level: number, q: number, agree: number): number {
  if (level === truth) return agree;
  if (Math.abs(level - truth) !== 1) return 0;
  const neighbours = (truth > 0 ? 1 : 0) + (truth < q - 1 ? 1 : 0);
  return (1 - agree) / neighbours;
}

/** The configurations of issue 11 at which the recommended intervals must cover 93% to 97%. */
export function issueModels(): CoverageModel[] {
  return [
    twoRaterModel('near ceiling: 2 raters, 4 nominal levels, agreement 0.96', { prevalence: [0.25, 0.25, 0.25, 0.25], agree: 0.96, ordinal: false }),
    twoRaterModel('near ceiling, ordinal: 2 raters, 5 levels, agreement 0.96', { prevalence: [0.1, 0.2, 0.4, 0.2, 0.1], agree: 0.96, ordinal: true, farShare: 0.1 }),
    binaryJointModel('skewed prevalence 0.9/0.1: 2 raters, agreement 0.95', [
      [0.87, 0.025],
      [0.025, 0.08],
    ]),
    binaryJointModel('one rater nearly always one level (0.97): 2 raters', [
      [0.8955, 0.0045],
      [0.0745, 0.0255],
    ]),
    twoRaterModel('quadratic weights near ceiling: 2 raters, 4 ordinal levels, agreement 0.92', { prevalence: [0.15, 0.35, 0.35, 0.15], agree: 0.92, ordinal: true, farShare: 0.05 }),
    twoRaterModel('rated once mixed in: 2 raters, 4 ordinal levels, agreement 0.85, 30% rated once', { prevalence: [0.2, 0.3, 0.3, 0.2], agree: 0.85, ordinal: true, farShare: 0.2, once: 0.3 }),
    latentClassModel('3 raters, 4 ordinal levels, each right with 0.9', { prevalence: [0.2, 0.3, 0.3, 0.2], raters: 3, agree: 0.9 }),
    latentClassModel('3 raters with missing ratings (15% each), 4 ordinal levels', { prevalence: [0.2, 0.3, 0.3, 0.2], raters: 3, agree: 0.9, missing: 0.15 }),
  ];
}
