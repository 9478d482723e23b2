import { ConflictError } from './errors.js';

/** Where a validation window is in the protocol. */
export const windowStatuses = ['collecting', 'adjudicating', 'complete'] as const;
export type WindowStatus = (typeof windowStatuses)[number];

/** What a window knows about one of its study submissions. */
export interface StudySubmissionProgress {
  readersRequired: number;
  scoresReceived: number;
  /** meaningful once every reader has scored: any row on which the levels differ */
  needsAdjudication: boolean;
  adjudicated: boolean;
}

export interface WindowProgressInput {
  status: WindowStatus;
  targetSubmissions: number;
  /** the window's study submissions (at most `targetSubmissions`) */
  submissions: readonly StudySubmissionProgress[];
}

export interface WindowProgress {
  studySubmissions: number;
  targetSubmissions: number;
  scoresExpected: number;
  scoresReceived: number;
  /** study submissions that carry all their scores */
  fullyScoredSubmissions: number;
  /** fully scored submissions whose readers disagree on some row */
  disagreeingSubmissions: number;
  adjudicatedSubmissions: number;
  awaitingAdjudication: number;
}

/** True once the window has all its study submissions: later ones are scored outside the study. */
export function isStudyFull(targetSubmissions: number, studySubmissions: number): boolean {
  return studySubmissions >= targetSubmissions;
}

/**
 * A window takes scores (scored by its assessors or imported) only while it collects: after, a
 * ConflictError (`window_not_collecting`).
 */
export function assertTakesScores(status: WindowStatus): void {
  if (status !== 'collecting') throw new ConflictError(`the validation window is ${status}: it no longer takes scores`, 'window_not_collecting');
}

/** Counts for the window's status page. */
export function windowProgress(input: WindowProgressInput): WindowProgress {
  let scoresExpected = 0;
  let scoresReceived = 0;
  let fullyScoredSubmissions = 0;
  let disagreeingSubmissions = 0;
  let adjudicatedSubmissions = 0;
  for (const submission of input.submissions) {
    scoresExpected += submission.readersRequired;
    scoresReceived += Math.min(submission.scoresReceived, submission.readersRequired);
    if (!isFullyScored(submission)) continue;
    fullyScoredSubmissions++;
    if (submission.needsAdjudication) {
      disagreeingSubmissions++;
      if (submission.adjudicated) adjudicatedSubmissions++;
    }
  }
  return {
    studySubmissions: input.submissions.length,
    targetSubmissions: input.targetSubmissions,
    scoresExpected,
    scoresReceived,
    fullyScoredSubmissions,
    disagreeingSubmissions,
    adjudicatedSubmissions,
    awaitingAdjudication: disagreeingSubmissions - adjudicatedSubmissions,
  };
}

/**
 * The status a window moves to, given what it holds now. Statuses only move forward:
 * `collecting` becomes `adjudicating` when the target number of study submissions all carry all
 * their scores; `adjudicating` becomes `complete` when every disagreeing submission is
 * adjudicated. Both steps can happen at once (no submission disagrees).
 *
 * @example nextWindowStatus({ status: 'collecting', targetSubmissions: 1, submissions: [
 *   { readersRequired: 2, scoresReceived: 2, needsAdjudication: true, adjudicated: false }] }) // 'adjudicating'
 */
export function nextWindowStatus(input: WindowProgressInput): WindowStatus {
  let status = input.status;
  if (status === 'collecting') {
    const allScored =
      isStudyFull(input.targetSubmissions, input.submissions.length) && input.submissions.every(isFullyScored);
    if (allScored) status = 'adjudicating';
  }
  if (status === 'adjudicating') {
    const allAdjudicated = input.submissions.every((submission) => !submission.needsAdjudication || submission.adjudicated);
    if (allAdjudicated) status = 'complete';
  }
  return status;
}

function isFullyScored(submission: StudySubmissionProgress): boolean {
  return submission.scoresReceived >= submission.readersRequired;
}
