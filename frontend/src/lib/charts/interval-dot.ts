/**
 * Geometry of the interval dot: one rubric row's agreement as a dot, its interval as a bar, and the
 * threshold as a line, on a 0-100% axis that every row shares (same width and padding give the same
 * x for the same value, so the dots line up down a table column).
 */
import { scaleLinear } from 'd3-scale';
import { clamp, formatPercent } from './format';

/** Where the row stands against the threshold, judged by its interval when it has one. */
export type Standing = 'above' | 'below' | 'straddles' | 'unknown';

export interface IntervalDotInput {
  value: number | null;
  interval: readonly [number, number] | null;
  threshold: number;
  width: number;
  /** Space left and right of 0% and 100%, so a dot at either end is not cut in half. */
  padding: number;
}

export interface IntervalDotLayout {
  dotX: number | null;
  interval: { lowX: number; highX: number } | null;
  thresholdX: number;
  standing: Standing;
}

/** The percent axis for a given width: domain 0..1, range padding..width-padding, clamped. */
export function percentAxis(width: number, padding: number) {
  return scaleLinear().domain([0, 1]).range([padding, Math.max(padding, width - padding)]).clamp(true);
}

/** above: the whole interval (or, without one, the value) reaches the threshold; below: none of it does. */
export function standingOf(value: number | null, interval: readonly [number, number] | null, threshold: number): Standing {
  if (interval) {
    const [low, high] = interval[0] <= interval[1] ? interval : [interval[1], interval[0]];
    if (low >= threshold) return 'above';
    if (high < threshold) return 'below';
    return 'straddles';
  }
  if (value === null || !Number.isFinite(value)) return 'unknown';
  return value >= threshold ? 'above' : 'below';
}

export function intervalDotLayout(input: IntervalDotInput): IntervalDotLayout {
  const x = percentAxis(input.width, input.padding);
  const valid = (n: number | null): n is number => n !== null && Number.isFinite(n);
  const interval =
    input.interval && valid(input.interval[0]) && valid(input.interval[1])
      ? {
          lowX: x(clamp(Math.min(input.interval[0], input.interval[1]), 0, 1)),
          highX: x(clamp(Math.max(input.interval[0], input.interval[1]), 0, 1)),
        }
      : null;
  return {
    dotX: valid(input.value) ? x(input.value) : null,
    interval,
    thresholdX: x(input.threshold),
    standing: standingOf(input.value, interval ? input.interval : null, input.threshold),
  };
}

/** The sentence a screen reader hears: "Agreement 82%, interval 71% to 90%, threshold 80%: interval above the threshold." */
export function describeIntervalDot(value: number | null, interval: readonly [number, number] | null, threshold: number): string {
  const limit = `threshold ${formatPercent(threshold)}`;
  if (value === null || !Number.isFinite(value)) return `Agreement has no value; ${limit}.`;
  const parts = [`Agreement ${formatPercent(value)}`];
  if (interval) parts.push(`interval ${formatPercent(Math.min(...interval))} to ${formatPercent(Math.max(...interval))}`);
  parts.push(limit);
  const standing = standingOf(value, interval, threshold);
  const verdicts: Record<Standing, string> = {
    above: interval ? 'interval above the threshold' : 'at or above the threshold',
    below: interval ? 'interval below the threshold' : 'below the threshold',
    straddles: 'interval straddles the threshold',
    unknown: 'no value',
  };
  return `${parts.join(', ')}: ${verdicts[standing]}.`;
}
