import type { MfrmRating } from '../stats/index.js';
import { readCsvRecords } from './csv-records.js';
import { InputFileError } from './errors.js';
import { asNumber, categoryKey, levelKey } from './levels.js';
import { LONG_COLUMNS, LongRecordReader, longColumns, missingColumnMessage } from './long-scores.js';
import type { Rubric } from './rubric-file.js';

export interface RaschScoreOptions {
  /** the file's name as errors should show it */
  file: string;
  /** the same ordered levels (lowest first) for every criterion */
  levels?: readonly string[];
  /** per-criterion levels; every criterion in the file must have as many levels as the others */
  rubric?: Rubric;
  /** analyse these criteria only (the file's other lines are checked, then skipped) */
  criteria?: readonly string[];
  /** called as the reader advances, with the number of bytes read so far */
  onProgress?: (bytesRead: number) => void;
}

/** A long score file as the many-facet Rasch analysis reads it: every criterion on one scale. */
export interface RaschScores {
  ratings: MfrmRating[];
  /** the level labels in category order (for a rubric, the first criterion's) */
  levels: string[];
  /**
   * the level of category 0 on the scale scores and fair averages are reported on: the lowest
   * level when the levels are consecutive integers (and the same on every criterion), else 1
   */
  lowestLevel: number;
  submissions: number;
  criteria: string[];
  /** assessors in the order the file first names them */
  assessors: string[];
}

interface CriterionState {
  key: string;
  index: number;
  firstLine: number;
  /** level key -> category, when the levels are known up front */
  categories: Map<string, number> | null;
  /** the level's text exactly as the file spells it -> code (a cache in front of the lookups) */
  spelling: Map<string, number>;
  labels: string[] | null;
}

/** more integer levels than this, inferred from the data, are more likely scores than levels */
const MAX_INFERRED_LEVELS = 100;

const NO_ORDER =
  'is not a number, so its order is unknown: give the ordered levels with --levels "low,...,high" or a rubric with --rubric';

/**
 * Reads the long score format (`submission,assessor,criterion,level`, the format of
 * `concord analyze`) for the many-facet Rasch analysis, all or nothing: the first problem stops
 * the read with an `InputFileError` naming the file, line and field. Criteria are the rows of one
 * rating scale, so they must share their number of levels. Without --levels or --rubric the
 * levels are the numbers found in the file, pooled over the criteria: integers run from the
 * lowest to the highest found (a level in between that nobody used is still a level).
 */
