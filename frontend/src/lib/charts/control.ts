/**
 * Geometry of the two control charts on an assessor's validity observations (each row of a
 * validity item compared with its true level, in delivery order, t = 1, 2, …):
 * - the Bernoulli CUSUM on misses (R2): S_t from S_0 = 0 against its decision limit h, with the
 *   first t where S_t >= h marked;
 * - the two-sided EWMA of the signed deviation (R3): z_t from z_0 = 0 between its exact,
 *   time-varying limits lcl_t and ucl_t, with the first t outside them marked.
 * Pure: scales, path strings, ticks and the sentences a screen reader hears.
 */
import { area, line } from 'd3-shape';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { ticksOf, type Tick } from './axis';
import { formatNumber } from './format';
import type { Margin } from './trend';

export interface Frame {
  width: number;
  height: number;
  margin: Margin;
}

/** A marked observation: where it sits and what it reads. */
export interface Marker {
  t: number;
  value: number;
  x: number;
  y: number;
}

/** The x axis of both charts: observations 0 (the start) to n, whole-number ticks, about one per 60 px. */
export function observationScale(n: number, frame: Frame): { x: ScaleLinear<number, number>; ticks: Tick[] } {
  const { width, margin } = frame;
  const x = scaleLinear()
    .domain([0, Math.max(1, n)])
    .range([margin.left, width - margin.right]);
  const wanted = Math.max(2, Math.floor((width - margin.left - margin.right) / 60));
  const ticks = x
    .ticks(wanted)
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ value, position: x(value), label: String(value) }));
  return { x, ticks };
}

/** The values, with 0 in place of anything not finite (the API sends numbers; a NaN must not break a path). */
function finite(values: readonly number[]): number[] {
  return values.map((value) => (Number.isFinite(value) ? value : 0));
}

/** A path through (0, start) and (t, values[t − 1]) for t = 1..n; null for no values. */
export function tracePath(values: readonly number[], x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, start: number | null = 0): string | null {
  if (values.length === 0) return null;
  const points: [number, number][] = finite(values).map((value, index) => [index + 1, value]);
  if (start !== null) points.unshift([0, start]);
  return line<[number, number]>()
    .x(([t]) => x(t))
    .y(([, value]) => y(value))(points);
}

export interface CusumInput extends Frame {
  /** S_t for t = 1..n */
  S: readonly number[];
  h: number;
  /** the first t with S_t >= h (1-based), or null */
  alarmIndex: number | null;
}

export interface CusumLayout {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  path: string | null;
  hY: number;
  /** the observations at or above h, after the first alarm as well */
  above: Marker[];
  alarm: Marker | null;
  xTicks: Tick[];
  yTicks: Tick[];
}

/** The CUSUM's y domain: 0 to a nice value above both h and the highest S, so h is always drawn. */
export function cusumDomain(S: readonly number[], h: number): [number, number] {
  const highest = Math.max(h, ...finite(S));
  const top = scaleLinear()
    .domain([0, highest * 1.1])
    .nice(5)
    .domain()[1]!;
  return [0, top > 0 ? top : 1];
}

export function cusumLayout(input: CusumInput): CusumLayout {
  const { margin, height } = input;
  const { x, ticks } = observationScale(input.S.length, input);
  const y = scaleLinear()
    .domain(cusumDomain(input.S, input.h))
    .range([height - margin.bottom, margin.top]);
  const S = finite(input.S);
  const marker = (t: number): Marker => ({ t, value: S[t - 1]!, x: x(t), y: y(S[t - 1]!) });
  const alarm = input.alarmIndex !== null && input.alarmIndex >= 1 && input.alarmIndex <= S.length ? marker(input.alarmIndex) : null;
  return {
    x,
    y,
    path: tracePath(S, x, y),
    hY: y(input.h),
    above: S.flatMap((value, index) => (value >= input.h ? [marker(index + 1)] : [])),
    alarm,
    xTicks: ticks,
    yTicks: ticksOf(y, 5, (value) => formatNumber(value, Number.isInteger(value) ? 0 : 1)),
  };
}

/** What the CUSUM shows, in words. */
export function describeCusum(S: readonly number[], h: number, alarmIndex: number | null): string {
  if (S.length === 0) return `No validity observation since the restart yet; the CUSUM starts at 0 and alarms at h = ${formatNumber(h, 2)}.`;
  const values = finite(S);
  const latest = values.at(-1)!;
  const highestAt = values.reduce((best, value, index) => (value > values[best]! ? index : best), 0);
  const sentences = [
    `${values.length} validity ${values.length === 1 ? 'observation' : 'observations'} since the restart.`,
    `The CUSUM on misses is ${formatNumber(latest, 2)} now, against h = ${formatNumber(h, 2)}; its highest was ${formatNumber(values[highestAt], 2)} at observation ${highestAt + 1}.`,
  ];
  sentences.push(
    alarmIndex === null
      ? 'It has not reached h: no alarm.'
      : `It first reached h at observation ${alarmIndex} (${formatNumber(values[alarmIndex - 1], 2)}): alarm.`,
  );
  return sentences.join(' ');
}

