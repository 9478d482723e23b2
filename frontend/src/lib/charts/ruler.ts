/**
 * Geometry of the Rasch ruler: every rater's severity on one logit axis, with severity ± 2 SE as a
 * bar, the expert panel anchored at 0 and the profile's assessor picked out. Positive logits are
 * more severe (lower levels than the experts), negative more lenient. One row per rater in the
 * order given (the API sends them from most lenient to most severe).
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { Tick } from './axis';
import { formatNumber } from './format';
import type { Margin } from './trend';

export interface RulerEntry {
  label: string;
  severity: number;
  se: number;
  self: boolean;
  expert: boolean;
}

export interface RulerRow extends RulerEntry {
  /** the entry's place in the input, a stable key when two raters share a label */
  index: number;
  x: number;
  /** the bar's ends, clamped to the axis */
  lowX: number;
  highX: number;
  /** severity ∓ 2 SE in logits, not clamped */
  low: number;
  high: number;
  /** the bar runs past the axis on that side (drawn with an arrow) */
  clippedLow: boolean;
  clippedHigh: boolean;
  y: number;
}

export interface RulerLayout {
  x: ScaleLinear<number, number>;
  half: number;
  zeroX: number;
  rows: RulerRow[];
  ticks: Tick[];
  height: number;
}

const SPREAD = 2;

/** Up to the next half logit. */
function halfUp(value: number): number {
  return Math.ceil(value * 2 - 1e-9) / 2;
}

/**
 * Half the axis, in logits: wide enough for every bar, at least 1; but a very uncertain rater
 * (a huge SE) does not squash the others: the axis stops one logit past the furthest severity
 * (at least at 3) and longer bars are clipped with an arrow.
 */
export function rulerHalfRange(entries: readonly Pick<RulerEntry, 'severity' | 'se'>[]): number {
  const usable = entries.filter((entry) => Number.isFinite(entry.severity));
  const furthest = Math.max(0, ...usable.map((entry) => Math.abs(entry.severity)));
  const bars = Math.max(0, ...usable.map((entry) => Math.abs(entry.severity) + SPREAD * (Number.isFinite(entry.se) ? entry.se : 0)));
  const cap = Math.max(3, halfUp(furthest) + 1);
  return Math.max(1, Math.min(halfUp(bars), cap));
}

/** Ticks every 0.5, 1 or 2 logits, whichever gives at most 9 across the axis. */
export function rulerTicks(x: ScaleLinear<number, number>, half: number): Tick[] {
  const step = [0.5, 1, 2, 5].find((candidate) => (2 * half) / candidate <= 8) ?? 10;
  const count = Math.floor(half / step + 1e-9);
  return Array.from({ length: 2 * count + 1 }, (_, index) => (index - count) * step).map((value) => ({
    value,
    position: x(value),
    label: Math.abs(value) < 1e-12 ? '0' : formatNumber(value, Number.isInteger(value) ? 0 : 1, true),
  }));
}

export function rulerLayout(entries: readonly RulerEntry[], options: { width: number; rowHeight: number; margin: Margin }): RulerLayout {
  const { width, rowHeight, margin } = options;
  const half = rulerHalfRange(entries);
  const x = scaleLinear()
    .domain([-half, half])
    .range([margin.left, width - margin.right]);
  const clampX = (value: number) => x(Math.max(-half, Math.min(half, value)));
  const rows = entries.map((entry, index) => {
    const severity = Number.isFinite(entry.severity) ? entry.severity : 0;
    const se = Number.isFinite(entry.se) ? entry.se : 0;
    const low = severity - SPREAD * se;
    const high = severity + SPREAD * se;
    return {
      ...entry,
      index,
      x: clampX(severity),
      low,
      high,
      lowX: clampX(low),
      highX: clampX(high),
      clippedLow: low < -half,
      clippedHigh: high > half,
      y: margin.top + rowHeight * index + rowHeight / 2,
    };
  });
  return { x, half, zeroX: x(0), rows, ticks: rulerTicks(x, half), height: margin.top + Math.max(1, entries.length) * rowHeight + margin.bottom };
}

/** Where one rater stands against the experts at 0, in words, from severity ± 2 SE. */
export function standingText(entry: Pick<RulerEntry, 'severity' | 'se'>): string {
  const low = entry.severity - SPREAD * entry.se;
  const high = entry.severity + SPREAD * entry.se;
  if (low > 0) return 'more severe than the experts';
  if (high < 0) return 'more lenient than the experts';
  return 'not distinguishable from the experts';
}

/** The ruler's caption: how many raters, where the profile's assessor sits, the spread of the others. */
export function describeRuler(entries: readonly RulerEntry[], selfName = 'The assessor'): string {
  if (entries.length === 0) return 'No rater has a severity estimate yet.';
  const experts = entries.some((entry) => entry.expert);
  const raters = entries.filter((entry) => !entry.expert);
  const sentences = [
    `${raters.length} ${raters.length === 1 ? 'assessor' : 'assessors'}${experts ? ' and the expert panel, anchored at 0,' : ''} on one logit scale; positive is more severe, negative more lenient.`,
  ];
  const self = entries.find((entry) => entry.self);
  if (self) {
    sentences.push(
      `${selfName} ${selfName === 'You' ? 'sit' : 'sits'} at ${formatNumber(self.severity, 2, true)} logits (± 2 SE: ${formatNumber(self.severity - SPREAD * self.se, 2, true)} to ${formatNumber(self.severity + SPREAD * self.se, 2, true)}), ${standingText(self)}.`,
    );
  }
  const others = raters.filter((entry) => !entry.self).map((entry) => entry.severity);
  if (others.length > 0) {
    sentences.push(`The other assessors range from ${formatNumber(Math.min(...others), 2, true)} to ${formatNumber(Math.max(...others), 2, true)}.`);
  }
  return sentences.join(' ');
}
