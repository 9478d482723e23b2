import { MAX_IMPORT_PROBLEMS, type ImportProblem, type ScoresToImport } from '../protocol/import-rules.js';
import { readCsvRecords } from './csv-records.js';
import { InputFileError } from './errors.js';
import { levelKey } from './levels.js';
import { LONG_COLUMNS, LongRecordReader, longColumns, missingColumnMessage } from './long-scores.js';
import { ByteInterner, trimEnd, trimStart, type PlainLine } from './plain-lines.js';

export type { ImportProblem };

/** A rubric row as the import checks it: its key and its level values. */
export interface ImportRow {
  key: string;
  levels: readonly string[];
}

/** One assessor's complete score of one submission, as the file gives it. */
export interface ImportedScore {
  submission: string;
  assessor: string;
  /** row key -> level value as the rubric spells it */
  levels: Record<string, string>;
  comments: Record<string, string>;
  /** the first line of this score in the file */
  line: number;
}

export interface ParsedImport {
  /** the complete scores, in file order (by their first line), in compact columns */
  scores: ImportedScores;
  ratings: number;
  problems: ImportProblem[];
  /** true when more problems exist than were kept */
  truncated: boolean;
}

/** The import's own optional column, beside the long format's. */
const COMMENT_COLUMN = 'comment';
/** The file's name in errors of the shared reader; an import's problems never show it. */
const IMPORT_FILE = 'import';

/**
 * Checks a CSV of scores (`submission,assessor,criterion,level[,comment]`, any case and order)
 * against a rubric version, keeping going after a problem so a dry run can list the first
 * `maxProblems` with their line and field. The file is read as `concord analyze` reads it (see
 * `long-scores.ts`), streamed when `source` is a stream (the request of an upload): chunk by
 * chunk, yielding to the event loop between chunks, plain lines read from their bytes. What is
 * kept is compact: submissions and assessors interned to integers, and per score (one assessor's
 * levels for every row of one submission) its line, levels and comments in typed arrays; comments
 * as bytes in one pool (unless `keepComments` is false: a dry run writes none). A pair that misses
 * a row is a problem, as is a repeated row.
 */
export async function parseScoreImport(
  source: string | NodeJS.ReadableStream | AsyncIterable<Buffer>,
  rows: readonly ImportRow[],
  options: { maxProblems?: number; keepComments?: boolean } = {},
): Promise<ParsedImport> {
  const collector = new ScoreCollector(rows, options.maxProblems ?? MAX_IMPORT_PROBLEMS, options.keepComments ?? true);
  // a failure of the source itself (the upload too large, the connection lost) is no problem of the file: it is passed on as it is
  const failed: { error: unknown } = { error: null };
  try {
    await readCsvRecords(typeof source === 'string' ? source : passingOnFailure(source, failed), {
      file: IMPORT_FILE,
      expectedHeader: `${LONG_COLUMNS.join(',')}[,${COMMENT_COLUMN}]`,
      header: (fields, line) => collector.header(fields, line),
      record: (fields, line) => collector.record(fields, line),
      plainRecord: (plain, line) => collector.plainRecord(plain, line),
    });
  } catch (error) {
    if (failed.error !== null) throw failed.error;
    if (!(error instanceof InputFileError)) throw error;
    collector.problem(error.line, error.field, error.problem);
    return collector.empty();
  }
  return collector.finish();
}

async function* passingOnFailure(source: NodeJS.ReadableStream | AsyncIterable<Buffer>, failed: { error: unknown }): AsyncGenerator<Buffer | string> {
  try {
    yield* source as AsyncIterable<Buffer | string>;
  } catch (error) {
    failed.error = error;
    throw error;
  }
}

/** A growable column of 32-bit integers. */
class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): number {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }
  /** makes room for `size` values (half as much again: less slack than doubling) */
  reserve(size: number): void {
    if (size <= this.data.length) return;
    const data = new Int32Array(Math.max(size, Math.ceil(this.data.length * 1.5)));
    data.set(this.data);
    this.data = data;
  }
}

