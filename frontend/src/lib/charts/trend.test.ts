import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { describeTrend, fullWindows, linePath, sequenceDomain, sharedAgreementDomain, sharedSequenceDomain, trendLayout, type TrendPoint } from './trend';

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

describe('describeTrend(points, threshold, closedAt, window)', () => {
  it.each([
    { points: [], closedAt: null, window: 10, expected: 'No scored submissions yet.' },
    {
      points: [point(1, 1, 1), point(2, 0.5, 0.5), point(3, 0.67, 0.75)],
      closedAt: 3,
      window: 2,
      expected:
        '3 submissions in order. Cumulative agreement 67% after submission 3, against a threshold of 80%. Rolling agreement over 2 submissions is lowest, 50%, over submissions 1 to 2. The validation window closed at submission 3.',
    },
    {
      points: [point(1, 0, 0, 0)],
      closedAt: null,
      window: 10,
      expected: '1 submission in order. Cumulative agreement 0% after submission 1, against a threshold of 80%. No rolling agreement yet: it needs 10 submissions. The validation window is still open.',
    },
    {
      points: [point(1, 1, 1), point(2, 0.5, 0.5), point(3, 0.67, 1)],
      closedAt: null,
      window: 10,
      expected: '3 submissions in order. Cumulative agreement 67% after submission 3, against a threshold of 80%. No rolling agreement yet: it needs 10 submissions. The validation window is still open.',
    },
    {
      points: [point(1, 1, 1, 1), point(2, 0.5, 0, 0), point(3, 0.67, 1, 1)],
      closedAt: 3,
      window: 1,
      expected: '3 submissions in order. Cumulative agreement 67% after submission 3, against a threshold of 80%. The readers fully agreed on 2 of 3 submissions. The validation window closed at submission 3.',
    },
    {
      points: [point(1, 1, 1), point(2, 1, 1), point(3, 1, 1)],
      closedAt: null,
      window: 2,
      expected: '3 submissions in order. Cumulative agreement 100% after submission 3, against a threshold of 80%. Rolling agreement over 2 submissions stays at 100%. The validation window is still open.',
    },
  ])('describes $points.length points with a window of $window (closed at $closedAt)', ({ points, closedAt, window, expected }) => {
    expect(describeTrend(points, 0.8, closedAt, window)).toBe(expected);
  });

  it('never names the rolling value of the first submissions, whose window is not yet full, as the lowest', () => {
    // the demo's failing row: 0% "rolling" at submission 1 is one submission, not ten
    const points = Array.from({ length: 20 }, (_, i) => point(i + 1, 0.6, i === 0 ? 0 : i < 9 ? 0.3 : 0.6 + (i === 14 ? -0.1 : 0), i === 0 ? 0 : 1));
    const caption = describeTrend(points, 0.8, 20, 10);
    expect(caption).toContain('Rolling agreement over 10 submissions is lowest, 50%, over submissions 6 to 15.');
    expect(caption).not.toContain('0%, at submission 1');
  });
});

describe('fullWindows(points, window, options)', () => {
  const points = [point(3, 0.5, 0.5), point(1, 0, 0), point(2, 0.5, 0.5), point(4, 0.75, 0.67)];
  it('sorts the points and leaves out the rolling agreement of the first window - 1 submissions', () => {
    expect(fullWindows(points, 3).map((p) => [p.sequence, p.cumulative, p.rolling])).toEqual([
      [1, 0, null],
      [2, 0.5, null],
      [3, 0.5, 0.5],
      [4, 0.75, 0.67],
    ]);
  });
  it('leaves out their cumulative agreement too when asked', () => {
    expect(fullWindows(points, 3, { cumulative: true }).map((p) => p.cumulative)).toEqual([null, null, 0.5, 0.75]);
  });
  it('keeps every point with a window of one', () => {
    expect(fullWindows(points, 1).map((p) => p.rolling)).toEqual([0, 0.5, 0.5, 0.67]);
  });
});

describe('small multiples share their scales', () => {
  const a = Array.from({ length: 12 }, (_, i) => point(i + 1, i < 3 ? 0 : 0.7, 0.65));
  const b = Array.from({ length: 30 }, (_, i) => point(i + 1, 0.9, 0.95));

  it('sharedAgreementDomain reaches 100% from a tenth below the lowest line shown, ignoring the first submissions', () => {
    expect(sharedAgreementDomain([a, b], 0.8, 10)).toEqual([0.5, 1]);
    const low = Array.from({ length: 12 }, (_, i) => point(i + 1, 0.42, 0.38));
    expect(sharedAgreementDomain([low, b], 0.8, 10)[0]).toBeCloseTo(0.3, 9);
    expect(sharedAgreementDomain([], 0.8, 10)).toEqual([0.5, 1]);
    expect(sharedAgreementDomain([b], 0.4, 10)[0]).toBeCloseTo(0.3, 9);
  });

  it('sharedSequenceDomain spans every row and where the last window closed', () => {
    expect(sharedSequenceDomain([{ points: a, closedAt: null }, { points: b, closedAt: 30 }])).toEqual([1, 30]);
    expect(sharedSequenceDomain([{ points: a, closedAt: 50 }])).toEqual([1, 50]);
  });

  it('trendLayout draws every multiple on the given domains, so the same value sits at the same place', () => {
    const yDomain = [0.5, 1] as const;
    const xDomain = [1, 30] as const;
    const first = trendLayout({ points: a, threshold: 0.8, closedAt: null, width: 240, height: 100, margin, rollingWindow: 10, yDomain, xDomain });
    const second = trendLayout({ points: b, threshold: 0.8, closedAt: 30, width: 240, height: 100, margin, rollingWindow: 10, yDomain, xDomain });
    expect(first.thresholdY).toBe(second.thresholdY);
    expect(first.y(0.5)).toBe(100 - margin.bottom);
    expect(first.y(1)).toBe(margin.top);
    expect(first.x(12)).toBe(second.x(12));
    expect(first.x(30)).toBe(240 - margin.right);
    // the rolling line starts at submission 10, where its window first fills
    expect(Number(first.rollingPath?.match(/^M([\d.]+),/)?.[1])).toBeCloseTo(first.x(10), 2);
  });
});
