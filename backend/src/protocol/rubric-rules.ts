import type { Scale } from '../stats/types.js';
import { InvalidError, type FieldIssue } from './errors.js';

/** One level of a rubric row, in the row's order (lowest first on an ordinal scale). */
export interface RubricLevel {
  value: string;
  label: string;
  descriptor: string;
}

/** One row (criterion) of a rubric version. */
export interface RubricRow {
  key: string;
  title: string;
  descriptor: string;
  scale: Scale;
  levels: readonly RubricLevel[];
}

/** A row of a revised version: `carriedOver` is true when it was copied unchanged from the previous version. */
export interface RevisedRubricRow extends RubricRow {
  carriedOver: boolean;
}

export interface RubricRevision {
  /** new rows and rows that replace a previous row with the same key */
  rows: readonly RubricRow[];
  /** keys of previous rows to drop from the new version */
  removedRowKeys?: readonly string[];
}

/**
 * The rules a set of rubric rows must keep beyond its shape: at least one row, row keys unique,
 * at least two levels per row, level values unique within a row.
 *
 * @example rubricRowIssues([{ key: 'a', ..., levels: [one] }]) // [{ field: 'rows.0.levels', message: ... }]
 */
export function rubricRowIssues(rows: readonly RubricRow[], fieldPrefix = 'rows'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (rows.length === 0) issues.push({ field: fieldPrefix, message: 'a rubric requires at least one row' });
  const firstIndexOfKey = new Map<string, number>();
  rows.forEach((row, rowIndex) => {
    const rowPath = `${fieldPrefix}.${rowIndex}`;
    const earlier = firstIndexOfKey.get(row.key);
    if (earlier === undefined) firstIndexOfKey.set(row.key, rowIndex);
    else issues.push({ field: `${rowPath}.key`, message: `key "${row.key}" is already used by ${fieldPrefix}.${earlier}` });
    if (row.levels.length < 2) {
      issues.push({ field: `${rowPath}.levels`, message: 'a rubric row requires at least two levels' });
    }
    const firstIndexOfValue = new Map<string, number>();
    row.levels.forEach((level, levelIndex) => {
      const earlierLevel = firstIndexOfValue.get(level.value);
      if (earlierLevel === undefined) firstIndexOfValue.set(level.value, levelIndex);
      else {
        issues.push({
          field: `${rowPath}.levels.${levelIndex}.value`,
          message: `value "${level.value}" is already used by ${rowPath}.levels.${earlierLevel}`,
        });
      }
    });
  });
  return issues;
}

/**
 * The rows of version v+1 made from the rows of version v and a revision.
 *
 * A previous row whose key appears in `revision.rows` is replaced in place (same position);
 * revision rows with new keys are appended in the order given; previous rows named in
 * `removedRowKeys` are dropped; every other previous row is carried over unchanged and marked
 * `carriedOver: true`. Throws an InvalidError (with field paths) for an unknown removed key, a key
 * both replaced and removed, a revision that changes nothing, or a result that breaks
 * `rubricRowIssues`.
 */
export function reviseRubricRows(previousRows: readonly RubricRow[], revision: RubricRevision): RevisedRubricRow[] {
  const issues: FieldIssue[] = [];
  const previousKeys = new Set(previousRows.map((row) => row.key));
  const replacementByKey = new Map(revision.rows.map((row) => [row.key, row]));
  const removedKeys = new Set(revision.removedRowKeys ?? []);

  (revision.removedRowKeys ?? []).forEach((key, index) => {
    if (!previousKeys.has(key)) {
      issues.push({ field: `removedRowKeys.${index}`, message: `"${key}" is not a row of the previous version` });
    } else if (replacementByKey.has(key)) {
      issues.push({ field: `removedRowKeys.${index}`, message: `"${key}" cannot be both replaced and removed` });
    }
  });
  if (revision.rows.length === 0 && removedKeys.size === 0) {
    issues.push({ field: 'rows', message: 'a revision must replace, add or remove at least one row' });
  }
  issues.push(...rubricRowIssues(revision.rows, 'rows').filter((issue) => issue.field !== 'rows'));
  if (issues.length > 0) throw InvalidError.fromIssues(issues);

  const revised: RevisedRubricRow[] = [];
  for (const previous of previousRows) {
    if (removedKeys.has(previous.key)) continue;
    const replacement = replacementByKey.get(previous.key);
    revised.push(replacement ? { ...copyRow(replacement), carriedOver: false } : { ...copyRow(previous), carriedOver: true });
  }
  for (const row of revision.rows) {
    if (!previousKeys.has(row.key)) revised.push({ ...copyRow(row), carriedOver: false });
  }
  const resultIssues = rubricRowIssues(revised, 'rows');
  if (resultIssues.length > 0) throw InvalidError.fromIssues(resultIssues);
  return revised;
}

function copyRow(row: RubricRow): RubricRow {
  return {
    key: row.key,
    title: row.title,
    descriptor: row.descriptor,
    scale: row.scale,
    levels: row.levels.map((level) => ({ value: level.value, label: level.label, descriptor: level.descriptor })),
  };
}

/** Whether two rows are the same in every part: key, title, descriptor, scale and levels in order. */
export function rowsEqual(left: RubricRow, right: RubricRow): boolean {
  return (
    left.key === right.key &&
    left.title === right.title &&
    left.descriptor === right.descriptor &&
    left.scale === right.scale &&
    left.levels.length === right.levels.length &&
    left.levels.every(
      (level, index) =>
        level.value === right.levels[index].value &&
        level.label === right.levels[index].label &&
        level.descriptor === right.levels[index].descriptor,
    )
  );
}

/** Marks each row `carriedOver` when the previous version has an identical row with the same key. */
export function markCarriedOver(previousRows: readonly RubricRow[], rows: readonly RubricRow[]): RevisedRubricRow[] {
  const previousByKey = new Map(previousRows.map((row) => [row.key, row]));
  return rows.map((row) => {
    const previous = previousByKey.get(row.key);
    return { ...row, carriedOver: previous !== undefined && rowsEqual(previous, row) };
  });
}
