import { ConflictError, InvalidError } from './errors.js';
import { DEFAULT_MONITORING_POLICY, type MonitoringPolicy } from './monitoring-policy.js';
import { seededRandom } from './seeded-random.js';

/**
 * Where an assessor's schedule of validity items stands: what a service stores per assessor and
 * credential, and hands back at each delivery. Every number counts deliveries since the assessor's
 * certification (live assignments and validity items alike).
 */
export interface ValidityScheduleState {
  /** deliveries made so far */
  deliveries: number;
  /** the delivery number of the last validity item (0: the start of the schedule) */
  lastValidityAt: number;
  /** which seeded gap is in force: gap i is drawn from the seed, the assessor and i alone */
  gapIndex: number;
  /**
   * the return after a pause in scoring: `first_pending` and `second_pending` while a re-entry item
   * awaits its result, `second_due` when the first was missed and the second is the next delivery
   */
  reentry: 'none' | 'first_pending' | 'second_due' | 'second_pending';
}

/**
 * The schedule of an assessor from their certification (`deliveries` 0), or, when monitoring
 * starts for an assessor certified earlier, after the deliveries they already had: past the first
 * `initialDeliveries` (50) they take the regular gap straight away.
 */
export function startValiditySchedule(options: { deliveries?: number } = {}): ValidityScheduleState {
  const deliveries = options.deliveries ?? 0;
  if (!Number.isInteger(deliveries) || deliveries < 0) throw new InvalidError('deliveries', 'must be a whole number of at least 0');
  return { deliveries, lastValidityAt: deliveries, gapIndex: 0, reentry: 'none' };
}

export interface NextDeliveryInput {
  /** the study's or credential's seed: with the assessor it fixes every gap */
  seed: number | string;
  assessorId: number;
  state: ValidityScheduleState;
  /** the assessor is certified on probation: the initial gap applies */
  onProbation: boolean;
  /** ISO 8601, the time of the delivery */
  now: string;
  /** ISO 8601: the last time the assessor scored anything, or their certification when they never have; null: unknown */
  lastScoredAt: string | null;
  /** false when the validity pool has no item the assessor may see: the delivery is live and the item stays due */
  validityAvailable?: boolean;
  policy?: MonitoringPolicy;
}

export type DeliveryKind = 'live' | 'scheduled' | 'reentry_first' | 'reentry_second';

