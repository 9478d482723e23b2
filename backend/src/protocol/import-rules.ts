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

/** What the checks need to know of the window the scores go into. */
export interface ImportWindow {
  targetSubmissions: number;
  readersPerSubmission: number;
  /** study submissions it holds already */
  studySubmissions: number;
}

export interface ImportCheckInput {
  /** complete scores in file order */
  scores: readonly ScoreToImport[];
  /** the file's submissions in order of first appearance */
  submissions: readonly string[];
  window: ImportWindow;
  /** the key under which an assessor is matched to an account (e.g. the normalised email) */
  accountKey: (assessor: string) => string;
  /** keys of the accounts that have the assessor role */
  assessorAccounts: ReadonlySet<string>;
  /** the file's submissions the credential already has */
  existingSubmissions: ReadonlySet<string>;
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
 */
export function importProblems(input: ImportCheckInput): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const reported = new Set<string>();
  for (const score of input.scores) {
    const key = input.accountKey(score.assessor);
    if (!input.assessorAccounts.has(key) && !reported.has(key)) {
      reported.add(key);
      problems.push({ line: score.line, field: 'assessor', message: `no assessor account has the email "${score.assessor}"` });
    }
  }
  const scoresBySubmission = new Map<string, ScoreToImport[]>();
  for (const score of input.scores) {
    const list = scoresBySubmission.get(score.submission) ?? [];
    list.push(score);
    scoresBySubmission.set(score.submission, list);
  }
  const { targetSubmissions, readersPerSubmission } = input.window;
  const room = targetSubmissions - input.window.studySubmissions;
  input.submissions.forEach((ref, index) => {
    const scores = scoresBySubmission.get(ref) ?? [];
    const line = scores[0]?.line ?? null;
    if (input.existingSubmissions.has(ref)) {
      problems.push({ line, field: 'submission', message: `submission "${ref}" is already in Concord for this credential; an import adds new submissions only` });
    } else if (index >= room) {
      problems.push({
        line,
        field: 'submission',
        message: `the study has room for ${Math.max(room, 0)} more submission${room === 1 ? '' : 's'} (target ${targetSubmissions}); "${ref}" is one too many`,
      });
    } else if (scores.length > 0 && scores.length !== readersPerSubmission) {
      problems.push({
        line,
        field: 'assessor',
        message: `submission "${ref}" has ${scores.length} score${scores.length === 1 ? '' : 's'}; each study submission needs ${readersPerSubmission}, by different assessors`,
      });
    } else {
      // the same account written twice (another casing or spacing of the email) is one assessor, not two
      const first = new Map<string, ScoreToImport>();
      for (const score of scores) {
        const key = input.accountKey(score.assessor);
        const earlier = first.get(key);
        if (earlier) {
          problems.push({
            line: score.line,
            field: 'assessor',
            message: `"${score.assessor}" and "${earlier.assessor}" (line ${earlier.line}) are the same account; each study submission needs ${readersPerSubmission} scores by different assessors`,
          });
        } else first.set(key, score);
      }
    }
  });
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
