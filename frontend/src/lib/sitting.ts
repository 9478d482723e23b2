/**
 * The assessor's sitting: which assignments they scored in this tab since signing in, so the
 * dashboard can say "3 of 12 scored" (the scored ones of the sitting, out of those plus the ones
 * still pending). Kept in sessionStorage beside the session, so a reload keeps it, a new tab starts
 * afresh, and signing out forgets it (session.forget removes SITTING_KEY). Only ids: nothing the
 * API would not tell the same person.
 */

export const SITTING_KEY = 'concord.sitting';

interface Stored {
  userId: number;
  scored: number[];
}

function storageOf(storage?: Storage): Storage | null {
  if (storage) return storage;
  return typeof sessionStorage === 'undefined' ? null : sessionStorage;
}

/** The assignments `userId` scored in this sitting (none for anyone else, or when nothing is kept). */
export function scoredInSitting(userId: number | undefined, storage?: Storage): number[] {
  const store = storageOf(storage);
  if (userId === undefined || !store) return [];
  try {
    const stored = JSON.parse(store.getItem(SITTING_KEY) ?? 'null') as Stored | null;
    if (!stored || stored.userId !== userId || !Array.isArray(stored.scored)) return [];
    return stored.scored.filter((id) => Number.isInteger(id));
  } catch {
    return [];
  }
}

/** Notes that `userId` scored `assignmentId` (once), and gives back the sitting's scored ids. */
export function noteScored(userId: number | undefined, assignmentId: number, storage?: Storage): number[] {
  const store = storageOf(storage);
  const scored = scoredInSitting(userId, store ?? undefined);
  if (userId === undefined || !store) return scored;
  const next = scored.includes(assignmentId) ? scored : [...scored, assignmentId];
  store.setItem(SITTING_KEY, JSON.stringify({ userId, scored: next } satisfies Stored));
  return next;
}

/** What the progress bar says: `{ scored: 3, total: 12, text: '3 of 12 scored', left: '9 left' }`. */
export interface SittingProgress {
  scored: number;
  pending: number;
  total: number;
  text: string;
  left: string;
}

export function sittingProgress(scored: number, pending: number): SittingProgress {
  const total = scored + pending;
  return { scored, pending, total, text: `${scored} of ${total} scored`, left: pending === 0 ? 'none left' : `${pending} left` };
}
