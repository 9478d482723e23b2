import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidError } from './errors.js';
import { resubmittedDecisionOrThrow, type ResubmissionCandidate } from './resubmission-rules.js';

const failed: ResubmissionCandidate = { resubmissionOfId: null, resubmittedById: null, decision: 'fail' };

function errorOf(candidate: ResubmissionCandidate | null): unknown {
  try {
    resubmittedDecisionOrThrow(2, 11, candidate);
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('resubmittedDecisionOrThrow(credentialId, originalId, candidate)', () => {
  it('allows one resubmission of a submission with a final result, returning that result', () => {
    expect(resubmittedDecisionOrThrow(2, 11, failed)).toBe('fail');
    expect(resubmittedDecisionOrThrow(2, 11, { ...failed, decision: 'pass' })).toBe('pass');
  });

  it('refuses a submission of another credential as invalid, on the resubmissionOf field', () => {
    const error = errorOf(null) as InvalidError;
    expect(error).toBeInstanceOf(InvalidError);
    expect(error.issues).toEqual([{ field: 'resubmissionOf', message: 'submission 11 is not a submission of credential 2' }]);
  });

  it.each([
    [{ ...failed, resubmissionOfId: 4, resubmittedById: 12, decision: null }, 'is_resubmission', 'submission 11 is itself the resubmission of submission 4: one resubmission is allowed'],
    [{ ...failed, resubmittedById: 12, decision: null }, 'already_resubmitted', 'submission 11 was resubmitted already, as submission 12'],
    [{ ...failed, decision: null }, 'no_result_yet', 'submission 11 has no final result yet: it can be resubmitted once it has'],
  ] as const)('refuses with a conflict, in order of precedence (%#)', (candidate, code, message) => {
    const error = errorOf(candidate) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });
});
