import { describe, expect, it } from 'vitest';
import { numberedParameters } from './sql.js';

describe('numberedParameters(sql)', () => {
  it('numbers each ? placeholder in order', () => {
    expect(numberedParameters('SELECT * FROM "t" WHERE "a" = ? AND "b" IN (?, ?)')).toBe('SELECT * FROM "t" WHERE "a" = $1 AND "b" IN ($2, $3)');
  });

  it('leaves a ? inside a quoted string or identifier alone', () => {
    expect(numberedParameters(`SELECT '?' AS "what?", ? AS "x"`)).toBe(`SELECT '?' AS "what?", $1 AS "x"`);
  });

  it('handles a doubled quote inside a string as part of the string', () => {
    expect(numberedParameters(`SELECT 'it''s ?', ?`)).toBe(`SELECT 'it''s ?', $1`);
  });

  it('returns SQL without placeholders unchanged', () => {
    expect(numberedParameters('SELECT 1')).toBe('SELECT 1');
  });
});
