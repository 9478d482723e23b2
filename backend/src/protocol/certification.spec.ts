import { describe, expect, it } from 'vitest';
import { certificationPolicyOrThrow } from './certification-policy.js';
import {
  addMonths,
  ALL_CERTIFICATION_STATUSES,
  applyCertificationEvent,
  CERTIFICATION_STATUSES,
  changedRowsSince,
  currentStatus,
  eligibility,
  NEW_CERTIFICATION,
  nextAction,
  nextSetLabel,
  OVERRIDE_STATUSES,
  PAUSE_STATUSES,
  type CertificationEvent,
  type CertificationRecord,
  type CertificationStatus,
  type EligibilityInput,
  type VersionRows,
} from './certification.js';
import { ConflictError, DomainError, InvalidError } from './errors.js';

const NOW = '2025-03-10T09:00:00.000Z';
const YEAR_LATER = '2026-03-10T09:00:00.000Z';

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** The record after `events`, each applied at `now`. */
function after(events: readonly CertificationEvent[], now = NOW, start: CertificationRecord = NEW_CERTIFICATION): CertificationRecord {
  return events.reduce((record, event) => applyCertificationEvent(record, event, now).record, start);
}

const qualifying: CertificationEvent = { type: 'start_qualifying' };
const fail: CertificationEvent = { type: 'qualifying_result', passed: false, version: 1 };
const pass: CertificationEvent = { type: 'qualifying_result', passed: true, version: 1 };
const remediation: CertificationEvent = { type: 'remediation', note: 'redo the practice set, then read the anchors of row evidence' };
const extraRound: CertificationEvent = { type: 'extra_round' };

/** A record in each status, reached by the events a trainer and an assessor would cause. */
const records: Record<Exclude<CertificationStatus, 'expired'>, CertificationRecord> = {
  in_training: NEW_CERTIFICATION,
  qualifying: after([qualifying]),
  qualified: after([qualifying, pass]),
  probation: after([qualifying, fail, fail, { type: 'probation', reason: 'close to the pooled rate', version: 1 }]),
  not_qualified: after([qualifying, fail, fail]),
  removed: after([qualifying, fail, fail, remediation, extraRound, fail]),
  recalibration_required: after([qualifying, pass, { type: 'require_recalibration', rule: 'R2', reason: 'the CUSUM on misses reached h' }]),
  suspended: after([qualifying, pass, { type: 'suspend', reason: 'scored a batch in four minutes' }]),
};
/** a qualified record read a moment after its certification ended */
const AFTER_EXPIRY = '2026-03-10T09:00:00.001Z';

describe('CERTIFICATION_STATUSES, OVERRIDE_STATUSES and NEW_CERTIFICATION', () => {
  it('name the statuses, those a trainer may set, and the record of an assessor starting out', () => {
    expect(CERTIFICATION_STATUSES).toEqual(['in_training', 'qualifying', 'qualified', 'probation', 'not_qualified', 'removed', 'expired']);
    expect(OVERRIDE_STATUSES).toEqual(['in_training', 'qualified', 'probation', 'not_qualified', 'removed']);
    expect(NEW_CERTIFICATION).toEqual({
      status: 'in_training',
      round: 1,
      failedInRound: 0,
      remediationAssigned: false,
      certifiedVersion: null,
      certifiedAt: null,
      expiresAt: null,
    });
    expect(Object.isFrozen(NEW_CERTIFICATION)).toBe(true);
  });
});

