/**
 * A draft of the next rubric version: the latest version's rows, copied so they can be edited, with
 * the rows the report says need revision marked; rows can be added, dropped, or change scale. Before
 * saving, the draft is checked in plain words ("Row 1: the title is required") and shown as a diff
 * against the version it revises. Saving sends only the rows that were edited or added and the keys
 * of the rows dropped (the API carries every other row over unchanged), and the API's field paths
 * (`rows.0.levels.1.value`) are read back into the row and field a person edited. Pure.
 */
import type { CreateRubricVersionRequest, ReportResponse, RubricRowInput, RubricRowResponse, RubricVersionResponse } from './api/schema';
import { plainMessage } from './field-messages';

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
  /** A row added in the draft: a number that names it while its key is being typed. */
  uid?: number;
}

/** The scales a row may have (as the API takes them), with what each means. */
export const SCALES: readonly { value: DraftRow['scale']; label: string }[] = [
  { value: 'ordinal', label: 'Ordinal (levels in order)' },
  { value: 'nominal', label: 'Nominal (categories, or yes/no)' },
];

/** A new, empty row for the draft: two empty levels, ordinal. */
export function emptyRow(uid?: number, key = ''): DraftRow {
  return {
    ...(uid === undefined ? {} : { uid }),
    key,
    title: '',
    descriptor: '',
    scale: 'ordinal',
    levels: [
      { value: '1', label: '', descriptor: '' },
      { value: '2', label: '', descriptor: '' },
    ],
    failing: false,
  };
}

/** A key for a row from its title: `Quality of the tool` -> `quality_of_the_tool`, unique among `taken`. */
export function keyFromTitle(title: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 48) || 'row';
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
  return key;
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

/**
 * The POST body revising `previousVersion`: only the edited and added rows, in the rubric's order,
 * and the keys of the rows dropped (`removedRowKeys`, left out when none).
 */
export function revisionRequest(
  previousVersion: number,
  drafts: readonly DraftRow[],
  originals: readonly RubricRowResponse[],
  removedKeys: readonly string[] = [],
): RevisionRequest {
  const byKey = new Map(originals.map((row) => [row.key, row]));
  const edited = drafts.filter((draft) => {
    const original = byKey.get(draft.key);
    return !original || isEdited(draft, original);
  });
  const removed = removedKeys.filter((key) => byKey.has(key) && !drafts.some((draft) => draft.key === key));
  const body: CreateRubricVersionRequest = { previousVersion, rows: edited.map(inputOf) };
  if (removed.length > 0) body.removedRowKeys = removed;
  return { body, keys: edited.map((draft) => draft.key) };
}

/** The POST body of a first version: every row, in order. */
export function firstVersionRequest(drafts: readonly DraftRow[]): RevisionRequest {
  return { body: { rows: drafts.map(inputOf) }, keys: drafts.map((draft) => draft.key) };
}

