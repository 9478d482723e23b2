import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { cusumDomain, cusumLayout, describeCusum, describeEwma, ewmaHalfRange, ewmaLayout, observationScale, sideOf, tracePath } from './control';

const margin = { top: 10, right: 10, bottom: 30, left: 40 };
const frame = { width: 640, height: 240, margin };

/**
 * An EWMA with lambda 0.10, L 2.8143 and sigma0 0.25 on d = +0.5, +0.5, 0, +0.5, −0.5 (a
 * three-level row scored one level high three times): z_2 = 0.095 is just above ucl_2 = 0.09466,
 * z_4 = 0.12695 above ucl_4 = 0.12181.
 */
const ewma = {
  z: [0.05, 0.095, 0.0855, 0.12695, 0.064255],
  ucl: [0.0703575, 0.09465633538919885, 0.11048815994482451, 0.12181281103202744, 0.13026607448136598],
  lcl: [-0.0703575, -0.09465633538919885, -0.11048815994482451, -0.12181281103202744, -0.13026607448136598],
};

describe('observationScale(n, frame)', () => {
  it('runs from observation 0 (the start) at the left edge to n at the right, with whole-number ticks', () => {
    const { x, ticks } = observationScale(30, frame);
    expect(x(0)).toBe(40);
    expect(x(30)).toBe(630);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((tick) => Number.isInteger(tick.value) && tick.label === String(tick.value))).toBe(true);
  });

  it('keeps a domain of at least one observation when there is none', () => {
    expect(observationScale(0, frame).x.domain()).toEqual([0, 1]);
  });
});

describe('tracePath(values, x, y, start)', () => {
  const x = scaleLinear().domain([0, 2]).range([0, 100]);
  const y = scaleLinear().domain([0, 2]).range([100, 0]);

  it.each([
    { name: 'starts at (0, 0) and joins every value', values: [1, 2], start: 0, expected: 'M0,100L50,50L100,0' },
    { name: 'starts at the first value without a start', values: [1, 2], start: null, expected: 'M50,50L100,0' },
    { name: 'draws a value that is not a number at 0', values: [Number.NaN, 2], start: 0, expected: 'M0,100L50,100L100,0' },
    { name: 'is null for no values', values: [], start: 0, expected: null },
  ])('$name', ({ values, start, expected }) => {
    expect(tracePath(values, x, y, start)).toBe(expected);
  });
});

describe('cusumDomain(S, h)', () => {
  it.each([
    { S: [0.5, 1.2], h: 3, expected: [0, 3.5] },
    { S: [2, 5], h: 3, expected: [0, 6] },
    { S: [], h: 2.5, expected: [0, 3] },
  ])('cusumDomain($S, $h) is $expected: h is always on the chart', ({ S, h, expected }) => {
    expect(cusumDomain(S, h)).toEqual(expected);
  });
});

describe('cusumLayout(input)', () => {
  const S = [0.51, 0.33, 0.84, 1.35, 1.86, 2.37, 2.88, 3.39, 3.21, 3.72];
  const layout = cusumLayout({ S, h: 3, alarmIndex: 8, ...frame });

  it('draws h where the y scale puts it, and the trace from S_0 = 0 at the bottom-left corner', () => {
    expect(layout.y.domain()).toEqual([0, 5]);
    expect(layout.hY).toBeCloseTo(210 - (3 / 5) * 200, 9);
    expect(layout.path?.startsWith('M40,210L')).toBe(true);
    expect(layout.path?.split('L')).toHaveLength(11);
  });

  it('marks the first alarm at its observation and value, and every observation at or above h', () => {
    expect(layout.alarm).toEqual({ t: 8, value: 3.39, x: layout.x(8), y: layout.y(3.39) });
    expect(layout.above.map((point) => point.t)).toEqual([8, 9, 10]);
  });

  it('has no alarm mark without an alarm, or with an index outside the trace', () => {
    expect(cusumLayout({ S, h: 3, alarmIndex: null, ...frame }).alarm).toBeNull();
    expect(cusumLayout({ S, h: 3, alarmIndex: 11, ...frame }).alarm).toBeNull();
  });

  it('has no path for an empty trace but still draws h', () => {
    const empty = cusumLayout({ S: [], h: 2.5, alarmIndex: null, ...frame });
    expect(empty.path).toBeNull();
    expect(empty.hY).toBeCloseTo(210 - (2.5 / 3) * 200, 9);
  });
});

