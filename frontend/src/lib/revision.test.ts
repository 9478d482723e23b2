import { describe, expect, it } from 'vitest';
import type { ReportResponse, RubricRowResponse } from './api/schema';
import { describeField, draftDiff, draftFieldOf, draftIssues, draftRows, emptyRow, fillMissingKeys, firstVersionRequest, isEdited, keyFromTitle, plainApiIssue, revisionRequest } from './revision';

const rows: RubricRowResponse[] = [
  {
    key: 'clarity',
    title: 'Task clarity',
    descriptor: 'The task is clear.',
    scale: 'ordinal',
    carriedOver: true,
    levels: [
      { value: '1', label: 'Low', descriptor: 'Unclear.' },
      { value: '2', label: 'High', descriptor: 'Clear.' },
    ],
  },
  {
    key: 'scoring_tool',
    title: 'Quality of the scoring tool',
    descriptor: 'The tool is usable.',
    scale: 'ordinal',
    carriedOver: false,
    levels: [
      { value: '1', label: 'Beginning', descriptor: 'None.' },
      { value: '2', label: 'Developing', descriptor: 'Vague.' },
      { value: '3', label: 'Proficient', descriptor: 'Distinct.' },
    ],
  },
];

const report = { rows: [{ criterion: 'clarity', verdict: 'validated' }, { criterion: 'scoring_tool', verdict: 'needs_revision' }] } as unknown as Pick<ReportResponse, 'rows'>;

describe('draftRows(version, report)', () => {
  it('copies every row and marks the ones the report says need revision', () => {
    const drafts = draftRows({ rows }, report);
    expect(drafts.map((d) => [d.key, d.failing])).toEqual([
      ['clarity', false],
      ['scoring_tool', true],
    ]);
    drafts[1]!.levels[0]!.label = 'changed';
    expect(rows[1]!.levels[0]!.label).toBe('Beginning');
  });

  it('marks nothing without a report', () => {
    expect(draftRows({ rows }, null).some((d) => d.failing)).toBe(false);
  });
});

describe('isEdited(draft, original) and revisionRequest(previous, drafts, originals)', () => {
  it('finds no edit in a fresh copy and sends no rows', () => {
    const drafts = draftRows({ rows }, report);
    expect(drafts.map((d, i) => isEdited(d, rows[i]!))).toEqual([false, false]);
    expect(revisionRequest(2, drafts, rows)).toEqual({ body: { previousVersion: 2, rows: [] }, keys: [] });
  });

  it.each([
    ['the title', (d: ReturnType<typeof draftRows>[number]) => (d.title = 'Tool quality')],
    ['the descriptor', (d: ReturnType<typeof draftRows>[number]) => (d.descriptor = 'Usable by a stranger.')],
    ['a level label', (d: ReturnType<typeof draftRows>[number]) => (d.levels[1]!.label = 'Emerging')],
    ['a level descriptor', (d: ReturnType<typeof draftRows>[number]) => (d.levels[2]!.descriptor = 'Observable.')],
    ['the number of levels', (d: ReturnType<typeof draftRows>[number]) => d.levels.push({ value: '4', label: 'Exemplary', descriptor: '' })],
  ])('sends only the row whose %s changed, with previousVersion', (_, edit) => {
    const drafts = draftRows({ rows }, report);
    edit(drafts[1]!);
    const request = revisionRequest(2, drafts, rows);
    expect(request.body.previousVersion).toBe(2);
    expect(request.body.rows.map((r) => r.key)).toEqual(['scoring_tool']);
    expect(request.keys).toEqual(['scoring_tool']);
    expect(request.body.rows[0]).toMatchObject({ key: 'scoring_tool', scale: 'ordinal' });
  });

  it('trims what it sends', () => {
    const drafts = draftRows({ rows }, report);
    drafts[0]!.title = '  Clarity of the task  ';
    expect(revisionRequest(1, drafts, rows).body.rows[0]!.title).toBe('Clarity of the task');
  });
});

