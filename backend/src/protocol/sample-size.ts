import { binomialLowerTail, binomialUpperTail } from '../stats/binomial.js';
import { DECISION_ALPHA, type AgreementEvidence } from './row-decision.js';

/**
 * The sample-size planner of a rubric row, exact for two readers per submission.
 *
 * A row is `validated` when the one-sided Clopper-Pearson lower bound (error 2.5%) of its agreement
 * reaches the threshold, which with n submissions happens exactly when the agreeing pairs k reach
 * the critical count c(n) = min { k : P(Bin(n, threshold) >= k) <= 2.5% }. The power at a true
 * agreement p is therefore sum over k of P(Bin(n, p) = k) [k >= c(n)] = P(Bin(n, p) >= c(n)).
 * Because c(n) moves in whole steps, power is a sawtooth in n: it can fall when one more
 * submission is added. The planner reports both the first n whose power reaches the target and
 * the smallest n from which power stays at or above it (checked exhaustively up to `checkedTo`,
 * twice the first n and at least 100 more), and recommends the latter.
 */

export const DEFAULT_POWER = 0.8;
/** The planner gives up beyond this many submissions. */
export const MAX_PLANNED_SUBMISSIONS = 100_000;

export interface PlanRequest {
  /** the true agreement the row is expected to have */
  expected: number;
  threshold: number;
  /** the probability of `validated` wanted (default 0.8) */
  power?: number;
  /** readers per submission (default 2) */
  readers?: number;
  /** a window's planned number of submissions: its power is added to `powerAt` */
  at?: number;
}

export interface SampleSizePlan {
  expected: number;
  threshold: number;
  power: number;
  readers: number;
  /** the error of the lower bound (2.5%) */
  alpha: number;
  /** the smallest n from which power stays >= `power` up to `checkedTo`; null beyond the planner's reach */
  submissions: number | null;
  /** the smallest n whose power reaches `power` (it may fall below again just after) */
  firstReaching: number | null;
  checkedTo: number | null;
  /** power at the recommended n, and at a few sizes issuers ask about (25, 50, 100, 200 and `at`) */
  powerAtSubmissions: number | null;
  powerAt: { submissions: number; power: number }[];
  method: 'exact_binomial' | 'exact_binomial_conservative';
  notes: string[];
}

/** The problems of a plan request, each with the field it is about; an empty list when there are none. */
export function planRequestIssues(request: PlanRequest): { field: keyof PlanRequest; message: string }[] {
  const issues: { field: keyof PlanRequest; message: string }[] = [];
  const { expected, threshold, power = DEFAULT_POWER, readers = 2 } = request;
  const thresholdValid = threshold > 0 && threshold < 1;
  if (!thresholdValid) issues.push({ field: 'threshold', message: `the threshold must be a number between 0 and 1 (exclusive), not ${threshold}` });
  if (!(expected > 0 && expected <= 1)) issues.push({ field: 'expected', message: `the expected agreement must be a number in (0, 1], not ${expected}` });
  else if (thresholdValid && !(expected > threshold))
    issues.push({
      field: 'expected',
      message: `the expected agreement (${expected}) must exceed the threshold (${threshold}): a row at or below the threshold is validated with probability 2.5% or less, whatever the number of submissions`,
    });
  if (!(power > DECISION_ALPHA && power < 1)) issues.push({ field: 'power', message: `the power must be a number between 0.025 and 1 (exclusive), not ${power}` });
  if (!(Number.isInteger(readers) && readers >= 2 && readers <= 20)) issues.push({ field: 'readers', message: `the readers per submission must be an integer from 2 to 20, not ${readers}` });
  const { at } = request;
  if (at !== undefined && !(Number.isInteger(at) && at >= 1 && at <= MAX_PLANNED_SUBMISSIONS))
    issues.push({ field: 'at', message: `the planned submissions must be a whole number from 1 to ${MAX_PLANNED_SUBMISSIONS}, not ${at}` });
  return issues;
}

/** c(n): the fewest agreeing pairs out of n that make the lower bound reach the threshold; n + 1 when none do. */
export function criticalCount(n: number, threshold: number, alpha = DECISION_ALPHA): number {
  let k = Math.max(0, Math.floor(n * threshold));
  while (k <= n && binomialUpperTail(n, k, threshold) > alpha) k++;
  while (k > 0 && binomialUpperTail(n, k - 1, threshold) <= alpha) k--;
  return k;
}

/** d(n): the most agreeing pairs out of n that keep the upper bound below the threshold; -1 when none do. */
export function criticalCountBelow(n: number, threshold: number, alpha = DECISION_ALPHA): number {
  let k = Math.min(n, Math.ceil(n * threshold));
  while (k >= 0 && binomialLowerTail(n, k, threshold) > alpha) k--;
  while (k < n && binomialLowerTail(n, k + 1, threshold) <= alpha) k++;
  return k;
}

/** The probability that a row of n submissions with true agreement p is `validated`. */
export function validationPower(n: number, expected: number, threshold: number, alpha = DECISION_ALPHA): number {
  return binomialUpperTail(n, criticalCount(n, threshold, alpha), expected);
}

/**
 * Scans n = from, from + 1, ... for the first n with power(n) >= target and the smallest n from
 * which it stays there up to max(2 first, first + 100). `power(n)` is called in increasing n.
 */
function scan(from: number, target: number, power: (n: number) => number, cap: number): { first: number | null; stays: number | null; checkedTo: number | null } {
  let first: number | null = null;
  let stays: number | null = null;
  let end = cap;
  for (let n = from; n <= end; n++) {
    const reached = power(n) >= target;
    if (reached) {
      if (first === null) {
        first = n;
        end = Math.min(cap, Math.max(2 * n, n + 100));
      }
      stays ??= n;
    } else stays = null;
  }
  return first === null ? { first: null, stays: null, checkedTo: null } : { first, stays, checkedTo: end };
}

