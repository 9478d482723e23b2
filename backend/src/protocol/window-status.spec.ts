import { describe, expect, it } from 'vitest';
import { ConflictError } from './errors.js';
import { assertTakesScores, nextWindowStatus, windowProgress, type StudySubmissionProgress } from './window-status.js';

const scored = (needsAdjudication: boolean, adjudicated = false): StudySubmissionProgress => ({
  readersRequired: 2,
  scoresReceived: 2,
  needsAdjudication,
  adjudicated,
});
const halfScored: StudySubmissionProgress = { readersRequired: 2, scoresReceived: 1, needsAdjudication: false, adjudicated: false };

describe('nextWindowStatus({ status, targetSubmissions, submissions })', () => {
  it('stays collecting while the study has fewer submissions than the target', () => {
    expect(nextWindowStatus({ status: 'collecting', targetSubmissions: 3, submissions: [scored(true), scored(false)] })).toBe('collecting');
  });

  it('stays collecting while a study submission lacks a score', () => {
    expect(nextWindowStatus({ status: 'collecting', targetSubmissions: 2, submissions: [scored(true), halfScored] })).toBe('collecting');
  });

  it('moves to adjudicating when every target submission carries all its scores and some disagree', () => {
    expect(nextWindowStatus({ status: 'collecting', targetSubmissions: 2, submissions: [scored(true), scored(false)] })).toBe('adjudicating');
  });

  it('moves straight to complete when no submission disagrees', () => {
    expect(nextWindowStatus({ status: 'collecting', targetSubmissions: 2, submissions: [scored(false), scored(false)] })).toBe('complete');
  });

  it('moves from adjudicating to complete only when every disagreement is adjudicated', () => {
    const pending = { status: 'adjudicating' as const, targetSubmissions: 2, submissions: [scored(true, true), scored(true)] };
    expect(nextWindowStatus(pending)).toBe('adjudicating');
    expect(nextWindowStatus({ ...pending, submissions: [scored(true, true), scored(true, true)] })).toBe('complete');
  });

  it('never moves backwards', () => {
    expect(nextWindowStatus({ status: 'complete', targetSubmissions: 2, submissions: [halfScored] })).toBe('complete');
  });
});

describe('windowProgress({ status, targetSubmissions, submissions })', () => {
  it('counts scores, fully scored, disagreeing and adjudicated submissions', () => {
    const progress = windowProgress({
      status: 'adjudicating',
      targetSubmissions: 4,
      submissions: [scored(true, true), scored(true), scored(false), halfScored],
    });
    expect(progress).toEqual({
      studySubmissions: 4,
      targetSubmissions: 4,
      scoresExpected: 8,
      scoresReceived: 7,
      fullyScoredSubmissions: 3,
      disagreeingSubmissions: 2,
      adjudicatedSubmissions: 1,
      awaitingAdjudication: 1,
    });
  });
});

describe('assertTakesScores(status)', () => {
  it('takes scores while the window collects, and refuses them after (409 window_not_collecting)', () => {
    expect(() => assertTakesScores('collecting')).not.toThrow();
    for (const status of ['adjudicating', 'complete'] as const) {
      const error = (() => {
        try {
          assertTakesScores(status);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe('window_not_collecting');
      expect((error as ConflictError).message).toBe(`the validation window is ${status}: it no longer takes scores`);
    }
  });
});
