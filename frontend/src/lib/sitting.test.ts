import { beforeEach, describe, expect, it } from 'vitest';
import { noteScored, scoredInSitting, SITTING_KEY, sittingProgress } from './sitting';

describe('sitting', () => {
  beforeEach(() => sessionStorage.clear());

  it('keeps the assignments a person scored in this tab, each once', () => {
    expect(scoredInSitting(9)).toEqual([]);
    expect(noteScored(9, 154)).toEqual([154]);
    expect(noteScored(9, 160)).toEqual([154, 160]);
    expect(noteScored(9, 154)).toEqual([154, 160]);
    expect(scoredInSitting(9)).toEqual([154, 160]);
    expect(JSON.parse(sessionStorage.getItem(SITTING_KEY)!)).toEqual({ userId: 9, scored: [154, 160] });
  });

  it("starts afresh for another person, and never shows them the first person's", () => {
    noteScored(9, 154);
    expect(scoredInSitting(10)).toEqual([]);
    expect(noteScored(10, 200)).toEqual([200]);
    expect(scoredInSitting(9)).toEqual([]);
  });

  it('reads nothing from a damaged entry or without a person', () => {
    sessionStorage.setItem(SITTING_KEY, '{not json');
    expect(scoredInSitting(9)).toEqual([]);
    expect(noteScored(undefined, 3)).toEqual([]);
    expect(sessionStorage.getItem(SITTING_KEY)).toBe('{not json');
  });

  it('sittingProgress(scored, pending) says "3 of 12 scored" and how many are left', () => {
    expect(sittingProgress(3, 9)).toEqual({ scored: 3, pending: 9, total: 12, text: '3 of 12 scored', left: '9 left' });
    expect(sittingProgress(2, 0)).toMatchObject({ total: 2, text: '2 of 2 scored', left: 'none left' });
  });
});