describe('applyCertificationEvent(record, event, now, policy): qualifying', () => {
  it('walks the full failing path: A failed, B failed, remediation, the extra round, C failed, removed', () => {
    const path: Array<[CertificationEvent, CertificationStatus, string, Partial<CertificationRecord>, string]> = [
      [qualifying, 'qualifying', 'qualifying_started', { round: 1, failedInRound: 0 }, 'A'],
      [fail, 'qualifying', 'set_A_failed', { round: 1, failedInRound: 1 }, 'B'],
      [fail, 'not_qualified', 'set_B_failed', { round: 1, failedInRound: 2, remediationAssigned: false }, 'C'],
      [remediation, 'not_qualified', 'remediation_assigned', { round: 1, remediationAssigned: true }, 'C'],
      [extraRound, 'qualifying', 'extra_round_opened', { round: 2, failedInRound: 0 }, 'C'],
      [fail, 'removed', 'set_C_failed', { round: 2, failedInRound: 1 }, 'C'],
    ];
    let record = NEW_CERTIFICATION;
    for (const [event, to, action, fields, nextLabel] of path) {
      const from = currentStatus(record, NOW);
      const step = applyCertificationEvent(record, event, NOW);
      expect({ from: step.from, to: step.to, action: step.action }).toEqual({ from, to, action });
      expect(step.record).toMatchObject({ status: to, ...fields });
      record = step.record;
      if (to === 'qualifying') expect(nextSetLabel(record)).toBe(nextLabel);
    }
    expect(record).toEqual(records.removed);
  });

  it('does not change the record it is given', () => {
    const record = { ...records.qualifying };
    applyCertificationEvent(record, fail, NOW);
    expect(record).toEqual(records.qualifying);
  });

  it.each<[string, CertificationEvent[], string]>([
    ['set A', [qualifying], 'set_A_passed'],
    ['set B', [qualifying, fail], 'set_B_passed'],
    ['set C', [qualifying, fail, fail, remediation, extraRound], 'set_C_passed'],
  ])('certifies for 12 months on the version of a passed %s, starting afresh', (_, events, action) => {
    const step = applyCertificationEvent(after(events), { type: 'qualifying_result', passed: true, version: 4 }, NOW);
    expect(step).toEqual({
      from: 'qualifying',
      to: 'qualified',
      action,
      record: { status: 'qualified', round: 1, failedInRound: 0, remediationAssigned: false, certifiedVersion: 4, certifiedAt: NOW, expiresAt: YEAR_LATER },
    });
  });

  it('certifies for the months of the policy', () => {
    const policy = certificationPolicyOrThrow({ certificationMonths: 6 });
    expect(applyCertificationEvent(records.qualifying, pass, NOW, policy).record.expiresAt).toBe('2025-09-10T09:00:00.000Z');
  });

  it('restarts a qualifying attempt while qualifying without losing the failed set', () => {
    const afterA = after([qualifying, fail]);
    const step = applyCertificationEvent(afterA, qualifying, NOW);
    expect(step).toEqual({ record: afterA, from: 'qualifying', to: 'qualifying', action: 'qualifying_set_started' });
    expect(nextSetLabel(step.record)).toBe('B');
  });

  it('starts qualifying again after expiry, from a fresh first round', () => {
    const step = applyCertificationEvent(records.qualified, qualifying, AFTER_EXPIRY);
    expect(step).toEqual({ record: { ...NEW_CERTIFICATION, status: 'qualifying' }, from: 'expired', to: 'qualifying', action: 'qualifying_started' });
  });

  it.each(['qualified', 'probation', 'not_qualified', 'removed'] as const)('refuses to start qualifying for an assessor who is %s', (status) => {
    const error = errorOf(() => applyCertificationEvent(records[status], qualifying, NOW));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('certification_transition');
    expect(error.message).toBe(`a qualifying set can be started in training, while qualifying, or after expiry (the assessor is ${status.replace('_', ' ')})`);
  });

  it.each(['in_training', 'qualified', 'probation', 'not_qualified', 'removed'] as const)('refuses a qualifying result for an assessor who is %s', (status) => {
    const error = errorOf(() => applyCertificationEvent(records[status], pass, NOW));
    expect(error.code).toBe('certification_transition');
    expect(error.message).toMatch(/^only an assessor who is qualifying has qualifying results/);
  });

  it('requires remediation before the extra round', () => {
    const error = errorOf(() => applyCertificationEvent(records.not_qualified, extraRound, NOW));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('assign remediation before opening the extra round (the assessor is not qualified)');
  });

  it('requires a note with the remediation', () => {
    const error = errorOf(() => applyCertificationEvent(records.not_qualified, { type: 'remediation', note: '  ' }, NOW));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).issues).toEqual([{ field: 'note', message: 'a written reason is required' }]);
  });

  it.each(['in_training', 'qualifying', 'qualified', 'probation', 'removed'] as const)('refuses remediation and the extra round for an assessor who is %s', (status) => {
    expect(errorOf(() => applyCertificationEvent(records[status], remediation, NOW)).message).toMatch(/^remediation is assigned to an assessor who is not qualified/);
    expect(errorOf(() => applyCertificationEvent(records[status], extraRound, NOW)).message).toMatch(/^an extra round is opened for an assessor who is not qualified/);
  });

  it('opens the extra round only once, even after an override back to not qualified', () => {
    const overridden = after([{ type: 'override', status: 'not_qualified', reason: 'appeal upheld', version: 1 }, remediation], NOW, records.removed);
    expect(overridden).toMatchObject({ status: 'not_qualified', round: 2, remediationAssigned: true });
    const error = errorOf(() => applyCertificationEvent(overridden, extraRound, NOW));
    expect(error.message).toBe('the extra round was already taken (the assessor is not qualified)');
  });
});

