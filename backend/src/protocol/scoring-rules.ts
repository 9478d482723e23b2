import { ConflictError, NotFoundError, type FieldIssue } from './errors.js';
import type { RubricRow } from './rubric-rules.js';

/** The longest comment an assessor may leave on one row. */
export const MAXIMUM_COMMENT_LENGTH = 4000;

/**
 * What is wrong with one assessor's score against the rubric: every row must carry exactly one
 * level the row offers, no unknown row keys, and comments (optional) only on rows of the rubric.
 * Returns issues with field paths (`levels.clarity`, `comments.extra`); empty when the score holds.
 */
export function scoreIssues(
  rows: readonly RubricRow[],
  levels: Readonly<Record<string, unknown>>,
  comments: Readonly<Record<string, unknown>> = {},
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rowByKey = new Map(rows.map((row) => [row.key, row]));
  for (const row of rows) {
    const value = levels[row.key];
    if (value === undefined || value === null) {
      issues.push({ field: `levels.${row.key}`, message: 'every rubric row requires a level' });
    } else if (typeof value !== 'string' || !row.levels.some((level) => level.value === value)) {
      issues.push({ field: `levels.${row.key}`, message: `level must be one of ${levelList(row)}` });
    }
  }
  for (const key of Object.keys(levels)) {
    if (!rowByKey.has(key)) issues.push({ field: `levels.${key}`, message: 'is not a row of this rubric version' });
  }
  for (const [key, comment] of Object.entries(comments)) {
    if (!rowByKey.has(key)) issues.push({ field: `comments.${key}`, message: 'is not a row of this rubric version' });
    else if (typeof comment !== 'string') issues.push({ field: `comments.${key}`, message: 'comment must be text' });
    else if (comment.length > MAXIMUM_COMMENT_LENGTH) {
      issues.push({ field: `comments.${key}`, message: `comment must be at most ${MAXIMUM_COMMENT_LENGTH} characters` });
    }
  }
  return issues;
}

export function levelList(row: RubricRow): string {
  return row.levels.map((level) => `"${level.value}"`).join(', ');
}

/**
 * The assignment an assessor scores must exist and be their own: both failures are the same
 * NotFoundError, word for word, so that an answer never tells an assessor which ids exist.
 * Returns the assignment.
 */
export function ownAssignmentOrThrow<Assignment extends { assessorId: number }>(
  assignmentId: number,
  assessorId: number,
  assignment: Assignment | null,
): Assignment {
  if (!assignment || assignment.assessorId !== assessorId) throw new NotFoundError(`assignment ${assignmentId} is not in your queue`);
  return assignment;
}

/** A score is sealed: a second score of an assignment is a ConflictError (`already_scored`). */
export function assertNotScored(assignmentId: number, alreadyScored: boolean): void {
  if (alreadyScored) throw new ConflictError(`assignment ${assignmentId} is already scored; a score cannot change`, 'already_scored');
}
