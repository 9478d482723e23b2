import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidError } from './errors.js';
import { DEFAULT_MONITORING_POLICY } from './monitoring-policy.js';
import {
  chooseValidityItem,
  nextDelivery,
  recordReentryResult,
  simulateValiditySchedule,
  startValiditySchedule,
  validityFeedbackAt,
  validityGapDraw,
  type ChooseValidityItemInput,
  type NextDeliveryInput,
  type ValidityScheduleState,
} from './validity-seeding.js';

const NOW = '2025-06-02T10:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const daysBefore = (days: number, from = NOW) => new Date(Date.parse(from) - days * DAY).toISOString();

/** Deliveries (1-based) that were validity items. */
const positions = (kinds: readonly boolean[]) => kinds.flatMap((validity, index) => (validity ? [index + 1] : []));
/** Gaps from each validity item to the next, the first counted from `origin`. */
const gaps = (at: readonly number[], origin: number) => at.map((position, index) => position - (index === 0 ? origin : at[index - 1]));

describe('simulateValiditySchedule: the seeding statistics of the issue', () => {
  it('seeds 10% +- 0.6 points over 10,000 deliveries with a fixed seed, every gap in [5, 15]', () => {
    const established = startValiditySchedule({ deliveries: DEFAULT_MONITORING_POLICY.validity.initialDeliveries });
    const kinds = simulateValiditySchedule({ seed: 'concord-2025', assessorId: 17, deliveries: 10_000, start: established });
    const share = kinds.filter(Boolean).length / kinds.length;
    expect(Math.abs(share - 0.1)).toBeLessThanOrEqual(0.006);
    const all = gaps(positions(kinds), 0);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...all)).toBeLessThanOrEqual(15);
  });

  it('seeds between 18.5% and 20.5% of the first 50 deliveries after certification, averaged over 1,000 seeds', () => {
    let validity = 0;
    for (let seed = 0; seed < 1000; seed++) validity += simulateValiditySchedule({ seed, assessorId: 17, deliveries: 50 }).filter(Boolean).length;
    const share = validity / (1000 * 50);
    expect(share).toBeGreaterThanOrEqual(0.185);
    expect(share).toBeLessThanOrEqual(0.205);
  });

  it('gives the same sequence for the same seed and assessor, another for another seed or assessor', () => {
    const run = (seed: string, assessorId: number) => simulateValiditySchedule({ seed, assessorId, deliveries: 500 });
    expect(run('s', 3)).toEqual(run('s', 3));
    expect(run('s', 3)).not.toEqual(run('t', 3));
    expect(run('s', 3)).not.toEqual(run('s', 4));
  });

  it('draws every gap from 5 to 15 about equally often', () => {
    const established = startValiditySchedule({ deliveries: 50 });
    const all = gaps(positions(simulateValiditySchedule({ seed: 9, assessorId: 1, deliveries: 20_000, start: established })), 0);
    const counts = new Map<number, number>();
    for (const gap of all) counts.set(gap, (counts.get(gap) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const expected = all.length / 11;
    const chiSquare = [...counts.values()].reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(29.59); // chi-square, 10 df, p = 0.001
  });

  it('keeps gaps from 2 to 8 within the first 50 deliveries after certification and from 5 to 15 after', () => {
    for (let seed = 0; seed < 200; seed++) {
      const at = positions(simulateValiditySchedule({ seed, assessorId: 5, deliveries: 300 }));
      gaps(at, 0).forEach((gap, index) => {
        const [min, max] = at[index] <= 50 ? [2, 8] : [5, 15];
        expect(gap >= min && gap <= max, `seed ${seed}, item at ${at[index]}: gap ${gap}`).toBe(true);
      });
    }
  });

  it('seeds about 1 in 5 on probation, every gap in [2, 8]', () => {
    const established = startValiditySchedule({ deliveries: 500 });
    const kinds = simulateValiditySchedule({ seed: 'probation', assessorId: 8, deliveries: 10_000, start: established, onProbation: true });
    expect(Math.abs(kinds.filter(Boolean).length / kinds.length - 0.2)).toBeLessThanOrEqual(0.01);
    const all = gaps(positions(kinds), 0);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...all)).toBeLessThanOrEqual(8);
  });
});

