import { isUtf8 } from 'node:buffer';
import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import { InputFileError } from './errors.js';
import { PlainLine, trimStart } from './plain-lines.js';

export interface CsvRecordHandlers {
  /** the file's name as errors should show it */
  file: string;
  /** the header an empty file is missing, as its error shows it: `submission,assessor,criterion,level` */
  expectedHeader: string;
  /** the first non-blank record, byte order mark removed from its first field (not trimmed) */
  header(fields: string[], line: number): void;
  /** every later non-blank record, with its line (1-based; the header's line counts) */
  record(fields: string[], line: number): void;
  /**
   * When given, takes the place of `record` for the lines the fast path reads: their fields as
   * byte ranges of valid UTF-8 (`line` and its bytes are reused once the call returns).
   */
  plainRecord?(line: PlainLine, lineNumber: number): void;
  /** called as the reader advances, with the number of bytes read so far */
  progress?(bytesRead: number): void;
  /** false: papaparse reads every line (to compare the two paths); default true */
  fastPath?: boolean;
}

/** A line end as papaparse understands it. */
type Newline = '\n' | '\r\n' | '\r';

/**
 * Reads the records of a comma-separated file, streaming when handed a stream (chunk by chunk,
 * letting the event loop run between two chunks, so that a server answers other requests while a
 * large upload is read): blank lines are
 * skipped, the first other line is the header. Records reach the handlers in file order; the
 * first problem stops the read: a malformed quote is an `InputFileError` on its line, what a
 * handler throws is passed on, and a file without a header is an `InputFileError` saying it is
 * empty.
 *
 * Two paths give the same records. Plain lines (no quote, the file's line end) are split at
 * the byte level, without a string per field when the handlers take `plainRecord`. At the
 * first line that is not plain (a quote, which may hide a separator or a line end; a lone line
 * feed in a file of CR LF lines), papaparse reads the rest of the file; it reads all of a file
 * whose lines end in CR alone. The line end is the one papaparse guesses from the first chunk,
 * and a string loses its byte order mark as papaparse would take it off.
 */
export async function readCsvRecords(source: string | NodeJS.ReadableStream | AsyncIterable<Buffer | string>, handlers: CsvRecordHandlers): Promise<void> {
  const records = new Records(handlers);
  if (typeof source === 'string') {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    await new Reader(records, handlers, guessNewline(text), false).read(oneChunk(Buffer.from(text, 'utf8')));
  } else {
    await new Reader(records, handlers, null, true).read(source);
  }
  records.finish();
}

/** Counts lines and hands each to its handler: the header first, then records; blank lines are skipped. */
class Records {
  line = 0;
  private headerSeen = false;

  constructor(private readonly handlers: CsvRecordHandlers) {}

  /** A line as text fields. */
  fields(fields: string[]): void {
    const line = ++this.line;
    if (fields.length === 1 && fields[0].trim() === '') return;
    if (!this.headerSeen) {
      this.headerSeen = true;
      fields[0] = fields[0].replace(/^\uFEFF/, '');
      this.handlers.header(fields, line);
      return;
    }
    this.handlers.record(fields, line);
  }

  /** A plain line as byte ranges, `utf8` when its bytes are valid UTF-8. */
  plain(view: PlainLine, utf8: boolean): void {
    const { plainRecord } = this.handlers;
    if (!utf8 || !this.headerSeen || plainRecord === undefined) return this.fields(view.texts());
    const line = ++this.line;
    if (view.fields === 1 && trimStart(view.bytes, view.starts[0], view.ends[0]) === view.ends[0]) return;
    plainRecord(view, line);
  }

  finish(): void {
    if (!this.headerSeen) {
      throw new InputFileError(this.handlers.file, null, null, `the file is empty: expected a header line (${this.handlers.expectedHeader})`);
    }
  }
}

/** The byte-level fast path, and the hand-over to papaparse. */
class Reader {
  private readonly view = new PlainLine();
  private crlf = false;
  private tail: PapaparseTail | null = null;
  /** bytes read by the fast path */
  private read_ = 0;