describe('applyCertificationEvent(record, event, now, policy): probation, override, expiry', () => {
  it.each<[string, CertificationRecord, string]>([
    ['qualifying', records.qualifying, NOW],
    ['not_qualified', records.not_qualified, NOW],
    ['expired', records.qualified, AFTER_EXPIRY],
  ])('certifies an assessor who is %s on probation, for 12 months', (from, record, now) => {
    const step = applyCertificationEvent(record, { type: 'probation', reason: 'near the threshold on one row', version: 2 }, now);
    expect(step).toMatchObject({ from, to: 'probation', action: 'certified_on_probation' });
    expect(step.record).toEqual({ status: 'probation', round: 1, failedInRound: 0, remediationAssigned: false, certifiedVersion: 2, certifiedAt: now, expiresAt: addMonths(now, 12) });
  });

  it.each(['in_training', 'qualified', 'probation', 'removed'] as const)('refuses probation for an assessor who is %s', (status) => {
    const error = errorOf(() => applyCertificationEvent(records[status], { type: 'probation', reason: 'why not', version: 1 }, NOW));
    expect(error.code).toBe('certification_transition');
    expect(error.message).toMatch(/^probation is for an assessor who is qualifying, not qualified or expired/);
  });

  it('requires a written reason for probation', () => {
    const error = errorOf(() => applyCertificationEvent(records.not_qualified, { type: 'probation', reason: '', version: 1 }, NOW));
    expect((error as InvalidError).issues).toEqual([{ field: 'reason', message: 'a written reason is required' }]);
  });

  it('keeps a removed assessor removed until a trainer overrides with a written reason', () => {
    for (const event of [qualifying, pass, remediation, extraRound, { type: 'probation', reason: 'x', version: 1 } as const]) {
      expect(errorOf(() => applyCertificationEvent(records.removed, event, NOW)).code).toBe('certification_transition');
    }
    for (const reason of ['', '   ']) {
      const error = errorOf(() => applyCertificationEvent(records.removed, { type: 'override', status: 'in_training', reason, version: 1 }, NOW));
      expect(error).toBeInstanceOf(InvalidError);
      expect((error as InvalidError).issues).toEqual([{ field: 'reason', message: 'a written reason is required' }]);
    }
    const step = applyCertificationEvent(records.removed, { type: 'override', status: 'in_training', reason: 'retrained after appeal', version: 1 }, NOW);
    expect(step).toEqual({ record: NEW_CERTIFICATION, from: 'removed', to: 'in_training', action: 'override' });
  });

  it.each<[(typeof OVERRIDE_STATUSES)[number], Partial<CertificationRecord>]>([
    ['in_training', NEW_CERTIFICATION],
    ['qualified', { status: 'qualified', round: 1, failedInRound: 0, certifiedVersion: 3, certifiedAt: NOW, expiresAt: YEAR_LATER }],
    ['probation', { status: 'probation', round: 1, failedInRound: 0, certifiedVersion: 3, certifiedAt: NOW, expiresAt: YEAR_LATER }],
    ['not_qualified', { status: 'not_qualified', round: 2, failedInRound: 1 }],
    ['removed', { status: 'removed', round: 2, failedInRound: 1 }],
  ])('overrides a removed assessor to %s', (status, fields) => {
    const step = applyCertificationEvent(records.removed, { type: 'override', status, reason: 'decided by the panel', version: 3 }, NOW);
    expect(step).toMatchObject({ from: 'removed', to: status, action: 'override' });
    expect(step.record).toMatchObject(fields);
  });

  it('overrides from any status, a qualified assessor to removed too', () => {
    const step = applyCertificationEvent(records.qualified, { type: 'override', status: 'removed', reason: 'conflict of interest concealed', version: 1 }, NOW);
    expect(step.record).toEqual({ ...records.qualified, status: 'removed' });
  });

  it('expires a certification past its end, and refuses to expire one in force or already expired', () => {
    const step = applyCertificationEvent(records.qualified, { type: 'expire' }, AFTER_EXPIRY);
    expect(step).toEqual({ record: { ...records.qualified, status: 'expired' }, from: 'expired', to: 'expired', action: 'expired' });
    expect(errorOf(() => applyCertificationEvent(records.qualified, { type: 'expire' }, NOW)).message).toBe('only a certification past its end expires (the assessor is qualified)');
    expect(errorOf(() => applyCertificationEvent(step.record, { type: 'expire' }, AFTER_EXPIRY)).code).toBe('certification_transition');
    expect(applyCertificationEvent(records.probation, { type: 'expire' }, AFTER_EXPIRY).record.status).toBe('expired');
  });
});