export interface DeliveryDecision {
  /** whether this delivery is a validity item */
  validity: boolean;
  kind: DeliveryKind;
  /** the assessor sees the true level and the rationale at once (re-entry items), not after the delay */
  immediateFeedback: boolean;
  /** the gap in force for this delivery: a validity item falls this many deliveries after the last */
  gap: number;
  /** why, in words */
  reason: string;
  /** the schedule after this delivery, to store */
  state: ValidityScheduleState;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether the next delivery to an assessor is a validity item, and the schedule after it. A
 * service calls it once per delivery and stores the state it returns.
 *
 * - Regular: the gap between validity items (from one validity delivery to the next) is drawn
 *   uniformly from 5 to 15 deliveries, about 1 in 10; during the first 50 deliveries after
 *   certification and on probation from 2 to 8, about 1 in 5. Gap i is the i-th seeded uniform
 *   draw of (seed, assessor), mapped onto the range in force at each delivery, so the same seed
 *   gives the same sequence and a change of phase (probation lifted, delivery 51) applies at once.
 * - Re-entry: after `staleDays` (14) without scoring, the first delivery is a validity item with
 *   immediate feedback; `recordReentryResult` says whether a second follows and whether a second
 *   miss requires the calibration set. A re-entry item is a validity item: the next gap counts
 *   from it.
 * - When the pool has nothing to show (`validityAvailable: false`), the delivery is live and the
 *   validity item stays due for the next.
 *
 * Throws an InvalidError for a state that is not a schedule.
 */
export function nextDelivery(input: NextDeliveryInput): DeliveryDecision {
  const policy = input.policy ?? DEFAULT_MONITORING_POLICY;
  const state = checkState(input.state);
  const number = state.deliveries + 1;
  const initial = input.onProbation || number <= policy.validity.initialDeliveries;
  const range = initial ? policy.validity.initialGap : policy.validity.gap;
  const gap = gapOf(validityGapDraw(input.seed, input.assessorId, state.gapIndex), range);
  const available = input.validityAvailable ?? true;
  const asValidity = (kind: DeliveryKind, reentry: ValidityScheduleState['reentry'], reason: string): DeliveryDecision => ({
    validity: true,
    kind,
    immediateFeedback: kind !== 'scheduled',
    gap,
    reason,
    state: { deliveries: number, lastValidityAt: number, gapIndex: state.gapIndex + 1, reentry },
  });
  const live = (reason: string): DeliveryDecision => ({
    validity: false,
    kind: 'live',
    immediateFeedback: false,
    gap,
    reason,
    state: { ...state, deliveries: number },
  });

  const now = Date.parse(input.now);
  if (Number.isNaN(now)) throw new InvalidError('now', 'must be an ISO 8601 time');
  const lastScored = input.lastScoredAt === null ? null : Date.parse(input.lastScoredAt);
  if (Number.isNaN(lastScored)) throw new InvalidError('lastScoredAt', 'must be an ISO 8601 time or null');
  const stale = lastScored !== null && now - lastScored >= policy.validity.staleDays * DAY_MS;
  if (state.reentry === 'second_due') {
    if (!available) return live('a second re-entry item is due but no validity item is left to show');
    return asValidity('reentry_second', 'second_pending', 'the first validity item after the pause in scoring was missed: a second, with immediate feedback');
  }
  if (stale && state.reentry === 'none') {
    if (!available) return live(`${policy.validity.staleDays} days or more without scoring, but no validity item is left to show`);
    return asValidity('reentry_first', 'first_pending', `${policy.validity.staleDays} days or more without scoring: a validity item with immediate feedback first`);
  }
  const elapsed = number - state.lastValidityAt;
  const phase = input.onProbation ? 'on probation' : initial ? `within the first ${policy.validity.initialDeliveries} deliveries after certification` : 'regular';
  if (elapsed < gap) return live(`live: ${elapsed} of ${gap} deliveries since the last validity item (${phase})`);
  if (!available) return live(`a validity item is due (${phase}) but none is left to show`);
  return asValidity('scheduled', state.reentry, `validity item: ${gap} deliveries since the last (${phase}, gap drawn from ${range.min} to ${range.max})`);
}

export interface ReentryResult {
  state: ValidityScheduleState;
  /** the second re-entry item was missed too: the assessor must pass the calibration set */
  calibrationRequired: boolean;
  reason: string;
}

/**
 * Records the result of a re-entry item (`validityItemMissed` in monitoring-rules.ts judges it):
 * a missed first item brings a second as the next delivery; a missed second requires the
 * calibration set; a matched item ends the re-entry. Throws a ConflictError
 * (`no_reentry_pending`) when no re-entry item awaits its result.
 */
export function recordReentryResult(stateIn: ValidityScheduleState, missed: boolean): ReentryResult {
  const state = checkState(stateIn);
  if (state.reentry === 'first_pending') {
    return missed
      ? { state: { ...state, reentry: 'second_due' }, calibrationRequired: false, reason: 'missed the first validity item after the pause: a second follows' }
      : { state: { ...state, reentry: 'none' }, calibrationRequired: false, reason: 'matched the validity item after the pause: live scoring resumes' };
  }
  if (state.reentry === 'second_pending') {
    return missed
      ? { state: { ...state, reentry: 'none' }, calibrationRequired: true, reason: 'missed both validity items after the pause: the calibration set is required' }
      : { state: { ...state, reentry: 'none' }, calibrationRequired: false, reason: 'matched the second validity item after the pause: live scoring resumes' };
  }
  throw new ConflictError('no re-entry validity item is awaiting its result', 'no_reentry_pending');
}

/** The i-th seeded uniform draw in [0, 1) of an assessor's schedule. */
export function validityGapDraw(seed: number | string, assessorId: number, index: number): number {
  return seededRandom(`${seed}/validity-gap/${assessorId}/${index}`)();
}

/** A uniform draw in [0, 1) mapped onto the whole numbers from min to max, each equally likely. */
function gapOf(draw: number, range: { min: number; max: number }): number {
  return range.min + Math.floor(draw * (range.max - range.min + 1));
}

export interface ValiditySimulationInput {
  seed: number | string;
  assessorId: number;
  /** how many deliveries to simulate */
  deliveries: number;
  /** the schedule to start from (default: a fresh certification) */
  start?: ValidityScheduleState;
  onProbation?: boolean;
  policy?: MonitoringPolicy;
}

/**
 * The kinds of `deliveries` consecutive deliveries to an assessor who keeps scoring (no pause),
 * true for a validity item: what `nextDelivery` decides, call after call.
 */
export function simulateValiditySchedule(input: ValiditySimulationInput): boolean[] {
  let state = input.start ?? startValiditySchedule();
  const kinds: boolean[] = [];
  for (let index = 0; index < input.deliveries; index++) {
    const decision = nextDelivery({
      seed: input.seed,
      assessorId: input.assessorId,
      state,
      onProbation: input.onProbation ?? false,
      now: '1970-01-01T00:00:00.000Z',
      lastScoredAt: null,
      policy: input.policy,
    });
    kinds.push(decision.validity);
    state = decision.state;
  }
  return kinds;
}

export type ItemId = number | string;

export interface ChooseValidityItemInput {
  seed: number | string;
  assessorId: number;
  /** the delivery the item is for (the schedule's delivery number): with the seed it fixes the draw */
  deliveryNumber: number;
  /** the confirmed validity items of the rubric version */
  pool: readonly ItemId[];
  /** items shown to this assessor before, with when (validity deliveries, and any other showing) */
  shown: ReadonlyArray<{ itemId: ItemId; shownAt: string }>;
  /** items whose submission the assessor scored live */
  scoredLive: readonly ItemId[];
  /** the assessor's qualifying items */
  qualifying: readonly ItemId[];
  /** ISO 8601 */
  now: string;
  policy?: MonitoringPolicy;
}

export interface ValidityItemChoice {
  /** the item to deliver, or null when none may be shown */
  itemId: ItemId | null;
  /** items the assessor may still be shown and never was, after this choice */
  unseenLeft: number;
  /** for the trainer when fewer than `lowPoolWarning` (20) unseen items are left; null otherwise */
  warning: string | null;
  reason: string;
}

/**
 * Which validity item to deliver. Never one shown to the assessor within `reuseDays` (180), never
 * one whose submission they scored live, never one of their qualifying items. Among the items
 * never shown to them, one is drawn with a generator seeded by (seed, assessor, delivery number);
 * when every allowed item was shown before (more than 180 days ago), the one shown longest ago.
 * The choice does not depend on the order of the lists. Warns when fewer than 20 unseen items
 * are left.
 */
export function chooseValidityItem(input: ChooseValidityItemInput): ValidityItemChoice {
  const policy = input.policy ?? DEFAULT_MONITORING_POLICY;
  const now = Date.parse(input.now);
  if (Number.isNaN(now)) throw new InvalidError('now', 'must be an ISO 8601 time');
  const excluded = new Set<ItemId>([...input.scoredLive, ...input.qualifying]);
  const lastShown = new Map<ItemId, number>();
  for (const { itemId, shownAt } of input.shown) {
    const time = Date.parse(shownAt);
    if (Number.isNaN(time)) throw new InvalidError('shown', `item ${itemId}: shownAt must be an ISO 8601 time`);
    lastShown.set(itemId, Math.max(time, lastShown.get(itemId) ?? Number.NEGATIVE_INFINITY));
  }
  const reuseAfter = now - policy.validity.reuseDays * DAY_MS;
  const allowed = [...new Set(input.pool)].filter((item) => !excluded.has(item) && (lastShown.get(item) ?? Number.NEGATIVE_INFINITY) <= reuseAfter).sort(compareIds);
  const unseen = allowed.filter((item) => !lastShown.has(item));
  let itemId: ItemId | null = null;
  let reason: string;
  if (unseen.length > 0) {
    const random = seededRandom(`${input.seed}/validity-item/${input.assessorId}/${input.deliveryNumber}`);
    itemId = unseen[Math.floor(random() * unseen.length)];
    reason = `drawn from ${unseen.length} validity items the assessor has never seen`;
  } else if (allowed.length > 0) {
    itemId = allowed.reduce((oldest, item) => (lastShown.get(item)! < lastShown.get(oldest)! ? item : oldest));
    reason = `every allowed item was seen before: the one shown longest ago (over ${policy.validity.reuseDays} days)`;
  } else {
    reason = 'no validity item may be shown: every item was seen within the reuse period, scored live by the assessor or is one of their qualifying items';
  }
  const unseenLeft = unseen.length - (itemId !== null && !lastShown.has(itemId) ? 1 : 0);
  const warning =
    unseenLeft < policy.validity.lowPoolWarning
      ? `${unseenLeft} unseen validity item${unseenLeft === 1 ? '' : 's'} left for this assessor (fewer than ${policy.validity.lowPoolWarning})`
      : null;
  return { itemId, unseenLeft, warning, reason };
}

/**
 * When the assessor may see the true level and the rationale of a validity item scored at
 * `scoredAt`: at once for a re-entry item, otherwise `feedbackDelayHours` (24) later.
 */
export function validityFeedbackAt(scoredAt: string, immediate: boolean, policy: MonitoringPolicy = DEFAULT_MONITORING_POLICY): string {
  const time = Date.parse(scoredAt);
  if (Number.isNaN(time)) throw new InvalidError('scoredAt', 'must be an ISO 8601 time');
  return new Date(immediate ? time : time + policy.validity.feedbackDelayHours * 60 * 60 * 1000).toISOString();
}

function compareIds(left: ItemId, right: ItemId): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkState(state: ValidityScheduleState): ValidityScheduleState {
  const whole = (value: number) => Number.isInteger(value) && value >= 0;
  if (!whole(state.deliveries) || !whole(state.lastValidityAt) || !whole(state.gapIndex) || state.lastValidityAt > state.deliveries) {
    throw new InvalidError('state', 'deliveries, lastValidityAt and gapIndex must be whole numbers, with lastValidityAt at most deliveries');
  }
  if (!['none', 'first_pending', 'second_due', 'second_pending'].includes(state.reentry)) throw new InvalidError('state.reentry', `unknown re-entry stage ${String(state.reentry)}`);
  return state;
}
