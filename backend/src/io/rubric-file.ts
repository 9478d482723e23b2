import { InputFileError } from './errors.js';
import { categoriesFromLabels, type LevelSpec } from './levels.js';

/** One rubric row as a rubric file describes it. */
export interface RubricRow extends LevelSpec {
  key: string;
  title: string;
  descriptor: string;
  levels: { value: string; label: string; descriptor: string }[];
}

export interface Rubric {
  title: string;
  rows: RubricRow[];
}

/**
 * Reads a rubric file:
 * `{"title": "...", "criteria": [{"key": "evidence", "title": "...", "scale": "ordinal",
 *   "levels": ["1", "2", "3", "4"] | [{"value": "1", "label": "Beginning", "descriptor": "..."}]}]}`.
 * Levels are listed from lowest to highest. `scale` defaults to ordinal. Every problem names the
 * file and the JSON path of the field.
 */
export function parseRubric(text: string, file: string): Rubric {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    throw new InputFileError(file, line, null, `not valid JSON (${message})`);
  }
  const fail = (field: string, problem: string): never => {
    throw new InputFileError(file, null, field, problem);
  };
  if (!isObject(data)) return fail('(top level)', 'a rubric file holds an object with a "criteria" list');
  const criteria = data.criteria;
  if (!Array.isArray(criteria) || criteria.length === 0) return fail('criteria', 'must be a non-empty list of rubric rows');
  const seen = new Set<string>();
  const rows = criteria.map((raw, i): RubricRow => {
    const path = `criteria[${i}]`;
    if (!isObject(raw)) return fail(path, 'must be an object with "key" and "levels"');
    const key = raw.key;
    if (typeof key !== 'string' || key.trim() === '') return fail(`${path}.key`, 'must be a non-empty string');
    if (seen.has(key.trim())) return fail(`${path}.key`, `criterion "${key}" is listed twice`);
    seen.add(key.trim());
    const scale = raw.scale ?? 'ordinal';
    if (scale !== 'nominal' && scale !== 'ordinal') return fail(`${path}.scale`, `must be "nominal" or "ordinal", not ${JSON.stringify(scale)}`);
    if (!Array.isArray(raw.levels) || raw.levels.length < 2) return fail(`${path}.levels`, 'must list at least two levels, lowest first');
    const levels = raw.levels.map((level: unknown, j: number) => {
      const levelPath = `${path}.levels[${j}]`;
      if (typeof level === 'string' || typeof level === 'number') {
        return { value: String(level), label: String(level), descriptor: '' };
      }
      if (isObject(level) && (typeof level.value === 'string' || typeof level.value === 'number')) {
        return {
          value: String(level.value),
          label: typeof level.label === 'string' ? level.label : String(level.value),
          descriptor: typeof level.descriptor === 'string' ? level.descriptor : '',
        };
      }
      return fail(levelPath, 'must be a level value or an object with "value"');
    });
    const values = new Set<string>();
    levels.forEach((level, j) => {
      if (values.has(level.value.trim())) fail(`${path}.levels[${j}]`, `level "${level.value}" is listed twice`);
      values.add(level.value.trim());
    });
    return {
      key: key.trim(),
      title: typeof raw.title === 'string' ? raw.title : key.trim(),
      descriptor: typeof raw.descriptor === 'string' ? raw.descriptor : '',
      levels,
      categories: categoriesFromLabels(levels.map((l) => l.value)),
      scale,
    };
  });
  return { title: typeof data.title === 'string' ? data.title : '', rows };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
