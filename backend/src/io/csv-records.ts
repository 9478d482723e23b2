import Papa from 'papaparse';
import { InputFileError } from './errors.js';

export interface CsvRecordHandlers {
  /** the file's name as errors should show it */
  file: string;
  /** the header an empty file is missing, as its error shows it: `submission,assessor,criterion,level` */
  expectedHeader: string;
  /** the first non-blank record, byte order mark removed from its first field (not trimmed) */
  header(fields: string[], line: number): void;
  /** every later non-blank record, with its line (1-based; the header's line counts) */
  record(fields: string[], line: number): void;
  /** called as the reader advances, with the number of characters read so far */
  progress?(charactersRead: number): void;
}

/**
 * Reads the records of a comma-separated file, streaming when handed a stream: blank lines are
 * skipped, the first other line is the header. A malformed quote stops the read with an
 * `InputFileError` on its line, as does a handler that throws (the handler's error is passed
 * on); a file without a header is an `InputFileError` saying it is empty.
 *
 * A string is read in one piece, so a malformed quote anywhere stops the read before any record
 * reaches the handlers.
 */
export function readCsvRecords(source: string | NodeJS.ReadableStream, handlers: CsvRecordHandlers): Promise<void> {
  return new Promise((resolve, reject) => {
    let line = 0;
    let headerSeen = false;
    let failed = false;
    const fail = (error: unknown, parser?: Papa.Parser) => {
      if (failed) return;
      failed = true;
      parser?.abort();
      reject(error);
    };
    Papa.parse<string[]>(source as never, {
      delimiter: ',',
      skipEmptyLines: false,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        if (failed) return;
        try {
          const parseError = results.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
          if (parseError) {
            throw new InputFileError(handlers.file, line + (parseError.row ?? 0) + 1, null, `malformed CSV: ${parseError.message}`);
          }
          for (const fields of results.data) {
            line++;
            if (fields.length === 1 && fields[0].trim() === '') continue;
            if (!headerSeen) {
              headerSeen = true;
              fields[0] = fields[0].replace(/^\uFEFF/, '');
              handlers.header(fields, line);
              continue;
            }
            handlers.record(fields, line);
          }
          handlers.progress?.(results.meta.cursor);
        } catch (error) {
          fail(error, parser);
        }
      },
      complete() {
        if (failed) return;
        if (!headerSeen) fail(new InputFileError(handlers.file, null, null, `the file is empty: expected a header line (${handlers.expectedHeader})`));
        else resolve();
      },
      error(error: Error) {
        fail(new InputFileError(handlers.file, null, null, `could not be read: ${error.message}`));
      },
    });
  });
}
