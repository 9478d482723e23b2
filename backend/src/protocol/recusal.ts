import { normaliseOrganisation } from './assignment-planning.js';

/** An assessor who might take over a recused reader's assignment. */
export interface ReplacementCandidate {
  assessorId: number;
  /** may read the submission's rubric version (certification and separation of duties) */
  eligible: boolean;
  /** unscored assignments the assessor carries now */
  load: number;
  /** organisations the assessor has a conflict of interest with */
  conflictOrganisations: readonly string[];
}

export interface RecusalInput {
  /** the earner's organisation of the submission */
  earnerOrganisation: string;
  /** everyone assigned to the submission, the recused reader included */
  assignedAssessorIds: readonly number[];
  candidates: readonly ReplacementCandidate[];
}

/** Whether a person's conflicts of interest include the earner's organisation (compared normalised). */
export function conflictsWith(conflictOrganisations: readonly string[], earnerOrganisation: string | null): boolean {
  if (!earnerOrganisation) return false;
  const organisation = normaliseOrganisation(earnerOrganisation);
  return organisation !== '' && conflictOrganisations.some((declared) => normaliseOrganisation(declared) === organisation);
}

/**
 * Who takes over the assignment of a reader who declared a conflict with the earner's
 * organisation after being drawn: an eligible assessor not already assigned to the submission and
 * without a conflict of their own, the least loaded, then the lowest id (so every instance chooses
 * alike). Null when nobody qualifies.
 *
 * @example replacementReader({ earnerOrganisation: 'Globex', assignedAssessorIds: [1, 2],
 *   candidates: [{ assessorId: 3, eligible: true, load: 4, conflictOrganisations: [] }] }) // 3
 */
export function replacementReader(input: RecusalInput): number | null {
  const assigned = new Set(input.assignedAssessorIds);
  const open = input.candidates
    .filter((candidate) => candidate.eligible && !assigned.has(candidate.assessorId) && !conflictsWith(candidate.conflictOrganisations, input.earnerOrganisation))
    .sort((left, right) => left.load - right.load || left.assessorId - right.assessorId);
  return open[0]?.assessorId ?? null;
}

/**
 * Why a reader can no longer score their open assignments: the account was disabled, the assessor
 * role taken away, the certification for the credential removed, or the live queue paused
 * (`recalibration_required` after monitoring, or `suspended` by a trainer).
 */
export type WithdrawalReason = 'account_disabled' | 'assessor_role_removed' | 'unblinded_role_added' | 'certification_removed' | 'queue_paused';

/**
 * Whether an open assignment of a withdrawn reader passes to another reader (`replacementReader`):
 * always, but for a paused queue, where only the assignments of a validation study pass on (the
 * study's double-blind pairs cannot wait for a recalibration that may take weeks); live
 * assignments wait in the paused queue for the reader's return.
 *
 * @example passesOn('queue_paused', false) // false: a live assignment waits for the pause to end
 */
export function passesOn(reason: WithdrawalReason, inStudy: boolean): boolean {
  return reason !== 'queue_paused' || inStudy;
}
