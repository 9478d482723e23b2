import { randomBinomial, randomLcg } from 'd3-random';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { errorFunction, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { CONFIDENCE } from './intervals.js';
import { withMultiplicity, type RatingTable } from './table.js';

export interface BootstrapOptions {
  /** number of resamples (default 2,000) */
  resamples?: number;
  /** seed of the pseudo-random source; the same seed gives the same interval */
  seed?: number;
  level?: number;
  /** the statistic on the data: when given, the result carries the BCa interval too */
  estimate?: number;
}

export interface BootstrapResult {
  /** standard deviation of the replicates */
  se: number | null;
  /** percentile interval */
  ci: [number, number] | null;
  resamples: number;
  /** replicates on which the statistic was defined */
  defined: number;
  /** the BCa interval from the same replicates (`bcaInterval`), when `estimate` was given */
  bca?: [number, number] | null;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20_260_101;

/**
 * Nonparametric bootstrap over units (Efron & Tibshirani 1993) with a percentile interval.
 *
 * Resampling n units with replacement is the same as drawing how many copies of each distinct
 * row the resample holds from a multinomial(n, m_d / n); this draws those counts as sequential
 * binomials (d3-random, seeded linear congruential source), so a resample costs O(distinct rows),
 * not O(units). Replicates where the statistic is undefined are skipped and counted.
 */
export function bootstrap(
  table: RatingTable,
  statistic: (resample: RatingTable) => number | null,
  options: BootstrapOptions = {},
): BootstrapResult {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? CONFIDENCE;
  const values = replicates(table, statistic, options);
  const bca = options.estimate === undefined ? {} : { bca: bcaFromReplicates(table, statistic, options.estimate, values, level) };
  if (values.length < 2) return { se: null, ci: null, resamples, defined: values.length, ...bca };
  const alpha = (1 - level) / 2;
  return {
    se: sampleStandardDeviation(values),
    ci: [quantileSorted(values, alpha), quantileSorted(values, 1 - alpha)],
    resamples,
    defined: values.length,
    ...bca,
  };
}

/**
 * The bias-corrected and accelerated (BCa) bootstrap interval (Efron 1987) of `statistic`, whose
 * value on the data is `estimate`: the percentiles of the replicates shifted by the bias
 * correction z0 (the share of replicates below the estimate) and the acceleration a (the skewness
 * of the jackknife values, leaving out one unit: one multiplicity less on one distinct row).
 * Null when fewer than two replicates are defined, when every replicate equals the estimate, or
 * when a jackknife value is undefined.
 */
export function bcaInterval(
  table: RatingTable,
  statistic: (resample: RatingTable) => number | null,
  estimate: number,
  options: BootstrapOptions = {},
): [number, number] | null {
  return bcaFromReplicates(table, statistic, estimate, replicates(table, statistic, options), options.level ?? CONFIDENCE);
}

function bcaFromReplicates(
  table: RatingTable,
  statistic: (resample: RatingTable) => number | null,
  estimate: number,
  values: readonly number[],
  level: number,
): [number, number] | null {
  if (values.length < 2 || values[0] === values[values.length - 1]) return null;
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < estimate) below++;
    else if (v === estimate) equal++;
  }
  const share = (below + equal / 2) / values.length;
  if (share <= 0 || share >= 1) return null;
  const z0 = normalQuantile(share, 0, 1);
  // jackknife over units: a unit of distinct row d left out
  const multiplicity = Float64Array.from(table.multiplicity);
  const leftOut: { value: number; weight: number }[] = [];
  let mean = 0;
  let total = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    const m = table.multiplicity[d];
    if (m === 0) continue;
    multiplicity[d] = m - 1;
    const value = statistic(withMultiplicity(table, multiplicity));
    multiplicity[d] = m;
    if (value === null || !Number.isFinite(value)) return null;
    leftOut.push({ value, weight: m });
    mean += m * value;
    total += m;
  }
  mean /= total;
  let squares = 0;
  let cubes = 0;
  for (const { value, weight } of leftOut) {
    squares += weight * (mean - value) ** 2;
    cubes += weight * (mean - value) ** 3;
  }
  const acceleration = squares > 0 ? cubes / (6 * Math.pow(squares, 1.5)) : 0;
  const adjusted = (tail: number) => {
    const z = normalQuantile(tail, 0, 1);
    const shifted = z0 + (z0 + z) / (1 - acceleration * (z0 + z));
    return normalCdf(shifted);
  };
  const alpha = (1 - level) / 2;
  const lo = quantileSorted(values as number[], adjusted(alpha));
  const hi = quantileSorted(values as number[], adjusted(1 - alpha));
  return hi > lo ? [lo, hi] : null;
}

function normalCdf(x: number): number {
  return 0.5 * (1 + errorFunction(x / Math.SQRT2));
}

/** The sorted defined replicates of `statistic` over seeded resamples of the units. */
function replicates(table: RatingTable, statistic: (resample: RatingTable) => number | null, options: BootstrapOptions): number[] {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const source = randomLcg(normaliseSeed(options.seed ?? DEFAULT_SEED));
  const binomial = randomBinomial.source(source);
  const rows = table.distinctCount;
  let total = 0;
  for (let d = 0; d < rows; d++) total += table.multiplicity[d];
  const values: number[] = [];
  const counts = new Float64Array(rows);
  for (let b = 0; b < resamples; b++) {
    let remaining = total;
    let remainingShare = total;
    for (let d = 0; d < rows; d++) {
      const m = table.multiplicity[d];
      let draw: number;
      if (remaining === 0 || m === 0) draw = 0;
      else if (m >= remainingShare) draw = remaining;
      else draw = binomial(remaining, m / remainingShare)();
      counts[d] = draw;
      remaining -= draw;
      remainingShare -= m;
    }
    const value = statistic(withMultiplicity(table, Float64Array.from(counts)));
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  return values.sort((a, b) => a - b);
}

/** d3's LCG takes a seed in [0, 1) or an integer; any finite number is accepted here. */
function normaliseSeed(seed: number): number {
  if (!Number.isFinite(seed)) return 0;
  return Math.abs(Math.trunc(seed)) % 0x100000000;
}
