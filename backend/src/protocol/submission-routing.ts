import { ConflictError } from './errors.js';
import { isStudyFull } from './window-status.js';

/** The window of the credential that is collecting, as routing needs it. */
export interface CollectingWindow {
  id: number;
  targetSubmissions: number;
  readersPerSubmission: number;
  seed: number;
  /** study submissions it holds already */
  studySubmissions: number;
}

export interface RoutingInput {
  credentialId: number;
  /** the new submission's sequence number within the credential (1, 2, ...) */
  sequence: number;
  /** the credential's first collecting window, or null when none collects */
  collectingWindow: CollectingWindow | null;
}

/** Where a new submission goes and how its readers are drawn. */
export interface SubmissionRoute {
  /** the window whose study the submission joins, or null when it is scored outside any study */
  windowId: number | null;
  /** its position in the study (1, 2, ...), or null outside a study */
  studySequence: number | null;
  /** distinct assessors to draw */
  readers: number;
  /** with `drawSequence`, fixes the random draw of `planAssignments` */
  seed: string;
  drawSequence: number;
}

/**
 * Routes a new submission. While a window of the credential is collecting and its study is not
 * full, the submission joins the study as its next submission, gets the window's readers per
 * submission, and its readers are drawn with the window's seed at its study position. Otherwise
 * it is scored outside the study by one assessor, drawn with the credential's outside-study seed
 * at the submission's sequence.
 *
 * @example routeSubmission({ credentialId: 3, sequence: 9, collectingWindow: null })
 * // { windowId: null, studySequence: null, readers: 1, seed: 'outside-study/3', drawSequence: 9 }
 */
export function routeSubmission(input: RoutingInput): SubmissionRoute {
  const window = input.collectingWindow;
  if (window && !isStudyFull(window.targetSubmissions, window.studySubmissions)) {
    const studySequence = window.studySubmissions + 1;
    return {
      windowId: window.id,
      studySequence,
      readers: window.readersPerSubmission,
      seed: String(window.seed),
      drawSequence: studySequence,
    };
  }
  return { windowId: null, studySequence: null, readers: 1, seed: `outside-study/${input.credentialId}`, drawSequence: input.sequence };
}

/**
 * The rubric version a submission scored outside any study is scored on: the newest version that
 * has been put under validation, else the newest version. Throws a ConflictError (`no_rubric`)
 * when the credential has no version at all.
 */
export function versionOutsideStudy<Version>(credentialId: number, newestValidated: Version | null, newest: Version | null): Version {
  const version = newestValidated ?? newest;
  if (version === null) throw new ConflictError(`credential ${credentialId} has no rubric yet: it cannot take submissions`, 'no_rubric');
  return version;
}
