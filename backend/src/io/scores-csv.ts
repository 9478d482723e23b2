import { RatingsInputError, tableFromCodes, type Category, type RatingTable, type Scale } from '../stats/index.js';
import { readerLabel } from '../protocol/reader-slots.js';
import { readCsvRecords } from './csv-records.js';
import { InputFileError } from './errors.js';
import { asNumber, categoryKey, levelKey } from './levels.js';
import { LONG_COLUMNS, LongRecordReader, fieldCountMessage, longColumns, missingColumnMessage } from './long-scores.js';
import { ByteInterner, sameBytes, type PlainLine } from './plain-lines.js';
import type { Rubric } from './rubric-file.js';

export type ScoreFileFormat = 'long' | 'wide';

export interface ScoreFileOptions {
  /** the file's name as errors should show it (`-` for standard input) */
  file: string;
  /** long (default): submission,assessor,criterion,level; wide: submission then one column per assessor */
  format?: ScoreFileFormat;
  /** the same ordered levels (lowest first) for every criterion */
  levels?: readonly string[];
  /** per-criterion levels and scale */
  rubric?: Rubric;
  /** overrides the scale of every criterion */
  scale?: Scale;
  /**
   * the raters are reader slots, as in the dashboard: on each submission the first assessor the
   * file names is reader A, the second reader B, and so on, whoever they are
   */
  readerSlots?: boolean;
  /** wide format: the name of its one criterion (default "score") */
  criterion?: string;
  /** called as the reader advances, with the number of bytes read so far */
  onProgress?: (bytesRead: number) => void;
  /** false: papaparse reads every line, the reference the fast path is tested against (default true) */
  fastPath?: boolean;
}

/** The scores of one criterion (rubric row), ready for the agreement engine. */
export interface CriterionScores {
  criterion: string;
  title: string;
  scale: Scale;
  categories: Category[];
  /** the levels' labels in category order, when a rubric gives them */
  levelLabels?: string[];
  /** assessors in the order the file first names them (the table's columns), or the reader slots; one name when one assessor scored the criterion */
  raters: string[];
  /** submissions with at least one rating on this criterion */
  units: number;
  ratings: number;
  table: RatingTable;
}

/**
 * Reads a CSV file of scores, all or nothing: the first problem stops the read with an
 * `InputFileError` naming the file, line and field, and nothing is returned. Records stream
 * through `readCsvRecords`; long lines are read by the `LongRecordReader` the API import uses too.
 */
export async function readScores(source: string | NodeJS.ReadableStream, options: ScoreFileOptions): Promise<CriterionScores[]> {
  const collector = new ScoreCollector(options);
  await readCsvRecords(source, {
    file: options.file,
    expectedHeader: expectedHeader(options),
    header: (fields) => collector.setHeader(fields.map((field) => field.trim())),
    record: (fields, line) => collector.addRow(fields, line),
    plainRecord: (plain, line) => collector.addPlainRow(plain, line),
    progress: options.onProgress,
    fastPath: options.fastPath,
  });
  return collector.finish();
}

function expectedHeader(options: ScoreFileOptions): string {
  return options.format === 'wide' ? 'submission,<assessor>,<assessor>,...' : LONG_COLUMNS.join(',');
}

/** The ratings of one criterion as they are read: submission, assessor, level and line of each, side by side. */
class RatingColumns {
  private data = new Int32Array(4 * 1024);
  length = 0;
  push(unit: number, rater: number, level: number, line: number): void {
    let at = 4 * this.length;
    if (at === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const { data } = this;
    data[at++] = unit;
    data[at++] = rater;
    data[at++] = level;
    data[at] = line;
    this.length++;
  }
  unit(i: number): number {
    return this.data[4 * i];
  }
  rater(i: number): number {
    return this.data[4 * i + 1];
  }
  level(i: number): number {
    return this.data[4 * i + 2];
  }
  line(i: number): number {
    return this.data[4 * i + 3];
  }
}

interface CriterionState {
  key: string;
  title: string;
  scale: Scale;
  levelLabels?: string[];
  /** level key -> index into `labels` */
  levelIndex: Map<string, number>;
  /** the level's text exactly as the file spells it -> index (a cache in front of levelIndex) */
  spelling: Map<string, number>;
  /** the same cache for the fast path: a spelling's bytes -> id, and each id's level */
  spellingBytes: ByteInterner;
  spellingLevel: number[];
  labels: string[];
  /** first line on which each label appeared */
  labelLines: number[];
  /** levels were given up front (flag or rubric): an unknown level is an error at once */
  fixed: boolean;
  categories: Category[] | null;
  ratings: RatingColumns;
}

/** The longest submission or criterion a one-entry cache compares by its bytes. */
const CACHED_BYTES = 256;

function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array): void {
  for (let i = start; i < end; i++) to[i - start] = from[i];
}

