import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';

/** What eligibility needs to know of a submission; null when it does not exist. */
export interface AdjudicationCandidate {
  /** the window moved to adjudication with this submission's readers disagreeing on some row */
  needsAdjudication: boolean;
  /** the study window it belongs to; null outside any study */
  windowId: number | null;
}

export interface AdjudicatorEligibilityInput<Candidate extends AdjudicationCandidate = AdjudicationCandidate> {
  submissionId: number;
  submission: Candidate | null;
  /** the would-be adjudicator was assigned to read the submission */
  assignedToCaller: boolean;
  /** the would-be adjudicator scored the submission */
  scoredByCaller: boolean;
  /** the would-be adjudicator declared a conflict of interest with the earner's organisation */
  conflictWithEarner: boolean;
}

/**
 * Whether someone may see and adjudicate a submission: it must be a study submission awaiting
 * adjudication (else a NotFoundError, `no_adjudication_case`), and never one the person was
 * assigned to or scored: a reader does not judge their own disagreement (ForbiddenError,
 * `own_submission`), nor one whose earner's organisation they declared a conflict of interest
 * with, as for readers (ForbiddenError, `conflict_of_interest`). The adjudication queue applies
 * the same rules in its query. Returns the submission.
 */
export function adjudicationCaseOrThrow<Candidate extends AdjudicationCandidate>(input: AdjudicatorEligibilityInput<Candidate>): Candidate {
  const { submission, submissionId } = input;
  if (!submission || !submission.needsAdjudication || submission.windowId === null) {
    throw new NotFoundError(`submission ${submissionId} is not awaiting adjudication`, 'no_adjudication_case');
  }
  if (input.assignedToCaller || input.scoredByCaller) {
    throw new ForbiddenError(`you read submission ${submissionId}: another evaluator must adjudicate it`, 'own_submission');
  }
  if (input.conflictWithEarner) {
    throw new ForbiddenError(`you declared a conflict of interest with the organisation of submission ${submissionId}'s earner: another evaluator must adjudicate it`, 'conflict_of_interest');
  }
  return submission;
}

/** A submission is adjudicated once: a second adjudication is a ConflictError (`already_adjudicated`). */
export function assertNotAdjudicated(submissionId: number, alreadyAdjudicated: boolean): void {
  if (alreadyAdjudicated) throw new ConflictError(`submission ${submissionId} is already adjudicated`, 'already_adjudicated');
}

/** How long a claimed case stays with its adjudicator before the queue offers it to others. */
export const ADJUDICATION_CLAIM_MINUTES = 30;

/** When a claim made at `claimedAt` (ISO 8601) lapses. */
export function claimLapsesAt(claimedAt: string): string {
  return new Date(Date.parse(claimedAt) + ADJUDICATION_CLAIM_MINUTES * 60_000).toISOString();
}

/** Who holds a case, as the queue records it. */
export interface CaseClaim {
  claimedById: number | null;
  /** ISO 8601; the claim holds until then */
  claimedUntil: string | null;
}

/**
 * A case claimed by another adjudicator is theirs until the claim lapses: recording it meanwhile
 * is a ConflictError (`claimed_by_another`). Unclaimed cases, the caller's own and lapsed claims pass.
 */
export function assertNotClaimedByAnother(submissionId: number, claim: CaseClaim, adjudicatorId: number, now: string): void {
  if (claim.claimedById === null || claim.claimedById === adjudicatorId || claim.claimedUntil === null || claim.claimedUntil <= now) return;
  throw new ConflictError(`submission ${submissionId} is claimed by another adjudicator until ${claim.claimedUntil}`, 'claimed_by_another');
}
