import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided confidence level used throughout unless a caller asks otherwise. */
export const CONFIDENCE = 0.95;

/** z(1 - (1 - level)/2), the normal quantile of a two-sided interval. */
export function zCritical(level = CONFIDENCE): number {
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}

/** t(1 - (1 - level)/2, df), the Student t quantile of a two-sided interval. */
export function tCritical(df: number, level = CONFIDENCE): number {
  return tQuantile(1 - (1 - level) / 2, df);
}

/**
 * irrCAC's interval: value +/- t(0.975, n - 1) * se, the upper bound capped at 1 and the lower
 * bound left as it is (Gwet 2014). `n` is the number of units in the data set.
 */
export function tIntervalCapped(value: number, se: number, n: number, level = CONFIDENCE): [number, number] | null {
  if (!(n >= 2) || !Number.isFinite(se)) return null;
  const half = se * tCritical(n - 1, level);
  return [value - half, Math.min(1, value + half)];
}

/** statsmodels' and SAS's interval for Cohen's kappa: value +/- z(0.975) * se, not clipped. */
export function normalInterval(value: number, se: number, level = CONFIDENCE): [number, number] | null {
  if (!Number.isFinite(se)) return null;
  const half = se * zCritical(level);
  return [value - half, value + half];
}

/**
 * Wilson score interval for a proportion of `successes` in `trials` (Wilson 1927). Unlike the
 * Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1, which matters for
 * agreement near the 80% threshold with 50 submissions.
 */
export function wilsonInterval(successes: number, trials: number, level = CONFIDENCE): [number, number] | null {
  if (!(trials > 0)) return null;
  const z = zCritical(level);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
