/**
 * A draft of the next rubric version: the latest version's rows, copied so they can be edited, with
 * the rows the report says need revision marked. Saving sends only the rows that were edited (the
 * API carries every other row over unchanged), and the API's field paths (`rows.0.levels.1.value`)
 * are read back into the row and field a person edited. Pure.
 */
import type { CreateRubricVersionRequest, ReportResponse, RubricRowInput, RubricRowResponse, RubricVersionResponse } from './api/schema';

export interface DraftLevel {
  value: string;
  label: string;
  descriptor: string;
}

export interface DraftRow {
  key: string;
  title: string;
  descriptor: string;
  scale: RubricRowResponse['scale'];
  levels: DraftLevel[];
  /** The report of the version revised says this row needs revision. */
  failing: boolean;
}

/** Editable copies of the version's rows; `failing` from the version's report when there is one. */
export function draftRows(version: Pick<RubricVersionResponse, 'rows'>, report: Pick<ReportResponse, 'rows'> | null): DraftRow[] {
  const failing = new Set((report?.rows ?? []).filter((row) => row.verdict === 'needs_revision').map((row) => row.criterion));
  return version.rows.map((row) => ({
    key: row.key,
    title: row.title,
    descriptor: row.descriptor,
    scale: row.scale,
    levels: row.levels.map((level) => ({ value: level.value, label: level.label, descriptor: level.descriptor })),
    failing: failing.has(row.key),
  }));
}

/** True when the draft differs from the row it was copied from in title, descriptor or any level. */
export function isEdited(draft: DraftRow, original: RubricRowResponse): boolean {
  if (draft.title !== original.title || draft.descriptor !== original.descriptor || draft.scale !== original.scale) return true;
  if (draft.levels.length !== original.levels.length) return true;
  return draft.levels.some((level, index) => {
    const before = original.levels[index]!;
    return level.value !== before.value || level.label !== before.label || level.descriptor !== before.descriptor;
  });
}

function inputOf(draft: DraftRow): RubricRowInput {
  return {
    key: draft.key,
    title: draft.title.trim(),
    descriptor: draft.descriptor.trim(),
    scale: draft.scale,
    levels: draft.levels.map((level) => ({ value: level.value.trim(), label: level.label.trim(), descriptor: level.descriptor.trim() })),
  };
}

export interface RevisionRequest {
  body: CreateRubricVersionRequest;
  /** keys[i]: the row key of body.rows[i], to read field paths back. */
  keys: string[];
}

/** The POST body revising `previousVersion`: only the edited rows, in the rubric's order. */
export function revisionRequest(previousVersion: number, drafts: readonly DraftRow[], originals: readonly RubricRowResponse[]): RevisionRequest {
  const byKey = new Map(originals.map((row) => [row.key, row]));
  const edited = drafts.filter((draft) => {
    const original = byKey.get(draft.key);
    return !original || isEdited(draft, original);
  });
  return { body: { previousVersion, rows: edited.map(inputOf) }, keys: edited.map((draft) => draft.key) };
}

/** Where a field path of the request points in the draft: the row key and the path inside the row. */
export interface DraftField {
  key: string;
  /** `title`, `descriptor`, `levels.1.value`, or '' for the row as a whole. */
  path: string;
}

/** `rows.0.levels.1.value` -> `{ key: 'scoring_tool', path: 'levels.1.value' }`; null when it is not a row's field. */
export function draftFieldOf(field: string, keys: readonly string[]): DraftField | null {
  const match = field.match(/^rows\.(\d+)(?:\.(.+))?$/);
  if (!match) return null;
  const key = keys[Number(match[1])];
  return key === undefined ? null : { key, path: match[2] ?? '' };
}

/** `rows.0.levels.1.value` -> "Quality of the scoring tool, level 2, value" for the error summary. */
export function describeField(field: string, keys: readonly string[], drafts: readonly DraftRow[]): string {
  const place = draftFieldOf(field, keys);
  if (!place) return field;
  const title = drafts.find((draft) => draft.key === place.key)?.title || place.key;
  const parts = place.path.split('.').filter((part) => part !== '');
  const words: string[] = [title];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === 'levels' && /^\d+$/.test(parts[i + 1] ?? '')) {
      words.push(`level ${Number(parts[i + 1]) + 1}`);
      i++;
    } else words.push(part);
  }
  return words.join(', ');
}
