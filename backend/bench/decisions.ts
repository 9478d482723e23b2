/**
 * The row decision and the early signal by simulation, larger than the unit tests': per window
 * size and true agreement, the share of windows in which each provisional signal appears at any
 * look, and the share of final decisions, with two readers (a binomial count per look) and with
 * three (ratings drawn per submission and read through the table and the cluster-adjusted bound).
 * Seeded, so every run prints the same table.
 */
import { agreementEvidence, finalDecision, provisionalDecision, type AgreementEvidence } from '../src/protocol/row-decision.js';
import { planSampleSize } from '../src/protocol/sample-size.js';
import { seededRandom } from '../src/protocol/seeded-random.js';
import { tableFromCodes } from '../src/stats/index.js';

const THRESHOLD = 0.8;
const TRUTHS = [0.7, 0.75, 0.78, 0.8, 0.85, 0.9, 0.95];

interface Tally {
  likelyValidated: number;
  likelyNeedsRevision: number;
  validated: number;
  notDemonstrated: number;
  needsRevision: number;
}

/** Windows of `size` submissions with `readers` readers; four levels, each reader right with probability a. */
function simulate(truth: number, size: number, readers: number, windows: number): Tally {
  const random = seededRandom(`decisions/${truth}/${size}/${readers}`);
  const right = (1 + Math.sqrt(12 * truth - 3)) / 4; // two readers agree with probability a^2 + (1 - a)^2 / 3 = truth
  const tally: Tally = { likelyValidated: 0, likelyNeedsRevision: 0, validated: 0, notDemonstrated: 0, needsRevision: 0 };
  for (let window = 0; window < windows; window++) {
    let sawValidated = false;
    let sawRevision = false;
    let evidence: AgreementEvidence | null = null;
    if (readers === 2) {
      let agreeing = 0;
      for (let n = 1; n <= size; n++) {
        if (random() < truth) agreeing++;
        evidence = { paired: n, pairs: n, estimate: agreeing / n, trials: n, successes: agreeing, method: 'clopper_pearson' };
        const signal = provisionalDecision(evidence, THRESHOLD, size);
        sawValidated ||= signal === 'likely_validated';
        sawRevision ||= signal === 'likely_needs_revision';
      }
    } else {
      const codes = new Int32Array(size * readers);
      for (let unit = 0; unit < size; unit++) {
        const level = Math.floor(random() * 4);
        for (let reader = 0; reader < readers; reader++) codes[unit * readers + reader] = random() < right ? level : (level + 1 + Math.floor(random() * 3)) % 4;
      }
      for (let n = 20; n <= size; n++) {
        evidence = agreementEvidence(tableFromCodes(codes.subarray(0, n * readers), n, readers, [1, 2, 3, 4]));
        const signal = provisionalDecision(evidence, THRESHOLD, size);
        sawValidated ||= signal === 'likely_validated';
        sawRevision ||= signal === 'likely_needs_revision';
      }
    }
    if (sawValidated) tally.likelyValidated++;
    if (sawRevision) tally.likelyNeedsRevision++;
    const decision = finalDecision(evidence, THRESHOLD);
    if (decision === 'validated') tally.validated++;
    else if (decision === 'meets_rule_not_demonstrated') tally.notDemonstrated++;
    else tally.needsRevision++;
  }
  return tally;
}

const pct = (count: number, of: number) => `${((100 * count) / of).toFixed(2)}%`.padStart(8);

export function benchDecisions(): void {
  console.log(`\n== The row decision and the early signal (threshold ${THRESHOLD}; share of windows)`);
  console.log('readers  window  truth  ever likely_validated  ever likely_needs_revision  validated  not demonstrated  needs revision');
  for (const [readers, sizes, windows] of [
    [2, [30, 50, 100, 200], 20_000],
    [3, [50], 2_000],
  ] as const) {
    for (const size of sizes) {
      for (const truth of TRUTHS) {
        const t = simulate(truth, size, readers, windows);
        console.log(
          `${String(readers).padStart(7)}  ${String(size).padStart(6)}  ${truth.toFixed(2)}  ${pct(t.likelyValidated, windows).padStart(21)}  ${pct(t.likelyNeedsRevision, windows).padStart(26)}  ${pct(t.validated, windows).padStart(9)}  ${pct(t.notDemonstrated, windows).padStart(16)}  ${pct(t.needsRevision, windows).padStart(14)}`,
        );
      }
    }
  }
  console.log('\nSubmissions for 80% power (two readers, exact): true agreement, first n reaching it, n from which it stays');
  for (const expected of [0.85, 0.9, 0.95]) {
    const plan = planSampleSize({ expected, threshold: THRESHOLD });
    console.log(`  ${expected.toFixed(2)}  ${plan.firstReaching}  ${plan.submissions}`);
  }
}
