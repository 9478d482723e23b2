import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { describeTrend, linePath, sequenceDomain, trendLayout, type TrendPoint } from './trend';

const point = (sequence: number, cumulative: number | null, rolling: number | null = null, agreement: number | null = 1): TrendPoint => ({
  sequence,
  agreement,
  cumulative,
  rolling,
});

const margin = { top: 10, right: 10, bottom: 30, left: 40 };

describe('sequenceDomain(points, closedAt)', () => {
  it.each([
    { points: [point(1, 1), point(50, 0.8)], closedAt: null, expected: [1, 50] },
    { points: [point(3, 1), point(1, 1)], closedAt: null, expected: [1, 3] },
    { points: [point(1, 1), point(30, 0.8)], closedAt: 50, expected: [1, 50] },
    { points: [point(7, 1)], closedAt: null, expected: [6, 8] },
    { points: [], closedAt: null, expected: [1, 2] },
  ])('sequenceDomain($points.length points, closedAt $closedAt) is $expected', ({ points, closedAt, expected }) => {
    expect(sequenceDomain(points, closedAt)).toEqual(expected);
  });
});

describe('linePath(points, key, x, y)', () => {
  const x = scaleLinear().domain([1, 3]).range([0, 100]);
  const y = scaleLinear().domain([0, 1]).range([100, 0]);

  it.each([
    { name: 'joins every point', points: [point(1, 1), point(2, 0.5), point(3, 0)], expected: 'M0,0L50,50L100,100' },
    { name: 'sorts by sequence first', points: [point(3, 0), point(1, 1), point(2, 0.5)], expected: 'M0,0L50,50L100,100' },
    { name: 'breaks the line at a missing value', points: [point(1, 1), point(2, null), point(3, 0)], expected: 'M0,0ZM100,100Z' },
    { name: 'is null when nothing has a value', points: [point(1, null), point(2, null)], expected: null },
    { name: 'is null for no points', points: [], expected: null },
  ])('$name', ({ points, expected }) => {
    expect(linePath(points, 'cumulative', x, y)).toBe(expected);
  });

  it('reads the key it is asked for', () => {
    const points = [point(1, 1, 0), point(3, 1, 1)];
    expect(linePath(points, 'rolling', x, y)).toBe('M0,100L100,0');
  });
});

describe('trendLayout(input)', () => {
  const points = Array.from({ length: 50 }, (_, i) => point(i + 1, 0.7, i >= 9 ? 0.6 : null, i % 3 === 0 ? 0 : 1));
  const layout = trendLayout({ points, threshold: 0.8, closedAt: 50, width: 640, height: 260, margin });

  it('maps the first and last submissions to the plot edges', () => {
    expect(layout.x(1)).toBe(40);
    expect(layout.x(50)).toBe(630);
  });

  it('draws the threshold at 80% of the plot height from the bottom', () => {
    expect(layout.thresholdY).toBeCloseTo(230 - 0.8 * 220, 9);
  });

  it('puts the window-closed marker at its submission, and none while the window is open', () => {
    expect(layout.closedX).toBe(630);
    expect(trendLayout({ points, threshold: 0.8, closedAt: null, width: 640, height: 260, margin }).closedX).toBeNull();
  });

  it('starts the rolling line where the rolling window first fills', () => {
    const firstX = (path: string | null) => Number(path?.match(/^M([\d.]+),/)?.[1]);
    expect(firstX(layout.rollingPath)).toBeCloseTo(layout.x(10), 2);
    expect(firstX(layout.cumulativePath)).toBe(40);
  });

  it('has one dot per submission with its own agreement, and whole-number x ticks', () => {
    expect(layout.dots).toHaveLength(50);
    expect(layout.xTicks.length).toBeGreaterThanOrEqual(2);
    expect(layout.xTicks.every((tick) => Number.isInteger(tick.value))).toBe(true);
    expect(layout.yTicks.map((tick) => tick.label)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });
});

describe('describeTrend(points, threshold, closedAt)', () => {
  it.each([
    { points: [], closedAt: null, expected: 'No scored submissions yet.' },
    {
      points: [point(1, 1, null), point(2, 0.5, 0.5), point(3, 0.67, 0.75)],
      closedAt: 3,
      expected:
        '3 submissions in order. Cumulative agreement 67% after submission 3, against a threshold of 80%. Rolling agreement is lowest, 50%, at submission 2. The validation window closed at submission 3.',
    },
    {
      points: [point(1, 0, 0, 0)],
      closedAt: null,
      expected: '1 submission in order. Cumulative agreement 0% after submission 1, against a threshold of 80%. The validation window is still open.',
    },
    {
      points: [point(1, 1, 1), point(2, 0.5, 0), point(3, 0.67, 1)],
      closedAt: null,
      expected: '3 submissions in order. Cumulative agreement 67% after submission 3, against a threshold of 80%. The validation window is still open.',
    },
    {
      points: [point(1, 1)],
      closedAt: null,
      expected: '1 submission in order. Cumulative agreement 100% after submission 1, against a threshold of 80%. The validation window is still open.',
    },
  ])('describes $points.length points (closed at $closedAt)', ({ points, closedAt, expected }) => {
    expect(describeTrend(points, 0.8, closedAt)).toBe(expected);
  });
});