/** A growable column of bytes (a level's index: a row has at most 20 levels). */
class ByteColumn {
  data = new Uint8Array(1024);
  length = 0;
  reserve(size: number): void {
    if (size <= this.data.length) return;
    const data = new Uint8Array(Math.max(size, Math.ceil(this.data.length * 1.5)));
    data.set(this.data);
    this.data = data;
  }
}

/** Comments as UTF-8 bytes in 1 MB blocks (no string, no object each), numbered in order of arrival. */
class CommentPool {
  private static readonly BLOCK = 1 << 20;
  private readonly blocks: Uint8Array[] = [];
  private used = CommentPool.BLOCK;
  /** per comment: its block, start and end */
  private readonly places = new IntColumn(3 * 1024);
  private readonly encoder = new TextEncoder();

  add(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (this.used + length > CommentPool.BLOCK || length > CommentPool.BLOCK) {
      this.blocks.push(new Uint8Array(Math.max(CommentPool.BLOCK, length)));
      this.used = 0;
    }
    const block = this.blocks.length - 1;
    this.blocks[block].set(bytes.subarray(start, end), this.used);
    this.places.push(block);
    this.places.push(this.used);
    this.used += length;
    this.places.push(this.used);
    return this.places.length / 3 - 1;
  }

  private scratch = new Uint8Array(1024);

  addText(text: string): number {
    if (text.length * 3 > this.scratch.length) this.scratch = new Uint8Array(text.length * 3);
    return this.add(this.scratch, 0, this.encoder.encodeInto(text, this.scratch).written);
  }

  text(id: number): string {
    const { data } = this.places;
    const block = this.blocks[data[3 * id]];
    return Buffer.from(block.buffer, block.byteOffset + data[3 * id + 1], data[3 * id + 2] - data[3 * id + 1]).toString('utf8');
  }
}

/**
 * (submission, assessor) id pairs to dense pair ids, in an open-addressing table of pair ids (at
 * most half full); a pair's submission and assessor are read from the pairs' column.
 */
class PairIndex {
  private slots = new Int32Array(4096).fill(-1);
  size = 0;

  /** `pairs`: per pair id, its submission and assessor at 3 * id and 3 * id + 1 */
  constructor(private readonly pairs: IntColumn) {}

  /** The pair's id, or `next` (which the caller then stores in `pairs`) when it is new. */
  idOf(submission: number, assessor: number, next: number): number {
    const mask = this.slots.length - 1;
    const pairs = this.pairs.data;
    for (let slot = hashPair(submission, assessor) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (id === -1) {
        this.slots[slot] = next;
        if (++this.size * 2 > this.slots.length) this.grow(next, submission, assessor);
        return next;
      }
      if (pairs[3 * id] === submission && pairs[3 * id + 1] === assessor) return id;
    }
  }

