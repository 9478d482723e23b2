import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records.js';
import { InputFileError } from './errors.js';
import { LongRecordReader, longColumns, missingColumnMessage } from './long-scores.js';

describe('longColumns(header)', () => {
  it('finds the long columns in any case and order, around other columns', () => {
    expect(longColumns([' Level', 'note', 'CRITERION', 'assessor', 'submission '])).toEqual({
      columns: { submission: 4, assessor: 3, criterion: 2, level: 0 },
    });
  });

  it('lists every missing column in the format\'s order', () => {
    expect(longColumns(['assessor', 'grade'])).toEqual({ missing: ['submission', 'criterion', 'level'] });
    expect(missingColumnMessage('level', ['a', 'b'])).toBe('the header has no "level" column (found: a, b)');
  });
});

describe('LongRecordReader', () => {
  const reader = new LongRecordReader({ submission: 0, assessor: 1, criterion: 2, level: 3 }, 4);

  it('reads a line into its record, trimmed', () => {
    expect(reader.read([' s1', 'ann ', 'c1', ' 3 '])).toBeNull();
    expect(reader.record).toEqual({ submission: 's1', assessor: 'ann', criterion: 'c1', level: '3' });
  });

  it('names the first empty field, and a line of the wrong width', () => {
    expect(reader.read(['s1', ' ', '', '3'])).toEqual({ field: 'assessor', message: 'is empty' });
    expect(reader.read(['s1', 'ann', 'c1'])).toEqual({ field: null, message: 'has 3 fields where the header has 4' });
    expect(reader.read(['s1'])).toEqual({ field: null, message: 'has 1 field where the header has 4' });
  });
});

describe('readCsvRecords(source, handlers)', () => {
  async function records(source: string | NodeJS.ReadableStream) {
    const seen: Array<[string, string[], number]> = [];
    await readCsvRecords(source, {
      file: 'f.csv',
      expectedHeader: 'a,b',
      header: (fields, line) => seen.push(['header', fields, line]),
      record: (fields, line) => seen.push(['record', fields, line]),
    });
    return seen;
  }

  it('skips blank lines, counts every line, and strips the byte order mark, from a string or a stream', async () => {
    const text = '\n\uFEFFa,b\n\n1,"x,y"\n';
    const expected = [
      ['header', ['a', 'b'], 2],
      ['record', ['1', 'x,y'], 4],
    ];
    expect(await records(text)).toEqual(expected);
    expect(await records(Readable.from([Buffer.from(text.replace('\n\uFEFF', '\uFEFF'))]).setEncoding('utf8'))).toEqual([
      ['header', ['a', 'b'], 1],
      ['record', ['1', 'x,y'], 3],
    ]);
  });

  it('stops at a malformed quote or an empty file with an InputFileError', async () => {
    await expect(records('a,b\n1,2\n"3,4\n')).rejects.toThrow(InputFileError);
    await expect(records('a,b\n1,2\n"3,4\n')).rejects.toMatchObject({ line: 3, field: null, problem: expect.stringContaining('malformed CSV') });
    await expect(records('\n \n')).rejects.toMatchObject({ line: null, problem: 'the file is empty: expected a header line (a,b)' });
  });

  it('passes on what a handler throws and reads no further', async () => {
    const seen: number[] = [];
    const failure = new Error('stop');
    const read = readCsvRecords('a\n1\n2\n3\n', {
      file: 'f.csv',
      expectedHeader: 'a',
      header: () => undefined,
      record: (_, line) => {
        seen.push(line);
        if (line === 3) throw failure;
      },
    });
    await expect(read).rejects.toBe(failure);
    expect(seen).toEqual([2, 3]);
  });
});