describe('nextDelivery({ seed, assessorId, state, onProbation, now, lastScoredAt })', () => {
  const input = (state: ValidityScheduleState, extra: Partial<NextDeliveryInput> = {}): NextDeliveryInput => ({
    seed: 'live',
    assessorId: 4,
    state,
    onProbation: false,
    now: NOW,
    lastScoredAt: daysBefore(1),
    ...extra,
  });

  it('matches the simulation call by call, with the state stored as JSON in between', () => {
    const expected = simulateValiditySchedule({ seed: 'live', assessorId: 4, deliveries: 200 });
    let stored = JSON.stringify(startValiditySchedule());
    const decided: boolean[] = [];
    for (let index = 0; index < 200; index++) {
      const decision = nextDelivery(input(JSON.parse(stored) as ValidityScheduleState));
      decided.push(decision.validity);
      stored = JSON.stringify(decision.state);
    }
    expect(decided).toEqual(expected);
  });

  it('says why, and gives a scheduled item feedback after the delay, not at once', () => {
    let state = startValiditySchedule({ deliveries: 60 });
    for (;;) {
      const decision = nextDelivery(input(state));
      state = decision.state;
      if (!decision.validity) {
        expect(decision).toMatchObject({ kind: 'live', immediateFeedback: false });
        expect(decision.reason).toMatch(/^live: \d+ of \d+ deliveries since the last validity item \(regular\)$/);
        continue;
      }
      expect(decision).toMatchObject({ kind: 'scheduled', immediateFeedback: false });
      expect(decision.reason).toBe(`validity item: ${decision.gap} deliveries since the last (regular, gap drawn from 5 to 15)`);
      expect(state).toEqual({ deliveries: 60 + decision.gap, lastValidityAt: 60 + decision.gap, gapIndex: 1, reentry: 'none' });
      break;
    }
  });

  it('maps the same seeded draw onto the range in force: lifting probation lengthens the gap at once', () => {
    const draw = validityGapDraw('live', 4, 0);
    const short = 2 + Math.floor(draw * 7);
    const long = 5 + Math.floor(draw * 11);
    expect(nextDelivery(input(startValiditySchedule({ deliveries: 100 }), { onProbation: true })).gap).toBe(short);
    expect(nextDelivery(input(startValiditySchedule({ deliveries: 100 }))).gap).toBe(long);
  });

  it('keeps a due validity item due while the pool has nothing to show', () => {
    const due: ValidityScheduleState = { deliveries: 120, lastValidityAt: 100, gapIndex: 3, reentry: 'none' };
    const blocked = nextDelivery(input(due, { validityAvailable: false }));
    expect(blocked).toMatchObject({ validity: false, kind: 'live', reason: 'a validity item is due (regular) but none is left to show' });
    expect(blocked.state).toEqual({ ...due, deliveries: 121 });
    expect(nextDelivery(input(blocked.state)).validity).toBe(true);
  });

  describe('the return after 14 days without scoring', () => {
    it('makes the first delivery a validity item with immediate feedback, counted as a validity item', () => {
      const state: ValidityScheduleState = { deliveries: 80, lastValidityAt: 79, gapIndex: 9, reentry: 'none' };
      const decision = nextDelivery(input(state, { lastScoredAt: daysBefore(14) }));
      expect(decision).toMatchObject({ validity: true, kind: 'reentry_first', immediateFeedback: true });
      expect(decision.reason).toBe('14 days or more without scoring: a validity item with immediate feedback first');
      expect(decision.state).toEqual({ deliveries: 81, lastValidityAt: 81, gapIndex: 10, reentry: 'first_pending' });
    });

    it('does not before 14 days, nor when the last scoring is unknown', () => {
      const state: ValidityScheduleState = { deliveries: 80, lastValidityAt: 79, gapIndex: 9, reentry: 'none' };
      expect(nextDelivery(input(state, { lastScoredAt: new Date(Date.parse(NOW) - 14 * DAY + 1).toISOString() })).validity).toBe(false);
      expect(nextDelivery(input(state, { lastScoredAt: null })).validity).toBe(false);
    });

    it('matched: live scoring resumes, the next gap counted from the re-entry item', () => {
      const first = nextDelivery(input(startValiditySchedule({ deliveries: 80 }), { lastScoredAt: daysBefore(30) }));
      const result = recordReentryResult(first.state, false);
      expect(result).toEqual({
        state: { ...first.state, reentry: 'none' },
        calibrationRequired: false,
        reason: 'matched the validity item after the pause: live scoring resumes',
      });
      expect(nextDelivery(input(result.state)).validity).toBe(false);
    });

    it('a miss brings a second item, a second miss requires the calibration set', () => {
      const first = nextDelivery(input(startValiditySchedule({ deliveries: 80 }), { lastScoredAt: daysBefore(30) }));
      const missed = recordReentryResult(first.state, true);
      expect(missed).toMatchObject({ calibrationRequired: false, reason: 'missed the first validity item after the pause: a second follows' });
      expect(missed.state.reentry).toBe('second_due');
      const second = nextDelivery(input(missed.state));
      expect(second).toMatchObject({ validity: true, kind: 'reentry_second', immediateFeedback: true });
      expect(second.state).toMatchObject({ deliveries: 82, lastValidityAt: 82, reentry: 'second_pending' });
      expect(recordReentryResult(second.state, true)).toEqual({
        state: { ...second.state, reentry: 'none' },
        calibrationRequired: true,
        reason: 'missed both validity items after the pause: the calibration set is required',
      });
      expect(recordReentryResult(second.state, false)).toMatchObject({ calibrationRequired: false, state: { reentry: 'none' } });
    });

    it('asks for no second re-entry item while the first awaits its result', () => {
      const first = nextDelivery(input(startValiditySchedule({ deliveries: 80 }), { lastScoredAt: daysBefore(30) }));
      const again = nextDelivery(input(first.state, { lastScoredAt: daysBefore(30) }));
      expect(again.kind).not.toBe('reentry_first');
      expect(again.state.reentry).toBe('first_pending');
    });

    it('keeps the second item due while the pool has nothing to show', () => {
      const due: ValidityScheduleState = { deliveries: 81, lastValidityAt: 81, gapIndex: 1, reentry: 'second_due' };
      const blocked = nextDelivery(input(due, { validityAvailable: false }));
      expect(blocked).toMatchObject({ validity: false, state: { reentry: 'second_due', deliveries: 82 } });
    });

    it('refuses a result when no re-entry item awaits one', () => {
      for (const reentry of ['none', 'second_due'] as const) {
        const error = (() => {
          try {
            recordReentryResult({ deliveries: 3, lastValidityAt: 3, gapIndex: 1, reentry }, true);
          } catch (caught) {
            return caught;
          }
        })();
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).code).toBe('no_reentry_pending');
      }
    });
  });

  it.each<[string, Partial<NextDeliveryInput>]>([
    ['a negative count', { state: { deliveries: -1, lastValidityAt: 0, gapIndex: 0, reentry: 'none' } }],
    ['a last validity item ahead of the deliveries', { state: { deliveries: 3, lastValidityAt: 5, gapIndex: 0, reentry: 'none' } }],
    ['an unknown re-entry stage', { state: { deliveries: 3, lastValidityAt: 1, gapIndex: 0, reentry: 'later' as 'none' } }],
    ['a time that is not ISO 8601', { now: 'yesterday' }],
    ['a last scoring that is not ISO 8601', { lastScoredAt: 'a while ago' }],
  ])('refuses %s', (_, extra) => {
    expect(() => nextDelivery(input(startValiditySchedule(), extra))).toThrow(InvalidError);
  });

  it('refuses to start a schedule at a negative count', () => {
    expect(() => startValiditySchedule({ deliveries: -2 })).toThrow(InvalidError);
  });
});

