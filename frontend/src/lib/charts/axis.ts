/**
 * Tick marks for a linear axis: where each tick sits and what it reads.
 */
import type { ScaleLinear } from 'd3-scale';

export interface Tick {
  value: number;
  /** Position along the axis, in the scale's range units. */
  position: number;
  label: string;
}

/** d3's "nice" tick values for `scale`, about `count` of them, each placed and labelled. */
export function ticksOf(scale: ScaleLinear<number, number>, count: number, format: (value: number) => string): Tick[] {
  return scale.ticks(count).map((value) => ({ value, position: scale(value), label: format(value) }));
}
