import { describe, expect, it } from 'vitest';
import { adjudicationIssues, disagreeingRowKeys, finalRows, needsAdjudication } from './adjudication-rules.js';
import type { RubricRow } from './rubric-rules.js';

const rows: RubricRow[] = [
  { key: 'aim', title: 'Aim', descriptor: '', scale: 'nominal', levels: [{ value: 'no', label: 'No', descriptor: '' }, { value: 'yes', label: 'Yes', descriptor: '' }] },
  { key: 'depth', title: 'Depth', descriptor: '', scale: 'ordinal', levels: ['1', '2', '3', '4'].map((value) => ({ value, label: value, descriptor: '' })) },
];

describe('needsAdjudication(scores) and disagreeingRowKeys(scores)', () => {
  it('is false when every row carries the same level', () => {
    expect(needsAdjudication([{ aim: 'yes', depth: '3' }, { aim: 'yes', depth: '3' }])).toBe(false);
  });

  it('is true and names the rows when any row differs', () => {
    const scores = [{ aim: 'yes', depth: '3' }, { aim: 'yes', depth: '2' }, { aim: 'yes', depth: '3' }];
    expect(needsAdjudication(scores)).toBe(true);
    expect(disagreeingRowKeys(scores)).toEqual(['depth']);
  });

  it('is false with fewer than two scores', () => {
    expect(needsAdjudication([{ aim: 'yes' }])).toBe(false);
    expect(needsAdjudication([])).toBe(false);
  });
});

describe('adjudicationIssues(rubricRows, disagreeingKeys, input)', () => {
  it('requires a level and a reason on each disagreeing row', () => {
    expect(adjudicationIssues(rows, ['depth'], {})).toEqual([{ field: 'rows.depth', message: expect.stringMatching(/final level is required/) }]);
    expect(adjudicationIssues(rows, ['depth'], { depth: { level: '3' } })).toEqual([
      { field: 'rows.depth.reason', message: expect.stringMatching(/reason is required/) },
    ]);
  });

  it('refuses unknown rows, levels and reasons, and an "other" reason without a note', () => {
    const issues = adjudicationIssues(rows, ['depth'], {
      depth: { level: '9', reason: 'other' },
      aim: { level: 'yes', reason: 'tired' },
      extra: { level: 'x' },
    });
    expect(issues.map((issue) => issue.field).sort()).toEqual(['rows.aim.reason', 'rows.depth.level', 'rows.depth.note', 'rows.extra']);
  });

  it('accepts a complete adjudication', () => {
    expect(adjudicationIssues(rows, ['depth'], { depth: { level: '3', reason: 'rubric_unclear', note: 'levels 2 and 3 overlap' } })).toEqual([]);
  });
});

describe('finalRows(rubricRows, scores, input)', () => {
  it('keeps agreed levels and takes the adjudicated level on disagreeing rows', () => {
    const final = finalRows(rows, [{ aim: 'yes', depth: '2' }, { aim: 'yes', depth: '3' }], { depth: { level: '3', reason: 'assessor_error', note: ' ' } });
    expect(final).toEqual([
      { rowKey: 'aim', level: 'yes', disagreed: false, reason: null, note: null },
      { rowKey: 'depth', level: '3', disagreed: true, reason: 'assessor_error', note: null },
    ]);
  });
});
