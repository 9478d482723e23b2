import { describe, expect, it } from 'vitest';
import type { RubricRow } from './rubric-rules.js';
import { finalLevels, passDecision, passLevelOf, rowPasses, type FinalLevel } from './submission-result.js';

const level = (value: string) => ({ value, label: value, descriptor: '' });
const aim: RubricRow = { key: 'aim', title: 'Aim', descriptor: '', scale: 'nominal', levels: [level('no'), level('yes')] };
const depth: RubricRow = { key: 'depth', title: 'Depth', descriptor: '', scale: 'ordinal', levels: ['1', '2', '3', '4'].map(level) };
const style: RubricRow = { key: 'style', title: 'Style', descriptor: '', scale: 'ordinal', levels: ['weak', 'fair', 'strong'].map(level) };
const rows = [aim, depth];

describe('finalLevels({ rows, readersRequired, scores, adjudication })', () => {
  it('gives the agreed level on every row when the readers agree', () => {
    expect(finalLevels({ rows, readersRequired: 2, scores: [{ aim: 'yes', depth: '3' }, { aim: 'yes', depth: '3' }], adjudication: null })).toEqual([
      { rowKey: 'aim', level: 'yes', source: 'agreed', awaiting: null },
      { rowKey: 'depth', level: '3', source: 'agreed', awaiting: null },
    ]);
  });

  it('leaves every row pending on scores while a reader has not scored', () => {
    const finals = finalLevels({ rows, readersRequired: 2, scores: [{ aim: 'yes', depth: '3' }], adjudication: null });
    expect(finals.map((final) => [final.level, final.awaiting])).toEqual([
      [null, 'scores'],
      [null, 'scores'],
    ]);
    expect(finalLevels({ rows, readersRequired: 1, scores: [], adjudication: null })[0].awaiting).toBe('scores');
  });

  it('leaves a disagreeing row pending on adjudication, while agreeing rows are final', () => {
    expect(finalLevels({ rows, readersRequired: 2, scores: [{ aim: 'yes', depth: '2' }, { aim: 'yes', depth: '3' }], adjudication: null })).toEqual([
      { rowKey: 'aim', level: 'yes', source: 'agreed', awaiting: null },
      { rowKey: 'depth', level: null, source: null, awaiting: 'adjudication' },
    ]);
  });

  it('takes the adjudicated level on a disagreeing row', () => {
    const finals = finalLevels({
      rows,
      readersRequired: 2,
      scores: [{ aim: 'yes', depth: '2' }, { aim: 'yes', depth: '3' }],
      adjudication: { aim: 'yes', depth: '2' },
    });
    expect(finals).toEqual([
      { rowKey: 'aim', level: 'yes', source: 'agreed', awaiting: null },
      { rowKey: 'depth', level: '2', source: 'adjudicated', awaiting: null },
    ]);
  });

  it('takes the level an adjudication records on an agreeing row when it revises it', () => {
    const finals = finalLevels({
      rows,
      readersRequired: 2,
      scores: [{ aim: 'yes', depth: '2' }, { aim: 'yes', depth: '3' }],
      adjudication: { aim: 'no', depth: '3' },
    });
    expect(finals[0]).toEqual({ rowKey: 'aim', level: 'no', source: 'adjudicated', awaiting: null });
  });

  it("calls a lone reader's level single_reader, and needs three scores from three readers", () => {
    expect(finalLevels({ rows: [depth], readersRequired: 1, scores: [{ depth: '1' }], adjudication: null })).toEqual([
      { rowKey: 'depth', level: '1', source: 'single_reader', awaiting: null },
    ]);
    const two = [{ depth: '4' }, { depth: '4' }];
    expect(finalLevels({ rows: [depth], readersRequired: 3, scores: two, adjudication: null })[0].awaiting).toBe('scores');
    expect(finalLevels({ rows: [depth], readersRequired: 3, scores: [...two, { depth: '3' }], adjudication: null })[0].awaiting).toBe('adjudication');
  });
});

describe('passLevelOf(row) and rowPasses(row, level)', () => {
  it('puts the pass level of a two-level row at its highest level', () => {
    expect(passLevelOf(aim)).toBe('yes');
    expect(rowPasses(aim, 'yes')).toBe(true);
    expect(rowPasses(aim, 'no')).toBe(false);
  });

  it('puts the pass level of a longer row at its second highest level, passing at or above it', () => {
    expect(passLevelOf(depth)).toBe('3');
    expect(['1', '2', '3', '4'].map((value) => rowPasses(depth, value))).toEqual([false, false, true, true]);
    expect(passLevelOf(style)).toBe('fair');
    expect(['weak', 'fair', 'strong'].map((value) => rowPasses(style, value))).toEqual([false, true, true]);
  });

  it('never passes a level the row does not offer', () => {
    expect(rowPasses(depth, '5')).toBe(false);
  });
});

describe('passDecision(rows, finals)', () => {
  const final = (rowKey: string, value: string | null): FinalLevel => ({
    rowKey,
    level: value,
    source: value === null ? null : 'agreed',
    awaiting: value === null ? 'adjudication' : null,
  });

  it('passes when every row passes', () => {
    expect(passDecision(rows, [final('aim', 'yes'), final('depth', '3')])).toBe('pass');
  });

  it('fails when any row is below its pass level', () => {
    expect(passDecision(rows, [final('aim', 'yes'), final('depth', '2')])).toBe('fail');
    expect(passDecision(rows, [final('aim', 'no'), final('depth', '4')])).toBe('fail');
  });

  it('decides nothing while a row is pending, even if another row already fails', () => {
    expect(passDecision(rows, [final('aim', 'no'), final('depth', null)])).toBeNull();
    expect(passDecision(rows, [final('aim', 'yes')])).toBeNull();
  });
});
