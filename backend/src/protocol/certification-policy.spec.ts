import { describe, expect, it } from 'vitest';
import {
  certificationPolicyOrThrow,
  DEFAULT_CERTIFICATION_POLICY,
  exactThreshold,
  parseCertificationPolicy,
  type CertificationPolicy,
  type CertificationPolicyChange,
} from './certification-policy.js';
import { InvalidError } from './errors.js';

function invalidOf(run: () => unknown): InvalidError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidError) return error;
    throw error;
  }
  throw new Error('expected an InvalidError');
}

describe('DEFAULT_CERTIFICATION_POLICY', () => {
  it('follows the large scoring programmes: 90/80/70 by scale length, sets of 10, 12 months, shares 2:1:1', () => {
    expect(DEFAULT_CERTIFICATION_POLICY).toEqual({
      exactThresholds: { two: 0.9, three: 0.8, fourOrMore: 0.7 },
      rowFloorMargin: 0.2,
      maxNonAdjacentMisses: 1,
      setSize: 10,
      practiceSize: 5,
      anchorsPerLevel: 2,
      minBorderline: 2,
      certificationMonths: 12,
      poolShares: { qualifying: 2, calibration: 1, validity: 1 },
    });
  });

  it('is frozen, its nested parts too, so no caller can change the defaults of everyone', () => {
    expect(Object.isFrozen(DEFAULT_CERTIFICATION_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CERTIFICATION_POLICY.exactThresholds)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CERTIFICATION_POLICY.poolShares)).toBe(true);
  });

  it('passes its own check unchanged', () => {
    expect(certificationPolicyOrThrow({})).toEqual(DEFAULT_CERTIFICATION_POLICY);
  });
});

describe('exactThreshold(levels, policy)', () => {
  it.each([
    [1, 0.9],
    [2, 0.9],
    [3, 0.8],
    [4, 0.7],
    [5, 0.7],
    [9, 0.7],
  ])('gives t(%i) = %f by default', (levels, threshold) => {
    expect(exactThreshold(levels)).toBe(threshold);
  });

  it('reads the thresholds of the policy given', () => {
    const policy = certificationPolicyOrThrow({ exactThresholds: { two: 0.95, three: 0.85, fourOrMore: 0.75 } });
    expect([2, 3, 4, 6].map((levels) => exactThreshold(levels, policy))).toEqual([0.95, 0.85, 0.75, 0.75]);
  });
});

