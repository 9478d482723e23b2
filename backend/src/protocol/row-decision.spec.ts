import { describe, expect, it } from 'vitest';
import { tableFromCodes } from '../stats/index.js';
import {
  agreementEvidence,
  finalDecision,
  obrienFlemingSpending,
  provisionalDecision,
  sequentialPlan,
  type AgreementEvidence,
} from './row-decision.js';
import { seededRandom } from './seeded-random.js';

const pairs = (agreeing: number, n: number): AgreementEvidence => ({ paired: n, pairs: n, estimate: agreeing / n, trials: n, successes: agreeing, method: 'clopper_pearson' });

describe('the final decision', () => {
  it('is validated only when the lower bound reaches the threshold', () => {
    expect(finalDecision(pairs(46, 50), 0.8)).toBe('validated');
    expect(finalDecision(pairs(45, 50), 0.8)).toBe('meets_rule_not_demonstrated');
    expect(finalDecision(pairs(40, 50), 0.8)).toBe('meets_rule_not_demonstrated');
    expect(finalDecision(pairs(39, 50), 0.8)).toBe('needs_revision');
    expect(finalDecision(null, 0.8)).toBe('undefined');
    // every pair agreeing is not proof with few submissions: 0.025^(1/16) < 0.8 < 0.025^(1/17)
    expect(finalDecision(pairs(16, 16), 0.8)).toBe('meets_rule_not_demonstrated');
    expect(finalDecision(pairs(17, 17), 0.8)).toBe('validated');
  });

  it('reads two-reader tables as a binomial count and tables with more readers through the cluster-adjusted effective n', () => {
    const two = agreementEvidence(tableFromCodes(Int32Array.from([0, 0, 1, 1, 0, 1, -1, 1]), 4, 2, ['a', 'b']))!;
    expect(two).toMatchObject({ paired: 3, pairs: 3, successes: 2, trials: 3, method: 'clopper_pearson' });
    const three = agreementEvidence(tableFromCodes(Int32Array.from([0, 0, 0, 1, 1, 0, 1, 1, -1]), 3, 3, ['a', 'b']))!;
    expect(three.method).toBe('clopper_pearson_cluster');
    expect(three.estimate).toBeCloseTo((1 + 1 / 3 + 1) / 3, 12);
    expect(three.trials).toBeGreaterThanOrEqual(three.paired);
    expect(three.trials).toBeLessThanOrEqual(three.pairs);
    // nothing paired
    expect(agreementEvidence(tableFromCodes(Int32Array.from([0, -1, -1, 1]), 2, 2, ['a', 'b']))).toBeNull();
  });
});

