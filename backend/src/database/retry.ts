import { isTransientConflict, RetryLaterError } from './errors.js';

/** How often a transaction that hit a serialisation failure or a deadlock is run again. */
export const TRANSIENT_RETRIES = 3;

/** Milliseconds to wait before retry `attempt` (0, 1, 2): growing, with jitter so that colliders part. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  return 5 * 2 ** attempt + random() * 20 * 2 ** attempt;
}

/**
 * Runs `attempt` and, while it fails with a serialisation failure or a deadlock (40001, 40P01),
 * runs it again, up to TRANSIENT_RETRIES times after a jittered pause; then throws RetryLaterError
 * (503 with Retry-After). Any other error is thrown at once.
 */
export async function withTransientRetries<T>(attempt: () => Promise<T>, pause: (milliseconds: number) => Promise<void> = sleep): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransientConflict(error)) throw error;
      if (retry === TRANSIENT_RETRIES) throw new RetryLaterError();
      await pause(retryDelay(retry));
    }
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