describe('certificationPolicyOrThrow(change, current)', () => {
  it('keeps every part left out, inside the nested thresholds and shares too', () => {
    const policy = certificationPolicyOrThrow({ setSize: 12, exactThresholds: { three: 0.75 }, poolShares: { validity: 2 } });
    expect(policy).toEqual({
      ...DEFAULT_CERTIFICATION_POLICY,
      setSize: 12,
      exactThresholds: { two: 0.9, three: 0.75, fourOrMore: 0.7 },
      poolShares: { qualifying: 2, calibration: 1, validity: 2 },
    });
  });

  it('treats a part given as undefined as left out', () => {
    const change: CertificationPolicyChange = { setSize: undefined, exactThresholds: { two: undefined }, poolShares: { qualifying: undefined } };
    expect(certificationPolicyOrThrow(change)).toEqual(DEFAULT_CERTIFICATION_POLICY);
  });

  it('applies the change to the current policy, not to the defaults', () => {
    const current = certificationPolicyOrThrow({ setSize: 20, minBorderline: 4, exactThresholds: { two: 1 } });
    const next = certificationPolicyOrThrow({ practiceSize: 8 }, current);
    expect(next).toEqual({ ...current, practiceSize: 8 });
    expect(next.exactThresholds.two).toBe(1);
  });

  it('never changes the current policy it starts from', () => {
    const current: CertificationPolicy = structuredClone(DEFAULT_CERTIFICATION_POLICY);
    certificationPolicyOrThrow({ setSize: 15, exactThresholds: { two: 0.5 }, poolShares: { calibration: 3 } }, current);
    expect(current).toEqual(DEFAULT_CERTIFICATION_POLICY);
  });

  it.each<[string, CertificationPolicyChange, string, string]>([
    ['a threshold above 1', { exactThresholds: { two: 1.2 } }, 'exactThresholds.two', 'must be a proportion between 0 and 1'],
    ['a negative threshold', { exactThresholds: { three: -0.1 } }, 'exactThresholds.three', 'must be a proportion between 0 and 1'],
    ['a threshold that is not a number', { exactThresholds: { fourOrMore: Number.NaN } }, 'exactThresholds.fourOrMore', 'must be a proportion between 0 and 1'],
    ['a floor margin above 1', { rowFloorMargin: 2 }, 'rowFloorMargin', 'must be a proportion between 0 and 1'],
    ['a fractional allowance of misses', { maxNonAdjacentMisses: 1.5 }, 'maxNonAdjacentMisses', 'must be a whole number from 0 to 100'],
    ['an empty set', { setSize: 0, minBorderline: 0 }, 'setSize', 'must be a whole number from 1 to 100'],
    ['a set of more than 100', { setSize: 101 }, 'setSize', 'must be a whole number from 1 to 100'],
    ['a negative practice size', { practiceSize: -1 }, 'practiceSize', 'must be a whole number from 0 to 100'],
    ['more than 20 anchors per level', { anchorsPerLevel: 21 }, 'anchorsPerLevel', 'must be a whole number from 0 to 20'],
    ['a certification of 0 months', { certificationMonths: 0 }, 'certificationMonths', 'must be a whole number from 1 to 120'],
    ['a certification of more than 10 years', { certificationMonths: 121 }, 'certificationMonths', 'must be a whole number from 1 to 120'],
    ['a fractional share', { poolShares: { calibration: 0.5 } }, 'poolShares.calibration', 'must be a whole number from 0 to 100'],
    ['a negative share', { poolShares: { validity: -1 } }, 'poolShares.validity', 'must be a whole number from 0 to 100'],
    ['more borderline items than a set holds', { setSize: 5, minBorderline: 6 }, 'minBorderline', 'cannot exceed setSize'],
    ['no share for the qualifying pool', { poolShares: { qualifying: 0 } }, 'poolShares.qualifying', 'the qualifying pool needs a share'],
  ])('refuses %s', (_, change, field, message) => {
    const error = invalidOf(() => certificationPolicyOrThrow(change));
    expect(error.issues).toEqual([{ field, message }]);
  });

  it('accepts the edges of every range', () => {
    const low = { exactThresholds: { two: 0, three: 0, fourOrMore: 0 }, rowFloorMargin: 0, maxNonAdjacentMisses: 0, setSize: 1 };
    expect(() => certificationPolicyOrThrow({ ...low, practiceSize: 0, anchorsPerLevel: 0, minBorderline: 0, certificationMonths: 1 })).not.toThrow();
    const high = { exactThresholds: { two: 1, three: 1, fourOrMore: 1 }, rowFloorMargin: 1, maxNonAdjacentMisses: 100, setSize: 100 };
    expect(() => certificationPolicyOrThrow({ ...high, practiceSize: 100, anchorsPerLevel: 20, minBorderline: 100, certificationMonths: 120 })).not.toThrow();
    expect(() => certificationPolicyOrThrow({ poolShares: { qualifying: 1, calibration: 0, validity: 0 } })).not.toThrow();
  });

  it('names every field out of range in one error', () => {
    const error = invalidOf(() =>
      certificationPolicyOrThrow({ exactThresholds: { two: 2, fourOrMore: -1 }, setSize: 0, minBorderline: 3, poolShares: { qualifying: 0, validity: 1.5 } }),
    );
    expect(error.issues.map((issue) => issue.field)).toEqual([
      'exactThresholds.two',
      'exactThresholds.fourOrMore',
      'setSize',
      'poolShares.validity',
      'minBorderline',
      'poolShares.qualifying',
    ]);
    expect(error.message).toBe('6 invalid fields: exactThresholds.two, exactThresholds.fourOrMore, setSize, poolShares.validity, minBorderline, poolShares.qualifying');
  });

  it('refuses a value of the wrong type as stored JSON may carry it', () => {
    const error = invalidOf(() => certificationPolicyOrThrow({ setSize: '10', rowFloorMargin: '0.2' } as unknown as CertificationPolicyChange));
    expect(error.issues.map((issue) => issue.field)).toEqual(['rowFloorMargin', 'setSize']);
  });
});

describe('parseCertificationPolicy(stored)', () => {
  it('reads null as the defaults', () => {
    expect(parseCertificationPolicy(null)).toBe(DEFAULT_CERTIFICATION_POLICY);
  });

  it('reads a stored change over the defaults', () => {
    expect(parseCertificationPolicy('{"setSize":12,"exactThresholds":{"three":0.75}}')).toEqual({
      ...DEFAULT_CERTIFICATION_POLICY,
      setSize: 12,
      exactThresholds: { two: 0.9, three: 0.75, fourOrMore: 0.7 },
    });
  });

  it('reads back a whole policy it stored', () => {
    const policy = certificationPolicyOrThrow({ setSize: 14, minBorderline: 3, poolShares: { calibration: 2 } });
    expect(parseCertificationPolicy(JSON.stringify(policy))).toEqual(policy);
  });

  it('refuses text that is not JSON as an invalid certificationPolicy', () => {
    const error = invalidOf(() => parseCertificationPolicy('{setSize: 12'));
    expect(error.issues).toEqual([{ field: 'certificationPolicy', message: 'the stored policy is not valid JSON' }]);
  });

  it('refuses a stored policy out of range naming its field, not as JSON', () => {
    const error = invalidOf(() => parseCertificationPolicy('{"setSize":101}'));
    expect(error.issues).toEqual([{ field: 'setSize', message: 'must be a whole number from 1 to 100' }]);
  });
});
