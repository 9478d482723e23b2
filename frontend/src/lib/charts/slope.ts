/**
 * Geometry of the slope chart: each rubric row's agreement in the earlier version (left) and the
 * later one (right), joined by a line, with labels pushed apart so close values stay legible.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { ticksOf, type Tick } from './axis';
import type { Margin } from './trend';
import { formatPercent } from './format';

export interface SlopeRow {
  key: string;
  title: string;
  before: number | null;
  after: number | null;
  changed: boolean;
}

export interface SlopeLine {
  key: string;
  title: string;
  changed: boolean;
  beforeY: number | null;
  afterY: number | null;
  /** Where each end's label sits after spreading (the point itself stays at beforeY/afterY). */
  beforeLabelY: number | null;
  afterLabelY: number | null;
  direction: 'up' | 'down' | 'same' | 'unknown';
}

export interface SlopeLayout {
  y: ScaleLinear<number, number>;
  leftX: number;
  rightX: number;
  lines: SlopeLine[];
  thresholdY: number;
  yTicks: Tick[];
}

/**
 * Moves label positions apart until neighbours are at least `gap` apart, staying inside [low, high]
 * where the room allows, keeping their order. Returns positions in the input's order.
 */
export function spreadLabels(positions: readonly number[], gap: number, low: number, high: number): number[] {
  const order = positions.map((position, index) => ({ position, index })).sort((a, b) => a.position - b.position || a.index - b.index);
  const placed = order.map((item) => item.position);
  // Downwards pass pushes each label below its upper neighbour, then an upwards pass pulls the
  // stack back inside the bottom edge; a final downwards pass keeps the top edge.
  for (let i = 0; i < placed.length; i++) placed[i] = Math.max(placed[i]!, i === 0 ? low : placed[i - 1]! + gap);
  for (let i = placed.length - 1; i >= 0; i--) placed[i] = Math.min(placed[i]!, i === placed.length - 1 ? high : placed[i + 1]! - gap);
  for (let i = 0; i < placed.length; i++) placed[i] = Math.max(placed[i]!, i === 0 ? low : placed[i - 1]! + gap);
  const result = new Array<number>(positions.length);
  order.forEach((item, rank) => (result[item.index] = placed[rank]!));
  return result;
}

function directionOf(before: number | null, after: number | null): SlopeLine['direction'] {
  if (before === null || after === null) return 'unknown';
  if (Math.abs(after - before) < 1e-9) return 'same';
  return after > before ? 'up' : 'down';
}

export function slopeLayout(
  rows: readonly SlopeRow[],
  options: { threshold: number; width: number; height: number; margin: Margin; labelGap: number; domain: readonly [number, number] },
): SlopeLayout {
  const { margin, width, height } = options;
  const y = scaleLinear()
    .domain([...options.domain])
    .range([height - margin.bottom, margin.top])
    .clamp(true);
  const valueY = (value: number | null) => (value === null || !Number.isFinite(value) ? null : y(value));
  const beforeYs = rows.map((row) => valueY(row.before));
  const afterYs = rows.map((row) => valueY(row.after));
  const spread = (ys: (number | null)[]) => {
    const present = ys.map((value, index) => ({ value, index })).filter((item): item is { value: number; index: number } => item.value !== null);
    const moved = spreadLabels(present.map((item) => item.value), options.labelGap, margin.top, height - margin.bottom);
    const result: (number | null)[] = ys.map(() => null);
    present.forEach((item, i) => (result[item.index] = moved[i]!));
    return result;
  };
  const beforeLabels = spread(beforeYs);
  const afterLabels = spread(afterYs);
  return {
    y,
    leftX: margin.left,
    rightX: width - margin.right,
    thresholdY: y(options.threshold),
    yTicks: ticksOf(y, 5, (value) => formatPercent(value)),
    lines: rows.map((row, index) => ({
      key: row.key,
      title: row.title,
      changed: row.changed,
      beforeY: beforeYs[index]!,
      afterY: afterYs[index]!,
      beforeLabelY: beforeLabels[index]!,
      afterLabelY: afterLabels[index]!,
      direction: directionOf(row.before, row.after),
    })),
  };
}
