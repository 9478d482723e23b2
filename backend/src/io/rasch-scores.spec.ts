import { describe, expect, it } from 'vitest';
import { InputFileError } from './errors.js';
import { readRaschScores, type RaschScoreOptions } from './rasch-scores.js';
import { parseRubric } from './rubric-file.js';

const HEADER = 'submission,assessor,criterion,level\n';

async function read(csv: string, options: Partial<RaschScoreOptions> = {}) {
  return readRaschScores(csv, { file: 'scores.csv', ...options });
}

async function failure(csv: string, options: Partial<RaschScoreOptions> = {}): Promise<InputFileError> {
  try {
    await read(csv, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return error as InputFileError;
  }
  throw new Error('expected the read to fail');
}

const rubric = (criteria: unknown[]) => parseRubric(JSON.stringify({ criteria }), 'rubric.json');

describe('readRaschScores', () => {
  it('reads every criterion as a row of one scale, with facets named as in the file', async () => {
    const scores = await read(HEADER + 's1,ann,c1,2\ns1,bob,c1,3\ns1,ann,c2,1\ns2,bob,c2,4\n');
    expect(scores.ratings).toEqual([
      { submission: 's1', row: 'c1', rater: 'ann', category: 1 },
      { submission: 's1', row: 'c1', rater: 'bob', category: 2 },
      { submission: 's1', row: 'c2', rater: 'ann', category: 0 },
      { submission: 's2', row: 'c2', rater: 'bob', category: 3 },
    ]);
    expect(scores.levels).toEqual(['1', '2', '3', '4']);
    expect(scores.lowestLevel).toBe(1);
    expect(scores.criteria).toEqual(['c1', 'c2']);
    expect(scores.assessors).toEqual(['ann', 'bob']);
    expect(scores.submissions).toBe(2);
  });

  it('infers integer levels from the lowest to the highest found, a level nobody used included', async () => {
    const scores = await read(HEADER + 's1,a,c,0\ns1,b,c,3\n');
    expect(scores.levels).toEqual(['0', '1', '2', '3']);
    expect(scores.lowestLevel).toBe(0);
    expect(scores.ratings.map((r) => r.category)).toEqual([0, 3]);
  });

  it('puts non-integer numeric levels in order and reports on positions 1..m+1', async () => {
    const scores = await read(HEADER + 's1,a,c,1.5\ns1,b,c,0.5\ns2,a,c,1\n');
    expect(scores.levels).toEqual(['0.5', '1', '1.5']);
    expect(scores.lowestLevel).toBe(1);
    expect(scores.ratings.map((r) => r.category)).toEqual([2, 0, 1]);
  });

  it('takes text levels in the order --levels gives them', async () => {
    const scores = await read(HEADER + 's1,a,c,meets\ns1,b,c,below\n', { levels: ['below', 'meets', 'exceeds'] });
    expect(scores.ratings.map((r) => r.category)).toEqual([1, 0]);
    expect(scores.levels).toEqual(['below', 'meets', 'exceeds']);
    expect(scores.lowestLevel).toBe(1);
    expect((await read(HEADER + 's1,a,c,2\n', { levels: ['0', '1', '2'] })).lowestLevel).toBe(0);
  });

  it('names the line and field of a level that is not a level, and of text levels without an order', async () => {
    const unknown = await failure(HEADER + 's1,a,c,2\ns1,b,c,5\n', { levels: ['1', '2', '3', '4'] });
    expect(unknown.message).toBe('scores.csv, line 3, field "level": level "5" is not a level of criterion "c" (levels: 1, 2, 3, 4)');
    const text = await failure(HEADER + 's1,a,c,2\ns1,b,c,meets\n');
    expect([text.line, text.field]).toEqual([3, 'level']);
    expect(text.message).toContain('--levels');
  });

  it('refuses a second rating of the same submission, assessor and criterion', async () => {
    const error = await failure(HEADER + 's1,a,c,1\ns1,b,c,2\ns1,a,c,2\n');
    expect([error.line, error.field]).toEqual([4, 'assessor']);
    expect(error.message).toContain('already scored submission "s1" on criterion "c" (line 2)');
  });

  it('needs criteria with the same number of levels, and ordinal ones, when a rubric gives them', async () => {
    const mixed = rubric([
      { key: 'c1', levels: ['1', '2', '3', '4'] },
      { key: 'c2', levels: ['1', '2', '3'] },
      { key: 'c3', scale: 'nominal', levels: ['no', 'yes'] },
    ]);
    const error = await failure(HEADER + 's1,a,c1,1\ns1,b,c1,4\ns1,a,c2,2\n', { rubric: mixed });
    expect([error.line, error.field]).toEqual([4, 'criterion']);
    expect(error.message).toContain('criterion "c2" has 3 levels and criterion "c1" has 4');
    const nominal = await failure(HEADER + 's1,a,c1,1\ns1,a,c3,yes\n', { rubric: mixed });
    expect([nominal.line, nominal.field]).toEqual([3, 'criterion']);
    expect(nominal.message).toContain('nominal');
    // --criteria leaves the others out
    const chosen = await read(HEADER + 's1,a,c1,1\ns1,b,c1,4\ns1,a,c2,2\ns1,a,c3,yes\n', { rubric: mixed, criteria: ['c1'] });
    expect(chosen.criteria).toEqual(['c1']);
    expect(chosen.ratings).toHaveLength(2);
    const absent = await failure(HEADER + 's1,a,c1,1\n', { rubric: mixed, criteria: ['c1', 'c9'] });
    expect(absent.field).toBe('criterion');
    expect(absent.message).toContain('"c9"');
  });

  it('reports on the rubric levels when they are consecutive integers on every criterion', async () => {
    const zeroBased = rubric([
      { key: 'c1', levels: ['0', '1', '2'] },
      { key: 'c2', levels: ['0', '1', '2'] },
    ]);
    expect((await read(HEADER + 's1,a,c1,0\ns1,a,c2,2\n', { rubric: zeroBased })).lowestLevel).toBe(0);
    const labelled = rubric([{ key: 'c1', levels: ['low', 'mid', 'high'] }]);
    expect((await read(HEADER + 's1,a,c1,mid\n', { rubric: labelled })).lowestLevel).toBe(1);
  });

  it('stops at the usual problems of a long file with file, line and field', async () => {
    expect((await failure('submission,assessor,level\ns1,a,1\n')).message).toContain('field "criterion": the header has no "criterion" column');
    expect((await failure(HEADER)).message).toBe('scores.csv: has a header but no scores');
    expect((await failure(HEADER + 's1,a,c\n')).message).toBe('scores.csv, line 2: has 3 fields where the header has 4');
    expect((await failure(HEADER + 's1,,c,1\n')).message).toBe('scores.csv, line 2, field "assessor": is empty');
    expect((await failure(HEADER + 's1,a,c,3\ns1,b,c,3\n')).message).toContain('every rating is level "3"');
  });
});
