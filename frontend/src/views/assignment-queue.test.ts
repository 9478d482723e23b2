import { describe, expect, it } from 'vitest';
import type { MyAssignmentPageResponse, MyAssignmentResponse } from '../lib/api/schema';
import { nextPending, parsePage, parseQueueFilter, queuePage, rangeText, type AssignmentStatus } from './assignment-queue';

/** A fake API holding `pending` pending and `scored` scored assignments, ids 1.. pending first in id order. */
function fakeQueue(pending: number, scored: number) {
  const make = (status: AssignmentStatus, count: number, offset: number): MyAssignmentResponse[] =>
    Array.from({ length: count }, (_, index) => ({
      assignmentId: offset + index + 1,
      credentialId: 1,
      credentialTitle: 'C',
      rubricVersion: 1,
      status,
      assignedAt: '',
    }));
  const lists = { pending: make('pending', pending, 0), scored: make('scored', scored, 1000) };
  const calls: string[] = [];
  const fetchPage = async (status: AssignmentStatus, page: number, pageSize: number): Promise<MyAssignmentPageResponse> => {
    calls.push(`${status}:${page}`);
    const list = lists[status];
    return { items: list.slice((page - 1) * pageSize, page * pageSize), total: list.length, page, pageSize };
  };
  return { fetchPage, calls };
}

describe('queuePage(fetchPage, filter, page, pageSize)', () => {
  it.each([
    // pending, scored, page, pageSize -> ids shown
    [3, 4, 1, 5, [1, 2, 3, 1001, 1002]],
    [3, 4, 2, 5, [1003, 1004]],
    [5, 4, 1, 5, [1, 2, 3, 4, 5]],
    [5, 4, 2, 5, [1001, 1002, 1003, 1004]],
    [7, 9, 2, 5, [6, 7, 1001, 1002, 1003]],
    [7, 9, 3, 5, [1004, 1005, 1006, 1007, 1008]],
    [7, 9, 4, 5, [1009]],
    [0, 2, 1, 5, [1001, 1002]],
    [0, 0, 1, 5, []],
    [2, 2, 9, 5, []],
  ])('"all" with %i pending and %i scored, page %i of %i: pending first, then scored', async (pending, scored, page, pageSize, ids) => {
    const { fetchPage } = fakeQueue(pending, scored);
    const result = await queuePage(fetchPage, 'all', page, pageSize);
    expect(result.items.map((item) => item.assignmentId)).toEqual(ids);
    expect(result.total).toBe(pending + scored);
    expect(result.pending).toBe(pending);
  });

  it('reads a page straight from the API for "pending" and "scored"', async () => {
    const { fetchPage, calls } = fakeQueue(3, 4);
    expect((await queuePage(fetchPage, 'scored', 2, 3)).items.map((item) => item.assignmentId)).toEqual([1004]);
    expect((await queuePage(fetchPage, 'pending', 1, 3)).pending).toBe(3);
    expect(calls).toEqual(['scored:2', 'pending:1']);
  });
});

describe('parseQueueFilter(value) and parsePage(value)', () => {
  it.each([
    ['pending', 'pending'],
    ['scored', 'scored'],
    ['all', 'all'],
    [null, 'all'],
    ['nonsense', 'all'],
  ])('parseQueueFilter(%j) is %j', (value, expected) => {
    expect(parseQueueFilter(value)).toBe(expected);
  });

  it.each([
    ['2', 2],
    [null, 1],
    ['0', 1],
    ['-3', 1],
    ['1.5', 1],
    ['x', 1],
  ])('parsePage(%j) is %i', (value, expected) => {
    expect(parsePage(value)).toBe(expected);
  });
});

describe('rangeText(page, pageSize, shown, total)', () => {
  it.each([
    [1, 20, 20, 45, '1–20 of 45'],
    [3, 20, 5, 45, '41–45 of 45'],
    [1, 20, 0, 0, 'none of 0'],
  ])('rangeText(%i, %i, %i, %i) is %j', (page, pageSize, shown, total, expected) => {
    expect(rangeText(page, pageSize, shown, total)).toBe(expected);
  });
});

describe('nextPending(fetchPage, current)', () => {
  it('gives the oldest pending assignment other than the one open, and how many wait', async () => {
    const { fetchPage, calls } = fakeQueue(3, 2);
    expect(await nextPending(fetchPage, 1)).toMatchObject({ next: { assignmentId: 2 }, pending: 3 });
    expect(await nextPending(fetchPage, 5)).toMatchObject({ next: { assignmentId: 1 }, pending: 3 });
    expect(await nextPending(fetchPage)).toMatchObject({ next: { assignmentId: 1 }, pending: 3 });
    expect(calls).toEqual(['pending:1', 'pending:1', 'pending:1']);
  });

  it('gives no next assignment when the one open is the only one, or none waits', async () => {
    expect(await nextPending(fakeQueue(1, 4).fetchPage, 1)).toEqual({ next: null, pending: 1 });
    expect(await nextPending(fakeQueue(0, 4).fetchPage)).toEqual({ next: null, pending: 0 });
  });
});