export async function readRaschScores(source: string | NodeJS.ReadableStream, options: RaschScoreOptions): Promise<RaschScores> {
  const { file, rubric } = options;
  const fixedLevels = options.levels ? levelMap(options.levels) : null;
  const only = options.criteria ? new Set(options.criteria) : null;
  let reader: LongRecordReader | null = null;
  const submissions = new Map<string, number>();
  const assessors = new Map<string, number>();
  const assessorNames: string[] = [];
  const criteria = new Map<string, CriterionState>();
  const criterionList: CriterionState[] = [];
  const submissionNames: string[] = [];
  // columns of the ratings read so far
  const subs: number[] = [];
  const raters: number[] = [];
  const rows: number[] = [];
  /** category, or for inferred levels the index into `inferred` */
  const codes: number[] = [];
  const inferred = new Map<string, number>();
  const inferredLabels: string[] = [];
  const inferredLines: number[] = [];
  const lines: number[] = [];
  let lastSubmission = '';
  let lastSub = -1;

  const criterionFor = (key: string, line: number): CriterionState => {
    let state = criteria.get(key);
    if (state) return state;
    if (rubric) {
      const row = rubric.rows.find((r) => r.key === key);
      if (!row) throw new InputFileError(file, line, 'criterion', `criterion "${key}" is not in the rubric (criteria: ${rubric.rows.map((r) => r.key).join(', ')})`);
      if (row.scale === 'nominal') {
        throw new InputFileError(file, line, 'criterion', `criterion "${key}" is nominal in the rubric; the rating-scale model needs ordered levels (choose the criteria with --criteria)`);
      }
      const map = new Map<string, number>();
      row.categories.forEach((c, i) => map.set(categoryKey(c), i));
      state = { key, index: criterionList.length, firstLine: line, categories: map, spelling: new Map(), labels: row.levels.map((l) => l.value) };
    } else state = { key, index: criterionList.length, firstLine: line, categories: fixedLevels, spelling: new Map(), labels: options.levels ? [...options.levels] : null };
    criteria.set(key, state);
    criterionList.push(state);
    return state;
  };

  /** First sight of a level's spelling on a criterion: its category, or (levels inferred) its index among the labels found. */
  const levelCode = (criterion: CriterionState, level: string, line: number): number => {
    if (criterion.categories) {
      const found = criterion.categories.get(levelKey(level));
      if (found === undefined) {
        throw new InputFileError(file, line, 'level', `level "${level}" is not a level of criterion "${criterion.key}" (levels: ${criterion.labels!.join(', ')})`);
      }
      return found;
    }
    const key = levelKey(level);
    let found = inferred.get(key);
    if (found === undefined) {
      if (asNumber(level) === null) throw new InputFileError(file, line, 'level', `level "${level}" of criterion "${criterion.key}" ${NO_ORDER}`);
      found = inferredLabels.length;
      inferred.set(key, found);
      inferredLabels.push(level);
      inferredLines.push(line);
    }
    return found;
  };

  await readCsvRecords(source, {
    file,
    expectedHeader: LONG_COLUMNS.join(','),
    header: (fields) => {
      const header = fields.map((f) => f.trim());
      const found = longColumns(header);
      if ('missing' in found) {
        const name = found.missing[0];
        throw new InputFileError(file, 1, name, `${missingColumnMessage(name, header)}; expected ${LONG_COLUMNS.join(',')}`);
      }
      reader = new LongRecordReader(found.columns, header.length);
    },
    record: (fields, line) => {
      const problem = reader!.read(fields);
      if (problem !== null) throw new InputFileError(file, line, problem.field, problem.message);
      const record = reader!.record;
      if (only !== null && !only.has(record.criterion)) return;
      let sub: number | undefined = record.submission === lastSubmission ? lastSub : submissions.get(record.submission);
      if (sub === undefined) {
        sub = submissionNames.length;
        submissions.set(record.submission, sub);
        submissionNames.push(record.submission);
      }
      lastSubmission = record.submission;
      lastSub = sub;
      let rater = assessors.get(record.assessor);
      if (rater === undefined) {
        rater = assessorNames.length;
        assessors.set(record.assessor, rater);
        assessorNames.push(record.assessor);
      }
      const criterion = criterionFor(record.criterion, line);
      const row = criterion.index;
      let code = criterion.spelling.get(record.level);
      if (code === undefined) {
        code = levelCode(criterion, record.level, line);
        criterion.spelling.set(record.level, code);
      }
      subs.push(sub);
      lines.push(line);
      raters.push(rater);
      rows.push(row);
      codes.push(code);
    },
    progress: options.onProgress,
  });
  if (only !== null) {
    const missing = [...only].find((key) => !criteria.has(key));
    if (missing !== undefined) throw new InputFileError(file, null, 'criterion', `criterion "${missing}" (from --criteria) has no ratings in the file`);
  }
  if (codes.length === 0) throw new InputFileError(file, null, null, 'has a header but no scores');
  const duplicate = firstDuplicate(subs, raters, rows, submissionNames.length, assessorNames.length, criterionList.length);
  if (duplicate !== null) {
    const [earlier, later] = duplicate;
    throw new InputFileError(
      file,
      lines[later],
      'assessor',
      `assessor "${assessorNames[raters[later]]}" already scored submission "${submissionNames[subs[later]]}" on criterion "${criterionList[rows[later]].key}" (line ${lines[earlier]}); each submission, assessor and criterion may appear once`,
    );
  }

  let levels: string[];
  let lowestLevel: number;
  let remap: number[] | null = null;
  if (rubric) {
    const first = criterionList[0];
    for (const c of criterionList) {
      if (c.labels!.length !== first.labels!.length) {
        throw new InputFileError(
          file,
          c.firstLine,
          'criterion',
          `criterion "${c.key}" has ${c.labels!.length} levels and criterion "${first.key}" has ${first.labels!.length}; one Rasch analysis takes criteria with the same number of levels (choose them with --criteria)`,
        );
      }
    }
    levels = first.labels!;
    const bases = criterionList.map((c) => consecutiveStart(c.labels!));
    lowestLevel = bases.every((b) => b !== null && b === bases[0]) ? bases[0]! : 1;
  } else if (options.levels) {
    levels = [...options.levels];
    lowestLevel = consecutiveStart(levels) ?? 1;
  } else {
    const numbers = inferredLabels.map((l) => asNumber(l)!);
    const distinct = [...new Set(numbers)].sort((a, b) => a - b);
    const integers = distinct.every(Number.isInteger);
    const span = distinct[distinct.length - 1] - distinct[0] + 1;
    if (integers && span > MAX_INFERRED_LEVELS) {
      throw new InputFileError(file, null, 'level', `the levels run from ${distinct[0]} to ${distinct[distinct.length - 1]}; give the rating scale's levels with --levels or --rubric`);
    }
    const scale = integers ? range(distinct[0], distinct[distinct.length - 1]) : distinct;
    levels = scale.map(String);
    lowestLevel = integers ? distinct[0] : 1;
    remap = numbers.map((n) => scale.indexOf(n));
    if (levels.length < 2) {
      throw new InputFileError(file, inferredLines[0], 'level', `every rating is level "${inferredLabels[0]}"; a rating scale needs at least two levels (give them with --levels)`);
    }
  }
  const ratings: MfrmRating[] = new Array(codes.length);
  for (let o = 0; o < codes.length; o++) {
    ratings[o] = {
      submission: submissionNames[subs[o]],
      row: criterionList[rows[o]].key,
      rater: assessorNames[raters[o]],
      category: remap ? remap[codes[o]] : codes[o],
    };
  }
  return { ratings, levels, lowestLevel, submissions: submissionNames.length, criteria: criterionList.map((c) => c.key), assessors: assessorNames };
}

