import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bernoulliCusum, cusumArl, cusumWeight, oddsShiftedProbability, type CusumObservation } from './cusum.js';

/** A small seeded generator for the Monte Carlo check (mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('cusumWeight(miss, p0, oddsRatio)', () => {
  it.each([
    [0.1, 0.5978370007556204, -0.09531017980432493],
    [0.2, 0.5108256237659905, -0.1823215567939548],
    [0.3, 0.4307829160924544, -0.2623642644674909],
  ])('weighs a miss and a hit at p0 = %s with odds ratio 2 as ln 2 - ln(1 + p0) and -ln(1 + p0)', (p0, miss, hit) => {
    expect(cusumWeight(1, p0, 2)).toBeCloseTo(miss, 15);
    expect(cusumWeight(true, p0, 2)).toBeCloseTo(miss, 15);
    expect(cusumWeight(0, p0, 2)).toBeCloseTo(hit, 15);
    expect(cusumWeight(false, p0, 2)).toBeCloseTo(hit, 15);
  });

  test.prop([fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), fc.boolean()])(
    'is the log-likelihood ratio of p1 (odds times OR) against p0',
    (p0, oddsRatio, miss) => {
      const p1 = oddsShiftedProbability(p0, oddsRatio);
      const full = miss ? Math.log(p1 / p0) : Math.log((1 - p1) / (1 - p0));
      expect(Math.abs(cusumWeight(miss, p0, oddsRatio) - full)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(full)));
      expect(p1 / (1 - p1) / (p0 / (1 - p0))).toBeCloseTo(oddsRatio, 9);
    },
  );

  it.each([0, 1, -0.1, 1.5, Number.NaN])('refuses p0 = %s', (p0) => {
    expect(() => cusumWeight(1, p0, 2)).toThrow(RangeError);
  });

  it.each([0, -2, Number.POSITIVE_INFINITY])('refuses an odds ratio of %s', (oddsRatio) => {
    expect(() => cusumWeight(1, 0.2, oddsRatio)).toThrow(RangeError);
  });
});

describe('bernoulliCusum(observations, { oddsRatio, h })', () => {
  it('returns an empty trace without alarm for no observations', () => {
    expect(bernoulliCusum([], { oddsRatio: 2, h: 3 })).toEqual({ p0: [], weights: [], S: [], alarm_index: null, alarms: [] });
  });

  it('alarms at the first S >= h and keeps running after it', () => {
    // p0 0.3: a miss adds 0.4308, a hit takes 0.2624 away; eight misses reach 3.446 >= 3.25,
    // then 3.184, 3.615, 3.352 (still >= 3.25), 3.090 and down to 0
    const misses: Array<0 | 1> = [...Array<0 | 1>(8).fill(1), 0, 1, ...Array<0 | 1>(20).fill(0)];
    const observations: CusumObservation[] = misses.map((miss) => ({ p0: 0.3, miss }));
    const trace = bernoulliCusum(observations, { oddsRatio: 2, h: 3.25 });
    expect(trace.alarm_index).toBe(8);
    expect(trace.alarms).toEqual([8, 10, 11]);
    expect(trace.S[7]).toBeCloseTo(8 * (Math.LN2 - Math.log(1.3)), 14);
    expect(trace.S.at(-1)).toBe(0);
  });

  it('counts S = h exactly as an alarm', () => {
    const weight = cusumWeight(1, 0.2, 2);
    const trace = bernoulliCusum([{ p0: 0.2, miss: 1 }], { oddsRatio: 2, h: weight });
    expect(trace.alarm_index).toBe(1);
  });

  it('weighs each observation with its own p0 (risk adjustment)', () => {
    const trace = bernoulliCusum(
      [
        { p0: 0.1, miss: 1 },
        { p0: 0.3, miss: 1 },
        { p0: 0.2, miss: 0 },
      ],
      { oddsRatio: 2, h: 5 },
    );
    expect(trace.p0).toEqual([0.1, 0.3, 0.2]);
    expect(trace.weights).toEqual([cusumWeight(1, 0.1, 2), cusumWeight(1, 0.3, 2), cusumWeight(0, 0.2, 2)]);
    expect(trace.S[2]).toBeCloseTo(trace.weights[0] + trace.weights[1] + trace.weights[2], 15);
  });

  test.prop([fc.array(fc.record({ p0: fc.constantFrom(0.1, 0.2, 0.3), miss: fc.constantFrom<0 | 1>(0, 1) }), { maxLength: 200 }), fc.double({ min: 0.5, max: 6, noNaN: true })])(
    'follows S_t = max(0, S_{t-1} + W_t) and lists exactly the t with S_t >= h',
    (observations, h) => {
      const trace = bernoulliCusum(observations, { oddsRatio: 2, h });
      let previous = 0;
      trace.S.forEach((value, index) => {
        expect(value).toBe(Math.max(0, previous + trace.weights[index]));
        expect(value).toBeGreaterThanOrEqual(0);
        previous = value;
      });
      const expected = trace.S.flatMap((value, index) => (value >= h ? [index + 1] : []));
      expect(trace.alarms).toEqual(expected);
      expect(trace.alarm_index).toBe(expected[0] ?? null);
    },
  );

  it('refuses a limit that is not positive', () => {
    expect(() => bernoulliCusum([], { oddsRatio: 2, h: 0 })).toThrow(RangeError);
  });
});

describe('cusumArl({ p0, pMiss, oddsRatio, h })', () => {
  it('is 1 / pMiss when a single miss reaches h, and infinite when nothing misses', () => {
    expect(cusumArl({ p0: 0.2, pMiss: 0.25, oddsRatio: 2, h: 0.5 })).toBe(4);
    expect(cusumArl({ p0: 0.2, pMiss: 0, oddsRatio: 2, h: 3 })).toBe(Number.POSITIVE_INFINITY);
    expect(cusumArl({ p0: 0.2, pMiss: 1, oddsRatio: 2, h: 3 })).toBe(6);
  });

  it('falls as the miss rate rises and grows with h', () => {
    const at = (pMiss: number, h = 3) => cusumArl({ p0: 0.2, pMiss, oddsRatio: 2, h });
    expect(at(0.2)).toBeGreaterThan(at(1 / 3));
    expect(at(1 / 3)).toBeGreaterThan(at(0.5));
    expect(at(0.2, 3.5)).toBeGreaterThan(at(0.2, 3));
  });

  it('agrees with a seeded simulation of the chart', () => {
    const p0 = 0.3;
    const pMiss = oddsShiftedProbability(p0, 2);
    const h = 3.25;
    const random = mulberry32(2024);
    const runs = 20_000;
    const lengths: number[] = [];
    const [hit, miss] = [cusumWeight(0, p0, 2), cusumWeight(1, p0, 2)];
    for (let run = 0; run < runs; run++) {
      let statistic = 0;
      let length = 0;
      while (statistic < h) {
        length++;
        statistic = Math.max(0, statistic + (random() < pMiss ? miss : hit));
      }
      lengths.push(length);
    }
    const mean = lengths.reduce((sum, value) => sum + value, 0) / runs;
    const se = Math.sqrt(lengths.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (runs - 1) / runs);
    expect(Math.abs(mean - cusumArl({ p0, pMiss, oddsRatio: 2, h }))).toBeLessThan(4 * se);
  });

  it('refuses a miss probability outside [0, 1]', () => {
    expect(() => cusumArl({ p0: 0.2, pMiss: 1.2, oddsRatio: 2, h: 3 })).toThrow(RangeError);
  });
});