describe('chooseValidityItem({ seed, assessorId, deliveryNumber, pool, shown, scoredLive, qualifying, now })', () => {
  const pool = Array.from({ length: 40 }, (_, index) => index + 1);
  const input = (extra: Partial<ChooseValidityItemInput> = {}): ChooseValidityItemInput => ({
    seed: 'items',
    assessorId: 6,
    deliveryNumber: 12,
    pool,
    shown: [],
    scoredLive: [],
    qualifying: [],
    now: NOW,
    ...extra,
  });

  it('never picks an item shown within 180 days, scored live by the assessor, or among their qualifying items', () => {
    const shown = pool.slice(0, 10).map((itemId) => ({ itemId, shownAt: daysBefore(179) }));
    const scoredLive = pool.slice(10, 20);
    const qualifying = pool.slice(20, 35);
    const allowed = new Set(pool.slice(35));
    for (let deliveryNumber = 1; deliveryNumber <= 200; deliveryNumber++) {
      const choice = chooseValidityItem(input({ deliveryNumber, shown, scoredLive, qualifying }));
      expect(allowed.has(choice.itemId as number)).toBe(true);
      expect(choice.unseenLeft).toBe(4);
    }
  });

  it('draws from the items never seen, reproducibly and whatever the order of the lists', () => {
    const first = chooseValidityItem(input());
    expect(chooseValidityItem(input())).toEqual(first);
    expect(chooseValidityItem(input({ pool: [...pool].reverse() }))).toEqual(first);
    const drawn = new Set(Array.from({ length: 100 }, (_, index) => chooseValidityItem(input({ deliveryNumber: index })).itemId));
    expect(drawn.size).toBeGreaterThan(20);
  });

  it('prefers an item never seen to one seen over 180 days ago', () => {
    const shown = pool.slice(0, 39).map((itemId) => ({ itemId, shownAt: daysBefore(400) }));
    expect(chooseValidityItem(input({ shown }))).toMatchObject({ itemId: 40, unseenLeft: 0, reason: 'drawn from 1 validity items the assessor has never seen' });
  });

  it('shows again the item seen longest ago when every allowed item was seen, over 180 days ago', () => {
    const shown = pool.map((itemId) => ({ itemId, shownAt: daysBefore(181 + (itemId === 7 ? 100 : itemId)) }));
    const choice = chooseValidityItem(input({ shown: [...shown, { itemId: 7, shownAt: daysBefore(200) }] }));
    expect(choice.itemId).toBe(40);
    expect(choice.reason).toBe('every allowed item was seen before: the one shown longest ago (over 180 days)');
    expect(chooseValidityItem(input({ shown })).itemId).toBe(7);
  });

  it('picks nothing when no item may be shown, and says why', () => {
    const choice = chooseValidityItem(input({ shown: pool.map((itemId) => ({ itemId, shownAt: daysBefore(3) })) }));
    expect(choice.itemId).toBeNull();
    expect(choice.reason).toMatch(/^no validity item may be shown/);
    expect(choice.warning).toBe('0 unseen validity items left for this assessor (fewer than 20)');
  });

  it('warns the trainer when fewer than 20 unseen items are left after the choice', () => {
    expect(chooseValidityItem(input({ pool: pool.slice(0, 21) }))).toMatchObject({ unseenLeft: 20, warning: null });
    expect(chooseValidityItem(input({ pool: pool.slice(0, 20) }))).toMatchObject({ unseenLeft: 19, warning: '19 unseen validity items left for this assessor (fewer than 20)' });
    expect(chooseValidityItem(input({ pool: pool.slice(0, 2) })).warning).toBe('1 unseen validity item left for this assessor (fewer than 20)');
  });

  it('accepts text identifiers', () => {
    const choice = chooseValidityItem(input({ pool: ['v-a', 'v-b'], qualifying: ['v-a'] }));
    expect(choice.itemId).toBe('v-b');
  });

  it('refuses a time that is not ISO 8601', () => {
    expect(() => chooseValidityItem(input({ now: 'soon' }))).toThrow(InvalidError);
    expect(() => chooseValidityItem(input({ shown: [{ itemId: 1, shownAt: 'once' }] }))).toThrow(InvalidError);
  });
});

describe('validityFeedbackAt(scoredAt, immediate)', () => {
  it('shows feedback 24 hours after scoring, at once for a re-entry item', () => {
    expect(validityFeedbackAt('2025-06-02T10:00:00.000Z', false)).toBe('2025-06-03T10:00:00.000Z');
    expect(validityFeedbackAt('2025-06-02T10:00:00.000Z', true)).toBe('2025-06-02T10:00:00.000Z');
    expect(() => validityFeedbackAt('later', false)).toThrow(InvalidError);
  });
});
