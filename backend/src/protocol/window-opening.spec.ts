import { describe, expect, it } from 'vitest';
import { ConflictError } from './errors.js';
import { DEFAULT_THRESHOLD } from './row-verdict.js';
import { windowSettingsOrThrow, type OpenWindowInput } from './window-opening.js';

const open = (extra: Partial<OpenWindowInput> = {}): OpenWindowInput => ({
  versionNumber: 2,
  versionHasWindow: false,
  collectingWindowId: null,
  assessors: 4,
  request: {},
  drawSeed: () => 99,
  ...extra,
});

function conflictOf(input: OpenWindowInput): ConflictError {
  try {
    windowSettingsOrThrow(input);
  } catch (error) {
    if (error instanceof ConflictError) return error;
    throw error;
  }
  throw new Error('expected a ConflictError');
}

describe('windowSettingsOrThrow(input)', () => {
  it('fills every setting the request leaves out with its default and a drawn seed', () => {
    expect(windowSettingsOrThrow(open())).toEqual({ targetSubmissions: 50, readersPerSubmission: 2, threshold: DEFAULT_THRESHOLD, minimumPaired: 20, seed: 99 });
  });

  it('keeps what the request gives, and draws no seed when one is given', () => {
    let draws = 0;
    const settings = windowSettingsOrThrow(
      open({ request: { targetSubmissions: 10, readersPerSubmission: 3, threshold: 0.7, minimumPaired: 12, seed: 0 }, drawSeed: () => ++draws }),
    );
    expect(settings).toEqual({ targetSubmissions: 10, readersPerSubmission: 3, threshold: 0.7, minimumPaired: 12, seed: 0 });
    expect(draws).toBe(0);
  });

  it('refuses a second window on a version, before anything else', () => {
    const error = conflictOf(open({ versionHasWindow: true, collectingWindowId: 4, assessors: 0 }));
    expect(error.code).toBe('window_exists');
    expect(error.message).toBe('rubric version 2 already has a validation window');
  });

  it('refuses while another window of the credential is collecting', () => {
    const error = conflictOf(open({ collectingWindowId: 4, assessors: 0 }));
    expect(error.code).toBe('window_collecting');
    expect(error.message).toBe('the validation window 4 of this credential is still collecting submissions');
  });

  it('needs at least as many assessors as readers per submission', () => {
    expect(windowSettingsOrThrow(open({ assessors: 2 })).readersPerSubmission).toBe(2);
    const error = conflictOf(open({ assessors: 2, request: { readersPerSubmission: 3 } }));
    expect(error.code).toBe('not_enough_assessors');
    expect(error.message).toBe('3 readers per submission need at least 3 assessors; there are 2');
  });
});
