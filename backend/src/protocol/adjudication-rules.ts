import type { FieldIssue } from './errors.js';
import type { RubricRow } from './rubric-rules.js';
import { levelList } from './scoring-rules.js';

/** Why the readers disagreed on a row, as the adjudicator judges it. */
export const ADJUDICATION_REASONS = ['rubric_unclear', 'evidence_ambiguous', 'assessor_error', 'other'] as const;
export type AdjudicationReason = (typeof ADJUDICATION_REASONS)[number];

/** One reader's levels for a submission, keyed by row key. */
export type ScoreLevels = Readonly<Record<string, string>>;

/** The adjudicator's decision on one row, as received. */
export interface AdjudicatedRowInput {
  level: string;
  reason?: string | null;
  note?: string | null;
}

/** The final outcome of one row of an adjudicated submission. */
export interface FinalRow {
  rowKey: string;
  level: string;
  /** true when the readers chose different levels on this row */
  disagreed: boolean;
  reason: AdjudicationReason | null;
  note: string | null;
}

/**
 * Keys of the rows on which the scores do not all carry the same level, in the order the keys
 * first appear in the scores. Fewer than two scores never disagree.
 *
 * @example disagreeingRowKeys([{ a: '1', b: '2' }, { a: '1', b: '3' }]) // ['b']
 */
export function disagreeingRowKeys(scores: readonly ScoreLevels[]): string[] {
  if (scores.length < 2) return [];
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const score of scores) {
    for (const key of Object.keys(score)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys.filter((key) => scores.some((score) => score[key] !== scores[0][key]));
}

/**
 * Whether a submission's scores must go to a third evaluator: true when any row's levels differ.
 *
 * @example needsAdjudication([{ a: '1' }, { a: '2' }]) // true
 */
export function needsAdjudication(scores: readonly ScoreLevels[]): boolean {
  return disagreeingRowKeys(scores).length > 0;
}

/**
 * What is wrong with an adjudication: every disagreeing row needs a level the row offers and a
 * reason (a note as well when the reason is `other`); agreeing rows may be given (a level the row
 * offers, optional reason); unknown row keys are refused. Field paths look like `rows.clarity.reason`.
 */
export function adjudicationIssues(
  rubricRows: readonly RubricRow[],
  disagreeingKeys: readonly string[],
  input: Readonly<Record<string, AdjudicatedRowInput>>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rowByKey = new Map(rubricRows.map((row) => [row.key, row]));
  const disagreeing = new Set(disagreeingKeys);
  for (const key of disagreeingKeys) {
    if (input[key] === undefined) issues.push({ field: `rows.${key}`, message: 'the readers disagree on this row: a final level is required' });
  }
  for (const [key, decision] of Object.entries(input)) {
    const row = rowByKey.get(key);
    if (!row) {
      issues.push({ field: `rows.${key}`, message: 'is not a row of this rubric version' });
      continue;
    }
    if (!row.levels.some((level) => level.value === decision.level)) {
      issues.push({ field: `rows.${key}.level`, message: `level must be one of ${levelList(row)}` });
    }
    const reason = decision.reason ?? null;
    if (reason === null) {
      if (disagreeing.has(key)) issues.push({ field: `rows.${key}.reason`, message: 'a reason is required on a row the readers disagree on' });
    } else if (!(ADJUDICATION_REASONS as readonly string[]).includes(reason)) {
      issues.push({ field: `rows.${key}.reason`, message: `reason must be one of ${ADJUDICATION_REASONS.join(', ')}` });
    } else if (reason === 'other' && !(decision.note ?? '').trim()) {
      issues.push({ field: `rows.${key}.note`, message: 'a note is required when the reason is other' });
    }
  }
  return issues;
}

/**
 * The final levels of an adjudicated submission, one per rubric row in rubric order: the
 * adjudicator's level where given, otherwise the level the readers agreed on. Call it only after
 * `adjudicationIssues` returned no issue.
 */
export function finalRows(
  rubricRows: readonly RubricRow[],
  scores: readonly ScoreLevels[],
  input: Readonly<Record<string, AdjudicatedRowInput>>,
): FinalRow[] {
  const disagreeing = new Set(disagreeingRowKeys(scores));
  return rubricRows.map((row) => {
    const decision = input[row.key];
    return {
      rowKey: row.key,
      level: decision ? decision.level : scores[0][row.key],
      disagreed: disagreeing.has(row.key),
      reason: decision ? ((decision.reason ?? null) as AdjudicationReason | null) : null,
      note: decision?.note?.trim() ? decision.note.trim() : null,
    };
  });
}