describe('draftFieldOf(field, keys) and describeField(field, keys, drafts)', () => {
  const keys = ['scoring_tool', 'clarity'];
  it.each([
    ['rows.0.levels.1.value', { key: 'scoring_tool', path: 'levels.1.value' }],
    ['rows.1.title', { key: 'clarity', path: 'title' }],
    ['rows.1', { key: 'clarity', path: '' }],
    ['rows.7.title', null],
    ['previousVersion', null],
  ])('draftFieldOf(%j) is %j', (field, place) => {
    expect(draftFieldOf(field, keys)).toEqual(place);
  });

  it.each([
    ['rows.0.levels.1.value', 'Quality of the scoring tool, level 2, value'],
    ['rows.1.title', 'Task clarity, title'],
    ['previousVersion', 'previousVersion'],
  ])('describeField(%j) is %j', (field, words) => {
    expect(describeField(field, keys, draftRows({ rows }, null))).toBe(words);
  });
});

describe('revisionRequest with dropped rows, and firstVersionRequest', () => {
  it('sends the keys of the rows dropped, and a row whose scale changed', () => {
    const drafts = draftRows({ rows }, report);
    const kept = drafts.filter((draft) => draft.key !== 'clarity');
    kept[0]!.scale = 'nominal';
    const request = revisionRequest(2, kept, rows, ['clarity']);
    expect(request.body).toMatchObject({ previousVersion: 2, removedRowKeys: ['clarity'] });
    expect(request.body.rows.map((row) => [row.key, row.scale])).toEqual([['scoring_tool', 'nominal']]);
  });

  it('ignores a dropped key the version revised does not have, or a row still in the draft', () => {
    const drafts = draftRows({ rows }, report);
    expect(revisionRequest(2, drafts, rows, ['clarity', 'nothing']).body).not.toHaveProperty('removedRowKeys');
  });

  it('sends every row of a first version, trimmed, without previousVersion', () => {
    const drafts = draftRows({ rows }, null);
    drafts[0]!.title = ' Task clarity ';
    const request = firstVersionRequest(drafts);
    expect(request.body).not.toHaveProperty('previousVersion');
    expect(request.body.rows.map((row) => row.title)).toEqual(['Task clarity', 'Quality of the scoring tool']);
    expect(request.keys).toEqual(['clarity', 'scoring_tool']);
  });
});

describe('draftDiff(originals, drafts, removed)', () => {
  it('lists each changed field old to new, the rows added with every field, and the rows removed', () => {
    const drafts = draftRows({ rows }, report).filter((draft) => draft.key !== 'clarity');
    drafts[0]!.descriptor = 'The tool tells levels apart.';
    drafts[0]!.levels[1]!.label = 'Emerging';
    drafts[0]!.levels.push({ value: '4', label: 'Exemplary', descriptor: 'Anchored.' });
    const added = emptyRow(1, 'feedback');
    added.title = 'Feedback';
    added.levels = [
      { value: 'no', label: 'No', descriptor: '' },
      { value: 'yes', label: 'Yes', descriptor: 'Written feedback.' },
    ];
    added.scale = 'nominal';
    const diff = draftDiff(rows, [...drafts, added], ['clarity']);
    expect(diff).toEqual([
      {
        key: 'scoring_tool',
        title: 'Quality of the scoring tool',
        change: 'changed',
        fields: [
          { field: 'Descriptor', before: 'The tool is usable.', after: 'The tool tells levels apart.' },
          { field: 'Level 2 label', before: 'Developing', after: 'Emerging' },
          { field: 'Level 4', before: null, after: '4 Exemplary: Anchored.' },
        ],
      },
      {
        key: 'feedback',
        title: 'Feedback',
        change: 'added',
        fields: [
          { field: 'Title', before: null, after: 'Feedback' },
          { field: 'Scale', before: null, after: 'nominal' },
          { field: 'Level 1', before: null, after: 'no No' },
          { field: 'Level 2', before: null, after: 'yes Yes: Written feedback.' },
        ],
      },
      { key: 'clarity', title: 'Task clarity', change: 'removed', fields: [] },
    ]);
  });

  it('leaves out unchanged rows, and names a removed level', () => {
    const drafts = draftRows({ rows }, report);
    drafts[1]!.levels.pop();
    expect(draftDiff(rows, drafts)).toEqual([
      { key: 'scoring_tool', title: 'Quality of the scoring tool', change: 'changed', fields: [{ field: 'Level 3', before: '3 Proficient: Distinct.', after: null }] },
    ]);
  });
});

