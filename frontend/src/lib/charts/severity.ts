/**
 * Geometry of the severity plot: one dot per assessor at their mean signed difference from the
 * reference (the co-reader or the adjudicated final), on an axis symmetric around zero, so harsh
 * (below zero: lower levels than the reference) and lenient (above zero) read left and right.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { Tick } from './axis';
import { formatNumber } from './format';
import type { Margin } from './trend';

export interface AssessorSeverity {
  assessor: string;
  /** Mean of (this assessor's level - reference level), in level steps; null when nothing to compare. */
  meanDifference: number | null;
  compared?: number;
}

export interface SeverityDot {
  assessor: string;
  meanDifference: number | null;
  x: number | null;
  y: number;
  side: 'harsh' | 'lenient' | 'even' | 'unknown';
}

export interface SeverityLayout {
  x: ScaleLinear<number, number>;
  zeroX: number;
  dots: SeverityDot[];
  xTicks: Tick[];
  rowHeight: number;
}

/** Half-width of the axis: the largest |difference|, at least `minimum`, rounded up to a quarter step. */
export function symmetricExtent(values: readonly (number | null)[], minimum = 0.5): number {
  const largest = Math.max(minimum, ...values.filter((v): v is number => v !== null && Number.isFinite(v)).map(Math.abs));
  return Math.ceil(largest * 4 - 1e-9) / 4;
}

/** Within `tolerance` of zero counts as even-handed. */
export function sideOf(difference: number | null, tolerance = 0.05): SeverityDot['side'] {
  if (difference === null || !Number.isFinite(difference)) return 'unknown';
  if (Math.abs(difference) <= tolerance) return 'even';
  return difference < 0 ? 'harsh' : 'lenient';
}

/** `0`, `+0.5`, `−0.25`: as few decimals as the value needs, signed. */
export function tickLabel(value: number): string {
  if (Math.abs(value) < 1e-12) return '0';
  const digits = Number.isInteger(value) ? 0 : Number.isInteger(value * 10) ? 1 : 2;
  return formatNumber(value, digits, true);
}

/** Dots sorted harshest first, one row each; assessors without a value go last. */
export function severityLayout(
  assessors: readonly AssessorSeverity[],
  options: { width: number; rowHeight: number; margin: Margin; tolerance: number },
): SeverityLayout {
  const { margin, width, rowHeight } = options;
  const half = symmetricExtent(assessors.map((a) => a.meanDifference));
  const x = scaleLinear().domain([-half, half]).range([margin.left, width - margin.right]);
  const sorted = [...assessors].sort((p, q) => {
    if (p.meanDifference === null) return q.meanDifference === null ? p.assessor.localeCompare(q.assessor) : 1;
    if (q.meanDifference === null) return -1;
    return p.meanDifference - q.meanDifference || p.assessor.localeCompare(q.assessor);
  });
  return {
    x,
    zeroX: x(0),
    rowHeight,
    xTicks: [-half, -half / 2, 0, half / 2, half].map((value) => ({ value, position: x(value), label: tickLabel(value) })),
    dots: sorted.map((a, index) => ({
      assessor: a.assessor,
      meanDifference: a.meanDifference,
      x: a.meanDifference === null || !Number.isFinite(a.meanDifference) ? null : x(a.meanDifference),
      y: margin.top + rowHeight * index + rowHeight / 2,
      side: sideOf(a.meanDifference, options.tolerance),
    })),
  };
}
