import { describe, expect, it } from 'vitest';
import { rowEvidence } from './row-evidence.js';
import type { StudySubmission } from './study-report.js';

const row = { key: 'tool', title: 'Quality of the tool', levels: ['1', '2', '3', '4'] };

function submission(sequence: number, levels: number[], extra: Partial<StudySubmission> & { comments?: (string | undefined)[] } = {}): StudySubmission {
  return {
    sequence,
    readings: levels.map((level, index) => ({
      slot: index + 1,
      assessorId: String(100 + index),
      levels: { tool: level, other: 0 },
      comments: extra.comments?.[index] === undefined ? {} : ({ tool: extra.comments[index]! } as Record<string, string>),
    })),
    adjudication: extra.adjudication ?? null,
  };
}

describe('rowEvidence(row, submissions)', () => {
  it('groups the splits by the levels the readers gave, most cases first, with comments and adjudication', () => {
    const evidence = rowEvidence(row, [
      submission(3, [1, 2], { comments: ['  partly there ', undefined], adjudication: { levels: { tool: 1 }, reasons: { tool: { reason: 'rubric_unclear', note: 'Level 2 and 3 overlap.' } } } }),
      submission(1, [2, 2]),
      submission(2, [2, 1]),
      submission(4, [0, 3], { comments: ['no tool', 'a full tool'] }),
      submission(5, [3]),
    ]);
    expect(evidence.paired).toBe(4);
    expect(evidence.disagreeing).toBe(3);
    expect(evidence.groups.map((group) => group.levels)).toEqual([['2', '3'], ['1', '4']]);
    const [pair, wide] = evidence.groups;
    expect(pair!.cases.map((c) => c.sequence)).toEqual([2, 3]);
    expect(pair!.pending).toBe(1);
    expect(pair!.commented).toBe(1);
    expect(pair!.cases[1]).toEqual({
      sequence: 3,
      readings: [
        { reader: 'A', level: '2', comment: 'partly there' },
        { reader: 'B', level: '3', comment: null },
      ],
      finalLevel: '2',
      reason: 'rubric_unclear',
      note: 'Level 2 and 3 overlap.',
    });
    expect(wide!.cases[0]!.readings.map((reading) => reading.comment)).toEqual(['no tool', 'a full tool']);
    expect(wide!.cases[0]!.finalLevel).toBeNull();
  });

  it('names every level split between when three readers disagree three ways, and nothing when they agree', () => {
    expect(rowEvidence(row, [submission(1, [0, 1, 3])]).groups[0]!.levels).toEqual(['1', '2', '4']);
    expect(rowEvidence(row, [submission(1, [1, 1]), submission(2, [2, 2])])).toEqual({ criterion: 'tool', title: 'Quality of the tool', paired: 2, disagreeing: 0, groups: [] });
  });
});
