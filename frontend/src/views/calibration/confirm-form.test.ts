import { describe, expect, it } from 'vitest';
import { item } from '../certification-fixture.test-support';
import { blockedReason, confirmIssues, confirmRequest, differingRows, initialChoices, rationaleRequired } from './confirm-form';

describe('the confirm form', () => {
  it('starts every row at its final level, keeping a rationale already written', () => {
    const panel = item({ provenance: 'expert_panel', rows: [{ key: 'scoring_tool', finalLevel: '3', disagreed: false, confirmedLevel: null, trueLevel: null, rationale: 'Anchored levels.' }] });
    expect(initialChoices(panel)).toEqual({ scoring_tool: { level: '3', rationale: 'Anchored levels.' } });
  });

  it('requires a rationale on a row the readers disagreed on, and nowhere else when confirming', () => {
    const candidate = item();
    const choices = initialChoices(candidate);
    expect(confirmIssues(candidate, choices)).toEqual([
      { field: 'rationales.scoring_tool', message: 'the readers disagreed on this row live: write why the true level is right' },
    ]);
    choices.scoring_tool!.rationale = '  Quality words only.  ';
    expect(confirmIssues(candidate, choices)).toEqual([]);
    expect(confirmRequest(candidate, choices)).toEqual({ levels: { scoring_tool: '2', criteria: 'yes' }, rationales: { scoring_tool: 'Quality words only.' } });
  });

  it('names the rows that differ from the final level (a first confirmation then makes the item ambiguous)', () => {
    const candidate = item();
    const choices = initialChoices(candidate);
    choices.criteria!.level = 'no';
    expect(differingRows(candidate, choices).map((row) => row.key)).toEqual(['criteria']);
    expect(rationaleRequired(candidate, candidate.rows[1]!, 'no')).toBe(false);
  });

  it('settling, also requires a rationale where the level differs from the final one', () => {
    const ambiguous = item({ status: 'ambiguous', confirmedBy: { id: 5, name: 'Tess Trainer' } });
    const choices = initialChoices(ambiguous);
    choices.scoring_tool!.rationale = 'Quality words only.';
    choices.criteria!.level = 'no';
    expect(confirmIssues(ambiguous, choices)).toEqual([{ field: 'rationales.criteria', message: 'your level differs from the final level: write why' }]);
  });

  it('says why the caller may not confirm: they took part live, or they made it ambiguous', () => {
    expect(blockedReason(item({ callerTookPart: true }), 9)).toMatch(/scored or adjudicated this submission live/);
    expect(blockedReason(item({ status: 'ambiguous', confirmedBy: { id: 9, name: 'Me' } }), 9)).toMatch(/a second trainer settles it/);
    expect(blockedReason(item({ status: 'ambiguous', confirmedBy: { id: 5, name: 'Tess' } }), 9)).toBeNull();
    expect(blockedReason(item(), 9)).toBeNull();
  });
});
