import { DEFAULT_CERTIFICATION_POLICY, type CertificationPolicy } from './certification-policy.js';
import { ConflictError, InvalidError } from './errors.js';

/**
 * Where an assessor stands with a credential:
 * `in_training -> qualifying -> qualified | probation | not_qualified -> removed | expired`.
 */
export const CERTIFICATION_STATUSES = ['in_training', 'qualifying', 'qualified', 'probation', 'not_qualified', 'removed', 'expired'] as const;

/**
 * The pauses of a certified assessor, set by monitoring: `recalibration_required` (R1 or R2 fired,
 * or both validity items after a pause in scoring were missed: the live queue waits for a passed
 * calibration set) and `suspended` (a trainer paused the assessor until they lift the pause).
 */
export const PAUSE_STATUSES = ['recalibration_required', 'suspended'] as const;
export type PauseStatus = (typeof PAUSE_STATUSES)[number];

/** Every status, the qualification statuses first. */
export const ALL_CERTIFICATION_STATUSES = [...CERTIFICATION_STATUSES, ...PAUSE_STATUSES] as const;
export type CertificationStatus = (typeof ALL_CERTIFICATION_STATUSES)[number];

/** Why a recalibration is required: a monitoring rule, the return after a pause in scoring, or a trainer. */
export type RecalibrationCause = 'R1' | 'R2' | 'reentry' | 'trainer';

/** Statuses a trainer may set by override (with a written reason). */
export const OVERRIDE_STATUSES = ['in_training', 'qualified', 'probation', 'not_qualified', 'removed'] as const;
export type OverrideStatus = (typeof OVERRIDE_STATUSES)[number];

/** Set labels: A and B in the first round, C in the extra round a trainer may open. */
export type QualifyingSetLabel = 'A' | 'B' | 'C';

/** An assessor's certification for one credential, as stored. */
export interface CertificationRecord {
  status: CertificationStatus;
  /** 1 for sets A and B; 2 for the extra round after remediation */
  round: number;
  /** qualifying sets failed in the current round */
  failedInRound: number;
  /** remediation assigned since the last failed round */
  remediationAssigned: boolean;
  /** the rubric version the assessor is certified on (every row, or the changed rows by a calibration set) */
  certifiedVersion: number | null;
  /** ISO 8601 */
  certifiedAt: string | null;
  /** ISO 8601; qualified and probation become expired from this moment */
  expiresAt: string | null;
  /**
   * while paused (`recalibration_required`, `suspended`): the certified status beneath, which the
   * assessor returns to; absent or null reads as `qualified`
   */
  heldStatus?: 'qualified' | 'probation' | null;
  /** a recalibration is required and not yet passed (kept through a suspension); absent reads as false */
  recalibrationPending?: boolean;
}

export const NEW_CERTIFICATION: CertificationRecord = Object.freeze({
  status: 'in_training',
  round: 1,
  failedInRound: 0,
  remediationAssigned: false,
  certifiedVersion: null,
  certifiedAt: null,
  expiresAt: null,
}) as CertificationRecord;

export type CertificationEvent =
  | { type: 'start_qualifying' }
  | { type: 'qualifying_result'; passed: boolean; version: number }
  | { type: 'calibration_result'; passed: boolean; version: number }
  | { type: 'remediation'; note: string }
  | { type: 'extra_round' }
  | { type: 'probation'; reason: string; version: number }
  | { type: 'override'; status: OverrideStatus; reason: string; version: number }
  | { type: 'expire' }
  | { type: 'require_recalibration'; rule: RecalibrationCause; reason: string }
  | { type: 'suspend'; reason: string }
  | { type: 'lift'; reason: string };

export interface CertificationStep {
  record: CertificationRecord;
  from: CertificationStatus;
  to: CertificationStatus;
  /** what happened, as the audit log and the timeline name it */
  action: string;
}

/**
 * The status in force at `now`: a qualified, probation or recalibration-required certification past
 * its end is expired (a trainer's suspension stands until lifted).
 */
