import { randomBinomial, randomLcg } from 'd3-random';
import { quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { CONFIDENCE } from './intervals.js';
import { withMultiplicity, type RatingTable } from './table.js';

export interface BootstrapOptions {
  /** number of resamples (default 2,000) */
  resamples?: number;
  /** seed of the pseudo-random source; the same seed gives the same interval */
  seed?: number;
  level?: number;
}

export interface BootstrapResult {
  /** standard deviation of the replicates */
  se: number | null;
  /** percentile interval */
  ci: [number, number] | null;
  resamples: number;
  /** replicates on which the statistic was defined */
  defined: number;
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
  if (values.length < 2) return { se: null, ci: null, resamples, defined: values.length };
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return {
    se: sampleStandardDeviation(values),
    ci: [quantileSorted(values, alpha), quantileSorted(values, 1 - alpha)],
    resamples,
    defined: values.length,
  };
}

/** d3's LCG takes a seed in [0, 1) or an integer; any finite number is accepted here. */
function normaliseSeed(seed: number): number {
  if (!Number.isFinite(seed)) return 0;
  return Math.abs(Math.trunc(seed)) % 0x100000000;
}
