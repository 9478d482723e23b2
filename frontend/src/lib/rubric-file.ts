/**
 * A rubric file, as `concord analyze --rubric` reads it (`{"title": "...", "criteria": [{"key",
 * "title", "descriptor", "scale", "levels": ["1", "2"] | [{"value", "label", "descriptor"}]}]}`,
 * levels lowest first, scale ordinal unless said), read into the rows of a draft. Problems are said
 * in plain words, naming the row by its place in the file ("Row 2: ..."). Pure.
 */
import { keyFromTitle, type DraftRow } from './revision';

export type RubricFileResult = { ok: true; title: string; rows: DraftRow[] } | { ok: false; problems: string[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function readRubricFile(text: string): RubricFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['The file is not JSON: a rubric file holds an object with a "criteria" list.'] };
  }
  if (!isObject(data)) return { ok: false, problems: ['The file holds no rubric: a rubric file holds an object with a "criteria" list.'] };
  const criteria = data.criteria;
  if (!Array.isArray(criteria) || criteria.length === 0) return { ok: false, problems: ['The file lists no rows: its "criteria" must be a list of at least one row.'] };
  const problems: string[] = [];
  const rows: DraftRow[] = [];
  const keys = new Set<string>();
  criteria.forEach((raw, index) => {
    const where = `Row ${index + 1}`;
    if (!isObject(raw)) {
      problems.push(`${where}: must be an object with a key, a title and levels.`);
      return;
    }
    const title = typeof raw.title === 'string' ? raw.title.trim() : '';
    let key = typeof raw.key === 'string' ? raw.key.trim() : '';
    if (key === '' && title === '') {
      problems.push(`${where}: has neither a key nor a title.`);
      return;
    }
    if (key === '') key = keyFromTitle(title, keys);
    if (keys.has(key)) problems.push(`${where}: the key "${key}" is listed twice.`);
    keys.add(key);
    const scale = raw.scale ?? 'ordinal';
    if (scale !== 'ordinal' && scale !== 'nominal') problems.push(`${where}: the scale must be "ordinal" or "nominal", not ${JSON.stringify(scale)}.`);
    if (!Array.isArray(raw.levels) || raw.levels.length < 2) {
      problems.push(`${where}: must list at least two levels, lowest first.`);
      return;
    }
    const levels = raw.levels.flatMap((level: unknown, levelIndex: number) => {
      if (typeof level === 'string' || typeof level === 'number') return [{ value: String(level), label: String(level), descriptor: '' }];
      if (isObject(level) && (typeof level.value === 'string' || typeof level.value === 'number')) {
        return [{ value: String(level.value), label: typeof level.label === 'string' ? level.label : String(level.value), descriptor: typeof level.descriptor === 'string' ? level.descriptor : '' }];
      }
      problems.push(`${where}, level ${levelIndex + 1}: must be a value or an object with a "value".`);
      return [];
    });
    rows.push({
      key,
      title: title || key,
      descriptor: typeof raw.descriptor === 'string' ? raw.descriptor : '',
      scale: scale === 'nominal' ? 'nominal' : 'ordinal',
      levels,
      failing: false,
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, title: typeof data.title === 'string' ? data.title : '', rows };
}
