import { NotFoundError, type FieldIssue } from './errors.js';
import { assertTakesScores, type WindowStatus } from './window-status.js';

/** Problems an import lists at most (a dry run shows them; `truncated` says there were more). */
export const MAX_IMPORT_PROBLEMS = 20;

/** One problem in an import file, with where it is. */
export interface ImportProblem {
  /** line in the file (the header is line 1), or null for the file as a whole */
  line: number | null;
  /** column at fault */
  field: string | null;
  message: string;
}

/** The first problems found, and whether more were left out. */
export interface ImportProblems {
  problems: ImportProblem[];
  truncated: boolean;
}

/** One complete score of the file, as the checks need it. */
export interface ScoreToImport {
  submission: string;
  assessor: string;
  /** the first line of the score in the file */
  line: number;
}

/**
 * The complete scores of a file as the checks read them, by index, without an object per score: a
 * file of a million lines is checked from the reader's compact columns (`io/score-import.ts`).
 * Assessors are numbered (a file names few), submissions too, in order of first appearance.
 */
export interface ScoresToImport {
  /** complete scores, in file order */
  readonly count: number;
  /** the file's submissions, in order of first appearance */
  readonly submissionCount: number;
  /** the assessors the scores name, as written */
  readonly assessorCount: number;
  submissionOf(score: number): number;
  assessorOf(score: number): number;
  lineOf(score: number): number;
  submissionRef(submission: number): string;
  assessorText(assessor: number): string;
}

/** What the checks need to know of the window the scores go into. */
export interface ImportWindow {
  targetSubmissions: number;
  readersPerSubmission: number;
  /** study submissions it holds already */
  studySubmissions: number;
}

export interface ImportCheckInput {
  scores: ScoresToImport;
  window: ImportWindow;
  /** the key under which an assessor is matched to an account (e.g. the normalised email) */
  accountKey: (assessor: string) => string;
  /** keys of the accounts that have the assessor role */
  assessorAccounts: ReadonlySet<string>;
  /** the file's submissions the credential already has */
  existingSubmissions: ReadonlySet<string>;
}

/** Scores given as a list (small files, tests) in the form the checks read. */
export function listedScores(scores: readonly ScoreToImport[], submissions: readonly string[]): ScoresToImport {
  const assessors: string[] = [];
  const assessorIndex = new Map<string, number>();
  const assessorOf = scores.map((score) => {
    let index = assessorIndex.get(score.assessor);
    if (index === undefined) {
      index = assessors.push(score.assessor) - 1;
      assessorIndex.set(score.assessor, index);
    }
    return index;
  });
  const submissionIndex = new Map(submissions.map((ref, index) => [ref, index]));
  return {
    count: scores.length,
    submissionCount: submissions.length,
    assessorCount: assessors.length,
    submissionOf: (score) => submissionIndex.get(scores[score].submission) ?? -1,
    assessorOf: (score) => assessorOf[score],
    lineOf: (score) => scores[score].line,
    submissionRef: (submission) => submissions[submission],
    assessorText: (assessor) => assessors[assessor],
  };
}

/**
 * Scores are imported only into the validation window of the rubric version, and only while it
 * collects: a NotFoundError without a window, a ConflictError (`window_not_collecting`) after.
 */
export function assertImportable<Window extends { status: WindowStatus }>(versionNumber: number, window: Window | null): asserts window is Window {
  if (!window) throw new NotFoundError(`rubric version ${versionNumber} has no validation window: open one before importing its scores`);
  assertTakesScores(window.status);
}

/**
 * What is wrong with a file's scores against the accounts and the window: every assessor named
 * must have an assessor account (reported once, on its first score); every submission must be new
 * to the credential, fit in the study's room (target minus the study submissions held), and carry
 * exactly the window's readers per submission, by different accounts (emails compared as the
 * accounts are). Assessor problems come first, then submission problems in the file's order.
 * At most `max + 1` problems are listed (enough to know that some were left out), so a file of a
 * million wrong submissions costs no million messages; the work is typed arrays, not a list per
 * submission.
 */
