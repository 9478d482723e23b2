import { bernoulliCusum, type BernoulliCusumTrace } from '../stats/cusum.js';
import { ewmaChart, normalisedDeviation, pooledStandardDeviation, type EwmaSide, type EwmaTrace } from '../stats/ewma.js';
import type { Scale } from '../stats/types.js';
import { DEFAULT_CERTIFICATION_POLICY, exactThreshold, type CertificationPolicy } from './certification-policy.js';
import type { CertificationEvent } from './certification.js';
import { InvalidError, throwIfIssues, type FieldIssue } from './errors.js';
import { cusumLimit, DEFAULT_MONITORING_POLICY, type MonitoringPolicy } from './monitoring-policy.js';
import { seededRandom } from './seeded-random.js';

/** Rounding slack when a rate is compared with its threshold (as in qualification.ts). */
const EPSILON = 1e-9;

export type ItemId = number | string;

/** One row of one validity item as the assessor scored it, beside its true level. */
export interface ValidityObservation {
  itemId: ItemId;
  /** the rubric row's key */
  row: string;
  /** k, the row's number of levels */
  k: number;
  scale: Scale;
  /** the assessor's level as a position on the row (1 to k) */
  level: number;
  /** the confirmed true level, on the same positions */
  trueLevel: number;
  /** ISO 8601: when the assessor scored the item */
  at: string;
}

/** One live row scored by the assessor and by a co-reader of the same submission. */
export interface CoReaderComparison {
  submissionId: ItemId;
  row: string;
  k: number;
  /** the assessor's level and the co-reader's, as positions on the row */
  level: number;
  coLevel: number;
  /** ISO 8601: when the later of the two scores arrived */
  at: string;
}

export interface MonitoringInput {
  /**
   * every validity observation of the assessor on the rubric version, in delivery order; the rows
   * of one item delivery are consecutive
   */
  observations: readonly ValidityObservation[];
  /** the assessor's live rows double-scored with a co-reader, in order */
  coReads: readonly CoReaderComparison[];
  /** ISO 8601: when the assessor last passed a calibration set required by R1 or R2; R1's window and both charts restart after it */
  restartedAt: string | null;
  /** ISO 8601: when a trainer last reviewed a severity-drift flag; the EWMA also restarts after it */
  severityReviewedAt?: string | null;
  /** the in-control SD of the normalised deviation (`severitySigma0`) */
  sigma0: number;
  policy?: MonitoringPolicy;
  certificationPolicy?: CertificationPolicy;
}

export type MonitoringRule = 'R1' | 'R2' | 'R3' | 'R4';
export type MonitoringFlag = 'recalibration_required' | 'drifting_lenient' | 'drifting_severe' | 'watch';

/** A row of a validity item, named. */
export interface ObservationRef {
  itemId: ItemId;
  row: string;
  level: number;
  trueLevel: number;
  at: string;
}

/** R1 over the last validity items since the restart. */
export interface WindowEvaluation {
  /** the item deliveries in the window, oldest first */
  items: ItemId[];
  /** the window holds `policy.window.items` items: only then is the pooled condition judged */
  full: boolean;
  decisions: number;
  exact: number;
  pooledRate: number;
  /** the decision-weighted mean of t(k): the qualification threshold of these rows */
  qualificationThreshold: number;
  /** the qualification threshold minus the margin: R1 fires below it */
  limit: number;
  /** misses by two or more levels (every miss on a nominal row) on rows of 3 or more levels */
  nonAdjacentMisses: ObservationRef[];
  pooledBelow: boolean;
  tooManyNonAdjacent: boolean;
}

/** R2: the CUSUM since the restart. */
export interface CusumEvaluation {
  h: number;
  trace: BernoulliCusumTrace;
  /** the observations charted, in order (trace index t is observations[t - 1]) */
  observations: ObservationRef[];
}

/** R3: the EWMA since the restart, on ordinal rows. */
export interface EwmaEvaluation {
  sigma0: number;
  lambda: number;
  L: number;
  trace: EwmaTrace;
  observations: ObservationRef[];
}

/** R4 over the last double-scored live rows. */
export interface LiveEvaluation {
  rows: Array<{ submissionId: ItemId; row: string; level: number; coLevel: number }>;
  /** the window holds `policy.live.rows` rows: only then is R4 judged */
  full: boolean;
  exact: number;
  rate: number;
  /** the row-weighted mean of t(k) */
  required: number;
}

