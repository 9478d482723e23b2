import { describe, expect, it } from 'vitest';
import type { ReportResponse, RubricRowResponse } from './api/schema';
import { describeField, draftFieldOf, draftRows, isEdited, revisionRequest } from './revision';

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
