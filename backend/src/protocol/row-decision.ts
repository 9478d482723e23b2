import { clopperPearsonLower, clopperPearsonUpper, binomialLowerTail, binomialUpperTail } from '../stats/binomial.js';
import { rowCounts, type RatingTable } from '../stats/index.js';

/**
 * The decision an issuer reads for a rubric row, and the evidence it rests on.
 *
 * At the end of the window (and in `concord analyze`):
 * - `validated`: the one-sided 97.5% lower bound of agreement is at or above the threshold;
 * - `meets_rule_not_demonstrated`: agreement meets the threshold, but the lower bound is below it;
 * - `needs_revision`: agreement is below the threshold;
 * - `undefined`: no submission carries two ratings on the row.
 *
 * While the window collects, a provisional signal: `too_early` below the minimum of paired
 * submissions, then `likely_validated` or `likely_needs_revision` when agreement crosses a
 * group-sequential boundary (Lan-DeMets alpha spending of O'Brien-Fleming type over a look after
 * every paired submission up to the window's size), else `undetermined`.
 *
 * The bounds are Clopper-Pearson's, exact on each side (error at most 2.5% per side at the end of
 * the window); with three readers or more on a submission, Clopper-Pearson on the effective
 * number of submissions of the cluster-adjusted variance (Korn & Graubard 1998).
 */

/** Paired submissions below which a collecting window shows `too_early`. */
export const DEFAULT_MINIMUM_PAIRED = 20;
/** The error allowed on each side of a one-sided decision. */
export const DECISION_ALPHA = 0.025;

export type FinalDecision = 'validated' | 'meets_rule_not_demonstrated' | 'needs_revision' | 'undefined';
export type ProvisionalDecision = 'too_early' | 'likely_validated' | 'likely_needs_revision' | 'undetermined';
export type RowDecisionValue = FinalDecision | ProvisionalDecision;
/** Every decision, in the order summaries list them. */
export const ROW_DECISIONS: readonly RowDecisionValue[] = [
  'validated',
  'meets_rule_not_demonstrated',
  'needs_revision',
  'likely_validated',
  'likely_needs_revision',
  'undetermined',
  'too_early',
  'undefined',
];

export type EvidenceMethod = 'clopper_pearson' | 'clopper_pearson_cluster' | 'none';

/** Agreement of a row as the decision reads it: a proportion of agreeing pairs with its effective counts. */
export interface AgreementEvidence {
  /** submissions with two ratings or more */
  paired: number;
  /** reader pairs over those submissions */
  pairs: number;
  /** mean share of agreeing reader pairs per paired submission (percent agreement) */
  estimate: number;
  /** the effective number of trials: `paired` with two readers, Korn-Graubard's effective n otherwise */
  trials: number;
  /** estimate x trials */
  successes: number;
  method: Exclude<EvidenceMethod, 'none'>;
}

/**
 * The agreement evidence of a table: with exactly two ratings on every paired submission, the
 * agreeing pairs out of the submissions (a binomial count); with more ratings on some, the mean
 * per-submission share of agreeing pairs and its cluster-adjusted effective sample size
 * n_eff = p(1 - p) / var(p), held between the paired submissions and the pairs (a share of pairs
 * in [0, 1] cannot vary more than a Bernoulli trial; when every pair agrees or none does, the
 * variance says nothing and n_eff is the paired submissions). Null when nothing is paired.
 */