export function currentStatus(record: CertificationRecord, now: string): CertificationStatus {
  if (
    (record.status === 'qualified' || record.status === 'probation' || record.status === 'recalibration_required') &&
    record.expiresAt !== null &&
    record.expiresAt <= now
  ) {
    return 'expired';
  }
  return record.status;
}

/** The set the assessor takes next when starting a qualifying attempt in `record`'s state. */
export function nextSetLabel(record: CertificationRecord): QualifyingSetLabel {
  if (record.round >= 2) return 'C';
  return record.failedInRound === 0 ? 'A' : 'B';
}

/**
 * The certification state machine. Qualifying: set A, then set B; failing both gives
 * `not_qualified`; the trainer assigns remediation (the practice set and a note) and may open
 * one more round (set C); failing it gives `removed`, which only an override with a written
 * reason undoes. A trainer may instead certify on `probation`. Passing certifies on the version
 * for `certificationMonths` (12). A calibration set after a revision moves the certified version
 * on.
 *
 * Monitoring pauses a certified assessor: `require_recalibration` (R1, R2, the return after a
 * pause in scoring, or a trainer) moves a qualified or probation assessor to
 * `recalibration_required`, and a passed calibration set brings them back to the status they held
 * (a failed one leaves them paused); `suspend` (a trainer's pause) moves a qualified, probation or
 * recalibration-required assessor to `suspended`, and `lift` brings them back, to
 * `recalibration_required` when a recalibration is still pending. A recalibration required while
 * suspended is kept for the lift; one required again while already required changes nothing. An
 * override from a pause clears it.
 *
 * Throws ConflictError (`certification_transition`) for an event the status does not allow,
 * InvalidError for a missing reason or note.
 */
