import { describe, expect, it } from 'vitest';
import { describeIntervalDot, intervalDotLayout, standingOf } from './interval-dot';

describe('standingOf(value, interval, threshold)', () => {
  it.each([
    { value: 0.9, interval: [0.82, 0.96], threshold: 0.8, expected: 'above' },
    { value: 0.9, interval: [0.8, 0.96], threshold: 0.8, expected: 'above' },
    { value: 0.65, interval: [0.51, 0.77], threshold: 0.8, expected: 'below' },
    { value: 0.84, interval: [0.71, 0.92], threshold: 0.8, expected: 'straddles' },
    { value: 0.84, interval: [0.92, 0.71], threshold: 0.8, expected: 'straddles' },
    { value: 0.8, interval: null, threshold: 0.8, expected: 'above' },
    { value: 0.79, interval: null, threshold: 0.8, expected: 'below' },
    { value: null, interval: null, threshold: 0.8, expected: 'unknown' },
  ] as const)('standingOf($value, $interval, $threshold) is $expected', ({ value, interval, threshold, expected }) => {
    expect(standingOf(value, interval, threshold)).toBe(expected);
  });
});

describe('intervalDotLayout(input)', () => {
  const base = { threshold: 0.8, width: 160, padding: 10 };

  it.each([
    { value: 0, dotX: 10 },
    { value: 0.5, dotX: 80 },
    { value: 1, dotX: 150 },
    { value: 1.2, dotX: 150 },
    { value: -0.1, dotX: 10 },
  ])('puts a value of $value at x=$dotX on a 160-wide axis with 10 padding', ({ value, dotX }) => {
    expect(intervalDotLayout({ ...base, value, interval: null }).dotX).toBeCloseTo(dotX, 9);
  });

  it('places the threshold and the interval ends on the same axis as the dot', () => {
    const layout = intervalDotLayout({ ...base, value: 0.65, interval: [0.5, 0.75] });
    expect(layout.thresholdX).toBeCloseTo(10 + 0.8 * 140, 9);
    expect(layout.interval).toEqual({ lowX: 10 + 0.5 * 140, highX: 10 + 0.75 * 140 });
    expect(layout.standing).toBe('below');
  });

  it('orders a reversed interval and clamps it to 0..100%', () => {
    const layout = intervalDotLayout({ ...base, value: 0.95, interval: [1.1, 0.9] });
    expect(layout.interval).toEqual({ lowX: 10 + 0.9 * 140, highX: 150 });
  });

  it('draws no dot for a missing value and no bar for a missing interval', () => {
    const layout = intervalDotLayout({ ...base, value: null, interval: null });
    expect(layout.dotX).toBeNull();
    expect(layout.interval).toBeNull();
    expect(layout.standing).toBe('unknown');
  });

  it('gives rows with the same width and padding the same x for the same value (they align in a column)', () => {
    const first = intervalDotLayout({ ...base, value: 0.7, interval: [0.6, 0.8] });
    const second = intervalDotLayout({ ...base, threshold: 0.5, value: 0.7, interval: null });
    expect(first.dotX).toBe(second.dotX);
  });
});

describe('describeIntervalDot(value, interval, threshold)', () => {
  it.each([
    [0.88, [0.82, 0.94], 0.8, 'Agreement 88%, interval 82% to 94%, threshold 80%: interval above the threshold.'],
    [0.66, [0.52, 0.78], 0.8, 'Agreement 66%, interval 52% to 78%, threshold 80%: interval below the threshold.'],
    [0.84, [0.71, 0.92], 0.8, 'Agreement 84%, interval 71% to 92%, threshold 80%: interval straddles the threshold.'],
    [0.84, null, 0.8, 'Agreement 84%, threshold 80%: at or above the threshold.'],
    [null, null, 0.8, 'Agreement has no value; threshold 80%.'],
  ] as const)('describeIntervalDot(%s, %j, %s) reads "%s"', (value, interval, threshold, expected) => {
    expect(describeIntervalDot(value, interval, threshold)).toBe(expected);
  });
});
