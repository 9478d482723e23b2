/**
 * Geometry of the interval dot: one rubric row's agreement as a dot, its interval as a bar, and the
 * threshold as a line, on an axis that every row shares (0-100%, or a domain focused on the rows'
 * intervals; same width, padding and domain give the same x for the same value, so the dots line up
 * down a table column), with the pass band (at or above the threshold) shaded.
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
  /** Space left and right of the axis' ends, so a dot at either end is not cut in half. */
  padding: number;
  /** The agreement the axis spans; 0..1 unless given (the report focuses it on its rows' intervals). */
  domain?: readonly [number, number];
}

export interface IntervalDotLayout {
  dotX: number | null;
  interval: { lowX: number; highX: number } | null;
  thresholdX: number;
  /** The pass band: from the threshold to the axis' right end. */
  band: { fromX: number; toX: number };
  standing: Standing;
}

export type Domain = readonly [number, number];
const WHOLE: Domain = [0, 1];

/** The percent axis for a given width: domain 0..1 (or the one given), range padding..width-padding, clamped. */
export function percentAxis(width: number, padding: number, domain: Domain = WHOLE) {
  return scaleLinear().domain([domain[0], domain[1]]).range([padding, Math.max(padding, width - padding)]).clamp(true);
}

/**
 * The axis the report's interval column shares, focused on the data: to 100% from the tenth at or
 * below every interval, value and the threshold, less a margin of 2 points (so a bound that sits
 * on a tick is not drawn on the edge), and never from above 50%; 0..1 when there is nothing to show.
 */
export function focusedDomain(rows: readonly { value: number | null; interval: readonly [number, number] | null }[], threshold: number): [number, number] {
  const values = rows.flatMap((row) => [row.value, ...(row.interval ?? [])]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return [0, 1];
  const lowest = Math.min(...values, threshold);
  const floor = Math.floor(Math.round((lowest - 0.02) * 1000) / 100) / 10;
  return [Math.max(0, Math.min(0.5, floor)), 1];
}

/** One tick of the shared axis: its value, where it sits (percent of the width, as the dots place it) and its label. */
export interface AxisTick {
  value: number;
  at: number;
  label: string;
}

/** Nice ticks for the axis (about one per 50 units of width, at least two), each placed where a dot of the same width and padding would be. */
export function axisTicks(domain: Domain, width: number, padding: number): AxisTick[] {
  const x = percentAxis(width, padding, domain);
  const count = Math.max(2, Math.floor((width - 2 * padding) / 50));
  return x.ticks(count).map((value) => ({ value, at: (x(value) / width) * 100, label: formatPercent(value) }));
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
  const domain = input.domain ?? WHOLE;
  const x = percentAxis(input.width, input.padding, domain);
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
    band: { fromX: x(input.threshold), toX: x(domain[1]) },
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