class ScoreCollector {
  /** submissions and assessors as integers, in order of first sight (the same ids from either path) */
  private readonly submissions = new ByteInterner();
  private readonly assessors = new ByteInterner();
  private readonly criteria = new Map<string, CriterionState>();
  /** the long format's reader; null for a wide file */
  private long: LongRecordReader | null = null;
  private wideAssessors: string[] = [];
  private header: string[] = [];
  /** the fast path's one-entry caches: files are usually sorted by submission, and have few criteria */
  private readonly lastSubmission = new Uint8Array(CACHED_BYTES);
  private lastSubmissionLength = -1;
  private lastSubmissionIndex = -1;
  private readonly lastCriterionBytes = new Uint8Array(CACHED_BYTES);
  private lastCriterionLength = -1;
  private lastCriterion: CriterionState | null = null;

  /** with reader slots: per submission, its assessors in the order the file names them */
  private readonly readersOf = new Map<number, number[]>();

  constructor(private readonly options: ScoreFileOptions) {}

  setHeader(header: string[]): void {
    this.header = header;
    const { file } = this.options;
    if (this.options.format === 'wide') {
      if (header.length < 3) {
        throw new InputFileError(file, 1, null, 'a wide file needs a submission column and at least two assessor columns');
      }
      this.wideAssessors = header.slice(1);
      this.wideAssessors.forEach((name, i) => {
        if (name === '') throw new InputFileError(file, 1, `column ${i + 2}`, 'an assessor column has no name');
        if (this.wideAssessors.indexOf(name) !== i) throw new InputFileError(file, 1, name, `assessor "${name}" has two columns`);
      });
      return;
    }
    const found = longColumns(header);
    if ('missing' in found) {
      const name = found.missing[0];
      throw new InputFileError(file, 1, name, `${missingColumnMessage(name, header)}; expected ${LONG_COLUMNS.join(',')}`);
    }
    this.long = new LongRecordReader(found.columns, header.length);
  }

  addRow(fields: string[], line: number): void {
    const long = this.long;
    if (long === null) return this.addWideRow(fields, line);
    const problem = long.read(fields);
    if (problem !== null) throw new InputFileError(this.options.file, line, problem.field, problem.message);
    const { record } = long;
    this.add(record.submission, record.assessor, record.criterion, record.level, line, 'level');
  }

  /** A plain line of a long file, read from its bytes: what `addRow` does, without a string for what was seen before. */
  addPlainRow(plain: PlainLine, line: number): void {
    const long = this.long;
    if (long === null) return this.addWideRow(plain.texts(), line);
    const problem = long.readPlain(plain);
    if (problem !== null) throw new InputFileError(this.options.file, line, problem.field, problem.message);
    const { ranges } = long;
    const { bytes } = plain;

    let start = ranges[0];
    let end = ranges[1];
    let unit: number;
    if (end - start === this.lastSubmissionLength && sameBytes(bytes, start, end, this.lastSubmission, 0, end - start)) unit = this.lastSubmissionIndex;
    else {
      unit = this.submissions.intern(bytes, start, end);
      if (end - start <= CACHED_BYTES) {
        copyBytes(bytes, start, end, this.lastSubmission);
        this.lastSubmissionLength = end - start;
        this.lastSubmissionIndex = unit;
      } else this.lastSubmissionLength = -1;
    }

    const rater = this.assessors.intern(bytes, ranges[2], ranges[3]);

    start = ranges[4];
    end = ranges[5];
    let criterion = this.lastCriterion;
    if (criterion === null || end - start !== this.lastCriterionLength || !sameBytes(bytes, start, end, this.lastCriterionBytes, 0, end - start)) {
      const key = plain.decode(start, end);
      criterion = this.criteria.get(key) ?? this.newCriterion(key, line);
      this.lastCriterion = criterion;
      if (end - start <= CACHED_BYTES) {
        copyBytes(bytes, start, end, this.lastCriterionBytes);
        this.lastCriterionLength = end - start;
      } else this.lastCriterionLength = -1;
    }

    start = ranges[6];
    end = ranges[7];
    const spelling = criterion.spellingBytes.find(bytes, start, end);
    let level: number;
    if (spelling >= 0) level = criterion.spellingLevel[spelling];
    else {
      level = this.resolveLevel(criterion, plain.decode(start, end), line, 'level');
      criterion.spellingBytes.intern(bytes, start, end);
      criterion.spellingLevel.push(level);
    }
    if (this.options.readerSlots) this.noteReader(unit, rater);
    criterion.ratings.push(unit, rater, level, line);
  }

