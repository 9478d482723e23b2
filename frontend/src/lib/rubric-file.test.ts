import { describe, expect, it } from 'vitest';
import { readRubricFile } from './rubric-file';

/** A rubric file as `concord analyze --rubric` reads it (the demo's format: levels as objects). */
const demoRubric = JSON.stringify({
  title: 'Performance Assessment Design',
  version: 1,
  criteria: [
    {
      key: 'learning_targets',
      title: 'Alignment to learning targets',
      scale: 'ordinal',
      descriptor: 'The assessment task measures the learning targets it claims to measure.',
      levels: [
        { value: '1', label: 'Beginning', descriptor: 'Targets are absent or unrelated to the task.' },
        { value: '2', label: 'Developing', descriptor: 'Targets are stated but the task measures only some of them.' },
        { value: '3', label: 'Proficient', descriptor: 'Every target is measured by at least one part of the task.' },
      ],
    },
    { key: 'success_criteria', title: 'Success criteria shared', scale: 'nominal', levels: [{ value: 'no', label: 'Not shared' }, { value: 'yes', label: 'Shared' }] },
  ],
});

describe('readRubricFile(text)', () => {
  it("reads a rubric file in the demo's format: its rows with their levels and descriptors", () => {
    const result = readRubricFile(demoRubric);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.title).toBe('Performance Assessment Design');
    expect(result.rows.map((row) => [row.key, row.scale, row.levels.length])).toEqual([
      ['learning_targets', 'ordinal', 3],
      ['success_criteria', 'nominal', 2],
    ]);
    expect(result.rows[0]).toMatchObject({ key: 'learning_targets', title: 'Alignment to learning targets', descriptor: 'The assessment task measures the learning targets it claims to measure.' });
    expect(result.rows[1]!.levels[1]).toEqual({ value: 'yes', label: 'Shared', descriptor: '' });
    expect(result.rows[0]!.levels[0]).toEqual({ value: '1', label: 'Beginning', descriptor: 'Targets are absent or unrelated to the task.' });
  });

  it('takes levels given as bare values, ordinal by default, and a key made from the title when there is none', () => {
    const result = readRubricFile(JSON.stringify({ criteria: [{ title: 'Depth of the task', levels: [1, 2, 3] }, { key: 'aim', scale: 'nominal', levels: ['no', 'yes'] }] }));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.rows.map((row) => [row.key, row.title, row.scale, row.levels.map((level) => level.label)])).toEqual([
      ['depth_of_the_task', 'Depth of the task', 'ordinal', ['1', '2', '3']],
      ['aim', 'aim', 'nominal', ['no', 'yes']],
    ]);
  });

  it.each([
    ['{ not json', ['The file is not JSON: a rubric file holds an object with a "criteria" list.']],
    ['[]', ['The file holds no rubric: a rubric file holds an object with a "criteria" list.']],
    ['{"criteria": []}', ['The file lists no rows: its "criteria" must be a list of at least one row.']],
    [
      JSON.stringify({ criteria: [{ key: 'a', levels: ['1'] }, { key: 'a', scale: 'interval', levels: ['1', { label: 'x' }] }, {}] }),
      [
        'Row 1: must list at least two levels, lowest first.',
        'Row 2: the key "a" is listed twice.',
        'Row 2: the scale must be "ordinal" or "nominal", not "interval".',
        'Row 2, level 2: must be a value or an object with a "value".',
        'Row 3: has neither a key nor a title.',
      ],
    ],
  ])('says in plain words what is wrong with %s', (text, problems) => {
    expect(readRubricFile(text)).toEqual({ ok: false, problems });
  });
});
