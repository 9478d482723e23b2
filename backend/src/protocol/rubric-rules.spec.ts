import { describe, expect, it } from 'vitest';
import { InvalidError } from './errors.js';
import { reviseRubricRows, rubricRowIssues, type RubricRow } from './rubric-rules.js';
import { scoreIssues } from './scoring-rules.js';
import { readerLabel } from './reader-slots.js';

const level = (value: string) => ({ value, label: value, descriptor: '' });
const row = (key: string, title = key, levels = ['no', 'yes']): RubricRow => ({ key, title, descriptor: '', scale: 'nominal', levels: levels.map(level) });

describe('rubricRowIssues(rows)', () => {
  it('refuses duplicate row keys, duplicate level values and rows with one level, with field paths', () => {
    const issues = rubricRowIssues([row('a'), row('a'), row('b', 'b', ['x']), row('c', 'c', ['x', 'y', 'x'])]);
    expect(issues.map((issue) => issue.field)).toEqual(['rows.1.key', 'rows.2.levels', 'rows.3.levels.2.value']);
  });

  it('refuses an empty rubric and accepts a sound one', () => {
    expect(rubricRowIssues([])).toEqual([{ field: 'rows', message: expect.any(String) }]);
    expect(rubricRowIssues([row('a'), row('b')])).toEqual([]);
  });
});

describe('reviseRubricRows(previousRows, revision)', () => {
  const previous = [row('a'), row('b'), row('c')];

  it('replaces rows in place, carries the others over marked so, appends new rows and drops removed ones', () => {
    const revised = reviseRubricRows(previous, { rows: [row('b', 'B rewritten'), row('d')], removedRowKeys: ['c'] });
    expect(revised.map((entry) => [entry.key, entry.title, entry.carriedOver])).toEqual([
      ['a', 'a', true],
      ['b', 'B rewritten', false],
      ['d', 'd', false],
    ]);
  });

  it('refuses a revision that changes nothing, an unknown removed key, and a key both replaced and removed', () => {
    expect(() => reviseRubricRows(previous, { rows: [] })).toThrow(InvalidError);
    expect(() => reviseRubricRows(previous, { rows: [row('b')], removedRowKeys: ['z'] })).toThrow(/removedRowKeys.0/);
    expect(() => reviseRubricRows(previous, { rows: [row('b')], removedRowKeys: ['b'] })).toThrow(/removedRowKeys.0/);
  });

  it('refuses removing every row', () => {
    expect(() => reviseRubricRows(previous, { rows: [], removedRowKeys: ['a', 'b', 'c'] })).toThrow(InvalidError);
  });
});

describe('scoreIssues(rows, levels, comments)', () => {
  const rows = [row('a'), row('b', 'b', ['1', '2', '3'])];

  it('requires a level on every row, from the row\'s levels, and refuses unknown rows', () => {
    const issues = scoreIssues(rows, { a: 'maybe', extra: 'yes' }, { nowhere: 'x' });
    expect(issues.map((issue) => issue.field)).toEqual(['levels.a', 'levels.b', 'levels.extra', 'comments.nowhere']);
  });

  it('accepts a complete score', () => {
    expect(scoreIssues(rows, { a: 'yes', b: '2' }, { b: 'close call' })).toEqual([]);
  });
});

describe('readerLabel(slot)', () => {
  it('labels slots A, B, ... Z, AA', () => {
    expect([1, 2, 26, 27, 28].map(readerLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
    expect(() => readerLabel(0)).toThrow(RangeError);
  });
});
