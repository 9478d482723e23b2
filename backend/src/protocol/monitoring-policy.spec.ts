import { describe, expect, it } from 'vitest';
import { cusumLimit, DEFAULT_MONITORING_POLICY, type MonitoringPolicy } from './monitoring-policy.js';

describe('DEFAULT_MONITORING_POLICY', () => {
  it('holds the numbers of the monitoring rules', () => {
    expect(DEFAULT_MONITORING_POLICY).toEqual({
      validity: { gap: { min: 5, max: 15 }, initialGap: { min: 2, max: 8 }, initialDeliveries: 50, staleDays: 14, reuseDays: 180, lowPoolWarning: 20, feedbackDelayHours: 24 },
      window: { items: 10, margin: 0.1, maxNonAdjacentMisses: 1 },
      cusum: { oddsRatio: 2, limits: { two: 2.5, three: 3, fourOrMore: 3.25 } },
      ewma: { lambda: 0.1, L: 2.8143, defaultSigma0: 0.25, minObservationsForSigma0: 100 },
      live: { rows: 20 },
      backreading: { rate: 0.05, probationRate: 1 },
    });
  });

  it('is frozen all the way down', () => {
    expect(Object.isFrozen(DEFAULT_MONITORING_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_MONITORING_POLICY.validity.gap)).toBe(true);
    expect(Object.isFrozen(DEFAULT_MONITORING_POLICY.cusum.limits)).toBe(true);
  });
});

describe('cusumLimit(levels, policy)', () => {
  it.each([
    [2, 2.5],
    [3, 3],
    [4, 3.25],
    [7, 3.25],
  ])('gives rows of %i levels h = %d', (levels, h) => {
    expect(cusumLimit(levels)).toBe(h);
  });

  it('reads the limits of the policy given', () => {
    const policy: MonitoringPolicy = { ...DEFAULT_MONITORING_POLICY, cusum: { oddsRatio: 2, limits: { two: 2, three: 2.75, fourOrMore: 3 } } };
    expect([2, 3, 4].map((levels) => cusumLimit(levels, policy))).toEqual([2, 2.75, 3]);
  });
});
