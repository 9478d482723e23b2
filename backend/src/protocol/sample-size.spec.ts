import { describe, expect, it } from 'vitest';
import { clopperPearsonLower, clopperPearsonUpper } from '../stats/binomial.js';
import { criticalCount, moreSubmissions, planRequestIssues, planSampleSize, validationPower } from './sample-size.js';

/**
 * Independent exact sums: the binomial probabilities by the multiplicative recurrence
 * P(k + 1) = P(k) (n - k) / (k + 1) p / (1 - p) from P(0) = (1 - p)^n, in log space so that
 * n = 600 does not underflow, and the validation rule read straight from its definition: the
 * Clopper-Pearson lower bound exceeds the threshold when P(Bin(n, threshold) >= k) <= 2.5%.
 */
function pmfs(n: number, p: number): number[] {
  const logs: number[] = [n * Math.log1p(-p)];
  for (let k = 0; k < n; k++) logs.push(logs[k] + Math.log(n - k) - Math.log(k + 1) + Math.log(p) - Math.log1p(-p));
  return logs.map(Math.exp);
}
function upperTailBySum(n: number, k: number, p: number): number {
  return pmfs(n, p).slice(Math.max(0, k)).reduce((sum, x) => sum + x, 0);
}
function powerBySum(n: number, expected: number, threshold: number): number {
  const underThreshold = pmfs(n, threshold);
  const underExpected = pmfs(n, expected);
  let power = 0;
  for (let k = 0; k <= n; k++) {
    const tail = underThreshold.slice(k).reduce((sum, x) => sum + x, 0);
    if (tail <= 0.025) power += underExpected[k];
  }
  return power;
}

describe('Clopper-Pearson bounds', () => {
  it('match R binom.test', () => {
    // binom.test(40, 50)$conf.int: 0.6628169 0.8996978; binom.test(17, 20): 0.6210732 0.9679291
    expect(clopperPearsonLower(40, 50, 0.025)).toBeCloseTo(0.6628169, 6);
    expect(clopperPearsonUpper(40, 50, 0.025)).toBeCloseTo(0.8996978, 6);
    expect(clopperPearsonLower(17, 20, 0.025)).toBeCloseTo(0.6210732, 6);
    expect(clopperPearsonUpper(17, 20, 0.025)).toBeCloseTo(0.9679291, 6);
    // all agree: the lower bound is alpha^(1/n), never the point
    expect(clopperPearsonLower(50, 50, 0.025)).toBeCloseTo(0.025 ** (1 / 50), 10);
    expect(clopperPearsonUpper(50, 50, 0.025)).toBe(1);
    expect(clopperPearsonLower(0, 50, 0.025)).toBe(0);
  });

  it('the lower bound reaches the threshold exactly when the binomial tail under it is 2.5% or less', () => {
    for (const n of [10, 37, 50, 113]) {
      for (let k = 0; k <= n; k++) {
        const bySum = upperTailBySum(n, k, 0.8) <= 0.025;
        expect(clopperPearsonLower(k, n, 0.025) >= 0.8, `${k}/${n}`).toBe(bySum);
      }
    }
  });
});

