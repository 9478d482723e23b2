import { ConflictError } from './errors.js';
import { DEFAULT_MINIMUM_PAIRED } from './row-decision.js';
import { DEFAULT_THRESHOLD } from './row-verdict.js';

/** Study submissions of a window when the request names none: the first 50 to arrive. */
export const DEFAULT_TARGET_SUBMISSIONS = 50;
/** Distinct assessors per study submission when the request names none. */
export const DEFAULT_READERS_PER_SUBMISSION = 2;
/** The largest seed a window takes (and the bound of a drawn one). */
export const MAXIMUM_WINDOW_SEED = 2_147_483_647;

/** What the person opening a window asked for; anything left out takes its default. */
export interface WindowSettingsRequest {
  targetSubmissions?: number;
  readersPerSubmission?: number;
  threshold?: number;
  /** paired submissions before the report gives a provisional signal */
  minimumPaired?: number;
  seed?: number;
}

/** The settings a window is opened with. */
export interface WindowSettings {
  targetSubmissions: number;
  readersPerSubmission: number;
  threshold: number;
  minimumPaired: number;
  seed: number;
}

export interface OpenWindowInput {
  /** the rubric version's number, as errors name it */
  versionNumber: number;
  /** the version already has a validation window (whatever its status) */
  versionHasWindow: boolean;
  /** the id of a window of the same credential that is still collecting, or null */
  collectingWindowId: number | null;
  /** accounts with the assessor role */
  assessors: number;
  request: WindowSettingsRequest;
  /** draws a seed when the request gives none; called at most once */
  drawSeed: () => number;
}

/**
 * Whether a window may be opened on a rubric version, and with which settings. One window per
 * version, one collecting window per credential at a time, and enough assessors for the readers
 * of each study submission. Defaults: 50 study submissions, 2 readers, the issuer's threshold,
 * 20 paired submissions before the early signal, and a drawn seed.
 *
 * Throws a ConflictError: `window_exists` when the version already has a window,
 * `window_collecting` when another window of the credential still collects, and
 * `not_enough_assessors` when there are fewer assessors than readers per submission.
 *
 * @example windowSettingsOrThrow({ versionNumber: 1, versionHasWindow: false, collectingWindowId: null,
 *   assessors: 4, request: { seed: 7 }, drawSeed: () => 0 }) // { targetSubmissions: 50, readersPerSubmission: 2, threshold: 0.8, minimumPaired: 20, seed: 7 }
 */
export function windowSettingsOrThrow(input: OpenWindowInput): WindowSettings {
  if (input.versionHasWindow) {
    throw new ConflictError(`rubric version ${input.versionNumber} already has a validation window`, 'window_exists');
  }
  if (input.collectingWindowId !== null) {
    throw new ConflictError(
      `the validation window ${input.collectingWindowId} of this credential is still collecting submissions`,
      'window_collecting',
    );
  }
  const { request } = input;
  const readersPerSubmission = request.readersPerSubmission ?? DEFAULT_READERS_PER_SUBMISSION;
  if (input.assessors < readersPerSubmission) {
    throw new ConflictError(
      `${readersPerSubmission} readers per submission need at least ${readersPerSubmission} assessors; there are ${input.assessors}`,
      'not_enough_assessors',
    );
  }
  return {
    targetSubmissions: request.targetSubmissions ?? DEFAULT_TARGET_SUBMISSIONS,
    readersPerSubmission,
    threshold: request.threshold ?? DEFAULT_THRESHOLD,
    minimumPaired: request.minimumPaired ?? DEFAULT_MINIMUM_PAIRED,
    seed: request.seed ?? input.drawSeed(),
  };
}