export function importProblems(input: ImportCheckInput, max = Number.MAX_SAFE_INTEGER): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const full = () => problems.length > max;
  const { scores } = input;
  const keys = Array.from({ length: scores.assessorCount }, (_, assessor) => input.accountKey(scores.assessorText(assessor)));
  const reported = new Set<string>();
  for (let score = 0; score < scores.count && !full(); score++) {
    const key = keys[scores.assessorOf(score)];
    if (!input.assessorAccounts.has(key) && !reported.has(key)) {
      reported.add(key);
      problems.push({ line: scores.lineOf(score), field: 'assessor', message: `no assessor account has the email "${scores.assessorText(scores.assessorOf(score))}"` });
    }
  }
  // the scores of each submission, in file order: a counting sort into one array
  const starts = new Int32Array(scores.submissionCount + 1);
  for (let score = 0; score < scores.count; score++) starts[scores.submissionOf(score) + 1]++;
  for (let submission = 0; submission < scores.submissionCount; submission++) starts[submission + 1] += starts[submission];
  const bySubmission = new Int32Array(scores.count);
  const filled = starts.slice(0, scores.submissionCount);
  for (let score = 0; score < scores.count; score++) bySubmission[filled[scores.submissionOf(score)]++] = score;

  const { targetSubmissions, readersPerSubmission } = input.window;
  const room = targetSubmissions - input.window.studySubmissions;
  for (let index = 0; index < scores.submissionCount && !full(); index++) {
    const ref = scores.submissionRef(index);
    const count = starts[index + 1] - starts[index];
    const line = count > 0 ? scores.lineOf(bySubmission[starts[index]]) : null;
    if (input.existingSubmissions.has(ref)) {
      problems.push({ line, field: 'submission', message: `submission "${ref}" is already in Concord for this credential; an import adds new submissions only` });
    } else if (index >= room) {
      problems.push({
        line,
        field: 'submission',
        message: `the study has room for ${Math.max(room, 0)} more submission${room === 1 ? '' : 's'} (target ${targetSubmissions}); "${ref}" is one too many`,
      });
    } else if (count > 0 && count !== readersPerSubmission) {
      problems.push({
        line,
        field: 'assessor',
        message: `submission "${ref}" has ${count} score${count === 1 ? '' : 's'}; each study submission needs ${readersPerSubmission}, by different assessors`,
      });
    } else {
      // the same account written twice (another casing or spacing of the email) is one assessor, not two
      const first = new Map<string, number>();
      for (let at = starts[index]; at < starts[index + 1]; at++) {
        const score = bySubmission[at];
        const key = keys[scores.assessorOf(score)];
        const earlier = first.get(key);
        if (earlier !== undefined) {
          problems.push({
            line: scores.lineOf(score),
            field: 'assessor',
            message: `"${scores.assessorText(scores.assessorOf(score))}" and "${scores.assessorText(scores.assessorOf(earlier))}" (line ${scores.lineOf(earlier)}) are the same account; each study submission needs ${readersPerSubmission} scores by different assessors`,
          });
        } else first.set(key, score);
      }
    }
  }
  return problems;
}

/** The first problems of both lists, at most `max`; truncated when any was left out. */
export function firstProblems(found: ImportProblems, more: readonly ImportProblem[], max = MAX_IMPORT_PROBLEMS): ImportProblems {
  const all = [...found.problems, ...more];
  return { problems: all.slice(0, max), truncated: found.truncated || all.length > max };
}

/** A file with problems refused whole: each problem as a field issue, its field naming the line and column. */
export function importIssues(problems: readonly ImportProblem[]): FieldIssue[] {
  return problems.map((problem) => ({
    field: [problem.line === null ? null : `line ${problem.line}`, problem.field].filter(Boolean).join(', ') || 'file',
    message: problem.message,
  }));
}
