/**
 * Conformance of the drift charts with ../shared/reference/drift-cases.json (DRIFT.md): every
 * CUSUM and EWMA sequence step by step (weights, S, d, z, both limits, every alarm index and
 * side), and the run-length constants of both charts. Table-driven: a sequence added to the file
 * is checked without touching this test. Traces are compared to the file's tolerance (1e-12, never
 * looser than 1e-9), alarm indexes exactly, exact ARL values to the file's 1e-6.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exactThreshold } from '../backend/src/protocol/certification-policy.js';
import { cusumLimit, DEFAULT_MONITORING_POLICY } from '../backend/src/protocol/monitoring-policy.js';
import { bernoulliCusum, cusumArl, cusumWeight } from '../backend/src/stats/cusum.js';
import { ewmaArl, ewmaChart, normalisedDeviation, type EwmaSide } from '../backend/src/stats/ewma.js';

interface CusumSequence {
  id: string;
  h: number;
  observations: Array<{ k: number; miss: 0 | 1 }>;
  expected: { p0: number[]; weights: number[]; S: number[]; alarm_index: number | null; alarms: number[] };
}
interface ArlCell {
  p_miss: number;
  arl: number;
  arl_check_renewal: number;
}
interface CusumArlRow {
  scale_length: number | string;
  p0: number;
  h: number;
  in_control: ArlCell;
  odds_ratio_2: ArlCell;
  odds_ratio_3: ArlCell;
}
interface EwmaSequence {
  id: string;
  sigma0: number;
  observations: Array<{ k: number; level: number; true_level: number }>;
  expected: {
    d: number[];
    z: number[];
    ucl: number[];
    lcl: number[];
    first_alarm: { index: number; side: EwmaSide } | null;
    alarms: number[];
    first_alarm_with_asymptotic_limits: number | null;
  };
}
interface SpcCell {
  spc: number;
  arl_check_nystrom: number;
}
interface DriftFile {
  meta: { tolerance: { weights_S_d_z_limits: number; arl_exact_values: number } };
  cusum: {
    odds_ratio: number;
    p0_by_scale_length: Record<string, number>;
    weights_by_scale_length: Record<string, { miss: number; hit: number }>;
    h_by_scale_length: Record<string, number>;
    sequences: CusumSequence[];
    arl: CusumArlRow[];
  };
  ewma: {
    lambda: number;
    L: number;
    sequences: EwmaSequence[];
    arl: {
      asymptotic_limits: Record<'in_control' | 'shift_0.5_sigma' | 'shift_1_sigma', SpcCell>;
      exact_time_varying_limits: Record<'in_control' | 'shift_0.5_sigma' | 'shift_1_sigma', SpcCell>;
      L_for_in_control_arl_500: { asymptotic_limits: number; exact_time_varying_limits: number };
    };
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const referencePath = [resolve(here, '../../shared/reference/drift-cases.json'), resolve(here, '../fixtures/reference/drift-cases.json')].find((path) =>
  existsSync(path),
);
if (!referencePath) throw new Error('drift-cases.json not found beside the repository (../shared/reference) or in fixtures/reference');
const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as DriftFile;

/** the file's own tolerance for weights, S, d, z and limits (1e-12), never looser than 1e-9 */
const TRACE_TOLERANCE = Math.min(reference.meta.tolerance.weights_S_d_z_limits, 1e-9);
const ARL_TOLERANCE = reference.meta.tolerance.arl_exact_values;

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  expected.forEach((value, index) => {
    expect(Math.abs(actual[index] - value), `${what}[${index + 1}]: got ${actual[index]}, expected ${value}`).toBeLessThanOrEqual(tolerance);
  });
}

const scaleLength = (key: string | number): number => (typeof key === 'number' ? key : Number(String(key).replace('>=', '')));
const p0Of = (k: number) => 1 - exactThreshold(k);
const SHIFTS = { in_control: 0, 'shift_0.5_sigma': 0.5, 'shift_1_sigma': 1 } as const;

describe('drift-cases.json: the file and the product constants', () => {
  it('holds CUSUM and EWMA sequences', () => {
    expect(reference.cusum.sequences.length).toBeGreaterThanOrEqual(3);
    expect(reference.ewma.sequences.length).toBeGreaterThanOrEqual(3);
  });

  it('uses the product odds ratio, EWMA lambda and L', () => {
    expect(DEFAULT_MONITORING_POLICY.cusum.oddsRatio).toBe(reference.cusum.odds_ratio);
    expect(DEFAULT_MONITORING_POLICY.ewma.lambda).toBe(reference.ewma.lambda);
    expect(DEFAULT_MONITORING_POLICY.ewma.L).toBe(reference.ewma.L);
  });

  it.each(Object.keys(reference.cusum.p0_by_scale_length))('gives rows of %s levels p0 = 1 - t(k), their weights and h', (key) => {
    const k = scaleLength(key);
    expect(Math.abs(p0Of(k) - reference.cusum.p0_by_scale_length[key])).toBeLessThanOrEqual(1e-15);
    const { miss, hit } = reference.cusum.weights_by_scale_length[key];
    expect(Math.abs(cusumWeight(1, p0Of(k), reference.cusum.odds_ratio) - miss)).toBeLessThanOrEqual(TRACE_TOLERANCE);
    expect(Math.abs(cusumWeight(0, p0Of(k), reference.cusum.odds_ratio) - hit)).toBeLessThanOrEqual(TRACE_TOLERANCE);
    expect(cusumLimit(k)).toBe(reference.cusum.h_by_scale_length[key]);
  });
});