export function applyCertificationEvent(
  record: CertificationRecord,
  event: CertificationEvent,
  now: string,
  policy: CertificationPolicy = DEFAULT_CERTIFICATION_POLICY,
): CertificationStep {
  const from = currentStatus(record, now);
  const refuse = (why: string): never => {
    throw new ConflictError(`${why} (the assessor is ${from.replace('_', ' ')})`, 'certification_transition');
  };
  const requireText = (field: string, text: string) => {
    if (!text.trim()) throw new InvalidError(field, 'a written reason is required');
  };
  const certify = (status: 'qualified' | 'probation', version: number): CertificationRecord => ({
    status,
    round: 1,
    failedInRound: 0,
    remediationAssigned: false,
    certifiedVersion: version,
    certifiedAt: now,
    expiresAt: addMonths(now, policy.certificationMonths),
  });
  const step = (next: CertificationRecord, action: string): CertificationStep => ({ record: next, from, to: next.status, action });

  switch (event.type) {
    case 'start_qualifying':
      if (from === 'in_training' || from === 'expired') return step({ ...NEW_CERTIFICATION, status: 'qualifying' }, 'qualifying_started');
      if (from === 'qualifying') return step(record, 'qualifying_set_started');
      return refuse('a qualifying set can be started in training, while qualifying, or after expiry');
    case 'qualifying_result':
      if (from !== 'qualifying') return refuse('only an assessor who is qualifying has qualifying results');
      if (event.passed) return step(certify('qualified', event.version), `set_${nextSetLabel(record)}_passed`);
      if (record.round >= 2) return step({ ...record, status: 'removed', failedInRound: record.failedInRound + 1 }, 'set_C_failed');
      if (record.failedInRound === 0) return step({ ...record, failedInRound: 1 }, 'set_A_failed');
      return step({ ...record, status: 'not_qualified', failedInRound: 2, remediationAssigned: false }, 'set_B_failed');
    case 'calibration_result': {
      if (from !== 'qualified' && from !== 'probation' && from !== 'recalibration_required' && from !== 'suspended') {
        return refuse('only a certified assessor takes a calibration set');
      }
      if (!event.passed) return step(record, 'calibration_failed');
      const certifiedVersion = Math.max(event.version, record.certifiedVersion ?? 0);
      if (from === 'recalibration_required') return step({ ...withoutPause(record), status: record.heldStatus ?? 'qualified', certifiedVersion }, 'recalibration_passed');
      if (from === 'suspended') return step({ ...record, certifiedVersion, recalibrationPending: false }, 'calibration_passed');
      return step({ ...record, certifiedVersion }, 'calibration_passed');
    }
    case 'remediation':
      requireText('note', event.note);
      if (from !== 'not_qualified') return refuse('remediation is assigned to an assessor who is not qualified');
      return step({ ...record, remediationAssigned: true }, 'remediation_assigned');
    case 'extra_round':
      if (from !== 'not_qualified') return refuse('an extra round is opened for an assessor who is not qualified');
      if (record.round >= 2) return refuse('the extra round was already taken');
      if (!record.remediationAssigned) return refuse('assign remediation before opening the extra round');
      return step({ ...record, status: 'qualifying', round: 2, failedInRound: 0 }, 'extra_round_opened');
    case 'probation':
      requireText('reason', event.reason);
      if (!['qualifying', 'not_qualified', 'expired'].includes(from)) return refuse('probation is for an assessor who is qualifying, not qualified or expired');
      return step(certify('probation', event.version), 'certified_on_probation');
    case 'override':
      requireText('reason', event.reason);
      if (event.status === 'qualified' || event.status === 'probation') return step(certify(event.status, event.version), 'override');
      if (event.status === 'in_training') return step({ ...NEW_CERTIFICATION }, 'override');
      return step({ ...withoutPause(record), status: event.status }, 'override');
    case 'expire':
      if (from !== 'expired' || record.status === 'expired') return refuse('only a certification past its end expires');
      return step({ ...withoutPause(record), status: 'expired' }, 'expired');
    case 'require_recalibration':
      requireText('reason', event.reason);
      if (from === 'recalibration_required') return step(record, 'recalibration_already_required');
      if (from === 'suspended') return step({ ...record, recalibrationPending: true }, 'recalibration_required_while_suspended');
      if (from !== 'qualified' && from !== 'probation') return refuse('only a certified assessor is required to recalibrate');
      return step({ ...record, status: 'recalibration_required', heldStatus: from, recalibrationPending: true }, `recalibration_required_${event.rule}`);
    case 'suspend':
      requireText('reason', event.reason);
      if (from !== 'qualified' && from !== 'probation' && from !== 'recalibration_required') {
        return refuse('only a certified assessor, or one required to recalibrate, is suspended');
      }
      return step(
        {
          ...record,
          status: 'suspended',
          heldStatus: from === 'recalibration_required' ? (record.heldStatus ?? 'qualified') : from,
          recalibrationPending: from === 'recalibration_required' || record.recalibrationPending === true,
        },
        'suspended',
      );
    case 'lift':
      requireText('reason', event.reason);
      if (from !== 'suspended') return refuse('only a suspended assessor has a pause to lift');
      if (record.recalibrationPending === true) return step({ ...record, status: 'recalibration_required' }, 'suspension_lifted');
      return step({ ...withoutPause(record), status: record.heldStatus ?? 'qualified' }, 'suspension_lifted');
  }
}

/** The record without the fields of a pause. */
function withoutPause(record: CertificationRecord): CertificationRecord {
  const { heldStatus: _heldStatus, recalibrationPending: _recalibrationPending, ...rest } = record;
  return rest;
}

/** Whether an assessor may be drawn as a reader, and if not, why (for the pool view). */
export interface Eligibility {
  eligible: boolean;
  reason: string;
}

/**
 * Roles that see earners' identities or other readers' scores: a person who holds one is never
 * drawn as a reader, whatever else they hold (separation of duties). An adjudicator sees readers'
 * scores only of cases they did not read, so adjudicating does not bar reading.
 */
export const UNBLINDED_ROLES: readonly string[] = ['admin', 'researcher', 'designer', 'trainer'];

export interface EligibilityInput {
  /** every role the person holds */
  roles: readonly string[];
  record: CertificationRecord;
  now: string;
  /** the credential requires certification of its readers */
  required: boolean;
  /** the rubric version being read */
  version: number;
  /** rows of that version changed since the assessor's certified version (empty when none or unknown) */
  changedRows: readonly string[];
  /** the version has a calibration pool to calibrate the changed rows on */
  calibrationAvailable: boolean;
  /** an administrator disabled the account */
  disabled?: boolean;
}