  constructor(
    private readonly records: Records,
    private readonly handlers: CsvRecordHandlers,
    private newline: Newline | null,
    /** a stream: after each chunk, the event loop runs what waits (other requests, in a server) */
    private readonly yields: boolean,
  ) {}

  async read(source: AsyncIterable<string | Buffer> | NodeJS.ReadableStream): Promise<void> {
    const chunks = (source as AsyncIterable<string | Buffer>)[Symbol.asyncIterator]();
    let finished = false;
    try {
      let carry: Buffer | null = null;
      for (;;) {
        let next: IteratorResult<string | Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          throw new InputFileError(this.handlers.file, null, null, `could not be read: ${(error as Error).message}`);
        }
        if (next.done) break;
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
        if (this.newline === null) this.newline = guessNewlineOfChunk(chunk);
        if (this.tail === null && (this.newline === '\r' || this.handlers.fastPath === false)) this.handOver(carry);
        if (this.tail !== null) await this.tail.write(chunk);
        else carry = await this.chunk(carry, chunk);
        if (this.yields) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      finished = true;
      if (this.tail === null && carry !== null && carry.length > 0) {
        const hard = this.scan(carry, 0, carry.length);
        if (hard >= 0) this.handOver(carry.subarray(hard));
      }
      if (this.tail !== null) await this.tail.end();
    } finally {
      if (!finished) await chunks.return?.();
    }
  }

  /** Reads the whole lines of a chunk, the carried start of a line first; returns what to carry. */
  private async chunk(carry: Buffer | null, chunk: Buffer): Promise<Buffer | null> {
    let pos = 0;
    if (carry !== null) {
      const end = chunk.indexOf(10);
      if (end < 0) return Buffer.concat([carry, chunk]);
      const line = Buffer.concat([carry, chunk.subarray(0, end + 1)]);
      const hard = this.scan(line, 0, line.length);
      if (hard >= 0) {
        this.handOver(line.subarray(hard));
        await this.tail!.write(chunk.subarray(end + 1));
        return null;
      }
      pos = end + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < pos) return chunk.subarray(pos);
    const hard = this.scan(chunk, pos, last + 1);
    if (hard >= 0) {
      this.handOver(chunk.subarray(hard));
      return null;
    }
    this.handlers.progress?.(this.read_);
    return last + 1 < chunk.length ? chunk.subarray(last + 1) : null;
  }

  /**
   * Reads the lines of `buffer[pos, end)`, each ending in a line feed but the last line of the
   * input; returns where the first line that is not plain starts, or -1.
   */
  private scan(buffer: Buffer, pos: number, end: number): number {
    const { view, records } = this;
    const crlf = this.newline === '\r\n';
    const utf8 = isUtf8(buffer.subarray(pos, end));
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    view.bytes = bytes;
    view.buffer = buffer;
    let starts = view.starts;
    let ends = view.ends;
    while (pos < end) {
      let fields = 0;
      let start = pos;
      let i = pos;
      for (; i < end; i++) {
        const b = bytes[i];
        if (b === 10) break;
        if (b === 44) {
          if (fields + 1 === starts.length) {
            view.grow();
            starts = view.starts;
            ends = view.ends;
          }
          starts[fields] = start;
          ends[fields++] = i;
          start = i + 1;
        } else if (b === 34) return pos;
      }
      let lineEnd = i;
      if (crlf && i < end) {
        if (i > pos && bytes[i - 1] === 13) lineEnd = i - 1;
        else return pos;
      }
      starts[fields] = start;
      ends[fields++] = lineEnd;
      view.fields = fields;
      records.plain(view, utf8);
      const next = i < end ? i + 1 : end;
      this.read_ += next - pos;
      pos = next;
    }
    return -1;
  }

