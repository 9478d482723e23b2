import { Readable } from 'node:stream';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, type CsvRecordHandlers } from './csv-records.js';
import { ByteInterner, trimEnd, trimStart } from './plain-lines.js';
import { readScores } from './scores-csv.js';

/** What a read gave: every call of the handlers in order, then the error it ended with, if any. */
async function transcript(source: () => string | NodeJS.ReadableStream, fastPath: boolean, plain = false) {
  const calls: unknown[] = [];
  const handlers: CsvRecordHandlers = {
    file: 'f.csv',
    expectedHeader: 'a,b',
    fastPath,
    header: (fields, line) => calls.push(['header', fields, line]),
    record: (fields, line) => {
      calls.push(['record', fields, line]);
      if (fields.some((f) => f.trim() === 'stop')) throw new Error(`stopped on line ${line}`);
    },
    ...(plain
      ? {
          plainRecord: (view, line) => {
            const fields = view.texts();
            calls.push(['record', fields, line]);
            if (fields.some((f) => f.trim() === 'stop')) throw new Error(`stopped on line ${line}`);
          },
        }
      : {}),
  };
  try {
    await readCsvRecords(source(), handlers);
  } catch (error) {
    calls.push(['error', (error as Error).name, (error as Error).message]);
  }
  return calls;
}

/** A stream of the text's bytes cut at the given points (a cut may fall inside a character). */
function chunked(text: string, cuts: number[]): () => NodeJS.ReadableStream {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return () => {
    const chunks: Buffer[] = [];
    let from = 0;
    for (const p of [...points, bytes.length]) {
      if (p > from) chunks.push(bytes.subarray(from, p));
      from = p;
    }
    return Readable.from(chunks);
  };
}

/** Text that is mostly plain CSV, with what makes CSV hard now and then. */
const field = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z0-9]{0,4}$/) },
  { weight: 1, arbitrary: fc.constantFrom(' ', ' 3 ', '\u00a0x\u2003', '\ufeff', 'é', '日本', '\t', 'stop') },
  { weight: 1, arbitrary: fc.constantFrom('"q"', '"a,b"', '"x\ny"', '"say ""hi"""', '"open', 'mid"dle', '"q" ', '\r') },
);
const lineEnd = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\n', '\r');
const csvText = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.array(field, { minLength: 1, maxLength: 5 }), lineEnd), { maxLength: 12 }), fc.boolean())
  .map(([bom, lines, endsOpen]) => {
    const text = lines.map(([fields, end]) => fields.join(',') + end).join('');
    return (bom ? '\ufeff' : '') + (endsOpen ? text.replace(/(\r\n|\n|\r)$/, '') : text);
  });

describe('readCsvRecords: the fast path and papaparse give the same records and errors', () => {
  test.prop([csvText], { numRuns: 400 })('from a string', async (text) => {
    const reference = await transcript(() => text, false);
    expect(await transcript(() => text, true)).toEqual(reference);
    expect(await transcript(() => text, true, true)).toEqual(reference);
  });

  test.prop([csvText, fc.array(fc.nat(), { maxLength: 6 })], { numRuns: 400 })('from a stream in any chunks', async (text, cuts) => {
    const reference = await transcript(chunked(text, cuts), false);
    expect(await transcript(chunked(text, cuts), true)).toEqual(reference);
    expect(await transcript(chunked(text, cuts), true, true)).toEqual(reference);
  });

  it('hands over to papaparse at the first quoted line and keeps counting lines', async () => {
    const text = 'a,b\n1,2\n"3\n3",4\n5,6\n';
    expect(await transcript(() => text, true)).toEqual([
      ['header', ['a', 'b'], 1],
      ['record', ['1', '2'], 2],
      ['record', ['3\n3', '4'], 3],
      ['record', ['5', '6'], 4],
    ]);
  });

  it('reports the first problem in file order, a malformed quote after the records before it', async () => {
    const text = 'a,b\n1,2\nstop,2\n"3,4\n';
    for (const fastPath of [true, false]) {
      expect((await transcript(() => text, fastPath)).at(-1)).toEqual(['error', 'Error', 'stopped on line 3']);
      expect((await transcript(() => 'a,b\n1,2\n"3,4\n', fastPath)).at(-1)).toEqual(['error', 'InputFileError', 'f.csv, line 3: malformed CSV: Quoted field unterminated']);
    }
  });

  it('reads a file of CR line ends with papaparse, and a lone LF in a CR LF file as part of a field', async () => {
    expect(await transcript(() => 'a,b\r1,2\r', true)).toEqual([
      ['header', ['a', 'b'], 1],
      ['record', ['1', '2'], 2],
    ]);
    expect(await transcript(() => 'a,b\r\n1,2\n3\r\n4,5\r\n', true)).toEqual([
      ['header', ['a', 'b'], 1],
      ['record', ['1', '2\n3'], 2],
      ['record', ['4', '5'], 3],
    ]);
  });
});