/**
 * Who may be drawn for a credential's live windows. A disabled account never is; a removed assessor never is, nor one whose
 * live queue monitoring paused (`recalibration_required`, `suspended`). When the
 * credential requires certification, only `qualified` and `probation` assessors are, and when
 * the version changed rows since their certification and material exists for them, only after a
 * calibration set on those rows.
 */
export function eligibility(input: EligibilityInput): Eligibility {
  if (input.disabled === true) return { eligible: false, reason: 'account disabled by an administrator' };
  const unblinded = UNBLINDED_ROLES.filter((role) => input.roles.includes(role));
  if (unblinded.length > 0) {
    const list = unblinded.join(' and ');
    return { eligible: false, reason: `also holds the ${list} role${unblinded.length > 1 ? 's' : ''}, which see${unblinded.length > 1 ? '' : 's'} earners and other readers' scores: never drawn as a reader (separation of duties)` };
  }
  const status = currentStatus(input.record, input.now);
  if (status === 'removed') return { eligible: false, reason: 'removed from this credential' };
  if (status === 'recalibration_required') return { eligible: false, reason: 'live queue paused: recalibration required until a calibration set is passed' };
  if (status === 'suspended') return { eligible: false, reason: 'live queue paused: suspended by a trainer' };
  if (!input.required) return { eligible: true, reason: 'the credential does not require certification' };
  if (status !== 'qualified' && status !== 'probation') return { eligible: false, reason: `not certified: ${status.replace('_', ' ')}` };
  if (input.changedRows.length > 0 && input.calibrationAvailable) {
    return { eligible: false, reason: `calibration set required on the rows changed in version ${input.version}: ${input.changedRows.join(', ')}` };
  }
  return { eligible: true, reason: status === 'probation' ? 'certified on probation' : 'certified' };
}

/** A rubric version's rows, with whether each was carried over unchanged from the version before. */
export interface VersionRows {
  version: number;
  rows: ReadonlyArray<{ key: string; carriedOver: boolean }>;
}

/**
 * The rows of version `to` that changed since version `from`: a row is unchanged only when every
 * version after `from` up to `to` carried it over. All rows of `to` when `from` is null.
 */
export function changedRowsSince(versions: readonly VersionRows[], from: number | null, to: number): string[] {
  const target = versions.find((version) => version.version === to);
  if (!target) return [];
  if (from === null) return target.rows.map((row) => row.key);
  if (from >= to) return [];
  const later = versions.filter((version) => version.version > from && version.version <= to);
  return target.rows
    .filter((row) => later.some((version) => !version.rows.some((other) => other.key === row.key && other.carriedOver)))
    .map((row) => row.key);
}

/** What the trainer or assessor should do next, in a few words. */
export function nextAction(record: CertificationRecord, now: string): string {
  const status = currentStatus(record, now);
  switch (status) {
    case 'in_training':
      return 'study the anchors and practice, then take qualifying set A';
    case 'qualifying':
      return `take qualifying set ${nextSetLabel(record)}`;
    case 'qualified':
    case 'probation':
      return `certified until ${record.expiresAt?.slice(0, 10) ?? 'further notice'}`;
    case 'not_qualified':
      return record.round >= 2
        ? 'certify on probation or remove'
        : record.remediationAssigned
          ? 'open the extra round, or certify on probation'
          : 'assign remediation (the practice set and a note), or certify on probation';
    case 'removed':
      return 'removed: only a trainer override with a written reason undoes it';
    case 'expired':
      return 'certification expired: take a qualifying set again';
    case 'recalibration_required':
      return 'pass a calibration set to resume live scoring';
    case 'suspended':
      return record.recalibrationPending === true ? 'suspended: a trainer lifts the pause, then a calibration set is required' : 'suspended: a trainer lifts the pause';
  }
}

/** `iso` plus whole calendar months (the day clamped to the month's last). */
export function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.toISOString();
}
