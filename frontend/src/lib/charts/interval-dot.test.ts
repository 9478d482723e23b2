import { describe, expect, it } from 'vitest';
import { axisTicks, describeIntervalDot, focusedDomain, intervalDotLayout, standingOf } from './interval-dot';

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

describe('the focused axis: focusedDomain(rows, threshold), axisTicks(domain, width, padding) and the pass band', () => {
  const demo = [
    { value: 0.86, interval: [0.733, 0.942] as const },
    { value: 0.64, interval: [0.492, 0.771] as const },
    { value: 0.96, interval: [0.863, 0.995] as const },
  ];

  it.each([
    { name: 'the demo, lowest bound 49%', rows: demo, threshold: 0.8, expected: [0.4, 1] },
    { name: 'every bound above 70%', rows: [{ value: 0.9, interval: [0.72, 0.97] as const }], threshold: 0.8, expected: [0.5, 1] },
    { name: 'a bound exactly on a tenth keeps a margin below it', rows: [{ value: 0.7, interval: [0.6, 0.8] as const }], threshold: 0.8, expected: [0.5, 1] },
    { name: 'a bound at 31%', rows: [{ value: 0.5, interval: [0.31, 0.66] as const }], threshold: 0.8, expected: [0.2, 1] },
    { name: 'a low threshold', rows: [{ value: 0.9, interval: [0.85, 0.95] as const }], threshold: 0.35, expected: [0.3, 1] },
    { name: 'a bound near zero', rows: [{ value: 0.1, interval: [0.01, 0.3] as const }], threshold: 0.8, expected: [0, 1] },
    { name: 'nothing to show', rows: [{ value: null, interval: null }], threshold: 0.8, expected: [0, 1] },
    { name: 'a value without interval', rows: [{ value: 0.58, interval: null }], threshold: 0.8, expected: [0.5, 1] },
  ])('focuses on $name: $expected', ({ rows, threshold, expected }) => {
    const domain = focusedDomain(rows, threshold);
    expect(domain[0]).toBeCloseTo(expected[0]!, 9);
    expect(domain[1]).toBe(expected[1]);
  });

  it('keeps every interval of the rows inside the axis', () => {
    const [low, high] = focusedDomain(demo, 0.8);
    for (const row of demo) {
      expect(row.interval[0]).toBeGreaterThanOrEqual(low);
      expect(row.interval[1]).toBeLessThanOrEqual(high);
    }
  });

  it('places nice ticks where a dot of the same width, padding and domain would be', () => {
    const ticks = axisTicks([0.4, 1], 160, 6);
    expect(ticks.map((tick) => tick.label)).toEqual(['40%', '60%', '80%', '100%']);
    const layout = intervalDotLayout({ value: 0.6, interval: null, threshold: 0.8, width: 160, padding: 6, domain: [0.4, 1] });
    expect(ticks[1]!.at).toBeCloseTo((layout.dotX! / 160) * 100, 9);
    expect(ticks[0]!.at).toBeCloseTo((6 / 160) * 100, 9);
    expect(ticks[3]!.at).toBeCloseTo((154 / 160) * 100, 9);
    expect(axisTicks([0.5, 1], 400, 6).map((tick) => tick.label)).toEqual(['50%', '60%', '70%', '80%', '90%', '100%']);
  });

  it('maps values on the focused domain and shades the pass band from the threshold to its right end', () => {
    const layout = intervalDotLayout({ value: 0.7, interval: [0.55, 0.85], threshold: 0.8, width: 160, padding: 10, domain: [0.5, 1] });
    expect(layout.dotX).toBeCloseTo(10 + 0.4 * 140, 9);
    expect(layout.interval!.lowX).toBeCloseTo(10 + 0.1 * 140, 9);
    expect(layout.thresholdX).toBeCloseTo(10 + 0.6 * 140, 9);
    expect(layout.band.fromX).toBe(layout.thresholdX);
    expect(layout.band.toX).toBeCloseTo(150, 9);
    // a value below the axis is held at its left end, not drawn outside it
    expect(intervalDotLayout({ value: 0.2, interval: null, threshold: 0.8, width: 160, padding: 10, domain: [0.5, 1] }).dotX).toBe(10);
  });
});