export type Finding =
  | {
      rule: 'R1';
      flag: 'recalibration_required';
      reason: string;
      evidence: Pick<WindowEvaluation, 'items' | 'decisions' | 'exact' | 'pooledRate' | 'qualificationThreshold' | 'limit' | 'nonAdjacentMisses'>;
    }
  | {
      rule: 'R2';
      flag: 'recalibration_required';
      reason: string;
      evidence: { h: number; alarmIndex: number; statistic: number; latest: number; observation: ObservationRef };
    }
  | {
      rule: 'R3';
      flag: 'drifting_lenient' | 'drifting_severe';
      reason: string;
      evidence: { side: EwmaSide; firstAlarmIndex: number; alarmIndex: number; z: number; limit: number; sigma0: number; observation: ObservationRef; outsideNow: boolean };
    }
  | {
      rule: 'R4';
      flag: 'watch';
      reason: string;
      evidence: Pick<LiveEvaluation, 'rows' | 'exact' | 'rate' | 'required'>;
    };

export interface MonitoringReport {
  /** the rules that fired, in rule order */
  findings: Finding[];
  /** the distinct flags raised, in rule order */
  flags: MonitoringFlag[];
  /** `recalibration_required` when R1 or R2 fired: the live queue pauses until a calibration set is passed */
  status: 'recalibration_required' | null;
  window: WindowEvaluation;
  cusum: CusumEvaluation;
  ewma: EwmaEvaluation;
  live: LiveEvaluation;
}

/**
 * The monitoring rules for one assessor on one rubric version, from their validity observations
 * and their live co-reads:
 * - R1: over the last 10 validity items, pooled exact agreement below the qualification threshold
 *   (the decision-weighted mean of t(k)) minus 10 points, judged once 10 items are in, or more
 *   than 1 non-adjacent miss on rows of 3 or more levels (judged at any count: it can only grow
 *   until the window is full) -> `recalibration_required`;
 * - R2: the risk-adjusted Bernoulli CUSUM on misses (p0 = 1 - t(k) per row, odds ratio 2), h of
 *   the longest row seen on the version (2.5 / 3.0 / 3.25), an alarm at S >= h ->
 *   `recalibration_required`;
 * - R3: the two-sided EWMA of (level - true level)/(k - 1) on ordinal rows (a nominal row has no
 *   direction), lambda 0.10, L 2.8143, exact limits; the side of the latest alarm ->
 *   `drifting_lenient` (upper) or `drifting_severe` (lower); work continues;
 * - R4: exact agreement with co-readers over the last 20 double-scored rows below the row-weighted
 *   mean of t(k), judged once 20 rows are in -> `watch`.
 * R1 and both charts count only what was scored after `restartedAt` (the last calibration set
 * passed after R1 or R2); the EWMA also restarts after `severityReviewedAt`. Each rule's full
 * evaluation is returned beside the findings, for the assessor's profile.
 *
 * Throws an InvalidError naming every observation or co-read that is malformed.
 */