  /** With reader slots: the assessor takes the submission's next slot the first time the file names them on it. */
  private noteReader(unit: number, rater: number): void {
    const readers = this.readersOf.get(unit) ?? [];
    if (readers.length === 0) this.readersOf.set(unit, readers);
    if (!readers.includes(rater)) readers.push(rater);
  }

  /** A wide line: the submission, then one level (or nothing) per assessor column. */
  private addWideRow(fields: string[], line: number): void {
    if (fields.length !== this.header.length) {
      throw new InputFileError(this.options.file, line, null, fieldCountMessage(fields.length, this.header.length));
    }
    const submission = this.required(fields[0], line, this.header[0] || 'submission');
    const criterion = this.options.criterion ?? 'score';
    for (let j = 1; j < fields.length; j++) {
      const level = fields[j].trim();
      if (level === '') continue;
      this.add(submission, this.wideAssessors[j - 1], criterion, level, line, this.header[j]);
    }
  }

  private required(value: string, line: number, field: string): string {
    const trimmed = value.trim();
    if (trimmed === '') throw new InputFileError(this.options.file, line, field, 'is empty');
    return trimmed;
  }

  private add(submission: string, assessor: string, criterionKey: string, levelLabel: string, line: number, levelField: string): void {
    const unit = this.submissions.internText(submission);
    const rater = this.assessors.internText(assessor);
    let criterion: CriterionState;
    if (criterionKey === this.lastCriterion?.key) criterion = this.lastCriterion;
    else {
      criterion = this.criteria.get(criterionKey) ?? this.newCriterion(criterionKey, line);
      this.lastCriterion = criterion;
      this.lastCriterionLength = -1;
    }
    let level = criterion.spelling.get(levelLabel);
    if (level === undefined) {
      level = this.resolveLevel(criterion, levelLabel, line, levelField);
      criterion.spelling.set(levelLabel, level);
    }
    if (this.options.readerSlots) this.noteReader(unit, rater);
    criterion.ratings.push(unit, rater, level, line);
  }

  /** First sight of a level's spelling in a criterion: find it among the known levels, or learn it. */
  private resolveLevel(criterion: CriterionState, levelLabel: string, line: number, levelField: string): number {
    const key = levelKey(levelLabel);
    let level = criterion.levelIndex.get(key);
    if (level === undefined) {
      if (criterion.fixed) {
        throw new InputFileError(
          this.options.file,
          line,
          levelField,
          `level "${levelLabel}" is not a level of criterion "${criterion.key}" (levels: ${criterion.labels.join(', ')})`,
        );
      }
      level = criterion.labels.length;
      criterion.levelIndex.set(key, level);
      criterion.labels.push(levelLabel);
      criterion.labelLines.push(line);
    }
    return level;
  }

  private newCriterion(key: string, line: number): CriterionState {
    const { rubric, levels, file } = this.options;
    let labels: string[] | null = null;
    let categories: Category[] | null = null;
    let scale: Scale = 'ordinal';
    let title = key;
    let levelLabels: string[] | undefined;
    if (rubric) {
      const row = rubric.rows.find((r) => r.key === key);
      if (!row) {
        throw new InputFileError(file, line, 'criterion', `criterion "${key}" is not in the rubric (criteria: ${rubric.rows.map((r) => r.key).join(', ')})`);
      }
      labels = row.levels.map((l) => l.value);
      categories = row.categories;
      scale = row.scale;
      title = row.title;
      levelLabels = row.levels.map((l) => l.label);
    } else if (levels) {
      labels = [...levels];
      const numbers = levels.map(asNumber);
      categories = numbers.every((n) => n !== null) ? (numbers as number[]) : levels.map((l) => l.trim());
    }
    const state: CriterionState = {
      key,
      title,
      levelLabels,
      scale: this.options.scale ?? scale,
      levelIndex: new Map(),
      spelling: new Map(),
      spellingBytes: new ByteInterner(),
      spellingLevel: [],
      labels: labels ?? [],
      labelLines: [],
      fixed: labels !== null,
      categories,
      ratings: new RatingColumns(),
    };
    if (categories) categories.forEach((c, i) => state.levelIndex.set(categoryKey(c), i));
    this.criteria.set(key, state);
    return state;
  }

  finish(): CriterionScores[] {
    const { file } = this.options;
    if (this.criteria.size === 0) throw new InputFileError(file, null, null, 'has a header but no scores');
    const criteria = [...this.criteria.values()].map((criterion) => this.finishCriterion(criterion));
    // A criterion scored by one assessor is reported as undefined; a file with no criterion scored by two is refused.
    if (criteria.every((criterion) => criterion.raters.length < 2)) {
      const first = this.criteria.values().next().value!;
      throw new InputFileError(
        file,
        first.ratings.line(0),
        'assessor',
        `criterion "${first.key}" was scored by one assessor only ("${criteria[0].raters[0]}"), and so was every other criterion; agreement needs at least two`,
      );
    }
    return criteria;
  }

