import { describe, expect, it } from 'vitest';
import { reportFixture } from '../views/report-fixture.test-support';
import { historySentence, rowHistories } from './row-history';

describe('rowHistories(reports)', () => {
  it("matches rows by key across versions, oldest first, with each version's interval, decision and whether it was rewritten", () => {
    const first = reportFixture();
    const second = reportFixture({
      rubricVersion: 2,
      previousVersion: 1,
      rows: first.rows
        .filter((row) => row.criterion !== 'success_criteria')
        .map((row) => ({
          ...row,
          carriedOver: row.criterion !== 'scoring_tool',
          title: row.criterion === 'scoring_tool' ? 'Clarity of the scoring tool' : row.title,
          decision: row.criterion === 'scoring_tool' ? 'meets_rule_not_demonstrated' : row.decision,
          metrics: row.criterion === 'scoring_tool' ? { percent_agreement: { value: 0.88, se: null, ci: null, interval: { lo: 0.76, hi: 0.94, method: 'wilson' } } } : row.metrics,
        })),
    });
    const histories = rowHistories([second, first]);
    expect(histories.map((h) => h.key)).toEqual(['learning_targets', 'scoring_tool', 'success_criteria']);
    const tool = histories[1]!;
    expect(tool.title).toBe('Clarity of the scoring tool');
    expect(tool.points.map((p) => [p.version, p.agreement, p.interval, p.decision, p.rewritten])).toEqual([
      [1, 0.64, null, 'needs_revision', true],
      [2, 0.88, { lo: 0.76, hi: 0.94, method: 'wilson' }, 'meets_rule_not_demonstrated', true],
    ]);
    expect(histories[0]!.points.map((p) => p.rewritten)).toEqual([true, false]);
    expect(histories[2]!.points.map((p) => p.version)).toEqual([1]);
    expect(historySentence(tool)).toBe('Clarity of the scoring tool: Version 1: 64%; Version 2: 88% (76% to 94%).');
  });

  it('is empty without reports', () => {
    expect(rowHistories([])).toEqual([]);
  });
});