export function evaluateMonitoring(input: MonitoringInput): MonitoringReport {
  const policy = input.policy ?? DEFAULT_MONITORING_POLICY;
  const certification = input.certificationPolicy ?? DEFAULT_CERTIFICATION_POLICY;
  checkInput(input);
  const restart = timeOf(input.restartedAt);
  const ewmaStart = Math.max(restart, timeOf(input.severityReviewedAt));
  const after = (start: number) => (observation: { at: string }) => Date.parse(observation.at) > start;
  const sinceRestart = input.observations.filter(after(restart));

  const window = evaluateWindow(sinceRestart, policy, certification);
  const longest = input.observations.reduce((most, observation) => Math.max(most, observation.k), 2);
  const cusum = evaluateCusum(sinceRestart, cusumLimit(longest, policy), policy, certification);
  const ewma = evaluateEwma(input.observations.filter(after(ewmaStart)), input.sigma0, policy);
  const live = evaluateLive(input.coReads, policy, certification);

  const findings: Finding[] = [];
  if (window.pooledBelow || window.tooManyNonAdjacent) {
    const why: string[] = [];
    if (window.pooledBelow) {
      why.push(`exact agreement ${percent(window.pooledRate)} over the last ${window.items.length} validity items is below ${percent(window.limit)} (the qualification threshold ${percent(window.qualificationThreshold)} minus ${points(policy.window.margin)})`);
    }
    if (window.tooManyNonAdjacent) {
      why.push(`${window.nonAdjacentMisses.length} misses by two or more levels on rows of 3 or more levels in the last ${window.items.length} validity items (at most ${policy.window.maxNonAdjacentMisses})`);
    }
    findings.push({
      rule: 'R1',
      flag: 'recalibration_required',
      reason: `R1: ${why.join('; ')}`,
      evidence: {
        items: window.items,
        decisions: window.decisions,
        exact: window.exact,
        pooledRate: window.pooledRate,
        qualificationThreshold: window.qualificationThreshold,
        limit: window.limit,
        nonAdjacentMisses: window.nonAdjacentMisses,
      },
    });
  }
  if (cusum.trace.alarm_index !== null) {
    const index = cusum.trace.alarm_index;
    const statistic = cusum.trace.S[index - 1];
    findings.push({
      rule: 'R2',
      flag: 'recalibration_required',
      reason: `R2: the CUSUM on misses reached ${statistic.toFixed(3)} at validity row ${index} since the restart, at or above h = ${cusum.h}`,
      evidence: { h: cusum.h, alarmIndex: index, statistic, latest: cusum.trace.S.at(-1)!, observation: cusum.observations[index - 1] },
    });
  }
  if (ewma.trace.alarms.length > 0) {
    const index = ewma.trace.alarms.at(-1)!;
    const z = ewma.trace.z[index - 1];
    const side: EwmaSide = z > 0 ? 'upper' : 'lower';
    const limit = side === 'upper' ? ewma.trace.ucl[index - 1] : ewma.trace.lcl[index - 1];
    const firstAlarmIndex = ewma.trace.alarms.find((t) => (ewma.trace.z[t - 1] > 0 ? 'upper' : 'lower') === side)!;
    findings.push({
      rule: 'R3',
      flag: side === 'upper' ? 'drifting_lenient' : 'drifting_severe',
      reason: `R3: the EWMA of the signed deviation is ${z.toFixed(4)} at validity row ${index} since the restart, ${side === 'upper' ? 'above its upper' : 'below its lower'} limit ${limit.toFixed(4)}: scoring more ${side === 'upper' ? 'leniently' : 'severely'} than the true levels`,
      evidence: { side, firstAlarmIndex, alarmIndex: index, z, limit, sigma0: ewma.sigma0, observation: ewma.observations[index - 1], outsideNow: index === ewma.trace.z.length },
    });
  }
  if (live.full && live.rate < live.required - EPSILON) {
    findings.push({
      rule: 'R4',
      flag: 'watch',
      reason: `R4: exact agreement with co-readers ${percent(live.rate)} over the last ${live.rows.length} double-scored rows is below ${percent(live.required)}`,
      evidence: { rows: live.rows, exact: live.exact, rate: live.rate, required: live.required },
    });
  }
  const flags = [...new Set(findings.map((finding) => finding.flag))];
  return { findings, flags, status: flags.includes('recalibration_required') ? 'recalibration_required' : null, window, cusum, ewma, live };
}

/**
 * The certification event a report calls for: `require_recalibration` by the first of R1 and R2
 * that fired, with its reason; null when neither did (R3 and R4 only flag).
 */
export function monitoringEvent(report: MonitoringReport): Extract<CertificationEvent, { type: 'require_recalibration' }> | null {
  const finding = report.findings.find((entry) => entry.rule === 'R1' || entry.rule === 'R2');
  return finding ? { type: 'require_recalibration', rule: finding.rule as 'R1' | 'R2', reason: finding.reason } : null;
}

function evaluateWindow(observations: readonly ValidityObservation[], policy: MonitoringPolicy, certification: CertificationPolicy): WindowEvaluation {
  const deliveries = groupDeliveries(observations);
  const recent = deliveries.slice(-policy.window.items);
  const rows = recent.flat();
  const exact = rows.filter((row) => row.level === row.trueLevel).length;
  const decisions = rows.length;
  const qualificationThreshold = meanThreshold(rows, certification);
  const limit = Math.max(0, qualificationThreshold - policy.window.margin);
  const pooledRate = decisions === 0 ? 0 : exact / decisions;
  const nonAdjacentMisses = rows.filter((row) => row.k >= 3 && row.level !== row.trueLevel && (row.scale === 'nominal' || Math.abs(row.level - row.trueLevel) >= 2)).map(ref);
  const full = recent.length >= policy.window.items;
  return {
    items: recent.map((delivery) => delivery[0].itemId),
    full,
    decisions,
    exact,
    pooledRate,
    qualificationThreshold,
    limit,
    nonAdjacentMisses,
    pooledBelow: full && decisions > 0 && pooledRate < limit - EPSILON,
    tooManyNonAdjacent: nonAdjacentMisses.length > policy.window.maxNonAdjacentMisses,
  };
}