  /** Twice the slots; `next` is not in the pairs' column yet, so its submission and assessor are given. */
  private grow(next: number, submission: number, assessor: number): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(-1);
    const mask = slots.length - 1;
    const pairs = this.pairs.data;
    for (const id of old) {
      if (id === -1) continue;
      let slot = (id === next ? hashPair(submission, assessor) : hashPair(pairs[3 * id], pairs[3 * id + 1])) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function hashPair(submission: number, assessor: number): number {
  let hash = Math.imul(submission ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(assessor + 0x632be5ab, 0xc2b2ae35);
  hash ^= hash >>> 15;
  return hash >>> 0;
}

/**
 * The complete scores of an import, as the checks (`ScoresToImport`) and the writer read them:
 * by index in file order, every field from typed arrays or the interners.
 */
export class ImportedScores implements ScoresToImport {
  private readonly assessorTexts: string[];

  constructor(
    readonly rows: readonly ImportRow[],
    private readonly submissions: ByteInterner,
    assessors: ByteInterner,
    /** per complete score: its pair */
    private readonly pairOf: Int32Array,
    /** per pair: submission, assessor and first line */
    private readonly pairs: Int32Array,
    /** per pair and row: the level's index in the row's levels */
    private readonly levels: Uint8Array,
    /** per pair and row: the comment's id, -1 for none (null: the file has no comment column) */
    private readonly comments: Int32Array | null,
    private readonly commentPool: CommentPool,
  ) {
    this.assessorTexts = Array.from({ length: assessors.size }, (_, id) => assessors.text(id));
  }

  get count(): number {
    return this.pairOf.length;
  }
  get submissionCount(): number {
    return this.submissions.size;
  }
  get assessorCount(): number {
    return this.assessorTexts.length;
  }
  submissionOf(score: number): number {
    return this.pairs[3 * this.pairOf[score]];
  }
  assessorOf(score: number): number {
    return this.pairs[3 * this.pairOf[score] + 1];
  }
  lineOf(score: number): number {
    return this.pairs[3 * this.pairOf[score] + 2];
  }
  submissionRef(submission: number): string {
    return this.submissions.text(submission);
  }
  assessorText(assessor: number): string {
    return this.assessorTexts[assessor];
  }
  /** the level of a score on a row, as the rubric spells it */
  level(score: number, row: number): string {
    return this.rows[row].levels[this.levels[this.pairOf[score] * this.rows.length + row]];
  }
  /** the comment of a score on a row, or null */
  comment(score: number, row: number): string | null {
    if (this.comments === null) return null;
    const id = this.comments[this.pairOf[score] * this.rows.length + row];
    return id < 0 ? null : this.commentPool.text(id);
  }
  /** one score as an object (the audit entry of an imported score shows it) */
  score(score: number): ImportedScore {
    const levels: Record<string, string> = {};
    const comments: Record<string, string> = {};
    this.rows.forEach((row, index) => {
      levels[row.key] = this.level(score, index);
      const comment = this.comment(score, index);
      if (comment !== null) comments[row.key] = comment;
    });
    return { submission: this.submissionRef(this.submissionOf(score)), assessor: this.assessorText(this.assessorOf(score)), levels, comments, line: this.lineOf(score) };
  }
  /** the scores of each submission in file order: `order[starts[s] .. starts[s + 1])` are submission s's (its reader slots in that order) */
  bySubmission(): { starts: Int32Array; order: Int32Array } {
    const starts = new Int32Array(this.submissionCount + 1);
    for (let score = 0; score < this.count; score++) starts[this.submissionOf(score) + 1]++;
    for (let submission = 0; submission < this.submissionCount; submission++) starts[submission + 1] += starts[submission];
    const order = new Int32Array(this.count);
    const filled = starts.slice(0, this.submissionCount);
    for (let score = 0; score < this.count; score++) order[filled[this.submissionOf(score)]++] = score;
    return { starts, order };
  }
}

/** Reads the records of an import into compact columns, listing problems as it goes. */
class ScoreCollector {
  readonly problems: ImportProblem[] = [];
  truncated = false;
  private reader: LongRecordReader | null = null;
  private commentColumn = -1;
  private ratings = 0;
  private readonly submissions = new ByteInterner();
  private readonly assessors = new ByteInterner();
  /** criteria as spelled (trimmed) -> row index, -1 for none of the rubric's */
  private readonly criteria = new ByteInterner();
  private readonly rowOfCriterion: number[] = [];
  /** per row: level spellings -> index in the row's levels, -1 for none */
  private readonly spellings: ByteInterner[];
  private readonly levelOfSpelling: number[][];
  private readonly levelIndex: Map<string, number>[];
  /** per pair: submission, assessor, first line */
  private readonly pairs = new IntColumn(3 * 1024);
  private readonly pairIndex = new PairIndex(this.pairs);
  /** per pair and row: the line that gave it (0: none yet), its level, its comment */
  private readonly rowLines = new IntColumn();
  private readonly rowLevels = new ByteColumn();
  private rowComments: IntColumn | null = null;
  private readonly commentPool = new CommentPool();
  /** scratch for the text path: a field as bytes */
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(256);

  constructor(
    private readonly rows: readonly ImportRow[],
    private readonly maxProblems: number,
    /** false: comments are checked for nothing and dropped (a dry run writes none) */
    private readonly keepComments: boolean,
  ) {
    this.spellings = rows.map(() => new ByteInterner());
    this.levelOfSpelling = rows.map(() => []);
    this.levelIndex = rows.map((row) => new Map(row.levels.map((level, index) => [levelKey(level), index])));
  }

  /** Lists a problem while there is room; the message is written only then (a million bad lines cost no million messages). */
  problem(line: number | null, field: string | null, message: string | (() => string)): void {
    if (this.problems.length < this.maxProblems) this.problems.push({ line, field, message: typeof message === 'string' ? message : message() });
    else this.truncated = true;
  }

  header(fields: string[], line: number): void {
    const found = longColumns(fields);
    if ('missing' in found) {
      for (const column of found.missing) this.problem(line, column, missingColumnMessage(column, fields));
      return;
    }
    this.reader = new LongRecordReader(found.columns, fields.length);
    this.commentColumn = this.keepComments ? fields.map((name) => name.trim().toLowerCase()).indexOf(COMMENT_COLUMN) : -1;
    if (this.commentColumn >= 0) this.rowComments = new IntColumn();
  }

  /** A line as text fields (a quoted line, or a file papaparse reads). */
  record(fields: string[], line: number): void {
    const { reader } = this;
    if (reader === null) return;
    const shape = reader.read(fields);
    if (shape !== null) return this.problem(line, shape.field, shape.message);
    const { submission, assessor, criterion, level } = reader.record;
    const row = this.rowOf(this.scratch, 0, this.encode(criterion), line);
    if (row < 0) return;
    const levelIndex = this.levelOf(row, this.scratch, 0, this.encode(level), line);
    if (levelIndex < 0) return;
    const pair = this.pairFor(this.submissions.internText(submission), this.assessors.internText(assessor), line);
    const comment = this.commentColumn >= 0 ? fields[this.commentColumn].trim() : '';
    this.accept(pair, row, levelIndex, line, comment === '' || !this.isNewRating(pair, row) ? -1 : this.commentPool.addText(comment));
  }

  /** A plain line, read from its bytes: the same checks without a string for what was seen before. */
  plainRecord(plain: PlainLine, line: number): void {
    const { reader } = this;
    if (reader === null) return;
    const shape = reader.readPlain(plain);
    if (shape !== null) return this.problem(line, shape.field, shape.message);
    const { ranges } = reader;
    const { bytes } = plain;
    const row = this.rowOf(bytes, ranges[4], ranges[5], line);
    if (row < 0) return;
    const levelIndex = this.levelOf(row, bytes, ranges[6], ranges[7], line);
    if (levelIndex < 0) return;
    const pair = this.pairFor(this.submissions.intern(bytes, ranges[0], ranges[1]), this.assessors.intern(bytes, ranges[2], ranges[3]), line);
    let comment = -1;
    if (this.commentColumn >= 0) {
      const start = trimStart(bytes, plain.starts[this.commentColumn], plain.ends[this.commentColumn]);
      const end = trimEnd(bytes, start, plain.ends[this.commentColumn]);
      if (start < end && this.isNewRating(pair, row)) comment = this.commentPool.add(bytes, start, end);
    }
    this.accept(pair, row, levelIndex, line, comment);
  }

  /** Writes a field's UTF-8 bytes into the scratch array; returns their length. */
  private encode(text: string): number {
    if (text.length * 3 > this.scratch.length) this.scratch = new Uint8Array(text.length * 3);
    return this.encoder.encodeInto(text, this.scratch).written;
  }

  /** The row of a criterion as spelled, or -1 (a problem on the line). */
  private rowOf(bytes: Uint8Array, start: number, end: number, line: number): number {
    const id = this.criteria.intern(bytes, start, end);
    if (id === this.rowOfCriterion.length) {
      const key = this.criteria.text(id);
      this.rowOfCriterion.push(this.rows.findIndex((row) => row.key === key));
    }
    const row = this.rowOfCriterion[id];
    if (row < 0) {
      this.problem(line, 'criterion', () => `criterion "${this.criteria.text(id)}" is not a row of this rubric version (rows: ${this.rows.map((r) => r.key).join(', ')})`);
    }
    return row;
  }

  /** The index of a level as spelled in the row's levels, or -1 (a problem on the line). */
  private levelOf(row: number, bytes: Uint8Array, start: number, end: number, line: number): number {
    const spellings = this.spellings[row];
    const id = spellings.intern(bytes, start, end);
    const known = this.levelOfSpelling[row];
    if (id === known.length) known.push(this.levelIndex[row].get(levelKey(spellings.text(id))) ?? -1);
    const level = known[id];
    if (level < 0) {
      const { key, levels } = this.rows[row];
      this.problem(line, 'level', () => `level "${spellings.text(id)}" is not a level of criterion "${key}" (levels: ${levels.join(', ')})`);
    }
    return level;
  }

  private pairFor(submission: number, assessor: number, line: number): number {
    const next = this.pairs.length / 3;
    const pair = this.pairIndex.idOf(submission, assessor, next);
    if (pair === next) {
      this.pairs.push(submission);
      this.pairs.push(assessor);
      this.pairs.push(line);
      const size = (pair + 1) * this.rows.length;
      this.rowLines.reserve(size);
      this.rowLines.length = size;
      this.rowLevels.reserve(size);
      this.rowLevels.length = size;
      if (this.rowComments !== null) {
        this.rowComments.reserve(size);
        this.rowComments.data.fill(-1, pair * this.rows.length, size);
        this.rowComments.length = size;
      }
    }
    return pair;
  }

  private isNewRating(pair: number, row: number): boolean {
    return this.rowLines.data[pair * this.rows.length + row] === 0;
  }

  private accept(pair: number, row: number, level: number, line: number, comment: number): void {
    const at = pair * this.rows.length + row;
    const earlier = this.rowLines.data[at];
    if (earlier !== 0) {
      const submission = () => this.submissions.text(this.pairs.data[3 * pair]);
      const assessor = () => this.assessors.text(this.pairs.data[3 * pair + 1]);
      this.problem(line, 'criterion', () => `assessor "${assessor()}" already scored criterion "${this.rows[row].key}" of submission "${submission()}" on line ${earlier}`);
      return;
    }
    this.rowLines.data[at] = line;
    this.rowLevels.data[at] = level;
    if (this.rowComments !== null) this.rowComments.data[at] = comment;
    this.ratings++;
  }

  empty(): ParsedImport {
    const none = new Int32Array(0);
    return {
      scores: new ImportedScores(this.rows, new ByteInterner(), new ByteInterner(), none, none, new Uint8Array(0), null, this.commentPool),
      ratings: 0,
      problems: this.problems,
      truncated: this.truncated,
    };
  }

  finish(): ParsedImport {
    if (this.reader === null) return this.empty();
    const pairCount = this.pairs.length / 3;
    if (pairCount === 0 && this.problems.length === 0) this.problem(null, null, 'has a header but no scores');
    const rowCount = this.rows.length;
    const lines = this.rowLines.data;
    const complete = new IntColumn(Math.max(1, pairCount));
    for (let pair = 0; pair < pairCount; pair++) {
      let whole = true;
      for (let row = 0; row < rowCount && whole; row++) whole = lines[pair * rowCount + row] !== 0;
      if (whole) {
        complete.push(pair);
        continue;
      }
      this.problem(this.pairs.data[3 * pair + 2], 'criterion', () => {
        const absent = this.rows.filter((_, row) => lines[pair * rowCount + row] === 0).map((row) => `"${row.key}"`);
        const submission = this.submissions.text(this.pairs.data[3 * pair]);
        const assessor = this.assessors.text(this.pairs.data[3 * pair + 1]);
        return `the score of submission "${submission}" by assessor "${assessor}" has no level for ${absent.join(', ')}: a score gives every row`;
      });
    }
    return {
      scores: new ImportedScores(
        this.rows,
        this.submissions,
        this.assessors,
        complete.data.slice(0, complete.length),
        this.pairs.data.subarray(0, this.pairs.length),
        this.rowLevels.data.subarray(0, this.rowLevels.length),
        this.rowComments === null ? null : this.rowComments.data.subarray(0, this.rowComments.length),
        this.commentPool,
      ),
      ratings: this.ratings,
      problems: this.problems,
      truncated: this.truncated,
    };
  }
}
