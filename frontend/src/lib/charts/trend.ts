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
  /** Submissions in the rolling agreement: the rolling line starts where its window first fills. */
  rollingWindow?: number;
  /** Agreement shown, bottom to top; 0..1 unless given (small multiples share one). */
  yDomain?: readonly [number, number];
  /** Submissions shown; from the points unless given (small multiples share one). */
  xDomain?: readonly [number, number];
}

/**
 * The points in sequence order with the rolling agreement of the first `window - 1` submissions left
 * out (null): it is over fewer submissions than the window, down to one. With `cumulative`, the
 * cumulative agreement of those first submissions is left out too (small multiples start both lines
 * where the window first fills, so that one or two early splits do not stretch the shared scale).
 */
export function fullWindows(points: readonly TrendPoint[], window: number, options: { cumulative?: boolean } = {}): TrendPoint[] {
  const ordered = [...points].sort((a, b) => a.sequence - b.sequence);
  return ordered.map((point, index) => (index + 1 >= window ? point : { ...point, rolling: null, cumulative: options.cumulative ? null : point.cumulative }));
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
  const points = input.rollingWindow === undefined ? input.points : fullWindows(input.points, input.rollingWindow);
  const x = scaleLinear()
    .domain(input.xDomain ?? sequenceDomain(input.points, input.closedAt))
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain(input.yDomain ?? [0, 1])
    .range([height - margin.bottom, margin.top])
    .clamp(true);
  const integerTicks = x.ticks(Math.max(2, Math.floor((width - margin.left - margin.right) / 60))).filter(Number.isInteger);
  return {
    x,
    y,
    cumulativePath: linePath(points, 'cumulative', x, y),
    rollingPath: linePath(points, 'rolling', x, y),
    dots: points
      .filter((p) => p.agreement !== null && Number.isFinite(p.agreement))
      .map((p) => ({ sequence: p.sequence, x: x(p.sequence), y: y(p.agreement as number), agreement: p.agreement as number })),
    thresholdY: y(input.threshold),
    closedX: input.closedAt === null ? null : x(input.closedAt),
    xTicks: integerTicks.map((value) => ({ value, position: x(value), label: String(value) })),
    yTicks: ticksOf(y, 5, (value) => formatPercent(value)),
  };
}

/**
 * The figure's caption: where the row ended, its lowest rolling agreement, when the window closed.
 *
 * The lowest rolling agreement is named only among full windows of `window` submissions (the first
 * submissions' rolling values are over fewer, down to one, and would name an accident as a low),
 * and only when they differ. A window of one submission is each submission's own agreement, so the
 * caption counts the submissions the readers fully agreed on instead.
 */
export function describeTrend(points: readonly TrendPoint[], threshold: number, closedAt: number | null, window = 10): string {
  const ordered = [...points].sort((a, b) => a.sequence - b.sequence);
  if (ordered.length === 0) return 'No scored submissions yet.';
  const last = [...ordered].reverse().find((p) => p.cumulative !== null);
  const sentences = [
    `${ordered.length} submission${ordered.length === 1 ? '' : 's'} in order.`,
    last ? `Cumulative agreement ${formatPercent(last.cumulative)} after submission ${last.sequence}, against a threshold of ${formatPercent(threshold)}.` : `Threshold ${formatPercent(threshold)}.`,
  ];
  if (window <= 1) {
    const scored = ordered.filter((p) => p.agreement !== null);
    const agreed = scored.filter((p) => p.agreement === 1).length;
    if (scored.length > 0) sentences.push(`The readers fully agreed on ${agreed} of ${scored.length} submission${scored.length === 1 ? '' : 's'}.`);
  } else {
    const full = fullWindows(ordered, window)
      .map((point, index) => ({ rolling: point.rolling, index }))
      .filter((p): p is { rolling: number; index: number } => p.rolling !== null && Number.isFinite(p.rolling));
    const values = new Set(full.map((p) => formatPercent(p.rolling)));
    if (full.length === 0) {
      sentences.push(`No rolling agreement yet: it needs ${window} submissions.`);
    } else if (values.size === 1) {
      sentences.push(`Rolling agreement over ${window} submissions stays at ${formatPercent(full[0]!.rolling)}.`);
    } else {
      const lowest = full.reduce((low, p) => (p.rolling < low.rolling ? p : low));
      sentences.push(
        `Rolling agreement over ${window} submissions is lowest, ${formatPercent(lowest.rolling)}, over submissions ${ordered[lowest.index - window + 1]!.sequence} to ${ordered[lowest.index]!.sequence}.`,
      );
    }
  }
  sentences.push(closedAt === null ? 'The validation window is still open.' : `The validation window closed at submission ${closedAt}.`);
  return sentences.join(' ');
}

/** One row's trend among the small multiples. */
export interface TrendSeries {
  key: string;
  title: string;
  points: readonly TrendPoint[];
  closedAt: number | null;
  /** The row's decision in words, shown under its title. */
  status: string;
  tone: 'good' | 'warn' | 'bad' | 'neutral';
}

/**
 * Small multiples of trends share one y scale, to 100% from at most 50% (lower when a line shown, or
 * the threshold, goes lower: down to the tenth below it). Lines start where the window first fills.
 */
export function sharedAgreementDomain(series: readonly (readonly TrendPoint[])[], threshold: number, window = 10): [number, number] {
  const values: number[] = [threshold];
  for (const points of series) {
    for (const point of fullWindows(points, window, { cumulative: true })) {
      if (point.cumulative !== null && Number.isFinite(point.cumulative)) values.push(point.cumulative);
      if (point.rolling !== null && Number.isFinite(point.rolling)) values.push(point.rolling);
    }
  }
  const low = Math.max(0, Math.floor((Math.min(...values) - 0.05) * 10) / 10);
  return [Math.min(low, 0.5), 1];
}

/** ... and one x scale: from the first submission of any row to the last (or where the window closed). */
export function sharedSequenceDomain(series: readonly { points: readonly TrendPoint[]; closedAt: number | null }[]): [number, number] {
  const all = series.flatMap((s) => s.points);
  const closed = series.map((s) => s.closedAt).filter((c): c is number => c !== null);
  return sequenceDomain(all, closed.length > 0 ? Math.max(...closed) : null);
}