function evaluateCusum(observations: readonly ValidityObservation[], h: number, policy: MonitoringPolicy, certification: CertificationPolicy): CusumEvaluation {
  const trace = bernoulliCusum(
    observations.map((observation) => ({ p0: 1 - exactThreshold(observation.k, certification), miss: observation.level !== observation.trueLevel })),
    { oddsRatio: policy.cusum.oddsRatio, h },
  );
  return { h, trace, observations: observations.map(ref) };
}

function evaluateEwma(observations: readonly ValidityObservation[], sigma0: number, policy: MonitoringPolicy): EwmaEvaluation {
  const ordinal = observations.filter((observation) => observation.scale === 'ordinal');
  const { lambda, L } = policy.ewma;
  const trace = ewmaChart(
    ordinal.map((observation) => normalisedDeviation(observation)),
    { lambda, L, sigma0 },
  );
  return { sigma0, lambda, L, trace, observations: ordinal.map(ref) };
}

function evaluateLive(coReads: readonly CoReaderComparison[], policy: MonitoringPolicy, certification: CertificationPolicy): LiveEvaluation {
  const recent = coReads.slice(-policy.live.rows);
  const exact = recent.filter((row) => row.level === row.coLevel).length;
  const required = meanThreshold(recent, certification);
  return {
    rows: recent.map(({ submissionId, row, level, coLevel }) => ({ submissionId, row, level, coLevel })),
    full: recent.length >= policy.live.rows,
    exact,
    rate: recent.length === 0 ? 0 : exact / recent.length,
    required,
  };
}

/** The mean of t(k) over rows, each threshold weighted by its count of rows (0 for no rows). */
function meanThreshold(rows: ReadonlyArray<{ k: number }>, certification: CertificationPolicy): number {
  if (rows.length === 0) return 0;
  const counts = new Map<number, number>();
  for (const row of rows) {
    const threshold = exactThreshold(row.k, certification);
    counts.set(threshold, (counts.get(threshold) ?? 0) + 1);
  }
  let sum = 0;
  for (const [threshold, count] of counts) sum += threshold * count;
  return sum / rows.length;
}

/** Consecutive observations of the same item form one delivery. */
function groupDeliveries(observations: readonly ValidityObservation[]): ValidityObservation[][] {
  const deliveries: ValidityObservation[][] = [];
  for (const observation of observations) {
    const last = deliveries.at(-1);
    if (last && last[0].itemId === observation.itemId && !last.some((row) => row.row === observation.row)) last.push(observation);
    else deliveries.push([observation]);
  }
  return deliveries;
}

function ref(observation: ValidityObservation): ObservationRef {
  return { itemId: observation.itemId, row: observation.row, level: observation.level, trueLevel: observation.trueLevel, at: observation.at };
}

/** One validity item's rows as scored: enough to judge whether the item was missed. */
export interface ItemRow {
  k: number;
  level: number;
  trueLevel: number;
}

/**
 * Whether a validity item was missed, for the return after a pause in scoring: its exact
 * agreement over its rows is below the decision-weighted mean of t(k), the qualification rule's
 * pooled condition applied to the one item. An item without rows is not judged: InvalidError.
 *
 * @example five 4-level rows (t = 0.7): 4 exact of 5 is matched, 3 of 5 is missed.
 */
export function validityItemMissed(rows: readonly ItemRow[], certificationPolicy: CertificationPolicy = DEFAULT_CERTIFICATION_POLICY): boolean {
  if (rows.length === 0) throw new InvalidError('rows', 'an item needs at least one scored row');
  const exact = rows.filter((row) => row.level === row.trueLevel).length;
  return exact / rows.length < meanThreshold(rows, certificationPolicy) - EPSILON;
}

export interface Sigma0 {
  sigma0: number;
  /** `pooled`: the pooled SD of certified assessors on the version; `default`: too few observations (or no spread) */
  source: 'pooled' | 'default';
  /** observations behind the pooled value */
  n: number;
}

/**
 * sigma0 of the severity chart (DRIFT.md): the pooled SD of the normalised deviation d over the
 * certified assessors on the rubric version, one group per assessor (each centred on its own
 * mean), when they hold at least `minObservationsForSigma0` (100) observations and some spread;
 * otherwise `defaultSigma0` (0.25).
 */