describe('applyCertificationEvent(record, event, now, policy): calibration after a revision', () => {
  it.each(['qualified', 'probation'] as const)('moves a %s assessor on to the version of a passed calibration set, keeping status and expiry', (status) => {
    const step = applyCertificationEvent(records[status], { type: 'calibration_result', passed: true, version: 3 }, '2025-06-01T00:00:00.000Z');
    expect(step).toEqual({ record: { ...records[status], certifiedVersion: 3 }, from: status, to: status, action: 'calibration_passed' });
  });

  it('leaves the record as it was after a failed calibration set', () => {
    expect(applyCertificationEvent(records.qualified, { type: 'calibration_result', passed: false, version: 3 }, NOW)).toEqual({
      record: records.qualified,
      from: 'qualified',
      to: 'qualified',
      action: 'calibration_failed',
    });
  });

  it('never moves the certified version back', () => {
    const onThree = after([{ type: 'calibration_result', passed: true, version: 3 }], NOW, records.qualified);
    expect(after([{ type: 'calibration_result', passed: true, version: 2 }], NOW, onThree).certifiedVersion).toBe(3);
  });

  it.each<[string, CertificationRecord, string]>([
    ['in_training', records.in_training, NOW],
    ['qualifying', records.qualifying, NOW],
    ['not_qualified', records.not_qualified, NOW],
    ['removed', records.removed, NOW],
    ['expired', records.qualified, AFTER_EXPIRY],
  ])('refuses a calibration result for an assessor who is %s', (_, record, now) => {
    const error = errorOf(() => applyCertificationEvent(record, { type: 'calibration_result', passed: true, version: 2 }, now));
    expect(error.code).toBe('certification_transition');
    expect(error.message).toMatch(/^only a certified assessor takes a calibration set/);
  });
});

describe('currentStatus(record, now) and nextSetLabel(record)', () => {
  it.each<[string, string, CertificationStatus]>([
    ['a day before its end', '2026-03-09T09:00:00.000Z', 'qualified'],
    ['a millisecond before its end', '2026-03-10T08:59:59.999Z', 'qualified'],
    ['at its end', YEAR_LATER, 'expired'],
    ['after its end', '2027-01-01T00:00:00.000Z', 'expired'],
  ])('reads a qualified certification %s as %s', (_, now, status) => {
    expect(currentStatus(records.qualified, now)).toBe(status);
  });

  it('expires probation too, but no other status and no certification without an end', () => {
    expect(currentStatus(records.probation, AFTER_EXPIRY)).toBe('expired');
    expect(currentStatus({ ...records.qualified, expiresAt: null }, '2099-01-01T00:00:00.000Z')).toBe('qualified');
    for (const status of ['in_training', 'qualifying', 'not_qualified', 'removed'] as const) {
      expect(currentStatus({ ...records[status], expiresAt: NOW }, AFTER_EXPIRY)).toBe(status);
    }
  });

  it('labels the sets A, B and C', () => {
    expect(nextSetLabel(NEW_CERTIFICATION)).toBe('A');
    expect(nextSetLabel({ ...NEW_CERTIFICATION, failedInRound: 1 })).toBe('B');
    expect(nextSetLabel({ ...NEW_CERTIFICATION, round: 2 })).toBe('C');
  });
});

