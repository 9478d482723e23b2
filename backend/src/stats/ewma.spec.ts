import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ewmaArl, ewmaChart, ewmaSigma, normalisedDeviation, pooledStandardDeviation } from './ewma.js';

const PRODUCT = { lambda: 0.1, L: 2.8143, sigma0: 0.25 };

describe('normalisedDeviation({ k, level, trueLevel })', () => {
  it.each([
    [4, 3, 2, 1 / 3],
    [4, 1, 4, -1],
    [2, 2, 1, 1],
    [3, 2, 2, 0],
    [5, 0, 2, -0.5],
  ])('on %i levels, level %i against true %i is %d', (k, level, trueLevel, d) => {
    expect(normalisedDeviation({ k, level, trueLevel })).toBeCloseTo(d, 15);
  });

  it('refuses a row of fewer than 2 levels and a distance beyond the scale', () => {
    expect(() => normalisedDeviation({ k: 1, level: 1, trueLevel: 1 })).toThrow(RangeError);
    expect(() => normalisedDeviation({ k: 3, level: 4, trueLevel: 1 })).toThrow(RangeError);
    expect(() => normalisedDeviation({ k: 3, level: 1.5, trueLevel: 1 })).toThrow(RangeError);
  });
});

describe('ewmaSigma(t, { lambda, sigma0 })', () => {
  it('is sigma0 lambda at t = 1 and rises to sigma0 sqrt(lambda / (2 - lambda))', () => {
    expect(ewmaSigma(1, PRODUCT)).toBeCloseTo(0.25 * 0.1, 15);
    const asymptotic = 0.25 * Math.sqrt(0.1 / 1.9);
    expect(ewmaSigma(Number.POSITIVE_INFINITY, PRODUCT)).toBeCloseTo(asymptotic, 15);
    expect(ewmaSigma(1000, PRODUCT)).toBe(ewmaSigma(Number.POSITIVE_INFINITY, PRODUCT));
    for (let t = 1; t < 60; t++) expect(ewmaSigma(t + 1, PRODUCT)).toBeGreaterThan(ewmaSigma(t, PRODUCT));
  });
});

describe('ewmaChart(deviations, { lambda, L, sigma0 })', () => {
  it('returns an empty trace for no observations', () => {
    expect(ewmaChart([], PRODUCT)).toEqual({ d: [], z: [], ucl: [], lcl: [], first_alarm: null, alarms: [], first_alarm_with_asymptotic_limits: null });
  });

  it('smooths with lambda from z_0 = 0', () => {
    const trace = ewmaChart([1, 0, -1], PRODUCT);
    expect(trace.z[0]).toBeCloseTo(0.1, 15);
    expect(trace.z[1]).toBeCloseTo(0.09, 15);
    expect(trace.z[2]).toBeCloseTo(-0.1 + 0.081, 15);
  });

  it('alarms on the exact limits long before the asymptotic ones would', () => {
    // one level below on 3-level rows: d = -0.5; z_1 = -0.05 inside -0.0704, z_2 = -0.095 below -0.0946
    const trace = ewmaChart([-0.5, -0.5, 0, 0], PRODUCT);
    expect(trace.first_alarm).toEqual({ index: 2, side: 'lower' });
    expect(trace.first_alarm_with_asymptotic_limits).toBeNull();
  });

  it('names the upper side for a lenient assessor', () => {
    const trace = ewmaChart(Array<number>(30).fill(1 / 3), PRODUCT);
    expect(trace.first_alarm?.side).toBe('upper');
    expect(trace.alarms).toEqual(Array.from({ length: 30 - trace.first_alarm!.index + 1 }, (_, index) => trace.first_alarm!.index + index));
  });

  test.prop([fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 120 })])('mirrors: negated deviations give the negated trace and the other side', (deviations) => {
    const trace = ewmaChart(deviations, PRODUCT);
    const mirrored = ewmaChart(
      deviations.map((value) => -value),
      PRODUCT,
    );
    mirrored.z.forEach((value, index) => expect(value).toBeCloseTo(-trace.z[index], 14));
    expect(mirrored.alarms).toEqual(trace.alarms);
    if (trace.first_alarm) expect(mirrored.first_alarm).toEqual({ index: trace.first_alarm.index, side: trace.first_alarm.side === 'upper' ? 'lower' : 'upper' });
    trace.z.forEach((value, index) => {
      expect(trace.lcl[index]).toBe(-trace.ucl[index]);
      expect(trace.alarms.includes(index + 1)).toBe(value > trace.ucl[index] || value < trace.lcl[index]);
    });
  });

  it.each([
    [{ ...PRODUCT, lambda: 0 }],
    [{ ...PRODUCT, lambda: 1.5 }],
    [{ ...PRODUCT, L: 0 }],
    [{ ...PRODUCT, sigma0: 0 }],
    [{ ...PRODUCT, sigma0: Number.NaN }],
  ])('refuses options %j', (options) => {
    expect(() => ewmaChart([0], options)).toThrow(RangeError);
  });

  it('refuses an observation that is not finite', () => {
    expect(() => ewmaChart([0, Number.NaN], PRODUCT)).toThrow(RangeError);
  });
});

describe('pooledStandardDeviation(groups)', () => {
  it('centres each group on its own mean', () => {
    expect(pooledStandardDeviation([[0, 1], [2, 4]]).sd).toBeCloseTo(Math.sqrt((0.5 + 2) / 2), 15);
    expect(pooledStandardDeviation([[5, 5, 5], [-1, -1]])).toEqual({ sd: 0, n: 5, groups: 2 });
  });

  it('has no value without a degree of freedom, and skips empty groups', () => {
    expect(pooledStandardDeviation([[1], [2], []])).toEqual({ sd: null, n: 2, groups: 2 });
    expect(pooledStandardDeviation([])).toEqual({ sd: null, n: 0, groups: 0 });
  });
});

describe('ewmaArl({ lambda, L, shift, limits })', () => {
  it('gives the exact limits a shorter in-control run than the asymptotic ones', () => {
    const asymptotic = ewmaArl({ lambda: 0.1, L: 2.8143, shift: 0, limits: 'asymptotic' });
    const exact = ewmaArl({ lambda: 0.1, L: 2.8143, shift: 0, limits: 'exact' });
    expect(asymptotic).toBeCloseTo(500, 0);
    expect(exact).toBeLessThan(asymptotic);
  });

  it('reaches 500 in control with the exact limits at L = 2.823874', () => {
    expect(ewmaArl({ lambda: 0.1, L: 2.82387398998002, shift: 0, limits: 'exact' })).toBeCloseTo(500, 4);
  });

  it('does not depend on the sign of the shift, and falls as it grows', () => {
    const at = (shift: number) => ewmaArl({ lambda: 0.1, L: 2.8143, shift, limits: 'exact', nodes: 40 });
    expect(at(-0.5)).toBeCloseTo(at(0.5), 8);
    expect(at(0.5)).toBeGreaterThan(at(1));
  });

  it('refuses fewer than 2 nodes and a shift that is not finite', () => {
    expect(() => ewmaArl({ lambda: 0.1, L: 2.8143, shift: 0, limits: 'exact', nodes: 1 })).toThrow(RangeError);
    expect(() => ewmaArl({ lambda: 0.1, L: 2.8143, shift: Number.NaN, limits: 'exact' })).toThrow(RangeError);
  });
});
