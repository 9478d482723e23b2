import { DEFAULT_CERTIFICATION_POLICY, type CertificationPolicy } from './certification-policy.js';
import { ConflictError, InvalidError } from './errors.js';

/**
 * Where an assessor stands with a credential:
 * `in_training -> qualifying -> qualified | probation | not_qualified -> removed | expired`.
 */
export const CERTIFICATION_STATUSES = ['in_training', 'qualifying', 'qualified', 'probation', 'not_qualified', 'removed', 'expired'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];

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
  | { type: 'expire' };

export interface CertificationStep {
  record: CertificationRecord;
  from: CertificationStatus;
  to: CertificationStatus;
  /** what happened, as the audit log and the timeline name it */
  action: string;
}

/** The status in force at `now`: a qualified or probation certification past its end is expired. */
export function currentStatus(record: CertificationRecord, now: string): CertificationStatus {
  if ((record.status === 'qualified' || record.status === 'probation') && record.expiresAt !== null && record.expiresAt <= now) return 'expired';
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
 * on. Throws ConflictError (`certification_transition`) for an event the status does not allow,
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
    case 'calibration_result':
      if (from !== 'qualified' && from !== 'probation') return refuse('only a certified assessor takes a calibration set');
      if (!event.passed) return step(record, 'calibration_failed');
      return step({ ...record, certifiedVersion: Math.max(event.version, record.certifiedVersion ?? 0) }, 'calibration_passed');
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
      return step({ ...record, status: event.status }, 'override');
    case 'expire':
      if (from !== 'expired' || record.status === 'expired') return refuse('only a certification past its end expires');
      return step({ ...record, status: 'expired' }, 'expired');
  }
}

/** Whether an assessor may be drawn as a reader, and if not, why (for the pool view). */
export interface Eligibility {
  eligible: boolean;
  reason: string;
}

export interface EligibilityInput {
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
}

/**
 * Who may be drawn for a credential's live windows. A removed assessor never is. When the
 * credential requires certification, only `qualified` and `probation` assessors are, and when
 * the version changed rows since their certification and material exists for them, only after a
 * calibration set on those rows.
 */
export function eligibility(input: EligibilityInput): Eligibility {
  const status = currentStatus(input.record, input.now);
  if (status === 'removed') return { eligible: false, reason: 'removed from this credential' };
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