describe('the sample-size planner', () => {
  it('gives the power of exact binomial sums computed independently', () => {
    for (const [n, expected, threshold] of [[50, 0.9, 0.8], [50, 0.85, 0.8], [40, 0.95, 0.8], [112, 0.9, 0.8], [75, 0.92, 0.7], [600, 0.85, 0.8]] as const) {
      expect(validationPower(n, expected, threshold), `${n} ${expected}`).toBeCloseTo(powerBySum(n, expected, threshold), 10);
    }
    // the reference points of the study: 43% at n = 50 and true 0.90, 11% at 0.85
    expect(validationPower(50, 0.9, 0.8)).toBeCloseTo(0.431, 3);
    expect(validationPower(50, 0.85, 0.8)).toBeCloseTo(0.112, 3);
  });

  it('recommends the smallest n from which power stays at or above the target, and names the first n reaching it', () => {
    for (const [expected, near] of [[0.9, 112], [0.85, 480], [0.95, 40]] as const) {
      const plan = planSampleSize({ expected, threshold: 0.8 });
      const n = plan.submissions!;
      expect(Math.abs(n - near) / near, `${expected}: ${n} vs about ${near}`).toBeLessThan(0.25);
      // independently: power at n and at every size up to the checked end stays >= 80%, and n - 1 falls short
      for (let m = n; m <= Math.min(plan.checkedTo!, n + 60); m++) expect(powerBySum(m, expected, 0.8), `${expected} at ${m}`).toBeGreaterThanOrEqual(0.8);
      expect(powerBySum(n - 1, expected, 0.8)).toBeLessThan(0.8);
      expect(powerBySum(plan.firstReaching!, expected, 0.8)).toBeGreaterThanOrEqual(0.8);
      for (let m = 1; m < plan.firstReaching!; m += Math.max(1, Math.floor(plan.firstReaching! / 40))) expect(powerBySum(m, expected, 0.8)).toBeLessThan(0.8);
    }
    const ninety = planSampleSize({ expected: 0.9, threshold: 0.8 });
    expect(ninety).toMatchObject({ submissions: 113, firstReaching: 107 });
    // the sawtooth: power reaches 80% at 107 and falls below it again before 113
    const dips = Array.from({ length: 6 }, (_, i) => 107 + i).filter((m) => powerBySum(m, 0.9, 0.8) < 0.8);
    expect(dips.length).toBeGreaterThan(0);
  });

  it('finds the critical count of the exact test', () => {
    // 46 of 50 agreeing pairs: P(Bin(50, 0.8) >= 46) = 1.85% <= 2.5%; 45 of 50: 4.8%
    expect(criticalCount(50, 0.8)).toBe(46);
    expect(criticalCount(5, 0.8)).toBe(6);
  });

  it('refuses requests it cannot answer', () => {
    expect(planRequestIssues({ expected: 0.8, threshold: 0.8 })[0]).toMatchObject({ field: 'expected', message: expect.stringContaining('must exceed the threshold') });
    expect(planRequestIssues({ expected: 0.9, threshold: 0.8, power: 1 })[0].field).toBe('power');
    expect(planRequestIssues({ expected: 0.9, threshold: 0.8, readers: 2.5 })[0].field).toBe('readers');
    expect(planRequestIssues({ expected: 0.9, threshold: 0.8, at: 0 })[0].field).toBe('at');
    expect(planRequestIssues({ expected: 0.9, threshold: 0.8, at: 60.5 })[0].field).toBe('at');
    expect(planRequestIssues({ expected: 0.9, threshold: 0.8 })).toEqual([]);
  });

  it('adds the power at a window\'s planned size, by the same independent sums', () => {
    const plan = planSampleSize({ expected: 0.9, threshold: 0.8, at: 60 });
    expect(plan.powerAt.map((point) => point.submissions)).toEqual([25, 50, 60, 100, 200]);
    expect(plan.powerAt.find((point) => point.submissions === 60)!.power).toBeCloseTo(powerBySum(60, 0.9, 0.8), 10);
    expect(planSampleSize({ expected: 0.9, threshold: 0.8, at: 50 }).powerAt.map((point) => point.submissions)).toEqual([25, 50, 100, 200]);
  });

  it('says how many more submissions an inconclusive row needs at its observed rate', () => {
    const evidence = (agreeing: number, n: number) => ({ paired: n, pairs: n, estimate: agreeing / n, trials: n, successes: agreeing, method: 'clopper_pearson' as const });
    const more = moreSubmissions(evidence(43, 50), 0.8)!;
    expect(more.towards).toBe('validated');
    // independently: 43 + Bin(m, 0.86) reaches the critical count of 50 + m with probability >= 80%
    const chance = (m: number) => upperTailBySum(m, criticalCount(50 + m, 0.8) - 43, 0.86);
    expect(chance(more.more!)).toBeGreaterThanOrEqual(0.8);
    expect(chance(more.more! - 1)).toBeLessThan(0.8);
    expect(moreSubmissions(evidence(37, 50), 0.8)!.towards).toBe('needs_revision');
    expect(moreSubmissions(evidence(48, 50), 0.8)).toBeNull();
    expect(moreSubmissions(evidence(40, 50), 0.8)).toBeNull();
  });
});