export function agreementEvidence(table: RatingTable): AgreementEvidence | null {
  const levelCount = table.categories.length;
  const { counts, ratingsPerUnit } = rowCounts(table);
  let paired = 0;
  let pairs = 0;
  let sum = 0;
  let sumSquares = 0;
  let exactlyTwo = true;
  for (let distinct = 0; distinct < table.distinctCount; distinct++) {
    const ratings = ratingsPerUnit[distinct];
    if (ratings < 2) continue;
    const multiplicity = table.multiplicity[distinct];
    if (ratings !== 2) exactlyTwo = false;
    const unitPairs = (ratings * (ratings - 1)) / 2;
    let agreeing = 0;
    for (let level = 0; level < levelCount; level++) {
      const count = counts[distinct * levelCount + level];
      agreeing += (count * (count - 1)) / 2;
    }
    const share = agreeing / unitPairs;
    paired += multiplicity;
    pairs += multiplicity * unitPairs;
    sum += multiplicity * share;
    sumSquares += multiplicity * share * share;
  }
  if (paired === 0) return null;
  const estimate = sum / paired;
  if (exactlyTwo) return { paired, pairs, estimate, trials: paired, successes: Math.round(sum), method: 'clopper_pearson' };
  let trials = paired;
  const bernoulli = estimate * (1 - estimate);
  if (paired >= 2 && bernoulli > 1e-12) {
    const variance = Math.max(0, (sumSquares - paired * estimate * estimate) / (paired - 1)) / paired;
    trials = variance > 0 ? Math.min(pairs, Math.max(paired, bernoulli / variance)) : pairs;
  }
  return { paired, pairs, estimate, trials, successes: estimate * trials, method: 'clopper_pearson_cluster' };
}

/** One-sided lower bound of agreement with error at most `alpha`. */
export function lowerBound(evidence: AgreementEvidence, alpha = DECISION_ALPHA): number {
  return clopperPearsonLower(evidence.successes, evidence.trials, alpha);
}

/** One-sided upper bound of agreement with error at most `alpha`. */
export function upperBound(evidence: AgreementEvidence, alpha = DECISION_ALPHA): number {
  return clopperPearsonUpper(evidence.successes, evidence.trials, alpha);
}

/** The 95% interval of the decision: the two one-sided 97.5% bounds. */
export function decisionInterval(evidence: AgreementEvidence): [number, number] {
  return [lowerBound(evidence), upperBound(evidence)];
}

/** The decision at the end of the window. */
export function finalDecision(evidence: AgreementEvidence | null, threshold: number): FinalDecision {
  if (evidence === null) return 'undefined';
  if (evidence.estimate < threshold) return 'needs_revision';
  return lowerBound(evidence) >= threshold ? 'validated' : 'meets_rule_not_demonstrated';
}

/** The planned looks of a window and, per look, the nominal one-sided level of each boundary. */
export interface SequentialPlan {
  threshold: number;
  /** the last planned look: the window's size in paired submissions */
  looks: number;
  minimum: number;
  alpha: number;
  /** nominal level of the `likely_validated` boundary at look n (index n); 0 where none can be crossed */
  upperLevel: Float64Array;
  /** nominal level of the `likely_needs_revision` boundary at look n */
  lowerLevel: Float64Array;
  /** exact binomial boundaries with two readers: likely_validated at n when agreeing pairs >= upperCount[n] */
  upperCount: Int32Array;
  /** likely_needs_revision at n when agreeing pairs <= lowerCount[n] (-1: none) */
  lowerCount: Int32Array;
}

/** Lan-DeMets spending of O'Brien-Fleming type for a one-sided level alpha: 2 - 2 Phi(z(1 - alpha/2) / sqrt(t)). */
export function obrienFlemingSpending(t: number, alpha: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  const z = normalQuantileUpper(alpha / 2);
  return 2 * normalUpperTail(z / Math.sqrt(t));
}

const planCache = new Map<string, SequentialPlan>();
/** An upper boundary count no look reaches. */
const NEVER = 2 ** 31 - 1;

/**
 * The group-sequential boundaries of a window: a look after every paired submission from
 * `minimum` to `looks`, the information fraction n / looks, and on each side the alpha of the
 * spending function spent exactly under Bin(n, threshold) (the paths that crossed earlier are
 * removed). The nominal level of a look is the probability, under the threshold, of the region
 * beyond its boundary at that look; a row crosses when its one-sided bound at that level passes
 * the threshold (with two readers exactly the binomial boundary). Cached per argument set.
 */