describe('the group-sequential early signal', () => {
  it('spends alpha as Lan-DeMets O\'Brien-Fleming and reaches the fixed-sample boundary at the last look', () => {
    expect(obrienFlemingSpending(1, 0.025)).toBe(0.025);
    // 2 - 2 Phi(z(0.9875) / sqrt(0.5)) = 2 (1 - Phi(3.1698)) = 0.001526
    expect(obrienFlemingSpending(0.5, 0.025)).toBeCloseTo(0.001526, 5);
    const plan = sequentialPlan(0.8, 50, 20);
    expect(plan.upperCount[50]).toBe(46);
    // early looks demand more: 20 of 20 is not yet enough
    expect(plan.upperCount[20]).toBeGreaterThan(20);
    expect(provisionalDecision(pairs(20, 20), 0.8, 50)).toBe('undetermined');
  });

  it('is too early below the minimum of paired submissions, whatever the data', () => {
    expect(provisionalDecision(pairs(0, 19), 0.8, 50)).toBe('too_early');
    expect(provisionalDecision(pairs(19, 19), 0.8, 50)).toBe('too_early');
    expect(provisionalDecision(null, 0.8, 50)).toBe('too_early');
    expect(provisionalDecision(pairs(0, 10), 0.8, 50, 10)).toBe('likely_needs_revision');
    // one disagreeing submission among the first twenty is no signal
    expect(provisionalDecision(pairs(19, 20), 0.8, 50)).toBe('undetermined');
    expect(provisionalDecision(pairs(8, 20), 0.8, 50)).toBe('likely_needs_revision');
    expect(provisionalDecision(pairs(9, 20), 0.8, 50)).toBe('undetermined');
  });

  /**
   * Windows of `size` paired submissions arriving one at a time, each pair agreeing with
   * probability `truth`; a look after every one from the 20th. Returns the share of windows that
   * ever showed each signal.
   */
  function everShown(truth: number, size: number, windows: number, seed: string): { validated: number; needsRevision: number } {
    const random = seededRandom(seed);
    let validated = 0;
    let needsRevision = 0;
    for (let window = 0; window < windows; window++) {
      let agreeing = 0;
      let sawValidated = false;
      let sawRevision = false;
      for (let n = 1; n <= size; n++) {
        if (random() < truth) agreeing++;
        const signal = provisionalDecision(pairs(agreeing, n), 0.8, size);
        sawValidated ||= signal === 'likely_validated';
        sawRevision ||= signal === 'likely_needs_revision';
      }
      if (sawValidated) validated++;
      if (sawRevision) needsRevision++;
    }
    return { validated: validated / windows, needsRevision: needsRevision / windows };
  }

  it('by simulation (two readers): a row at 0.85 or above rarely shows likely_needs_revision, one at 0.75 or below rarely likely_validated', () => {
    for (const size of [30, 50, 100]) {
      const good = everShown(0.85, size, 4000, `good-${size}`);
      const bad = everShown(0.75, size, 4000, `bad-${size}`);
      const atThreshold = everShown(0.8, size, 4000, `edge-${size}`);
      expect(good.needsRevision, `wrong likely_needs_revision at 0.85, window ${size}`).toBeLessThan(0.05);
      expect(bad.validated, `wrong likely_validated at 0.75, window ${size}`).toBeLessThan(0.05);
      // the spending keeps even a row exactly at the threshold near 2.5% per side (Monte Carlo SE 0.25%)
      expect(atThreshold.needsRevision).toBeLessThan(0.035);
      expect(atThreshold.validated).toBeLessThan(0.035);
      // and the signal still comes: most rows at 0.95 show likely_validated in a window of 50 or more
      if (size >= 50) expect(everShown(0.95, size, 1000, `power-${size}`).validated).toBeGreaterThan(0.85);
    }
    // the study's figures for the old signal (after every submission, no minimum) were 19% and 6.6%
    expect(everShown(0.85, 50, 4000, 'good-50').needsRevision).toBeLessThan(0.01);
    expect(everShown(0.75, 50, 4000, 'bad-50').validated).toBeLessThan(0.01);
  });

  it('by simulation (three readers through the table): the same error rates hold with the cluster-adjusted bound', () => {
    // four levels; each reader gives the submission's level with probability a, else another at
    // random, so that two readers agree with probability a^2 + (1 - a)^2 / 3
    const simulate = (truth: number, windows: number, seed: string) => {
      const a = (1 + Math.sqrt(12 * truth - 3)) / 4;
      const random = seededRandom(seed);
      let validated = 0;
      let needsRevision = 0;
      for (let window = 0; window < windows; window++) {
        const codes = new Int32Array(50 * 3);
        for (let unit = 0; unit < 50; unit++) {
          const level = Math.floor(random() * 4);
          for (let reader = 0; reader < 3; reader++) codes[unit * 3 + reader] = random() < a ? level : (level + 1 + Math.floor(random() * 3)) % 4;
        }
        let sawValidated = false;
        let sawRevision = false;
        for (let n = 20; n <= 50; n++) {
          const signal = provisionalDecision(agreementEvidence(tableFromCodes(codes.subarray(0, n * 3), n, 3, [1, 2, 3, 4])), 0.8, 50);
          sawValidated ||= signal === 'likely_validated';
          sawRevision ||= signal === 'likely_needs_revision';
        }
        if (sawValidated) validated++;
        if (sawRevision) needsRevision++;
      }
      return { validated: validated / windows, needsRevision: needsRevision / windows };
    };
    expect(simulate(0.85, 400, 'three-good').needsRevision).toBeLessThan(0.05);
    expect(simulate(0.75, 400, 'three-bad').validated).toBeLessThan(0.05);
  });
});