describe('Bernoulli CUSUM (R2) against drift-cases.json', () => {
  for (const sequence of reference.cusum.sequences) {
    describe(sequence.id, () => {
      const observations = sequence.observations.map((observation) => ({ p0: p0Of(observation.k), miss: observation.miss }));
      const trace = bernoulliCusum(observations, { oddsRatio: reference.cusum.odds_ratio, h: sequence.h });

      it('has p0 = 1 - t(k) per observation', () => expectClose(trace.p0, sequence.expected.p0, TRACE_TOLERANCE, 'p0'));
      it('has the weight of every observation', () => expectClose(trace.weights, sequence.expected.weights, TRACE_TOLERANCE, 'W'));
      it('has S at every step', () => expectClose(trace.S, sequence.expected.S, TRACE_TOLERANCE, 'S'));
      it(`alarms first at ${sequence.expected.alarm_index ?? 'no observation'}, and at every listed t`, () => {
        expect(trace.alarm_index).toBe(sequence.expected.alarm_index);
        expect(trace.alarms).toEqual(sequence.expected.alarms);
      });
      it('returns exactly the keys of the expected object', () => {
        expect(Object.keys(trace).sort()).toEqual(Object.keys(sequence.expected).sort());
      });
    });
  }
});

describe('Bernoulli CUSUM average run lengths (cusum.arl), exact', () => {
  for (const row of reference.cusum.arl) {
    for (const cell of ['in_control', 'odds_ratio_2', 'odds_ratio_3'] as const) {
      it(`k ${row.scale_length}, ${cell}: ${row[cell].arl.toFixed(3)}`, () => {
        const arl = cusumArl({ p0: row.p0, pMiss: row[cell].p_miss, oddsRatio: reference.cusum.odds_ratio, h: row.h });
        expect(Math.abs(arl - row[cell].arl), `got ${arl}`).toBeLessThanOrEqual(ARL_TOLERANCE);
        expect(Math.abs(arl - row[cell].arl_check_renewal)).toBeLessThanOrEqual(ARL_TOLERANCE);
      });
    }
  }
});

describe('two-sided EWMA (R3) against drift-cases.json', () => {
  for (const sequence of reference.ewma.sequences) {
    describe(sequence.id, () => {
      const d = sequence.observations.map((observation) => normalisedDeviation({ k: observation.k, level: observation.level, trueLevel: observation.true_level }));
      const trace = ewmaChart(d, { lambda: reference.ewma.lambda, L: reference.ewma.L, sigma0: sequence.sigma0 });

      it('has d = (level - true level) / (k - 1) per observation', () => expectClose(trace.d, sequence.expected.d, TRACE_TOLERANCE, 'd'));
      it('has z at every step', () => expectClose(trace.z, sequence.expected.z, TRACE_TOLERANCE, 'z'));
      it('has the exact time-varying limits', () => {
        expectClose(trace.ucl, sequence.expected.ucl, TRACE_TOLERANCE, 'ucl');
        expectClose(trace.lcl, sequence.expected.lcl, TRACE_TOLERANCE, 'lcl');
      });
      it(`alarms first at ${sequence.expected.first_alarm ? `${sequence.expected.first_alarm.index} (${sequence.expected.first_alarm.side})` : 'no observation'}, and at every listed t`, () => {
        expect(trace.first_alarm).toEqual(sequence.expected.first_alarm);
        expect(trace.alarms).toEqual(sequence.expected.alarms);
      });
      it(`would alarm first at ${sequence.expected.first_alarm_with_asymptotic_limits ?? 'no observation'} with the asymptotic limits`, () => {
        expect(trace.first_alarm_with_asymptotic_limits).toBe(sequence.expected.first_alarm_with_asymptotic_limits);
      });
      it('returns exactly the keys of the expected object', () => {
        expect(Object.keys(trace).sort()).toEqual(Object.keys(sequence.expected).sort());
      });
    });
  }
});

describe('EWMA average run lengths (ewma.arl), normal theory', () => {
  for (const [limits, cells] of [
    ['asymptotic', reference.ewma.arl.asymptotic_limits],
    ['exact', reference.ewma.arl.exact_time_varying_limits],
  ] as const) {
    for (const [cell, shift] of Object.entries(SHIFTS) as Array<[keyof typeof SHIFTS, number]>) {
      it(`${limits} limits, ${cell}: ${cells[cell].spc.toFixed(3)}`, () => {
        const arl = ewmaArl({ lambda: reference.ewma.lambda, L: reference.ewma.L, shift, limits });
        expect(Math.abs(arl - cells[cell].spc), `got ${arl}`).toBeLessThanOrEqual(ARL_TOLERANCE);
        expect(Math.abs(arl - cells[cell].arl_check_nystrom)).toBeLessThanOrEqual(ARL_TOLERANCE);
      });
    }
  }

  for (const [limits, key] of [
    ['asymptotic', 'asymptotic_limits'],
    ['exact', 'exact_time_varying_limits'],
  ] as const) {
    const L = reference.ewma.arl.L_for_in_control_arl_500[key];
    it(`${limits} limits: L = ${L} gives an in-control ARL of 500`, () => {
      expect(Math.abs(ewmaArl({ lambda: reference.ewma.lambda, L, shift: 0, limits }) - 500)).toBeLessThanOrEqual(1e-5);
    });
  }
});
