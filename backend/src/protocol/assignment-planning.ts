import { ConflictError, InvalidError } from './errors.js';
import { seededRandom, shuffled } from './seeded-random.js';

/** A submission to be assigned, in arrival order. */
export interface SubmissionToAssign {
  /** what the caller uses to recognise the submission in the plan (e.g. its id) */
  submissionKey: number;
  /** the submission's position in the study (1, 2, ...); with the seed it fixes the random draw */
  sequence: number;
  /** the earner's organisation; an assessor who declared a conflict with it is never drawn */
  earnerOrganisation: string | null;
}

/** An assessor who may be drawn, with the assignments already carried and the declared conflicts. */
export interface PoolAssessor {
  assessorId: number;
  load: number;
  /** organisations the assessor declared a conflict of interest with */
  conflictOrganisations: readonly string[];
}

export interface PlanAssignmentsInput {
  submissions: readonly SubmissionToAssign[];
  pool: readonly PoolAssessor[];
  readersPerSubmission: number;
  seed: number | string;
}

export interface PlannedAssignment {
  submissionKey: number;
  /** distinct assessors in reader-slot order: the first is reader A, the second reader B, ... */
  assessorIds: number[];
}

export interface AssignmentPlan {
  assignments: PlannedAssignment[];
  /** each pool assessor's load after the plan, keyed by assessor id */
  loads: Map<number, number>;
}

/**
 * Plans which assessors read which submissions.
 *
 * For each submission in the order given: the eligible assessors (those without a declared
 * conflict with the earner's organisation) are shuffled with a generator seeded by
 * `${seed}/${sequence}`, then stably sorted by current load, and the first `readersPerSubmission`
 * are drawn. Hence the plan is reproducible from the seed, an assessor never reads a submission
 * twice, and loads stay balanced: with no conflicts, max minus min load never exceeds one when
 * it did not before. Planning submissions one at a time (feeding the loads back) gives the same
 * plan as planning them together, so a service can plan each submission as it arrives.
 *
 * Throws an InvalidError for fewer than one reader, and a ConflictError (`not_enough_assessors`)
 * when a submission has fewer eligible assessors than readers.
 *
 * Cost: O(s * p log p) for s submissions and a pool of p assessors.
 */
export function planAssignments(input: PlanAssignmentsInput): AssignmentPlan {
  const { readersPerSubmission } = input;
  if (!Number.isInteger(readersPerSubmission) || readersPerSubmission < 1) {
    throw new InvalidError('readersPerSubmission', 'readers per submission must be a whole number of at least one');
  }
  const pool = [...input.pool].sort((left, right) => left.assessorId - right.assessorId);
  const seenAssessors = new Set<number>();
  for (const assessor of pool) {
    if (seenAssessors.has(assessor.assessorId)) {
      throw new InvalidError('pool', `assessor ${assessor.assessorId} appears twice in the pool`);
    }
    seenAssessors.add(assessor.assessorId);
  }
  const conflictsByAssessor = new Map(
    pool.map((assessor) => [assessor.assessorId, new Set(assessor.conflictOrganisations.map(normaliseOrganisation))]),
  );
  const loads = new Map(pool.map((assessor) => [assessor.assessorId, assessor.load]));

  const assignments: PlannedAssignment[] = [];
  for (const submission of input.submissions) {
    const organisation = submission.earnerOrganisation === null ? '' : normaliseOrganisation(submission.earnerOrganisation);
    const eligible = pool.filter(
      (assessor) => organisation === '' || !conflictsByAssessor.get(assessor.assessorId)!.has(organisation),
    );
    if (eligible.length < readersPerSubmission) {
      throw new ConflictError(
        `submission ${submission.sequence} needs ${readersPerSubmission} distinct assessors without a conflict ` +
          `of interest, but only ${eligible.length} are eligible`,
        'not_enough_assessors',
      );
    }
    const random = seededRandom(`${input.seed}/${submission.sequence}`);
    const drawOrder = shuffled(eligible, random)
      .map((assessor, drawIndex) => ({ assessorId: assessor.assessorId, drawIndex, load: loads.get(assessor.assessorId)! }))
      .sort((left, right) => left.load - right.load || left.drawIndex - right.drawIndex);
    const assessorIds = drawOrder.slice(0, readersPerSubmission).map((candidate) => candidate.assessorId);
    for (const assessorId of assessorIds) loads.set(assessorId, loads.get(assessorId)! + 1);
    assignments.push({ submissionKey: submission.submissionKey, assessorIds });
  }
  return { assignments, loads };
}

/**
 * The form in which organisation names are compared: Unicode-normalised (NFKC), trimmed,
 * inner whitespace collapsed, lower case. "  ACME  Ltd" and "acme ltd" are the same organisation.
 */
export function normaliseOrganisation(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
