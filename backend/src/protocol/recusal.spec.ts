import { describe, expect, it } from 'vitest';
import { conflictsWith, passesOn, replacementReader, type ReplacementCandidate } from './recusal.js';

const candidate = (assessorId: number, extra: Partial<ReplacementCandidate> = {}): ReplacementCandidate => ({ assessorId, eligible: true, load: 0, conflictOrganisations: [], ...extra });

describe('conflictsWith(conflicts, earnerOrganisation)', () => {
  it('compares organisations as the reader draw does: case, spacing and width aside', () => {
    expect(conflictsWith(['  GLOBEX   Corp '], 'globex corp')).toBe(true);
    expect(conflictsWith(['Ｇｌｏｂｅｘ'], 'Globex')).toBe(true);
    expect(conflictsWith(['Globex'], 'Initech')).toBe(false);
    expect(conflictsWith(['Globex'], null)).toBe(false);
    expect(conflictsWith([], 'Globex')).toBe(false);
  });
});

describe('replacementReader(input)', () => {
  it('takes the least loaded eligible assessor who is not on the submission and has no conflict, then the lowest id', () => {
    const chosen = replacementReader({
      earnerOrganisation: 'Globex',
      assignedAssessorIds: [1, 2],
      candidates: [
        candidate(1),
        candidate(2),
        candidate(3, { eligible: false }),
        candidate(4, { conflictOrganisations: ['globex'] }),
        candidate(5, { load: 2 }),
        candidate(7, { load: 1 }),
        candidate(6, { load: 1 }),
      ],
    });
    expect(chosen).toBe(6);
  });

  it('says null when nobody may take the assignment over', () => {
    expect(replacementReader({ earnerOrganisation: 'Globex', assignedAssessorIds: [1], candidates: [candidate(1), candidate(2, { eligible: false }), candidate(3, { conflictOrganisations: ['GLOBEX'] })] })).toBeNull();
  });
});

describe('passesOn(reason, inStudy)', () => {
  it('passes every open assignment on when the reader will not come back, and only study assignments when the queue is paused', () => {
    for (const reason of ['account_disabled', 'assessor_role_removed', 'certification_removed'] as const) {
      expect(passesOn(reason, true)).toBe(true);
      expect(passesOn(reason, false)).toBe(true);
    }
    expect(passesOn('queue_paused', true)).toBe(true);
    expect(passesOn('queue_paused', false)).toBe(false);
  });
});
