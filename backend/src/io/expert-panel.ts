import Papa from 'papaparse';
import type { ImportProblem } from '../protocol/import-rules.js';

/** Columns of an expert-panel file, one line per item and row; evidence on any line of the item. */
export const EXPERT_PANEL_COLUMNS = ['item', 'criterion', 'level'] as const;
/** Optional columns: `rationale`, `evidence_text`, `evidence_url`. */
type OptionalColumn = 'rationale' | 'evidence_text' | 'evidence_url';

/** A rubric row as the panel file is checked against it. */
export interface PanelRow {
  key: string;
  levels: readonly string[];
}

/** One expert-panel item as the file gives it. */
export interface PanelItem {
  externalRef: string;
  evidenceText: string | null;
  evidenceUrl: string | null;
  levels: Record<string, string>;
  rationales: Record<string, string>;
  /** the item's first line */
  line: number;
}

/**
 * Reads an expert panel's scored responses from CSV: header `item,criterion,level` plus optional
 * `rationale`, `evidence_text`, `evidence_url` (any case and order), one line per item and rubric
 * row. Every problem is reported with its line and column, and the file is taken whole or not at
 * all: an unknown row or level, a row given twice, an item without every row, without evidence.
 */
export function parseExpertPanel(text: string, rows: readonly PanelRow[]): { items: PanelItem[]; problems: ImportProblem[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const problems: ImportProblem[] = [];
  for (const error of parsed.errors.slice(0, 20)) problems.push({ line: (error.row ?? 0) + 1, field: null, message: error.message });
  const [header = [], ...records] = parsed.data;
  const names = header.map((name) => name.trim().toLowerCase());
  const column = new Map<string, number>(names.map((name, index) => [name, index]));
  for (const name of EXPERT_PANEL_COLUMNS) {
    if (!column.has(name)) problems.push({ line: 1, field: name, message: `the header has no "${name}" column (found: ${names.join(', ') || 'nothing'})` });
  }
  if (problems.length > 0) return { items: [], problems };
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const items = new Map<string, PanelItem>();
  const field = (record: string[], name: (typeof EXPERT_PANEL_COLUMNS)[number] | OptionalColumn) => {
    const index = column.get(name);
    return index === undefined ? '' : (record[index] ?? '').trim();
  };
  records.forEach((record, index) => {
    const line = index + 2;
    if (record.length !== header.length) {
      problems.push({ line, field: null, message: `expected ${header.length} fields as in the header, found ${record.length}` });
      return;
    }
    const reference = field(record, 'item');
    if (!reference) return void problems.push({ line, field: 'item', message: 'the item reference is empty' });
    const key = field(record, 'criterion');
    const row = byKey.get(key);
    if (!row) return void problems.push({ line, field: 'criterion', message: `the rubric has no row "${key}" (rows: ${rows.map((r) => r.key).join(', ')})` });
    const level = field(record, 'level');
    if (!row.levels.includes(level)) return void problems.push({ line, field: 'level', message: `"${level}" is not a level of ${key} (levels: ${row.levels.join(', ')})` });
    const item = items.get(reference) ?? { externalRef: reference, evidenceText: null, evidenceUrl: null, levels: {}, rationales: {}, line };
    items.set(reference, item);
    if (item.levels[key] !== undefined) return void problems.push({ line, field: 'criterion', message: `item ${reference} gives row ${key} twice` });
    item.levels[key] = level;
    const rationale = field(record, 'rationale');
    if (rationale) item.rationales[key] = rationale;
    item.evidenceText ??= field(record, 'evidence_text') || null;
    item.evidenceUrl ??= field(record, 'evidence_url') || null;
  });
  for (const item of items.values()) {
    const missing = rows.filter((row) => item.levels[row.key] === undefined).map((row) => row.key);
    if (missing.length) problems.push({ line: item.line, field: 'criterion', message: `item ${item.externalRef} has no level for ${missing.join(', ')}` });
    if (!item.evidenceText && !item.evidenceUrl) problems.push({ line: item.line, field: 'evidence_text', message: `item ${item.externalRef} has no evidence (evidence_text or evidence_url)` });
  }
  if (records.length === 0) problems.push({ line: null, field: null, message: 'the file has a header but no items' });
  return { items: problems.length ? [] : [...items.values()], problems };
}