/** One field of a row whose text changes: its name in words, and its text before and after (null: absent). */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface RowDiff {
  key: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

const levelText = (level: DraftLevel) => `${level.value.trim()} ${level.label.trim()}${level.descriptor.trim() ? `: ${level.descriptor.trim()}` : ''}`;

/**
 * The new version against the old, row by row: rows added (every field new), removed, and changed
 * (each field whose text differs, old -> new; levels compared by position). Unchanged rows are left out.
 */
export function draftDiff(originals: readonly RubricRowResponse[], drafts: readonly DraftRow[], removedKeys: readonly string[] = []): RowDiff[] {
  const byKey = new Map(originals.map((row) => [row.key, row]));
  const diffs: RowDiff[] = [];
  for (const draft of drafts) {
    const original = byKey.get(draft.key);
    const row = inputOf(draft);
    if (!original) {
      diffs.push({
        key: row.key,
        title: row.title,
        change: 'added',
        fields: [
          { field: 'Title', before: null, after: row.title },
          ...(row.descriptor ? [{ field: 'Descriptor', before: null, after: row.descriptor }] : []),
          { field: 'Scale', before: null, after: row.scale },
          ...draft.levels.map((level, index) => ({ field: `Level ${index + 1}`, before: null, after: levelText(level) })),
        ],
      });
      continue;
    }
    if (!isEdited(draft, original)) continue;
    const fields: FieldChange[] = [];
    const compare = (field: string, before: string, after: string) => {
      if (before !== after) fields.push({ field, before, after });
    };
    compare('Title', original.title, row.title);
    compare('Descriptor', original.descriptor, row.descriptor ?? '');
    compare('Scale', original.scale, row.scale);
    const count = Math.max(original.levels.length, draft.levels.length);
    for (let index = 0; index < count; index++) {
      const before = original.levels[index];
      const after = row.levels[index];
      const name = `Level ${index + 1}`;
      if (!before && after) fields.push({ field: name, before: null, after: levelText({ value: after.value, label: after.label, descriptor: after.descriptor ?? '' }) });
      else if (before && !after) fields.push({ field: name, before: levelText(before), after: null });
      else if (before && after) {
        compare(`${name} value`, before.value, after.value);
        compare(`${name} label`, before.label, after.label);
        compare(`${name} descriptor`, before.descriptor, after.descriptor ?? '');
      }
    }
    diffs.push({ key: row.key, title: row.title || original.title, change: 'changed', fields });
  }
  for (const key of removedKeys) {
    const original = byKey.get(key);
    if (original && !drafts.some((draft) => draft.key === key)) diffs.push({ key, title: original.title, change: 'removed', fields: [] });
  }
  return diffs;
}

/** One problem with the draft, on one field of one row, in plain words. */
export interface DraftIssue {
  /** the row's place in the draft, from 0 */
  row: number;
  key: string;
  /** `key`, `title`, `descriptor`, `levels`, `levels.1.value`, ... */
  path: string;
  message: string;
}

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * What the API would refuse, found before sending and said in plain words: "Row 1: the title is
 * required", "Row 2, level 3: the value "2" is also level 2's". Rows are numbered as shown (from 1).
 */
export function draftIssues(drafts: readonly DraftRow[]): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const firstRowOfKey = new Map<string, number>();
  drafts.forEach((draft, rowIndex) => {
    const where = `Row ${rowIndex + 1}`;
    const add = (path: string, message: string) => issues.push({ row: rowIndex, key: draft.key, path, message });
    const key = draft.key.trim();
    if (key === '') add('key', `${where}: the key is required.`);
    else if (!KEY_PATTERN.test(key)) add('key', `${where}: the key may hold only letters, digits, - and _ (up to 64, starting with a letter or digit).`);
    else if (firstRowOfKey.has(key)) add('key', `${where}: the key "${key}" is already row ${firstRowOfKey.get(key)! + 1}'s.`);
    else firstRowOfKey.set(key, rowIndex);
    const title = draft.title.trim();
    if (title === '') add('title', `${where}: the title is required.`);
    else if (title.length > 200) add('title', `${where}: the title is longer than 200 characters.`);
    if (draft.descriptor.trim().length > 4000) add('descriptor', `${where}: the descriptor is longer than 4,000 characters.`);
    if (draft.levels.length < 2) add('levels', `${where}: a row needs at least two levels.`);
    if (draft.levels.length > 20) add('levels', `${where}: a row has at most 20 levels.`);
    const firstLevelOfValue = new Map<string, number>();
    draft.levels.forEach((level, levelIndex) => {
      const at = `${where}, level ${levelIndex + 1}`;
      const value = level.value.trim();
      if (value === '') add(`levels.${levelIndex}.value`, `${at}: the value is required.`);
      else if (value.length > 100) add(`levels.${levelIndex}.value`, `${at}: the value is longer than 100 characters.`);
      else if (firstLevelOfValue.has(value)) add(`levels.${levelIndex}.value`, `${at}: the value "${value}" is already level ${firstLevelOfValue.get(value)! + 1}'s.`);
      else firstLevelOfValue.set(value, levelIndex);
      const label = level.label.trim();
      if (label === '') add(`levels.${levelIndex}.label`, `${at}: the label is required.`);
      else if (label.length > 200) add(`levels.${levelIndex}.label`, `${at}: the label is longer than 200 characters.`);
      if (level.descriptor.trim().length > 4000) add(`levels.${levelIndex}.descriptor`, `${at}: the descriptor is longer than 4,000 characters.`);
    });
  });
  return issues;
}

/**
 * An issue the API reported (`rows.0.levels.1.value`, its message) in the words of the draft:
 * "Row 2, level 2, value: Cannot be empty." with the row numbered as shown. Never the raw path.
 */
export function plainApiIssue(field: string, message: string, keys: readonly string[], drafts: readonly DraftRow[]): string {
  const rowNumberOf = (index: number) => {
    const key = keys[index];
    const position = key === undefined ? -1 : drafts.findIndex((draft) => draft.key === key);
    return position >= 0 ? `row ${position + 1}` : 'a row';
  };
  const readable = message
    .replace(/rows\.(\d+)\.levels\.(\d+)/g, (_, row: string, level: string) => `${rowNumberOf(Number(row))}, level ${Number(level) + 1}`)
    .replace(/rows\.(\d+)/g, (_, row: string) => rowNumberOf(Number(row)));
  const place = draftFieldOf(field, keys);
  const leaf = field.split('.').at(-1) ?? field;
  if (!place) return field.startsWith('removedRowKeys') ? `Dropped rows: ${plainMessage(leaf, readable)}` : plainMessage(leaf, readable);
  const rowNumber = drafts.findIndex((draft) => draft.key === place.key) + 1;
  const words = [rowNumber > 0 ? `Row ${rowNumber}` : `Row "${place.key}"`];
  const parts = place.path.split('.').filter((part) => part !== '');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === 'levels' && /^\d+$/.test(parts[i + 1] ?? '')) {
      words.push(`level ${Number(parts[i + 1]) + 1}`);
      i++;
    } else words.push(part);
  }
  return `${words.join(', ')}: ${plainMessage(leaf, readable)}`;
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

/** Gives each row named but not keyed (`onlyNew`: only rows added in the draft) a key made from its title. */
export function fillMissingKeys(drafts: DraftRow[], onlyNew = false): void {
  const taken = new Set(drafts.map((draft) => draft.key).filter(Boolean));
  for (const draft of drafts) {
    if ((onlyNew && draft.uid === undefined) || draft.key.trim() !== '' || draft.title.trim() === '') continue;
    draft.key = keyFromTitle(draft.title, taken);
    taken.add(draft.key);
  }
}