export interface EwmaInput extends Frame {
  z: readonly number[];
  ucl: readonly number[];
  lcl: readonly number[];
  firstAlarmIndex: number | null;
  firstAlarmSide: 'upper' | 'lower' | null;
}

export interface EwmaLayout {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  zPath: string | null;
  uclPath: string | null;
  lclPath: string | null;
  /** the in-control band between the limits, shaded */
  bandPath: string | null;
  zeroY: number;
  /** the observations outside their limits */
  outside: (Marker & { side: 'upper' | 'lower' })[];
  alarm: (Marker & { side: 'upper' | 'lower'; limit: number }) | null;
  xTicks: Tick[];
  yTicks: Tick[];
}

/** Half the EWMA's y domain: the largest |z|, ucl or lcl with a little room, at least 0.05, rounded up nicely. */
export function ewmaHalfRange(z: readonly number[], ucl: readonly number[], lcl: readonly number[]): number {
  const largest = Math.max(0.05, ...[...finite(z), ...finite(ucl), ...finite(lcl)].map(Math.abs)) * 1.15;
  return scaleLinear().domain([-largest, largest]).nice(6).domain()[1]!;
}

/** Which side of its limits z_t lies, or null inside them (strict, as R3 judges). */
export function sideOf(z: number, ucl: number, lcl: number): 'upper' | 'lower' | null {
  if (z > ucl) return 'upper';
  if (z < lcl) return 'lower';
  return null;
}

export function ewmaLayout(input: EwmaInput): EwmaLayout {
  const { margin, height } = input;
  const n = Math.min(input.z.length, input.ucl.length, input.lcl.length);
  const z = finite(input.z.slice(0, n));
  const ucl = finite(input.ucl.slice(0, n));
  const lcl = finite(input.lcl.slice(0, n));
  const { x, ticks } = observationScale(n, input);
  const half = ewmaHalfRange(z, ucl, lcl);
  const y = scaleLinear()
    .domain([-half, half])
    .range([height - margin.bottom, margin.top]);
  const band =
    n === 0
      ? null
      : area<number>()
          .x((t) => x(t))
          .y0((t) => y(t === 0 ? 0 : lcl[t - 1]!))
          .y1((t) => y(t === 0 ? 0 : ucl[t - 1]!))(Array.from({ length: n + 1 }, (_, t) => t));
  const outside = z.flatMap((value, index) => {
    const side = sideOf(value, ucl[index]!, lcl[index]!);
    return side ? [{ t: index + 1, value, x: x(index + 1), y: y(value), side }] : [];
  });
  const first = input.firstAlarmIndex;
  const alarm =
    first !== null && first >= 1 && first <= n
      ? (() => {
          const value = z[first - 1]!;
          const side = input.firstAlarmSide ?? (value > 0 ? 'upper' : 'lower');
          return { t: first, value, x: x(first), y: y(value), side, limit: side === 'upper' ? ucl[first - 1]! : lcl[first - 1]! };
        })()
      : null;
  return {
    x,
    y,
    zPath: tracePath(z, x, y),
    uclPath: tracePath(ucl, x, y, 0),
    lclPath: tracePath(lcl, x, y, 0),
    bandPath: band,
    zeroY: y(0),
    outside,
    alarm,
    xTicks: ticks,
    yTicks: ticksOf(y, 6, (value) => (Math.abs(value) < 1e-12 ? '0' : formatNumber(value, 2, true))),
  };
}

/** What the EWMA shows, in words (positive: more lenient than the true levels, negative: more severe). */
export function describeEwma(z: readonly number[], ucl: readonly number[], lcl: readonly number[], firstAlarmIndex: number | null, firstAlarmSide: 'upper' | 'lower' | null): string {
  const n = Math.min(z.length, ucl.length, lcl.length);
  if (n === 0) return 'No ordinal validity observation since the restart yet; the EWMA starts at 0, between limits that widen as observations come in.';
  const latest = finite(z)[n - 1]!;
  const upper = finite(ucl)[n - 1]!;
  const lower = finite(lcl)[n - 1]!;
  const now = sideOf(latest, upper, lower);
  const leaning = Math.abs(latest) < 0.005 ? 'even' : latest > 0 ? 'lenient side' : 'severe side';
  const sentences = [
    `${n} ordinal validity ${n === 1 ? 'observation' : 'observations'} since the restart.`,
    `The EWMA of the signed deviation is ${formatNumber(latest, 3, true)} now (${leaning}), ${now === null ? 'inside' : now === 'upper' ? 'above' : 'below'} its limits ${formatNumber(lower, 3, true)} to ${formatNumber(upper, 3, true)}.`,
  ];
  if (firstAlarmIndex === null) sentences.push('It has stayed inside its limits: no alarm.');
  else {
    const side = firstAlarmSide ?? (finite(z)[firstAlarmIndex - 1]! > 0 ? 'upper' : 'lower');
    sentences.push(
      `It first left them at observation ${firstAlarmIndex}, ${side === 'upper' ? 'above the upper limit: scoring more leniently' : 'below the lower limit: scoring more severely'} than the true levels.`,
    );
  }
  return sentences.join(' ');
}