describe('describeCusum(S, h, alarmIndex)', () => {
  it.each([
    { S: [], h: 3, alarm: null, expected: 'No validity observation since the restart yet; the CUSUM starts at 0 and alarms at h = 3.00.' },
    {
      S: [0.51, 0.33, 0.84],
      h: 3,
      alarm: null,
      expected: '3 validity observations since the restart. The CUSUM on misses is 0.84 now, against h = 3.00; its highest was 0.84 at observation 3. It has not reached h: no alarm.',
    },
    {
      S: [1.5, 3.1, 2.9],
      h: 3,
      alarm: 2,
      expected: '3 validity observations since the restart. The CUSUM on misses is 2.90 now, against h = 3.00; its highest was 3.10 at observation 2. It first reached h at observation 2 (3.10): alarm.',
    },
  ])('describes $S.length observations with alarm $alarm', ({ S, h, alarm, expected }) => {
    expect(describeCusum(S, h, alarm)).toBe(expected);
  });
});

describe('sideOf(z, ucl, lcl)', () => {
  it.each([
    [0.2, 0.1, -0.1, 'upper'],
    [-0.2, 0.1, -0.1, 'lower'],
    [0.1, 0.1, -0.1, null],
    [-0.1, 0.1, -0.1, null],
    [0, 0.1, -0.1, null],
  ] as const)('z %d between %d and %d: %s (the limits themselves are inside)', (z, ucl, lcl, side) => {
    expect(sideOf(z, ucl, lcl)).toBe(side);
  });
});

describe('ewmaHalfRange(z, ucl, lcl)', () => {
  it('takes the largest |value| with room, rounded up nicely', () => {
    expect(ewmaHalfRange(ewma.z, ewma.ucl, ewma.lcl)).toBe(0.15);
  });

  it('is never narrower than a small band around 0', () => {
    expect(ewmaHalfRange([], [], [])).toBeCloseTo(0.06, 9);
  });
});

describe('ewmaLayout(input)', () => {
  const layout = ewmaLayout({ ...ewma, firstAlarmIndex: 2, firstAlarmSide: 'upper', ...frame });

  it('centres the target 0 on a symmetric y axis', () => {
    expect(layout.y.domain()).toEqual([-0.15, 0.15]);
    expect(layout.zeroY).toBe(110);
  });

  it('draws z and both limits from observation 0, and shades the band between the limits', () => {
    for (const path of [layout.zPath, layout.uclPath, layout.lclPath]) {
      expect(path?.startsWith('M40,110L')).toBe(true);
      expect(path?.split('L')).toHaveLength(6);
    }
    expect(layout.bandPath?.startsWith('M40,110L')).toBe(true);
    expect(layout.bandPath?.endsWith('Z')).toBe(true);
  });

  it('marks every observation outside its limits and rings the first alarm with its side and limit', () => {
    expect(layout.outside.map((point) => [point.t, point.side])).toEqual([
      [2, 'upper'],
      [4, 'upper'],
    ]);
    expect(layout.alarm).toMatchObject({ t: 2, side: 'upper', value: 0.095, limit: ewma.ucl[1] });
    expect(layout.alarm!.y).toBeLessThan(layout.y(ewma.ucl[0]!));
  });

  it('draws nothing but the target without observations', () => {
    const empty = ewmaLayout({ z: [], ucl: [], lcl: [], firstAlarmIndex: null, firstAlarmSide: null, ...frame });
    expect([empty.zPath, empty.uclPath, empty.lclPath, empty.bandPath, empty.alarm]).toEqual([null, null, null, null, null]);
    expect(empty.zeroY).toBe(110);
  });

  it('reads the side from z when the API gives none', () => {
    const lower = ewmaLayout({ z: [-0.2], ucl: [0.1], lcl: [-0.1], firstAlarmIndex: 1, firstAlarmSide: null, ...frame });
    expect(lower.alarm).toMatchObject({ side: 'lower', limit: -0.1 });
  });
});

describe('describeEwma(z, ucl, lcl, firstAlarmIndex, firstAlarmSide)', () => {
  it('says where z is now against its limits, and where it first left them', () => {
    expect(describeEwma(ewma.z, ewma.ucl, ewma.lcl, 2, 'upper')).toBe(
      '5 ordinal validity observations since the restart. The EWMA of the signed deviation is +0.064 now (lenient side), inside its limits −0.130 to +0.130. ' +
        'It first left them at observation 2, above the upper limit: scoring more leniently than the true levels.',
    );
  });

  it('says there was no alarm, and what an empty chart will show', () => {
    expect(describeEwma([-0.01], [0.07], [-0.07], null, null)).toBe(
      '1 ordinal validity observation since the restart. The EWMA of the signed deviation is −0.010 now (severe side), inside its limits −0.070 to +0.070. It has stayed inside its limits: no alarm.',
    );
    expect(describeEwma([], [], [], null, null)).toMatch(/^No ordinal validity observation since the restart yet/);
  });
});
