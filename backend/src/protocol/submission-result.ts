import type { ScoreLevels } from './adjudication-rules.js';
import type { RubricRow } from './rubric-rules.js';
import { defaultPassIndex } from './study-report.js';

/**
 * A submission's outcome: the final level of each rubric row and, once every row has one, the
 * pass/fail decision. Pure: the caller loads the scores and the adjudication and hands them in.
 */

/** Where a final level came from. */
export const finalLevelSources = ['agreed', 'single_reader', 'adjudicated'] as const;
export type FinalLevelSource = (typeof finalLevelSources)[number];

/** What a row without a final level waits for. */
export const pendingReasons = ['scores', 'adjudication'] as const;
export type PendingReason = (typeof pendingReasons)[number];

export interface SubmissionOutcomeInput {
  /** the rubric version's rows, in rubric order */
  rows: readonly RubricRow[];
  /** readers the submission needs (2 or more in a study, 1 outside it) */
  readersRequired: number;
  /** every sealed score of the submission, row key -> level */
  scores: readonly ScoreLevels[];
  /** the adjudicator's recorded final levels, row key -> level; null when there is no adjudication */
  adjudication: ScoreLevels | null;
}

/** The final level of one row, or why there is none yet. */
export interface FinalLevel {
  rowKey: string;
  /** null while pending */
  level: string | null;
  source: FinalLevelSource | null;
  awaiting: PendingReason | null;
}

/**
 * The final level of every rubric row, in rubric order:
 * - while fewer scores than readers required are in, the row is pending (`awaiting: 'scores'`);
 * - when every reader gave the same level, that level (`agreed`; `single_reader` when only one
 *   reader was required), unless an adjudication records another level for the row: the
 *   adjudicator may revise an agreed row, and what the adjudication records is final;
 * - when the readers differ, the adjudicated level, or pending (`awaiting: 'adjudication'`) until
 *   there is one.
 *
 * @example finalLevels({ rows: [depth], readersRequired: 2, scores: [{ depth: '2' }, { depth: '3' }], adjudication: null })
 * // [{ rowKey: 'depth', level: null, source: null, awaiting: 'adjudication' }]
 */
export function finalLevels(input: SubmissionOutcomeInput): FinalLevel[] {
  const complete = input.scores.length >= Math.max(1, input.readersRequired);
  return input.rows.map((row): FinalLevel => {
    const given = input.scores.map((score) => score[row.key]);
    if (!complete || given.some((level) => level === undefined)) {
      return { rowKey: row.key, level: null, source: null, awaiting: 'scores' };
    }
    const adjudicated = input.adjudication?.[row.key];
    const agreed = given.every((level) => level === given[0]) ? given[0] : undefined;
    if (adjudicated !== undefined && adjudicated !== agreed) {
      return { rowKey: row.key, level: adjudicated, source: 'adjudicated', awaiting: null };
    }
    if (agreed !== undefined) {
      return { rowKey: row.key, level: agreed, source: given.length === 1 ? 'single_reader' : 'agreed', awaiting: null };
    }
    return { rowKey: row.key, level: null, source: null, awaiting: 'adjudication' };
  });
}

/**
 * The lowest level of a row that passes: the highest level of a two-level row, the second
 * highest otherwise (the rule the reliability report's decision agreement uses).
 *
 * @example passLevelOf(depthRowWithLevels1to4) // '3'
 */
export function passLevelOf(row: RubricRow): string {
  if (row.levels.length === 0) throw new RangeError(`row ${row.key} has no levels`);
  return row.levels[defaultPassIndex(row.levels.length)].value;
}

/**
 * Whether a level passes its row: at or above the row's pass level, in the row's level order.
 * A level the row does not offer never passes.
 *
 * @example rowPasses(depthRowWithLevels1to4, '4') // true
 */
export function rowPasses(row: RubricRow, level: string): boolean {
  const index = row.levels.findIndex((candidate) => candidate.value === level);
  return index >= 0 && index >= defaultPassIndex(row.levels.length);
}

/**
 * The decision on a submission: `pass` when every row's final level passes, `fail` when every row
 * has a final level and one does not, null while any row is pending.
 *
 * @example passDecision(rows, [{ rowKey: 'aim', level: 'yes', ... }, { rowKey: 'depth', level: '2', ... }]) // 'fail'
 */
export function passDecision(rows: readonly RubricRow[], finals: readonly FinalLevel[]): 'pass' | 'fail' | null {
  const levelOf = new Map(finals.map((final) => [final.rowKey, final.level]));
  let passed = true;
  for (const row of rows) {
    const level = levelOf.get(row.key);
    if (level === null || level === undefined) return null;
    if (!rowPasses(row, level)) passed = false;
  }
  return passed ? 'pass' : 'fail';
}