  /** Papaparse reads the rest of the input, starting with `bytes`. */
  private handOver(bytes: Buffer | null): void {
    this.tail = new PapaparseTail(this.records, this.handlers, this.newline ?? '\n', this.read_);
    // A failure here shows again at the next write or at the end.
    if (bytes !== null && bytes.length > 0) this.tail.write(bytes).catch(() => undefined);
  }
}

/** Papaparse over the rest of the input, fed as it comes; its records continue the line count. */
class PapaparseTail {
  private readonly input = new PassThrough();
  private readonly done: Promise<void>;
  private failure: unknown = null;
  /** the start of a line, kept until its end comes */
  private pending: Buffer | null = null;

  constructor(
    records: Records,
    handlers: CsvRecordHandlers,
    private readonly newline: Newline,
    readBefore: number,
  ) {
    this.input.setEncoding('utf8');
    this.done = new Promise<void>((resolve, reject) => {
      const fail = (error: unknown, parser: Papa.Parser) => {
        if (this.failure !== null) return;
        this.failure = error;
        parser.abort();
        reject(error);
      };
      Papa.parse<string[]>(this.input as never, {
        delimiter: ',',
        newline,
        skipEmptyLines: false,
        chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
          if (this.failure !== null) return;
          try {
            // Records before a malformed quote are read first, so the first problem in the file is the one reported.
            const parseError = results.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
            const rows = results.data;
            const upTo = parseError ? Math.min(parseError.row ?? 0, rows.length) : rows.length;
            for (let i = 0; i < upTo; i++) records.fields(rows[i]);
            if (parseError) throw new InputFileError(handlers.file, records.line + 1, null, `malformed CSV: ${parseError.message}`);
            handlers.progress?.(readBefore + results.meta.cursor);
          } catch (error) {
            fail(error, parser);
          }
        },
        complete: () => {
          if (this.failure === null) resolve();
        },
        error: (error: Error) => {
          this.failure = error;
          reject(new InputFileError(handlers.file, null, null, `could not be read: ${error.message}`));
        },
      });
    });
    this.done.catch(() => undefined);
  }

  /**
   * Feeds papaparse whole lines only: cut inside a line end, or after a closing quote, a chunk
   * can make papaparse report a malformed quote that the next chunk would have closed.
   */
  async write(bytes: Buffer): Promise<void> {
    const all = this.pending === null ? bytes : Buffer.concat([this.pending, bytes]);
    const last = all.lastIndexOf(this.newline);
    if (last < 0) {
      this.pending = Buffer.from(all);
      return;
    }
    const cut = last + this.newline.length;
    this.pending = cut < all.length ? Buffer.from(all.subarray(cut)) : null;
    await this.feed(all.subarray(0, cut));
  }

  async end(): Promise<void> {
    if (this.pending !== null) await this.feed(this.pending);
    this.pending = null;
    this.input.end();
    await this.done;
  }

  private async feed(bytes: Buffer): Promise<void> {
    if (this.failure !== null) await this.done;
    if (!this.input.write(bytes)) await Promise.race([new Promise((resolve) => this.input.once('drain', resolve)), this.done]);
    if (this.failure !== null) await this.done;
  }
}

async function* oneChunk(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** The line end papaparse guesses from the first chunk of a stream (only its first megabyte counts). */
function guessNewlineOfChunk(chunk: Buffer): Newline {
  if (chunk.indexOf(13) < 0) return '\n';
  return guessNewline(chunk.subarray(0, 4 << 20).toString('utf8'));
}

/** Papaparse's guess of the line end (`guessLineEndings`): quoted text aside, CR LF or CR when most CRs start a line so. */
export function guessNewline(text: string): Newline {
  const input = text.substring(0, 1024 * 1024).replace(/"([^]*?)"/gm, '');
  const r = input.split('\r');
  const n = input.split('\n');
  const nAppearsFirst = n.length > 1 && n[0].length < r[0].length;
  if (r.length === 1 || nAppearsFirst) return '\n';
  let withN = 0;
  for (const part of r) if (part[0] === '\n') withN++;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}
