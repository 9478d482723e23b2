/**
 * Geometry of the disagreement trend: a rubric row's agreement in submission order, cumulative and
 * over a rolling window, against the threshold, with a marker where the validation window closed.
 */
import { extent } from 'd3-array';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { ticksOf, type Tick } from './axis';
import { formatPercent } from './format';

/** One submission's place on the trend; agreement is this submission's own (0..1), null when unscored. */
export interface TrendPoint {
  sequence: number;
  agreement: number | null;
  cumulative: number | null;
  rolling: number | null;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface TrendInput {
  points: readonly TrendPoint[];
  threshold: number;
  closedAt: number | null;
  width: number;
  height: number;
  margin: Margin;
}

export interface TrendLayout {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  cumulativePath: string | null;
  rollingPath: string | null;
  /** One mark per submission with an agreement of its own. */
  dots: { sequence: number; x: number; y: number; agreement: number }[];
  thresholdY: number;
  closedX: number | null;
  xTicks: Tick[];
  yTicks: Tick[];
}

/** The x domain: first to last sequence, widened by one either side of a single point. */
export function sequenceDomain(points: readonly TrendPoint[], closedAt: number | null): [number, number] {
  const [low, high] = extent([...points.map((p) => p.sequence), ...(closedAt === null ? [] : [closedAt])]);
  if (low === undefined || high === undefined) return [1, 2];
  return low === high ? [low - 1, high + 1] : [low, high];
}

/** An SVG path through the points that have a value; a missing value breaks the line (null when nothing to draw). */
export function linePath(
  points: readonly TrendPoint[],
  key: 'cumulative' | 'rolling',
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
): string | null {
  const drawable = points.filter((p) => p[key] !== null && Number.isFinite(p[key]));
  if (drawable.length === 0) return null;
  const generator = line<TrendPoint>()
    .defined((p) => p[key] !== null && Number.isFinite(p[key]))
    .x((p) => x(p.sequence))
    .y((p) => y(p[key] as number));
  return generator([...points].sort((a, b) => a.sequence - b.sequence));
}

export function trendLayout(input: TrendInput): TrendLayout {
  const { margin, width, height } = input;
  const x = scaleLinear()
    .domain(sequenceDomain(input.points, input.closedAt))
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([height - margin.bottom, margin.top])
    .clamp(true);
  const integerTicks = x.ticks(Math.max(2, Math.floor((width - margin.left - margin.right) / 60))).filter(Number.isInteger);
  return {
    x,
    y,
    cumulativePath: linePath(input.points, 'cumulative', x, y),
    rollingPath: linePath(input.points, 'rolling', x, y),
    dots: input.points
      .filter((p) => p.agreement !== null && Number.isFinite(p.agreement))
      .map((p) => ({ sequence: p.sequence, x: x(p.sequence), y: y(p.agreement as number), agreement: p.agreement as number })),
    thresholdY: y(input.threshold),
    closedX: input.closedAt === null ? null : x(input.closedAt),
    xTicks: integerTicks.map((value) => ({ value, position: x(value), label: String(value) })),
    yTicks: ticksOf(y, 5, (value) => formatPercent(value)),
  };
}

/** The figure's caption: where the row ended, its lowest rolling agreement, when the window closed. */
export function describeTrend(points: readonly TrendPoint[], threshold: number, closedAt: number | null): string {
  const ordered = [...points].sort((a, b) => a.sequence - b.sequence);
  if (ordered.length === 0) return 'No scored submissions yet.';
  const last = [...ordered].reverse().find((p) => p.cumulative !== null);
  const rolling = ordered.filter((p) => p.rolling !== null);
  const lowest = rolling.reduce<TrendPoint | null>((low, p) => (low === null || (p.rolling as number) < (low.rolling as number) ? p : low), null);
  const sentences = [
    `${ordered.length} submission${ordered.length === 1 ? '' : 's'} in order.`,
    last ? `Cumulative agreement ${formatPercent(last.cumulative)} after submission ${last.sequence}, against a threshold of ${formatPercent(threshold)}.` : `Threshold ${formatPercent(threshold)}.`,
  ];
  // A lowest point says something only among several rolling values that differ (one value, or a
  // window of one submission whose values are all 0% or 100%, would name an accident as a low).
  const spread = new Set(rolling.map((p) => p.rolling));
  const rollingOfOne = rolling.length > 0 && [...spread].every((value) => value === 0 || value === 1);
  if (lowest && rolling.length >= 2 && spread.size > 1 && !rollingOfOne) {
    sentences.push(`Rolling agreement is lowest, ${formatPercent(lowest.rolling)}, at submission ${lowest.sequence}.`);
  }
  sentences.push(closedAt === null ? 'The validation window is still open.' : `The validation window closed at submission ${closedAt}.`);
  return sentences.join(' ');
}