describe('addMonths(iso, months)', () => {
  it.each([
    ['2025-01-31T12:00:00.000Z', 1, '2025-02-28T12:00:00.000Z'],
    ['2024-01-31T12:00:00.000Z', 1, '2024-02-29T12:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 12, '2025-02-28T00:00:00.000Z'],
    ['2025-03-31T23:59:59.999Z', 1, '2025-04-30T23:59:59.999Z'],
    ['2025-12-15T08:30:00.000Z', 1, '2026-01-15T08:30:00.000Z'],
    ['2025-03-10T09:00:00.000Z', 12, '2026-03-10T09:00:00.000Z'],
    ['2025-08-31T00:00:00.000Z', 18, '2027-02-28T00:00:00.000Z'],
    ['2025-03-31T00:00:00.000Z', -1, '2025-02-28T00:00:00.000Z'],
    ['2025-03-10T09:00:00.000Z', 0, '2025-03-10T09:00:00.000Z'],
  ])('adds to %s %i months: %s', (iso, months, expected) => {
    expect(addMonths(iso, months)).toBe(expected);
  });

  it('reads an ISO time with an offset and answers in UTC', () => {
    expect(addMonths('2025-01-31T23:30:00+02:00', 1)).toBe('2025-02-28T21:30:00.000Z');
  });
});

describe('eligibility({ record, now, required, version, changedRows, calibrationAvailable })', () => {
  const input = (record: CertificationRecord, extra: Partial<EligibilityInput> = {}): EligibilityInput => ({
    roles: ['assessor'],
    record,
    now: NOW,
    required: true,
    version: 1,
    changedRows: [],
    calibrationAvailable: false,
    ...extra,
  });

  it.each([
    [['assessor', 'trainer'], 'also holds the trainer role, which sees earners and other readers\' scores: never drawn as a reader (separation of duties)'],
    [['assessor', 'researcher', 'admin'], 'also holds the admin and researcher roles, which see earners and other readers\' scores: never drawn as a reader (separation of duties)'],
    [['assessor', 'designer'], 'also holds the designer role, which sees earners and other readers\' scores: never drawn as a reader (separation of duties)'],
  ])('never draws a person whose other roles see earners or scores (%j), certified or not', (roles, reason) => {
    for (const required of [true, false]) expect(eligibility(input(records.qualified, { roles, required }))).toEqual({ eligible: false, reason });
  });

  it('never draws a disabled account, whatever its certification', () => {
    for (const required of [true, false]) {
      expect(eligibility(input(records.qualified, { required, disabled: true }))).toEqual({ eligible: false, reason: 'account disabled by an administrator' });
    }
  });

  it('draws an assessor who also adjudicates: an adjudicator never sees the scores of a submission they read', () => {
    expect(eligibility(input(records.qualified, { roles: ['assessor', 'adjudicator'] }))).toEqual({ eligible: true, reason: 'certified' });
  });

  it.each<[string, boolean, CertificationRecord, string, boolean, string]>([
    ['in_training', true, records.in_training, NOW, false, 'not certified: in training'],
    ['qualifying', true, records.qualifying, NOW, false, 'not certified: qualifying'],
    ['qualified', true, records.qualified, NOW, true, 'certified'],
    ['probation', true, records.probation, NOW, true, 'certified on probation'],
    ['not_qualified', true, records.not_qualified, NOW, false, 'not certified: not qualified'],
    ['removed', true, records.removed, NOW, false, 'removed from this credential'],
    ['expired', true, records.qualified, AFTER_EXPIRY, false, 'not certified: expired'],
    ['in_training', false, records.in_training, NOW, true, 'the credential does not require certification'],
    ['qualifying', false, records.qualifying, NOW, true, 'the credential does not require certification'],
    ['qualified', false, records.qualified, NOW, true, 'the credential does not require certification'],
    ['probation', false, records.probation, NOW, true, 'the credential does not require certification'],
    ['not_qualified', false, records.not_qualified, NOW, true, 'the credential does not require certification'],
    ['removed', false, records.removed, NOW, false, 'removed from this credential'],
    ['expired', false, records.qualified, AFTER_EXPIRY, true, 'the credential does not require certification'],
  ])('judges an assessor who is %s, certification required: %s', (_, required, record, now, eligible, reason) => {
    expect(eligibility(input(record, { now, required }))).toEqual({ eligible, reason });
  });

  it('never draws a removed assessor, even when certification is not required and rows changed', () => {
    expect(eligibility(input(records.removed, { required: false, changedRows: ['a'], calibrationAvailable: true })).eligible).toBe(false);
  });

  it('asks a certified assessor for a calibration set on the rows changed since, when material exists for them', () => {
    const changed = input(records.qualified, { version: 3, changedRows: ['clarity', 'evidence'], calibrationAvailable: true });
    expect(eligibility(changed)).toEqual({ eligible: false, reason: 'calibration set required on the rows changed in version 3: clarity, evidence' });
    expect(eligibility({ ...changed, record: records.probation }).eligible).toBe(false);
    expect(eligibility({ ...changed, calibrationAvailable: false })).toEqual({ eligible: true, reason: 'certified' });
    expect(eligibility({ ...changed, required: false })).toEqual({ eligible: true, reason: 'the credential does not require certification' });
  });
});

describe('changedRowsSince(versions, from, to)', () => {
  const versions: VersionRows[] = [
    {
      version: 1,
      rows: [
        { key: 'a', carriedOver: false },
        { key: 'b', carriedOver: false },
        { key: 'c', carriedOver: false },
      ],
    },
    {
      version: 2,
      rows: [
        { key: 'a', carriedOver: true },
        { key: 'b', carriedOver: false },
        { key: 'c', carriedOver: true },
        { key: 'd', carriedOver: false },
      ],
    },
    {
      version: 3,
      rows: [
        { key: 'a', carriedOver: true },
        { key: 'b', carriedOver: true },
        { key: 'c', carriedOver: false },
        { key: 'd', carriedOver: true },
      ],
    },
    {
      version: 4,
      rows: [
        { key: 'a', carriedOver: true },
        { key: 'b', carriedOver: true },
        { key: 'c', carriedOver: true },
        { key: 'd', carriedOver: true },
      ],
    },
  ];

  it.each<[number | null, number, string[]]>([
    [1, 2, ['b', 'd']],
    [2, 3, ['c']],
    [3, 4, []],
    [1, 3, ['b', 'c', 'd']],
    [1, 4, ['b', 'c', 'd']],
    [2, 4, ['c']],
    [4, 4, []],
    [4, 2, []],
    [null, 3, ['a', 'b', 'c', 'd']],
    [null, 1, ['a', 'b', 'c']],
    [1, 9, []],
  ])('gives the rows changed since version %s up to version %i: %j', (from, to, changed) => {
    expect(changedRowsSince(versions, from, to)).toEqual(changed);
  });

  it('does not depend on the order in which the versions are listed', () => {
    expect(changedRowsSince([...versions].reverse(), 1, 4)).toEqual(['b', 'c', 'd']);
  });

  it('lets a certified assessor back into the draw after a calibration set on the changed rows', () => {
    const certified = after([qualifying, pass]);
    const changedRows = changedRowsSince(versions, certified.certifiedVersion, 3);
    const before = eligibility({ roles: ['assessor'], record: certified, now: NOW, required: true, version: 3, changedRows, calibrationAvailable: true });
    expect(before.reason).toBe('calibration set required on the rows changed in version 3: b, c, d');
    const calibrated = after([{ type: 'calibration_result', passed: true, version: 3 }], NOW, certified);
    const left = changedRowsSince(versions, calibrated.certifiedVersion, 3);
    expect(left).toEqual([]);
    expect(eligibility({ roles: ['assessor'], record: calibrated, now: NOW, required: true, version: 3, changedRows: left, calibrationAvailable: true })).toEqual({ eligible: true, reason: 'certified' });
  });
});

describe('nextAction(record, now)', () => {
  it.each<[string, CertificationRecord, string, string]>([
    ['in training', records.in_training, NOW, 'study the anchors and practice, then take qualifying set A'],
    ['qualifying on set A', records.qualifying, NOW, 'take qualifying set A'],
    ['qualifying on set B', after([qualifying, fail]), NOW, 'take qualifying set B'],
    ['qualifying on set C', after([qualifying, fail, fail, remediation, extraRound]), NOW, 'take qualifying set C'],
    ['qualified', records.qualified, NOW, 'certified until 2026-03-10'],
    ['qualified with no end', { ...records.qualified, expiresAt: null }, NOW, 'certified until further notice'],
    ['on probation', records.probation, NOW, 'certified until 2026-03-10'],
    ['not qualified, without remediation', records.not_qualified, NOW, 'assign remediation (the practice set and a note), or certify on probation'],
    ['not qualified, with remediation', after([remediation], NOW, records.not_qualified), NOW, 'open the extra round, or certify on probation'],
    ['not qualified after the extra round', { ...records.removed, status: 'not_qualified' }, NOW, 'certify on probation or remove'],
    ['removed', records.removed, NOW, 'removed: only a trainer override with a written reason undoes it'],
    ['expired', records.qualified, AFTER_EXPIRY, 'certification expired: take a qualifying set again'],
  ])('tells an assessor who is %s what comes next', (_, record, now, action) => {
    expect(nextAction(record, now)).toBe(action);
  });

  it('has something to say for every status', () => {
    for (const status of CERTIFICATION_STATUSES) {
      const record: CertificationRecord = { ...NEW_CERTIFICATION, status, expiresAt: status === 'expired' ? null : YEAR_LATER };
      expect(nextAction(record, NOW).trim().length, status).toBeGreaterThan(0);
    }
  });
});

describe('monitoring pauses: recalibration_required and suspended', () => {
  const requireR1: CertificationEvent = { type: 'require_recalibration', rule: 'R1', reason: 'pooled exact agreement 55% over the last 10 validity items' };
  const passCalibration: CertificationEvent = { type: 'calibration_result', passed: true, version: 1 };
  const failCalibration: CertificationEvent = { type: 'calibration_result', passed: false, version: 1 };
  const suspend: CertificationEvent = { type: 'suspend', reason: 'complaint under review' };
  const lift: CertificationEvent = { type: 'lift', reason: 'complaint dismissed' };

  it('names the pauses apart from the qualification statuses, and every status together', () => {
    expect(PAUSE_STATUSES).toEqual(['recalibration_required', 'suspended']);
    expect(ALL_CERTIFICATION_STATUSES).toEqual([...CERTIFICATION_STATUSES, ...PAUSE_STATUSES]);
  });

  it.each(['R1', 'R2', 'reentry', 'trainer'] as const)('pauses a qualified assessor for recalibration by %s, remembering the status held', (rule) => {
    const step = applyCertificationEvent(records.qualified, { type: 'require_recalibration', rule, reason: 'see the evidence' }, NOW);
    expect(step).toEqual({
      from: 'qualified',
      to: 'recalibration_required',
      action: `recalibration_required_${rule}`,
      record: { ...records.qualified, status: 'recalibration_required', heldStatus: 'qualified', recalibrationPending: true },
    });
  });

  it.each(['qualified', 'probation'] as const)('returns a %s assessor to that status, on the calibrated version, once the calibration set is passed', (status) => {
    const paused = after([requireR1], NOW, records[status]);
    const failed = applyCertificationEvent(paused, failCalibration, NOW);
    expect(failed).toEqual({ record: paused, from: 'recalibration_required', to: 'recalibration_required', action: 'calibration_failed' });
    const passed = applyCertificationEvent(paused, { type: 'calibration_result', passed: true, version: 2 }, NOW);
    expect(passed).toEqual({ from: 'recalibration_required', to: status, action: 'recalibration_passed', record: { ...records[status], certifiedVersion: 2 } });
    expect(passed.record).not.toHaveProperty('heldStatus');
    expect(passed.record).not.toHaveProperty('recalibrationPending');
  });

  it('changes nothing when recalibration is required again before the set is passed', () => {
    const step = applyCertificationEvent(records.recalibration_required, { type: 'require_recalibration', rule: 'R1', reason: 'R1 as well' }, NOW);
    expect(step).toEqual({ record: records.recalibration_required, from: 'recalibration_required', to: 'recalibration_required', action: 'recalibration_already_required' });
  });

  it.each(['in_training', 'qualifying', 'not_qualified', 'removed'] as const)('refuses to require recalibration of an assessor who is %s', (status) => {
    const error = errorOf(() => applyCertificationEvent(records[status], requireR1, NOW));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('certification_transition');
    expect(error.message).toBe(`only a certified assessor is required to recalibrate (the assessor is ${status.replace('_', ' ')})`);
  });

  it('refuses to require recalibration of an expired assessor', () => {
    expect(errorOf(() => applyCertificationEvent(records.qualified, requireR1, AFTER_EXPIRY)).code).toBe('certification_transition');
  });

  it.each(['qualified', 'probation'] as const)('suspends a %s assessor and lifts the suspension back to that status', (status) => {
    const suspended = applyCertificationEvent(records[status], suspend, NOW);
    expect(suspended).toEqual({
      from: status,
      to: 'suspended',
      action: 'suspended',
      record: { ...records[status], status: 'suspended', heldStatus: status, recalibrationPending: false },
    });
    const lifted = applyCertificationEvent(suspended.record, lift, NOW);
    expect(lifted).toEqual({ from: 'suspended', to: status, action: 'suspension_lifted', record: records[status] });
  });

  it('keeps a pending recalibration through a suspension: the lift leads back to recalibration_required, then the set to the status held', () => {
    const onProbation = after([requireR1], NOW, records.probation);
    const suspended = applyCertificationEvent(onProbation, suspend, NOW);
    expect(suspended.record).toMatchObject({ status: 'suspended', heldStatus: 'probation', recalibrationPending: true });
    const lifted = applyCertificationEvent(suspended.record, lift, NOW);
    expect(lifted).toMatchObject({ from: 'suspended', to: 'recalibration_required', action: 'suspension_lifted' });
    expect(lifted.record).toEqual(onProbation);
    expect(after([passCalibration], NOW, lifted.record)).toEqual(records.probation);
  });

  it('keeps a recalibration required during a suspension for the lift', () => {
    const step = applyCertificationEvent(records.suspended, { type: 'require_recalibration', rule: 'R2', reason: 'the CUSUM alarmed on old items' }, NOW);
    expect(step).toMatchObject({ from: 'suspended', to: 'suspended', action: 'recalibration_required_while_suspended' });
    expect(step.record.recalibrationPending).toBe(true);
    expect(after([lift], NOW, step.record).status).toBe('recalibration_required');
  });

  it('clears a pending recalibration when a suspended assessor passes a calibration set', () => {
    const pending = after([requireR1, suspend], NOW, records.qualified);
    const step = applyCertificationEvent(pending, passCalibration, NOW);
    expect(step).toMatchObject({ from: 'suspended', to: 'suspended', action: 'calibration_passed' });
    expect(step.record.recalibrationPending).toBe(false);
    expect(after([lift], NOW, step.record)).toEqual(records.qualified);
  });

  it('reads a pause without its remembered status as a pause of a qualified assessor', () => {
    const bare: CertificationRecord = { ...records.qualified, status: 'recalibration_required' };
    expect(after([passCalibration], NOW, bare).status).toBe('qualified');
    expect(after([lift], NOW, { ...records.qualified, status: 'suspended' }).status).toBe('qualified');
  });

  it.each(['in_training', 'qualifying', 'not_qualified', 'removed', 'suspended'] as const)('refuses to suspend an assessor who is %s', (status) => {
    const error = errorOf(() => applyCertificationEvent(records[status], suspend, NOW));
    expect(error.code).toBe('certification_transition');
    expect(error.message).toBe(`only a certified assessor, or one required to recalibrate, is suspended (the assessor is ${status.replace('_', ' ')})`);
  });

  it.each(['in_training', 'qualifying', 'qualified', 'probation', 'not_qualified', 'removed', 'recalibration_required'] as const)('refuses to lift a pause for an assessor who is %s', (status) => {
    const error = errorOf(() => applyCertificationEvent(records[status], lift, NOW));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(`only a suspended assessor has a pause to lift (the assessor is ${status.replace('_', ' ')})`);
  });

  it.each<[string, CertificationEvent]>([
    ['require_recalibration', { type: 'require_recalibration', rule: 'trainer', reason: ' ' }],
    ['suspend', { type: 'suspend', reason: '' }],
    ['lift', { type: 'lift', reason: '   ' }],
  ])('requires a written reason for %s', (_, event) => {
    const error = errorOf(() => applyCertificationEvent(records.suspended, event, NOW));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).issues).toEqual([{ field: 'reason', message: 'a written reason is required' }]);
  });

  it('expires a recalibration-required certification at its end, but not a suspension', () => {
    expect(currentStatus(records.recalibration_required, AFTER_EXPIRY)).toBe('expired');
    expect(currentStatus(records.suspended, AFTER_EXPIRY)).toBe('suspended');
    const expired = applyCertificationEvent(records.recalibration_required, { type: 'expire' }, AFTER_EXPIRY);
    expect(expired.record).toEqual({ ...records.qualified, status: 'expired' });
  });

  it('clears a pause on an override', () => {
    const step = applyCertificationEvent(records.suspended, { type: 'override', status: 'removed', reason: 'misconduct confirmed', version: 1 }, NOW);
    expect(step.record).toEqual({ ...records.qualified, status: 'removed' });
    expect(applyCertificationEvent(records.recalibration_required, { type: 'override', status: 'qualified', reason: 'rules misfired', version: 1 }, NOW).record).toEqual(records.qualified);
  });

  it.each<[CertificationRecord, string]>([
    [records.recalibration_required, 'live queue paused: recalibration required until a calibration set is passed'],
    [records.suspended, 'live queue paused: suspended by a trainer'],
  ])('refuses to draw a paused assessor, certification required or not, even with no rows changed', (record, reason) => {
    for (const required of [true, false]) {
      expect(eligibility({ roles: ['assessor', 'adjudicator'], record, now: NOW, required, version: 1, changedRows: [], calibrationAvailable: false })).toEqual({ eligible: false, reason });
    }
  });

  it('draws the assessor again once the calibration set is passed or the suspension lifted', () => {
    const input = { roles: ['assessor'], now: NOW, required: true, version: 1, changedRows: [], calibrationAvailable: false };
    expect(eligibility({ ...input, record: after([passCalibration], NOW, records.recalibration_required) })).toEqual({ eligible: true, reason: 'certified' });
    expect(eligibility({ ...input, record: after([lift], NOW, records.suspended) })).toEqual({ eligible: true, reason: 'certified' });
  });

  it.each<[CertificationRecord, string]>([
    [records.recalibration_required, 'pass a calibration set to resume live scoring'],
    [records.suspended, 'suspended: a trainer lifts the pause'],
    [after([requireR1, suspend], NOW, records.qualified), 'suspended: a trainer lifts the pause, then a calibration set is required'],
  ])('tells a paused assessor what comes next', (record, action) => {
    expect(nextAction(record, NOW)).toBe(action);
  });

  it('has something to say for every status, pauses included', () => {
    for (const status of ALL_CERTIFICATION_STATUSES) {
      const record: CertificationRecord = { ...NEW_CERTIFICATION, status, expiresAt: status === 'expired' ? null : YEAR_LATER };
      expect(nextAction(record, NOW).trim().length, status).toBeGreaterThan(0);
    }
  });
});
