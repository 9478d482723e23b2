import { describe, expect, it } from 'vitest';
import { ConflictError } from './errors.js';
import { routeSubmission, versionOutsideStudy, type CollectingWindow } from './submission-routing.js';

const window = (studySubmissions: number): CollectingWindow => ({ id: 5, targetSubmissions: 3, readersPerSubmission: 2, seed: 42, studySubmissions });

describe('routeSubmission(input)', () => {
  it('puts a submission into the collecting window as the next of its study, drawn with the window seed', () => {
    expect(routeSubmission({ credentialId: 1, sequence: 7, collectingWindow: window(1) })).toEqual({
      windowId: 5,
      studySequence: 2,
      readers: 2,
      seed: '42',
      drawSequence: 2,
    });
  });

  it('scores a submission outside the study by one reader once the study is full', () => {
    expect(routeSubmission({ credentialId: 1, sequence: 7, collectingWindow: window(3) })).toEqual({
      windowId: null,
      studySequence: null,
      readers: 1,
      seed: 'outside-study/1',
      drawSequence: 7,
    });
  });

  it('scores a submission outside any study when no window collects', () => {
    expect(routeSubmission({ credentialId: 9, sequence: 1, collectingWindow: null })).toMatchObject({ windowId: null, seed: 'outside-study/9', drawSequence: 1 });
  });

  it('numbers the study 1, 2, ... up to the target, then routes outside it', () => {
    const routes = [0, 1, 2, 3].map((held) => routeSubmission({ credentialId: 1, sequence: held + 1, collectingWindow: window(held) }));
    expect(routes.map((route) => route.studySequence)).toEqual([1, 2, 3, null]);
  });
});

describe('versionOutsideStudy(credentialId, newestValidated, newest)', () => {
  it('prefers the newest version under validation, else the newest version', () => {
    expect(versionOutsideStudy(1, { version: 2 }, { version: 3 })).toEqual({ version: 2 });
    expect(versionOutsideStudy(1, null, { version: 3 })).toEqual({ version: 3 });
  });

  it('refuses a credential without a rubric (409 no_rubric)', () => {
    expect(() => versionOutsideStudy(4, null, null)).toThrow(ConflictError);
    expect(() => versionOutsideStudy(4, null, null)).toThrow('credential 4 has no rubric yet: it cannot take submissions');
    try {
      versionOutsideStudy(4, null, null);
    } catch (error) {
      expect((error as ConflictError).code).toBe('no_rubric');
    }
  });
});