export function sequentialPlan(threshold: number, looks: number, minimum = DEFAULT_MINIMUM_PAIRED, alpha = DECISION_ALPHA): SequentialPlan {
  const key = `${threshold}:${looks}:${minimum}:${alpha}`;
  const cached = planCache.get(key);
  if (cached) return cached;
  const upper = spend(threshold, looks, minimum, alpha, 'upper');
  const lower = spend(threshold, looks, minimum, alpha, 'lower');
  const plan: SequentialPlan = { threshold, looks, minimum, alpha, upperLevel: upper.levels, lowerLevel: lower.levels, upperCount: upper.counts, lowerCount: lower.counts };
  if (planCache.size > 256) planCache.clear();
  planCache.set(key, plan);
  return plan;
}

function spend(theta: number, looks: number, minimum: number, alpha: number, side: 'upper' | 'lower'): { levels: Float64Array; counts: Int32Array } {
  const levels = new Float64Array(looks + 1);
  const counts = new Int32Array(looks + 1).fill(side === 'upper' ? NEVER : -1);
  // mass[k]: probability under theta of k agreeing pairs after n submissions without a crossing so far
  let mass = new Float64Array(looks + 2);
  mass[0] = 1;
  let spent = 0;
  for (let n = 1; n <= looks; n++) {
    const next = new Float64Array(looks + 2);
    for (let k = 0; k < n; k++) {
      if (mass[k] === 0) continue;
      next[k] += mass[k] * (1 - theta);
      next[k + 1] += mass[k] * theta;
    }
    mass = next;
    if (n < minimum) continue;
    const budget = obrienFlemingSpending(n / looks, alpha) - spent;
    if (side === 'upper') {
      let tail = 0;
      let boundary = n + 1;
      while (boundary > 0 && tail + mass[boundary - 1] <= budget) tail += mass[--boundary];
      if (boundary <= n) {
        for (let k = boundary; k <= n; k++) mass[k] = 0;
        spent += tail;
        counts[n] = boundary;
        levels[n] = binomialUpperTail(n, boundary, theta);
      }
    } else {
      let tail = 0;
      let boundary = -1;
      while (boundary < n && tail + mass[boundary + 1] <= budget) tail += mass[++boundary];
      if (boundary >= 0) {
        for (let k = 0; k <= boundary; k++) mass[k] = 0;
        spent += tail;
        counts[n] = boundary;
        levels[n] = binomialLowerTail(n, boundary, theta);
      }
    }
  }
  return { levels, counts };
}

/**
 * The provisional signal of a collecting window: `too_early` below `minimum` paired submissions,
 * then the sequential boundary at the look of the row's paired submissions (the window's size is
 * the last planned look; a window that collects beyond it plans up to its paired submissions).
 */
export function provisionalDecision(
  evidence: AgreementEvidence | null,
  threshold: number,
  windowSize: number,
  minimum = DEFAULT_MINIMUM_PAIRED,
): ProvisionalDecision {
  if (evidence === null || evidence.paired < minimum) return 'too_early';
  const plan = sequentialPlan(threshold, Math.max(windowSize, evidence.paired), minimum);
  const look = evidence.paired;
  const upperLevel = plan.upperLevel[look];
  const lowerLevel = plan.lowerLevel[look];
  if (evidence.method === 'clopper_pearson') {
    if (evidence.successes >= plan.upperCount[look] && upperLevel > 0) return 'likely_validated';
    if (evidence.successes <= plan.lowerCount[look]) return 'likely_needs_revision';
    return 'undetermined';
  }
  if (upperLevel > 0 && lowerBound(evidence, upperLevel) >= threshold) return 'likely_validated';
  if (lowerLevel > 0 && upperBound(evidence, lowerLevel) < threshold) return 'likely_needs_revision';
  return 'undetermined';
}

/** P(Z > z) for a standard normal Z. */
function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The z with P(Z > z) = p, by bisection on the upper tail (only a handful of calls per plan). */
function normalQuantileUpper(p: number): number {
  let low = -40;
  let high = 40;
  for (let step = 0; step < 200 && high - low > 1e-14; step++) {
    const mid = (low + high) / 2;
    if (normalUpperTail(mid) > p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** erfc(x): the Taylor series of erf below 2, Lentz's continued fraction above (relative error near 1e-13). */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Lentz's continued fraction: erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
