import { describe, expect, it } from 'vitest';
import { evidenceLevelName, groupName, reasonsText, settledText, type EvidenceCase } from './evidence';

const row = {
  levels: [
    { value: '1', label: 'Beginning', descriptor: '' },
    { value: '2', label: 'Developing', descriptor: '' },
    { value: '3', label: 'Proficient', descriptor: '' },
    { value: 'yes', label: 'yes', descriptor: '' },
  ],
};

const settled = (finalLevel: string | null, reason: EvidenceCase['reason'] = null): EvidenceCase => ({ sequence: 1, readings: [], finalLevel, reason, note: null });

describe('the evidence in words', () => {
  it('names levels with their labels, and the levels a group split between', () => {
    expect(evidenceLevelName(row, '2')).toBe('2 (Developing)');
    expect(evidenceLevelName(row, 'yes')).toBe('yes');
    expect(groupName(row, ['2', '3'])).toBe('2 (Developing) and 3 (Proficient)');
    expect(groupName(row, ['1', '2', '3'])).toBe('1 (Beginning), 2 (Developing) and 3 (Proficient)');
  });

  it('says how adjudication settled a group, and why, most frequent reason first', () => {
    const cases = [settled('2', 'evidence_ambiguous'), settled('2', 'rubric_unclear'), settled('3', 'rubric_unclear'), settled(null)];
    expect(settledText(row, cases)).toBe('Adjudication settled on 2 (Developing) in 2 of 4, on 3 (Proficient) in 1 of 4.');
    expect(reasonsText(cases)).toBe('Reasons: rubric unclear 2, evidence ambiguous 1.');
    expect(settledText(row, [settled(null)])).toBe('');
    expect(reasonsText([settled(null)])).toBe('');
  });
});
