/**
 * Two rubric versions side by side, row by row: what each row reads in each version, its agreement
 * and verdict in each version's report, and whether it was rewritten, added, removed or carried
 * over. Pure.
 */
import type { CredentialDetailResponse, ReportResponse, ReportRowResponse, RubricRowResponse, RubricVersionResponse } from './api/schema';
import type { SlopeRow } from './charts/slope';
import { agreementOf } from './report';

export type RowChange = 'unchanged' | 'rewritten' | 'new' | 'removed';

export interface VersionSide {
  row: RubricRowResponse;
  /** The row in that version's report; null when the version has no report yet. */
  report: ReportRowResponse | null;
  agreement: number | null;
}

export interface ComparedRow {
  key: string;
  title: string;
  before: VersionSide | null;
  after: VersionSide | null;
  change: RowChange;
}

export const CHANGE_LABELS: Record<RowChange, string> = {
  unchanged: 'Carried over',
  rewritten: 'Rewritten',
  new: 'New',
  removed: 'Removed',
};

/** Same title, descriptor, scale and levels (values, labels and descriptors, in order). */
export function sameRow(a: RubricRowResponse, b: RubricRowResponse): boolean {
  return (
    a.title === b.title &&
    a.descriptor === b.descriptor &&
    a.scale === b.scale &&
    a.levels.length === b.levels.length &&
    a.levels.every((level, i) => level.value === b.levels[i]!.value && level.label === b.levels[i]!.label && level.descriptor === b.levels[i]!.descriptor)
  );
}

function side(row: RubricRowResponse, report: ReportResponse | null): VersionSide {
  const reported = report?.rows.find((r) => r.criterion === row.key) ?? null;
  return { row, report: reported, agreement: reported ? agreementOf(reported) : null };
}

/**
 * Every row of `to` in its order, then the rows of `from` that `to` dropped. When `to` revises
 * `from` directly, the API's carriedOver flag says what changed; otherwise the texts are compared.
 */
export function compareVersions(
  from: RubricVersionResponse,
  to: RubricVersionResponse,
  fromReport: ReportResponse | null,
  toReport: ReportResponse | null,
): ComparedRow[] {
  const before = new Map(from.rows.map((row) => [row.key, row]));
  const direct = to.previousVersion === from.version;
  const rows: ComparedRow[] = to.rows.map((row) => {
    const earlier = before.get(row.key);
    const change: RowChange = !earlier ? 'new' : (direct ? row.carriedOver : sameRow(earlier, row)) ? 'unchanged' : 'rewritten';
    return { key: row.key, title: row.title, before: earlier ? side(earlier, fromReport) : null, after: side(row, toReport), change };
  });
  const kept = new Set(to.rows.map((row) => row.key));
  for (const row of from.rows) {
    if (!kept.has(row.key)) rows.push({ key: row.key, title: row.title, before: side(row, fromReport), after: null, change: 'removed' });
  }
  return rows;
}

/** The slope chart's rows: agreement before and after, changed unless carried over. */
export function slopeRows(rows: readonly ComparedRow[]): SlopeRow[] {
  return rows.map((row) => ({
    key: row.key,
    title: row.title,
    before: row.before?.agreement ?? null,
    after: row.after?.agreement ?? null,
    changed: row.change !== 'unchanged',
  }));
}

/**
 * The pair compared by default: the newest version that revises another, against the version it
 * revises. Null when no version revises another.
 */
export function defaultPair(versions: CredentialDetailResponse['versions']): { from: number; to: number } | null {
  const revision = [...versions].sort((a, b) => b.version - a.version).find((v) => v.previousVersion !== null);
  return revision ? { from: revision.previousVersion!, to: revision.version } : null;
}

/**
 * The agreement range the slope chart shows: from a tenth below the lowest value (or the threshold)
 * up to 100%, so rows between 64% and 96% do not crowd into the top third. Every value is written
 * beside its point, so the cut axis misleads no one.
 */
export function slopeDomain(rows: readonly SlopeRow[], threshold: number): [number, number] {
  const values = rows.flatMap((row) => [row.before, row.after]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return [0, 1];
  const lowest = Math.min(threshold, ...values);
  return [Math.max(0, Math.floor((lowest - 0.05) * 10) / 10), 1];
}