describe('plain lines at the byte level', () => {
  const spaces = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
  const notSpaces = ['x', 'é', '\u0085', '\u180e', '\u200b', '\u2010', '\u2030', '\u00a1', '日'];
  test.prop([fc.array(fc.constantFrom(...spaces, ...notSpaces), { maxLength: 8 })], { numRuns: 500 })(
    'trim as String.prototype.trim does',
    (chars) => {
      const text = chars.join('');
      const bytes = Buffer.from(text, 'utf8');
      const start = trimStart(bytes, 0, bytes.length);
      const end = trimEnd(bytes, start, bytes.length);
      expect(bytes.toString('utf8', start, end)).toBe(text.trim());
    },
  );

  test.prop([fc.array(fc.string({ maxLength: 6, unit: 'grapheme' }), { maxLength: 300 })])('intern names as dense ids in order of first sight', (names) => {
    const interner = new ByteInterner();
    const expected = new Map<string, number>();
    for (const name of names) {
      if (!expected.has(name)) expected.set(name, expected.size);
      const bytes = Buffer.from(`,${name},`, 'utf8');
      const id = name.length % 2 ? interner.intern(bytes, 1, bytes.length - 1) : interner.internText(name);
      expect(id).toBe(expected.get(name));
      expect(interner.text(id)).toBe(name);
    }
    expect(interner.size).toBe(expected.size);
    const absent = Buffer.from('\u0000absent');
    expect(interner.find(absent, 0, absent.length)).toBe(-1);
  });
});

describe('readScores: the fast path and papaparse give the same scores and errors', () => {
  const name = fc.constantFrom('s1', 's2', 's3', ' s1', 's1\u00a0', 'é', '"s2"', '');
  const line = fc.tuple(name, fc.constantFrom('a1', 'a2', 'a3', 'a1 ', ''), fc.constantFrom('c1', 'c2', '"c1"'), fc.constantFrom('1', '2', '3', ' 2', '2.0', '"3"', 'x', ''));
  const file = fc
    .tuple(fc.array(fc.oneof({ weight: 9, arbitrary: line.map((l) => l.join(',')) }, { weight: 1, arbitrary: fc.constantFrom('s1,a1', '', 's1,a1,c1,1,9') }), { maxLength: 24 }), lineEnd)
    .map(([lines, end]) => ['submission,assessor,criterion,level', ...lines].join(end) + end);

  async function outcome(text: string, fastPath: boolean, levels?: string[]) {
    try {
      return await readScores(text, { file: 'scores.csv', fastPath, levels });
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  test.prop([file, fc.boolean()], { numRuns: 400 })('on any long file', async (text, withLevels) => {
    const levels = withLevels ? ['1', '2', '3'] : undefined;
    expect(await outcome(text, true, levels)).toEqual(await outcome(text, false, levels));
  });
});
