import { trimEnd, trimStart, type PlainLine } from './plain-lines.js';

/**
 * The long score format, one rating per line: `submission,assessor,criterion,level` in any case
 * and order (other columns allowed). Read by `concord analyze` (`scores-csv.ts`) and by the
 * API's import (`score-import.ts`) through one `LongRecordReader`.
 */

export const LONG_COLUMNS = ['submission', 'assessor', 'criterion', 'level'] as const;
export type LongColumn = (typeof LONG_COLUMNS)[number];

/** Index of each long column in the header. */
export type LongColumns = Record<LongColumn, number>;

/** A problem with one line, without its line number: the caller knows where it is. */
export interface RecordProblem {
  field: string | null;
  message: string;
}

/**
 * Where each long column is in a header (names trimmed, any case), or the missing columns in
 * `LONG_COLUMNS` order.
 */
export function longColumns(header: readonly string[]): { columns: LongColumns } | { missing: LongColumn[] } {
  const lower = header.map((name) => name.trim().toLowerCase());
  const missing = LONG_COLUMNS.filter((column) => !lower.includes(column));
  if (missing.length > 0) return { missing };
  return {
    columns: {
      submission: lower.indexOf('submission'),
      assessor: lower.indexOf('assessor'),
      criterion: lower.indexOf('criterion'),
      level: lower.indexOf('level'),
    },
  };
}

/** The message for a header without one of the long columns; `found` lists the header as given. */
export function missingColumnMessage(column: LongColumn, found: readonly string[]): string {
  return `the header has no "${column}" column (found: ${found.join(', ') || 'nothing'})`;
}

/** The message for a line whose number of fields is not the header's. */
export function fieldCountMessage(fields: number, headerFields: number): string {
  return `has ${fields} field${fields === 1 ? '' : 's'} where the header has ${headerFields}`;
}

/**
 * Reads the lines of a long score file into `record`, one at a time, without allocating per
 * line: every line must have the header's number of fields, and a submission, an assessor, a
 * criterion and a level (trimmed, not empty).
 */
export class LongRecordReader {
  /** the last line read without a problem, fields trimmed */
  readonly record = { submission: '', assessor: '', criterion: '', level: '' };
  /**
   * the last plain line read without a problem: start and end of its trimmed submission,
   * assessor, criterion and level, in that order, in the line's bytes
   */
  readonly ranges = new Int32Array(8);

  /** the long columns' indices, in `LONG_COLUMNS` order */
  private readonly indices: Int32Array;

  constructor(
    private readonly columns: LongColumns,
    private readonly headerFields: number,
  ) {
    this.indices = Int32Array.from(LONG_COLUMNS, (column) => columns[column]);
  }

  /** Reads one line's fields into `record`; returns what is wrong with the line, or null. */
  read(fields: readonly string[]): RecordProblem | null {
    if (fields.length !== this.headerFields) return { field: null, message: fieldCountMessage(fields.length, this.headerFields) };
    const { columns, record } = this;
    if ((record.submission = fields[columns.submission].trim()) === '') return { field: 'submission', message: 'is empty' };
    if ((record.assessor = fields[columns.assessor].trim()) === '') return { field: 'assessor', message: 'is empty' };
    if ((record.criterion = fields[columns.criterion].trim()) === '') return { field: 'criterion', message: 'is empty' };
    if ((record.level = fields[columns.level].trim()) === '') return { field: 'level', message: 'is empty' };
    return null;
  }

  /** Reads a plain line's fields as trimmed byte ranges into `ranges`, with the checks and problems of `read`. */
  readPlain(line: PlainLine): RecordProblem | null {
    if (line.fields !== this.headerFields) return { field: null, message: fieldCountMessage(line.fields, this.headerFields) };
    const { indices, ranges } = this;
    const { bytes, starts, ends } = line;
    for (let k = 0; k < 4; k++) {
      const i = indices[k];
      const end = ends[i];
      const start = trimStart(bytes, starts[i], end);
      if (start === end) return { field: LONG_COLUMNS[k], message: 'is empty' };
      ranges[2 * k] = start;
      ranges[2 * k + 1] = trimEnd(bytes, start, end);
    }
    return null;
  }
}