describe('draftIssues(drafts)', () => {
  it('says in plain words what is missing or clashes, row and level numbered from 1', () => {
    const drafts = draftRows({ rows }, null);
    drafts[0]!.title = '  ';
    drafts[1]!.levels[2]!.value = '2';
    drafts[1]!.levels[0]!.label = '';
    const extra = emptyRow(1, 'clarity');
    extra.title = 'Again';
    extra.levels = [{ value: '1', label: 'Only', descriptor: '' }];
    const bad = emptyRow(2, 'has space');
    bad.title = 'Bad key';
    bad.levels = [
      { value: '1', label: 'A', descriptor: '' },
      { value: '', label: 'B', descriptor: '' },
    ];
    expect(draftIssues([...drafts, extra, bad]).map((issue) => [issue.row, issue.path, issue.message])).toEqual([
      [0, 'title', 'Row 1: the title is required.'],
      [1, 'levels.0.label', 'Row 2, level 1: the label is required.'],
      [1, 'levels.2.value', 'Row 2, level 3: the value "2" is already level 2\'s.'],
      [2, 'key', 'Row 3: the key "clarity" is already row 1\'s.'],
      [2, 'levels', 'Row 3: a row needs at least two levels.'],
      [3, 'key', 'Row 4: the key may hold only letters, digits, - and _ (up to 64, starting with a letter or digit).'],
      [3, 'levels.1.value', 'Row 4, level 2: the value is required.'],
    ]);
  });

  it('finds nothing in the rows of a version', () => {
    expect(draftIssues(draftRows({ rows }, null))).toEqual([]);
  });
});

describe('plainApiIssue(field, message, keys, drafts) and keyFromTitle(title, taken)', () => {
  const drafts = draftRows({ rows }, null);
  it.each([
    ['rows.0.title', 'title must be longer than or equal to 1 characters', 'Row 2, title: Cannot be empty.'],
    ['rows.0.levels.1.value', 'value "1" is already used by rows.0.levels.0', 'Row 2, level 2, value: "1" is already used by row 2, level 1.'],
    ['removedRowKeys.0', 'each value in removedRowKeys must be a string', 'Dropped rows: Each value in removedRowKeys must be a string.'],
  ])('%s reads %j', (field, message, words) => {
    expect(plainApiIssue(field, message, ['scoring_tool'], drafts)).toBe(words);
  });

  it('makes a key from a title, unique among the keys taken', () => {
    expect(keyFromTitle('Quality of the scoring tool!', [])).toBe('quality_of_the_scoring_tool');
    expect(keyFromTitle('Clarity', ['clarity', 'clarity_2'])).toBe('clarity_3');
    expect(keyFromTitle('¿?', [])).toBe('row');
  });
});

describe('fillMissingKeys(drafts, onlyNew)', () => {
  it('keys the rows named but not keyed from their titles, unique, leaving keyed rows alone', () => {
    const drafts = draftRows({ rows }, null);
    const named = emptyRow(1);
    named.title = 'Task clarity';
    const unnamed = emptyRow(2);
    fillMissingKeys([...drafts, named, unnamed], true);
    expect([named.key, unnamed.key]).toEqual(['task_clarity', '']);
    const old = { ...drafts[0]!, key: '', title: 'Task clarity' };
    fillMissingKeys([old, named], true);
    expect(old.key).toBe('');
    fillMissingKeys([old, named]);
    expect(old.key).toBe('task_clarity_2');
  });
});
