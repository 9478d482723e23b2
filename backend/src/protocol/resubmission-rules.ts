import { ConflictError, InvalidError } from './errors.js';

/** What the resubmission rule needs to know of the submission a resubmission names. */
export interface ResubmissionCandidate {
  /** the submission this one resubmits, when it is itself a resubmission */
  resubmissionOfId: number | null;
  /** the submission that already resubmits it, if any */
  resubmittedById: number | null;
  /** its final pass/fail decision, or null while it has none */
  decision: 'pass' | 'fail' | null;
}

/**
 * Whether a submission may be resubmitted, and the decision it is resubmitted after. One
 * resubmission per submission, never of a resubmission, and only once the submission has a
 * final result.
 *
 * `candidate` is null when `originalId` is not a submission of the credential: that is an
 * InvalidError on `resubmissionOf`. Otherwise a ConflictError with code `is_resubmission`,
 * `already_resubmitted` or `no_result_yet`, checked in that order.
 */
export function resubmittedDecisionOrThrow(
  credentialId: number,
  originalId: number,
  candidate: ResubmissionCandidate | null,
): 'pass' | 'fail' {
  if (!candidate) throw new InvalidError('resubmissionOf', `submission ${originalId} is not a submission of credential ${credentialId}`);
  if (candidate.resubmissionOfId !== null) {
    throw new ConflictError(
      `submission ${originalId} is itself the resubmission of submission ${candidate.resubmissionOfId}: one resubmission is allowed`,
      'is_resubmission',
    );
  }
  if (candidate.resubmittedById !== null) {
    throw new ConflictError(`submission ${originalId} was resubmitted already, as submission ${candidate.resubmittedById}`, 'already_resubmitted');
  }
  if (candidate.decision === null) {
    throw new ConflictError(`submission ${originalId} has no final result yet: it can be resubmitted once it has`, 'no_result_yet');
  }
  return candidate.decision;
}