/**
 * The first rating (in file order) of a (submission, assessor, criterion) that was already rated,
 * with the earlier one: [earlier, later] positions, or null. Sorting one number per rating finds
 * out whether there is any; only then are the positions looked up.
 */
function firstDuplicate(subs: number[], raters: number[], rows: number[], subCount: number, raterCount: number, rowCount: number): [number, number] | null {
  const n = subs.length;
  const key = (o: number) => (subs[o] * raterCount + raters[o]) * rowCount + rows[o];
  if (subCount * raterCount * rowCount < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let o = 0; o < n; o++) keys[o] = key(o);
    keys.sort();
    let any = false;
    for (let o = 1; o < n && !any; o++) any = keys[o] === keys[o - 1];
    if (!any) return null;
  }
  const seen = new Map<string, number>();
  for (let o = 0; o < n; o++) {
    const cell = `${subs[o]}:${raters[o]}:${rows[o]}`;
    const earlier = seen.get(cell);
    if (earlier !== undefined) return [earlier, o];
    seen.set(cell, o);
  }
  return null;
}

function levelMap(levels: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  levels.forEach((l, i) => map.set(levelKey(l), i));
  return map;
}

/** The first level when the levels are consecutive integers (0,1,2 or 1,2,3,4), else null. */
function consecutiveStart(labels: readonly string[]): number | null {
  const numbers = labels.map(asNumber);
  if (numbers.some((n) => n === null || !Number.isInteger(n))) return null;
  for (let i = 1; i < numbers.length; i++) if (numbers[i] !== numbers[i - 1]! + 1) return null;
  return numbers[0];
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v++) out.push(v);
  return out;
}