  private finishCriterion(criterion: CriterionState): CriterionScores {
    const { file } = this.options;
    let categories = criterion.categories;
    let remap: Int32Array | null = null;
    if (categories === null) {
      // Levels inferred from the data: only numbers have an order we can trust.
      const numbers = criterion.labels.map(asNumber);
      const bad = numbers.findIndex((n) => n === null);
      if (bad >= 0) {
        throw new InputFileError(
          file,
          criterion.labelLines[bad],
          'level',
          `level "${criterion.labels[bad]}" of criterion "${criterion.key}" is not a number, so its order is unknown: give the ordered levels with --levels "low,...,high" or a rubric with --rubric`,
        );
      }
      const order = numbers.map((n, i) => ({ n: n as number, i })).sort((a, b) => a.n - b.n);
      categories = order.map((o) => o.n);
      remap = new Int32Array(order.length);
      order.forEach((o, position) => (remap![o.i] = position));
    }

    const { ratings } = criterion;
    const count = ratings.length;
    // Global submission and assessor indices -> this criterion's rows and columns, in first-seen order.
    const localUnit = new Int32Array(this.submissions.size).fill(-1);
    const localRater = new Int32Array(this.assessors.size).fill(-1);
    const raters: string[] = [];
    let units = 0;
    let slots = 0;
    for (let i = 0; i < count; i++) {
      const u = ratings.unit(i);
      if (localUnit[u] === -1) localUnit[u] = units++;
      const r = ratings.rater(i);
      if (this.options.readerSlots) slots = Math.max(slots, this.readersOf.get(u)!.indexOf(r) + 1);
      else if (localRater[r] === -1) {
        localRater[r] = raters.length;
        raters.push(this.assessors.text(r));
      }
    }
    if (this.options.readerSlots) raters.push(...Array.from({ length: slots }, (_, slot) => `reader ${readerLabel(slot + 1)}`));
    const column = (i: number) => (this.options.readerSlots ? this.readersOf.get(ratings.unit(i))!.indexOf(ratings.rater(i)) : localRater[ratings.rater(i)]);
    // One assessor: a second, empty column, so that every measure is undefined with its reason.
    const k = Math.max(2, raters.length);
    const codes = new Int32Array(units * k).fill(-1);
    const cellLine = new Int32Array(units * k);
    for (let i = 0; i < count; i++) {
      const cell = localUnit[ratings.unit(i)] * k + column(i);
      const line = ratings.line(i);
      if (codes[cell] !== -1) {
        throw new InputFileError(
          file,
          line,
          'assessor',
          `assessor "${this.assessors.text(ratings.rater(i))}" already scored submission "${this.submissions.text(ratings.unit(i))}" on criterion "${criterion.key}" (line ${cellLine[cell]}); each submission, assessor and criterion may appear once`,
        );
      }
      const level = ratings.level(i);
      codes[cell] = remap ? remap[level] : level;
      cellLine[cell] = line;
    }
    let table: RatingTable;
    try {
      table = raters.length < 2 ? singleRaterTable(codes, units, categories) : tableFromCodes(codes, units, k, categories);
    } catch (error) {
      if (error instanceof RatingsInputError) throw new InputFileError(file, null, 'criterion', `criterion "${criterion.key}": ${error.message}`);
      throw error;
    }
    return { criterion: criterion.key, title: criterion.title, scale: criterion.scale, categories, levelLabels: criterion.levelLabels, raters, units, ratings: count, table };
  }
}

/**
 * The table of a criterion one assessor scored: their column and an empty second one, compressed
 * by level. Every measure on it is undefined (no unit has two ratings), each with its reason;
 * `tableFromCodes` refuses it, since it is no agreement data.
 */
function singleRaterTable(codes: Int32Array, units: number, categories: readonly Category[]): RatingTable {
  const perLevel = new Float64Array(categories.length);
  for (let unit = 0; unit < units; unit++) perLevel[codes[unit * 2]]++;
  const levels = categories.map((_, level) => level).filter((level) => perLevel[level] > 0);
  const rows = new Int32Array(levels.length * 2).fill(-1);
  levels.forEach((level, distinct) => (rows[distinct * 2] = level));
  return { categories, raterCount: 2, rows, multiplicity: Float64Array.from(levels, (level) => perLevel[level]), distinctCount: levels.length };
}