/**
 * Submissions needed so that a row with true agreement `expected` is `validated` at `threshold`
 * with probability `power`. Exact for two readers; with more, each submission is counted as one
 * trial (its share of agreeing pairs), which ignores the extra pairs and so errs on the side of
 * too many submissions.
 */
export function planSampleSize(request: PlanRequest): SampleSizePlan {
  const power = request.power ?? DEFAULT_POWER;
  const readers = request.readers ?? 2;
  const { expected, threshold } = request;
  // c(n) never decreases as n grows, so the search for it goes on from the previous n
  let critical = 0;
  const powerOf = (n: number) => {
    while (critical <= n && binomialUpperTail(n, critical, threshold) > DECISION_ALPHA) critical++;
    return binomialUpperTail(n, critical, expected);
  };
  const found = scan(1, power, powerOf, MAX_PLANNED_SUBMISSIONS);
  const notes: string[] = [];
  if (found.stays === null) notes.push(`More than ${MAX_PLANNED_SUBMISSIONS} submissions would be needed: the expected agreement is too close to the threshold.`);
  else {
    if (found.first !== found.stays)
      notes.push(`Power first reaches ${percent(power)} at ${found.first} submissions but falls below it again at some sizes after that (the exact test moves in whole pairs); from ${found.stays} on it stays at ${percent(power)} or more (checked up to ${found.checkedTo}).`);
    notes.push(
      `With ${found.stays} submissions scored by two readers, a row whose true agreement is ${percent(expected)} is validated (lower 97.5% bound of agreement at or above ${percent(threshold)}) with probability ${percent(validationPower(found.stays, expected, threshold))}.`,
    );
  }
  if (readers > 2)
    notes.push(
      `With ${readers} readers per submission the planner counts each submission once (its share of agreeing pairs), as if it had two readers: the pairs of one submission are correlated, and the figure is an upper bound on what the cluster-adjusted interval needs.`,
    );
  const sizes = [...new Set([25, 50, 100, 200, ...(request.at === undefined ? [] : [request.at])])].sort((x, y) => x - y);
  return {
    expected,
    threshold,
    power,
    readers,
    alpha: DECISION_ALPHA,
    submissions: found.stays,
    firstReaching: found.first,
    checkedTo: found.checkedTo,
    powerAtSubmissions: found.stays === null ? null : validationPower(found.stays, expected, threshold),
    powerAt: sizes.map((submissions) => ({ submissions, power: validationPower(submissions, expected, threshold) })),
    method: readers > 2 ? 'exact_binomial_conservative' : 'exact_binomial',
    notes,
  };
}

/** For an inconclusive row: how many more paired submissions would likely settle it. */
export interface MoreSubmissions {
  /** the side the row would be settled on at the observed agreement */
  towards: 'validated' | 'needs_revision';
  /** the fewest further paired submissions from which the chance of settling stays >= power; null when out of reach */
  more: number | null;
  /** that chance at `more` */
  probability: number | null;
  power: number;
}

/**
 * How many more paired submissions an inconclusive row needs, assuming agreement goes on at its
 * observed rate: the fewest m from which P(the bound passes the threshold after m more) stays at
 * or above `power` (conditional power; the observed rate is itself uncertain, so this is a guide,
 * not a promise). `validated` when the observed agreement meets the threshold, else a conclusive
 * `needs_revision` (the upper bound below the threshold). With three readers or more the counts
 * are the effective ones, and m is scaled back to submissions. Null for a row already conclusive,
 * or whose agreement equals the threshold.
 */
export function moreSubmissions(evidence: AgreementEvidence, threshold: number, power = DEFAULT_POWER): MoreSubmissions | null {
  const trials = Math.max(1, Math.round(evidence.trials));
  const agreeing = Math.min(trials, Math.round(evidence.estimate * trials));
  const rate = evidence.estimate;
  if (rate === threshold) return null;
  const scale = evidence.paired / evidence.trials;
  if (rate > threshold) {
    if (agreeing >= criticalCount(trials, threshold)) return null;
    let critical = criticalCount(trials, threshold);
    const chance = (m: number) => {
      while (critical <= trials + m && binomialUpperTail(trials + m, critical, threshold) > DECISION_ALPHA) critical++;
      return binomialUpperTail(m, critical - agreeing, rate);
    };
    const found = scan(1, power, chance, MAX_PLANNED_SUBMISSIONS);
    return {
      towards: 'validated',
      more: found.stays === null ? null : Math.ceil(found.stays * scale),
      probability: found.stays === null ? null : binomialUpperTail(found.stays, criticalCount(trials + found.stays, threshold) - agreeing, rate),
      power,
    };
  }
  if (agreeing <= criticalCountBelow(trials, threshold)) return null;
  let critical = criticalCountBelow(trials, threshold);
  const chance = (m: number) => {
    while (critical + 1 <= trials + m && binomialLowerTail(trials + m, critical + 1, threshold) <= DECISION_ALPHA) critical++;
    return binomialLowerTail(m, critical - agreeing, rate);
  };
  const found = scan(1, power, chance, MAX_PLANNED_SUBMISSIONS);
  return {
    towards: 'needs_revision',
    more: found.stays === null ? null : Math.ceil(found.stays * scale),
    probability: found.stays === null ? null : binomialLowerTail(found.stays, criticalCountBelow(trials + found.stays, threshold) - agreeing, rate),
    power,
  };
}

function percent(share: number): string {
  const tenths = Math.round(share * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}
