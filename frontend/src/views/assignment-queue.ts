/**
 * The assessor's queue, pending first. The API lists one status at a time (oldest first); "all"
 * is the pending list followed by the scored list, paged as one list. Pure apart from the
 * `fetchPage` it is given, so the paging arithmetic is tested without a server.
 */
import type { MyAssignmentPageResponse, MyAssignmentResponse } from '../lib/api/schema';

export type QueueFilter = 'all' | 'pending' | 'scored';
export type AssignmentStatus = MyAssignmentResponse['status'];

export const queueFilters: readonly { value: QueueFilter; label: string }[] = [
  { value: 'all', label: 'All, pending first' },
  { value: 'pending', label: 'Pending' },
  { value: 'scored', label: 'Scored' },
];

/** `?status=` -> a filter; anything unknown is "all". */
export function parseQueueFilter(value: string | null): QueueFilter {
  return value === 'pending' || value === 'scored' ? value : 'all';
}

/** `?page=` -> a page number from 1; anything else is 1. */
export function parsePage(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

export type FetchAssignmentPage = (status: AssignmentStatus, page: number, pageSize: number) => Promise<MyAssignmentPageResponse>;

export interface QueuePage {
  items: MyAssignmentResponse[];
  page: number;
  pageSize: number;
  total: number;
  /** How many assignments wait for a score (every page of them, not only this one). */
  pending: number | null;
}

/**
 * One page of the queue. For "pending" or "scored" it is the API's page; for "all" it is items
 * `(page - 1) * pageSize` onwards of pending-then-scored, which takes the pending page and, when
 * that page runs out, up to two pages of scored assignments (a page of the joined list can start
 * in the middle of a page of the scored one).
 */
export async function queuePage(fetchPage: FetchAssignmentPage, filter: QueueFilter, page: number, pageSize: number): Promise<QueuePage> {
  if (filter !== 'all') {
    const answer = await fetchPage(filter, page, pageSize);
    return { items: answer.items, page, pageSize, total: answer.total, pending: filter === 'pending' ? answer.total : null };
  }
  const pending = await fetchPage('pending', page, pageSize);
  const start = (page - 1) * pageSize;
  const items = start < pending.total ? [...pending.items] : [];
  const wanted = pageSize - items.length;
  // Offset of the first scored assignment on this page, in the scored list.
  const offset = Math.max(0, start - pending.total);
  const firstScoredPage = Math.floor(offset / pageSize) + 1;
  const scored = await fetchPage('scored', firstScoredPage, pageSize);
  const skip = offset - (firstScoredPage - 1) * pageSize;
  let scoredItems = scored.items.slice(skip);
  if (wanted > 0 && scoredItems.length < wanted && skip > 0 && offset + scoredItems.length < scored.total) {
    const next = await fetchPage('scored', firstScoredPage + 1, pageSize);
    scoredItems = [...scoredItems, ...next.items];
  }
  if (wanted > 0) items.push(...scoredItems.slice(0, wanted));
  return { items, page, pageSize, total: pending.total + scored.total, pending: pending.total };
}

/** "21–40 of 45" for a page, or "none" for an empty list. */
export function rangeText(page: number, pageSize: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return `none of ${total}`;
  const first = (page - 1) * pageSize + 1;
  return `${first}–${first + shown - 1} of ${total}`;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The oldest pending assignment other than `current`, and how many wait (`current` counted while pending). */
export interface NextPending {
  next: MyAssignmentResponse | null;
  pending: number;
}

/** Asks for the first two pending assignments (oldest first), so the one open now can be skipped. */
export async function nextPending(fetchPage: FetchAssignmentPage, current?: number): Promise<NextPending> {
  const answer = await fetchPage('pending', 1, 2);
  return { next: answer.items.find((item) => item.assignmentId !== current) ?? null, pending: answer.total };
}
