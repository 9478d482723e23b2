import { describe, expect, it } from 'vitest';
import { collectFootnotes, parseNote } from './report-notes';

// The notes as the API writes them (backend/src/protocol/row-verdict.ts), from the demo's version 1.
const STRADDLES_1 =
  'With 50 submissions scored twice, the 95% interval of agreement (73.3% to 94.2%) straddles the 80% threshold: agreement meets the rule, but the data do not yet demonstrate it. If agreement goes on at 86%, about 272 more paired submissions would settle it as validated with 80% probability.';
const STRADDLES_2 =
  'With 50 submissions scored twice, the 95% interval of agreement (70.9% to 92.8%) straddles the 80% threshold: agreement meets the rule, but the data do not yet demonstrate it. If agreement goes on at 84%, about 710 more paired submissions would settle it as validated with 80% probability.';
const STRADDLES_BELOW =
  'With 30 submissions scored twice, the 95% interval of agreement (58% to 88%) straddles the 80% threshold: the verdict could change with more submissions. If agreement goes on at 75%, about 120 more paired submissions would settle it as needing revision with 80% probability.';
const NEIGHBOURS_1 =
  'Exact agreement is 86% but 100% of rating pairs are within one level: most disagreements sit between neighbouring levels, most often between "1" (Beginning) and "2" (Developing). Sharpening the descriptors that separate those two levels is the likely fix.';
const NEIGHBOURS_2 =
  'Exact agreement is 64% but 100% of rating pairs are within one level: most disagreements sit between neighbouring levels, most often between "2" (Developing) and "3" (Proficient). Sharpening the descriptors that separate those two levels is the likely fix.';
const PARADOX =
  "Agreement is 92% but Cohen's kappa is only -0.04: level \"evident\" holds 96% of all ratings, so chance alone would produce most of the agreement (prevalence index 0.92). This is the kappa paradox (Feinstein & Cicchetti 1990), not necessarily poor scoring; Gwet's AC1 (0.91) and PABAK (0.84), which do not collapse when one level dominates, are the better guide, and the submissions should cover more of the other levels.";
const BIAS = 'reader A gave the higher level more often than reader B (bias index 0.18): part of the disagreement is systematic, a matter for assessor calibration rather than the rubric.';
const UNUSED = 'No assessor used levels "1", "4": the row was not tested across its whole range, and Gwet\'s AC1 and Brennan-Prediger count them among the 4 possible levels.';
const SINGLE = '3 submissions have a single rating on this row and add no pairs to agreement.';

describe('parseNote(note)', () => {
  it.each([
    [STRADDLES_1, 'straddles', 'interval 73.3% to 94.2%, about 272 more'],
    [STRADDLES_BELOW, 'straddles', 'interval 58% to 88%, about 120 more'],
    [NEIGHBOURS_1, 'neighbours', 'mostly between "1" (Beginning) and "2" (Developing); exact agreement 86%, within one level 100%'],
    [PARADOX, 'paradox', 'agreement 92%, Cohen\'s kappa -0.04; level "evident" holds 96% of all ratings'],
    [BIAS, 'bias', 'reader A higher than reader B (bias index 0.18)'],
    [UNUSED, 'unused', 'never used: "1", "4"'],
    [SINGLE, 'single', '3 submissions with a single rating'],
  ])('recognises %j as a %s note, particular: %j', (note, kind, particular) => {
    const parsed = parseNote(note);
    expect(parsed.kind).toBe(kind);
    expect(parsed.particular).toBe(particular);
    // the general text carries none of the row's own numbers
    expect(parsed.text).not.toContain(particular);
  });

  it('keeps the consequence and the threshold of an interval that straddles it', () => {
    expect(parseNote(STRADDLES_1).text).toContain('straddles the 80% threshold: agreement meets the rule, but the data do not yet demonstrate it.');
    expect(parseNote(STRADDLES_1).text).toContain('settle it as validated with 80% probability');
    expect(parseNote(STRADDLES_BELOW).text).toContain('agreement is below it, but the verdict could change with more submissions');
    expect(parseNote(STRADDLES_BELOW).key).not.toBe(parseNote(STRADDLES_1).key);
    expect(parseNote(STRADDLES_2).key).toBe(parseNote(STRADDLES_1).key);
  });

  it('keeps a note it does not recognise whole, as its own kind', () => {
    expect(parseNote('  Something new.  ')).toEqual({ kind: 'text', key: 'text|Something new.', text: 'Something new.', particular: null });
  });
});

describe('collectFootnotes(rows)', () => {
  const rows = [
    { criterion: 'learning_targets', title: 'Alignment to learning targets', notes: [STRADDLES_1, NEIGHBOURS_1] },
    { criterion: 'task_authenticity', title: 'Authentic task design', notes: [STRADDLES_2, NEIGHBOURS_2] },
    { criterion: 'success_criteria', title: 'Success criteria', notes: [PARADOX] },
    { criterion: 'scoring_tool', title: 'Quality of the scoring tool', notes: [NEIGHBOURS_2, 'A note of its own.'] },
    { criterion: 'feedback_plan', title: 'Feedback plan', notes: [STRADDLES_1, NEIGHBOURS_1, 'A note of its own.'] },
    { criterion: 'reflection', title: 'Reflection', notes: [] },
  ];
  const { footnotes, markers } = collectFootnotes(rows);

  it('writes each kind of note once, numbered in order of first appearance', () => {
    expect(footnotes.map((f) => [f.number, f.kind])).toEqual([
      [1, 'straddles'],
      [2, 'neighbours'],
      [3, 'paradox'],
      [4, 'text'],
    ]);
    expect(footnotes[3]!.text).toBe('A note of its own.');
  });

  it('gives each row the markers of its notes, and none to a row without notes', () => {
    expect(markers).toEqual({
      learning_targets: [1, 2],
      task_authenticity: [1, 2],
      success_criteria: [3],
      scoring_tool: [2, 4],
      feedback_plan: [1, 2, 4],
      reflection: [],
    });
  });

  it('lists under each footnote every row it concerns with what it says of that row', () => {
    expect(footnotes[0]!.rows).toEqual([
      { criterion: 'learning_targets', title: 'Alignment to learning targets', particular: 'interval 73.3% to 94.2%, about 272 more' },
      { criterion: 'task_authenticity', title: 'Authentic task design', particular: 'interval 70.9% to 92.8%, about 710 more' },
      { criterion: 'feedback_plan', title: 'Feedback plan', particular: 'interval 73.3% to 94.2%, about 272 more' },
    ]);
    expect(footnotes[1]!.rows.map((r) => r.criterion)).toEqual(['learning_targets', 'task_authenticity', 'scoring_tool', 'feedback_plan']);
    expect(footnotes[3]!.rows.map((r) => [r.criterion, r.particular])).toEqual([
      ['scoring_tool', null],
      ['feedback_plan', null],
    ]);
  });

  it('loses no note: every note of every row is behind one of its markers', () => {
    const total = rows.reduce((sum, row) => sum + row.notes.length, 0);
    expect(footnotes.reduce((sum, f) => sum + f.rows.length, 0)).toBe(total);
  });

  it('has nothing for rows without notes', () => {
    expect(collectFootnotes([{ criterion: 'a', title: 'A', notes: [] }])).toEqual({ footnotes: [], markers: { a: [] } });
  });
});
