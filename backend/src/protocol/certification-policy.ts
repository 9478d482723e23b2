import { InvalidError, throwIfIssues, type FieldIssue } from './errors.js';

/**
 * The numbers of assessor certification, configurable per credential. The defaults follow the
 * practice of large scoring programmes: exact-agreement thresholds by scale length (the NAEP
 * convention), sets of 10, two attempts, certification for 12 months.
 */
export interface CertificationPolicy {
  /** per-row exact-agreement threshold t(k) for rows of 2, 3, and 4 or more levels */
  exactThresholds: { two: number; three: number; fourOrMore: number };
  /** a row's own exact agreement may fall at most this far below t(k) (0.2 = 20 points) */
  rowFloorMargin: number;
  /** rows of 3 or more levels: at most this many misses by 2 or more levels in one set */
  maxNonAdjacentMisses: number;
  /** items in a qualifying set and in a calibration set */
  setSize: number;
  /** items in the practice pool */
  practiceSize: number;
  /** anchor exemplars per level of every row */
  anchorsPerLevel: number;
  /** items in a qualifying or calibration set that were disagreed or adjudicated live */
  minBorderline: number;
  /** months a certification lasts */
  certificationMonths: number;
  /** how the items left after anchors and practice are shared among the other pools */
  poolShares: { qualifying: number; calibration: number; validity: number };
}

export const DEFAULT_CERTIFICATION_POLICY: CertificationPolicy = Object.freeze({
  exactThresholds: Object.freeze({ two: 0.9, three: 0.8, fourOrMore: 0.7 }),
  rowFloorMargin: 0.2,
  maxNonAdjacentMisses: 1,
  setSize: 10,
  practiceSize: 5,
  anchorsPerLevel: 2,
  minBorderline: 2,
  certificationMonths: 12,
  poolShares: Object.freeze({ qualifying: 2, calibration: 1, validity: 1 }),
}) as CertificationPolicy;

/** A policy as requested: any part left out keeps its current value. */
export interface CertificationPolicyChange {
  exactThresholds?: Partial<CertificationPolicy['exactThresholds']>;
  rowFloorMargin?: number;
  maxNonAdjacentMisses?: number;
  setSize?: number;
  practiceSize?: number;
  anchorsPerLevel?: number;
  minBorderline?: number;
  certificationMonths?: number;
  poolShares?: Partial<CertificationPolicy['poolShares']>;
}

/** t(k): the exact-agreement threshold of a row with `levels` levels. */
export function exactThreshold(levels: number, policy: CertificationPolicy = DEFAULT_CERTIFICATION_POLICY): number {
  if (levels <= 2) return policy.exactThresholds.two;
  if (levels === 3) return policy.exactThresholds.three;
  return policy.exactThresholds.fourOrMore;
}

/**
 * The policy that results from applying `change` to `current`, checked as a whole: rates in
 * [0, 1], counts whole and in range, shares not all zero. Throws one InvalidError naming every
 * field (`exactThresholds.two`, `setSize`, ...) that is out of range.
 */
export function certificationPolicyOrThrow(change: CertificationPolicyChange, current: CertificationPolicy = DEFAULT_CERTIFICATION_POLICY): CertificationPolicy {
  const policy: CertificationPolicy = {
    ...current,
    ...stripUndefined(change),
    exactThresholds: { ...current.exactThresholds, ...stripUndefined(change.exactThresholds ?? {}) },
    poolShares: { ...current.poolShares, ...stripUndefined(change.poolShares ?? {}) },
  };
  const issues: FieldIssue[] = [];
  const rate = (field: string, value: number) => {
    if (!Number.isFinite(value) || value < 0 || value > 1) issues.push({ field, message: 'must be a proportion between 0 and 1' });
  };
  const whole = (field: string, value: number, minimum: number, maximum: number) => {
    if (!Number.isInteger(value) || value < minimum || value > maximum) issues.push({ field, message: `must be a whole number from ${minimum} to ${maximum}` });
  };
  rate('exactThresholds.two', policy.exactThresholds.two);
  rate('exactThresholds.three', policy.exactThresholds.three);
  rate('exactThresholds.fourOrMore', policy.exactThresholds.fourOrMore);
  rate('rowFloorMargin', policy.rowFloorMargin);
  whole('maxNonAdjacentMisses', policy.maxNonAdjacentMisses, 0, 100);
  whole('setSize', policy.setSize, 1, 100);
  whole('practiceSize', policy.practiceSize, 0, 100);
  whole('anchorsPerLevel', policy.anchorsPerLevel, 0, 20);
  whole('minBorderline', policy.minBorderline, 0, 100);
  whole('certificationMonths', policy.certificationMonths, 1, 120);
  for (const pool of ['qualifying', 'calibration', 'validity'] as const) whole(`poolShares.${pool}`, policy.poolShares[pool], 0, 100);
  if (policy.minBorderline > policy.setSize) issues.push({ field: 'minBorderline', message: 'cannot exceed setSize' });
  if (policy.poolShares.qualifying === 0) issues.push({ field: 'poolShares.qualifying', message: 'the qualifying pool needs a share' });
  throwIfIssues(issues);
  return policy;
}

/** The stored policy of a credential (JSON, or null for the defaults), read back. */
export function parseCertificationPolicy(stored: string | null): CertificationPolicy {
  if (stored === null) return DEFAULT_CERTIFICATION_POLICY;
  try {
    return certificationPolicyOrThrow(JSON.parse(stored) as CertificationPolicyChange);
  } catch (error) {
    if (error instanceof InvalidError) throw error;
    throw new InvalidError('certificationPolicy', 'the stored policy is not valid JSON');
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