export function severitySigma0(deviationsByAssessor: readonly (readonly number[])[], policy: MonitoringPolicy = DEFAULT_MONITORING_POLICY): Sigma0 {
  const pooled = pooledStandardDeviation(deviationsByAssessor);
  if (pooled.n >= policy.ewma.minObservationsForSigma0 && pooled.sd !== null && pooled.sd > 0) return { sigma0: pooled.sd, source: 'pooled', n: pooled.n };
  return { sigma0: policy.ewma.defaultSigma0, source: 'default', n: pooled.n };
}

export interface BackreadingInput {
  seed: number | string;
  assessorId: number;
  /** the week, e.g. its ISO week `2025-W11` or its Monday: with the seed it fixes the draw */
  week: string;
  /** the assessor's live submissions of that week */
  submissions: readonly ItemId[];
  onProbation: boolean;
  policy?: MonitoringPolicy;
}

export interface BackreadingSample {
  /** the submissions queued to trainers, in the order given */
  submissionIds: ItemId[];
  rate: number;
  reason: string;
}

/**
 * R5: the live submissions of one assessor's week queued to trainers for backreading: a random
 * 5% of them (rounded up, so an active assessor has at least one), all of them on probation.
 * Each submission's place in the draw comes from (seed, assessor, week, submission) alone, so the
 * sample does not depend on the order of the list and is the same whenever it is recomputed.
 */
export function backreadingSample(input: BackreadingInput): BackreadingSample {
  const policy = input.policy ?? DEFAULT_MONITORING_POLICY;
  const rate = input.onProbation ? policy.backreading.probationRate : policy.backreading.rate;
  const unique = [...new Set(input.submissions)];
  const count = Math.min(unique.length, Math.ceil(rate * unique.length - EPSILON));
  const priority = new Map(unique.map((id) => [id, seededRandom(`${input.seed}/backreading/${input.assessorId}/${input.week}/${String(id)}`)()]));
  const chosen = new Set([...unique].sort((left, right) => priority.get(left)! - priority.get(right)!).slice(0, count));
  return {
    submissionIds: unique.filter((id) => chosen.has(id)),
    rate,
    reason: input.onProbation
      ? `on probation: every live submission of the week (${unique.length}) is backread`
      : `${count} of ${unique.length} live submissions of the week drawn for backreading (${percent(rate)}, rounded up)`,
  };
}

/** An optional ISO time as milliseconds; before everything when absent. */
function timeOf(time: string | null | undefined): number {
  return time === null || time === undefined ? Number.NEGATIVE_INFINITY : Date.parse(time);
}

function checkInput(input: MonitoringInput): void {
  const issues: FieldIssue[] = [];
  const position = (value: number, k: number) => Number.isInteger(value) && value >= 1 && value <= k;
  input.observations.forEach((observation, index) => {
    const field = `observations.${index}`;
    if (!Number.isInteger(observation.k) || observation.k < 2) issues.push({ field: `${field}.k`, message: 'a row has at least 2 levels' });
    else if (!position(observation.level, observation.k) || !position(observation.trueLevel, observation.k)) {
      issues.push({ field, message: `levels must be positions 1 to ${observation.k}` });
    }
    if (observation.scale !== 'ordinal' && observation.scale !== 'nominal') issues.push({ field: `${field}.scale`, message: 'must be ordinal or nominal' });
    if (Number.isNaN(Date.parse(observation.at))) issues.push({ field: `${field}.at`, message: 'must be an ISO 8601 time' });
  });
  input.coReads.forEach((row, index) => {
    const field = `coReads.${index}`;
    if (!Number.isInteger(row.k) || row.k < 2) issues.push({ field: `${field}.k`, message: 'a row has at least 2 levels' });
    else if (!position(row.level, row.k) || !position(row.coLevel, row.k)) issues.push({ field, message: `levels must be positions 1 to ${row.k}` });
  });
  for (const field of ['restartedAt', 'severityReviewedAt'] as const) {
    const time = input[field];
    if (time !== null && time !== undefined && Number.isNaN(Date.parse(time))) issues.push({ field, message: 'must be an ISO 8601 time or null' });
  }
  if (!Number.isFinite(input.sigma0) || input.sigma0 <= 0) issues.push({ field: 'sigma0', message: 'must be a positive number' });
  throwIfIssues(issues);
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

function points(rate: number): string {
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')} points`;
}
