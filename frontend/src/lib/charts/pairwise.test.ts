import { describe, expect, it } from 'vitest';
import { assessorsOf, MINIMUM_SHARED_SUBMISSIONS, pairwiseMatrix, UNRELIABLE_FILL, type AssessorPair } from './pairwise';

describe('assessorsOf(pairs, order)', () => {
  const pairs: AssessorPair[] = [
    { a: 'Cleo', b: 'Amir', compared: 3, agreement: 1 },
    { a: 'Bea', b: 'Cleo', compared: 2, agreement: 0.5 },
  ];
  it.each([
    { order: [], expected: ['Amir', 'Bea', 'Cleo'] },
    { order: ['Cleo'], expected: ['Cleo', 'Amir', 'Bea'] },
    { order: ['Dan', 'Bea'], expected: ['Dan', 'Bea', 'Amir', 'Cleo'] },
  ])('assessorsOf(pairs, $order) is $expected', ({ order, expected }) => {
    expect(assessorsOf(pairs, order)).toEqual(expected);
  });
});

describe('pairwiseMatrix(pairs, order)', () => {
  const pairs: AssessorPair[] = [
    { a: 'Amir', b: 'Bea', compared: 10, agreement: 0.9 },
    { a: 'Cleo', b: 'Amir', compared: 4, agreement: 0.5 },
  ];
  const matrix = pairwiseMatrix(pairs);

  it('fills both halves of the matrix for each pair', () => {
    expect(matrix.assessors).toEqual(['Amir', 'Bea', 'Cleo']);
    expect(matrix.cells[0]![1]).toMatchObject({ compared: 10, agreement: 0.9 });
    expect(matrix.cells[1]![0]).toMatchObject({ compared: 10, agreement: 0.9 });
    expect(matrix.cells[0]![2]).toMatchObject({ compared: 4, agreement: 0.5 });
    expect(matrix.cells[2]![0]).toMatchObject({ compared: 4, agreement: 0.5 });
  });

  it('leaves the diagonal and pairs that never met blank', () => {
    expect(matrix.cells[0]![0]).toBeNull();
    expect(matrix.cells[1]![1]).toBeNull();
    expect(matrix.cells[1]![2]).toBeNull();
    expect(matrix.cells[2]![1]).toBeNull();
  });

  it('treats a pair with nothing compared as never met', () => {
    const none = pairwiseMatrix([{ a: 'A', b: 'B', compared: 0, agreement: null }]);
    expect(none.cells[0]![1]).toBeNull();
  });

  it('merges a pair given in both directions, weighting agreement by submissions compared', () => {
    const merged = pairwiseMatrix([
      { a: 'A', b: 'B', compared: 6, agreement: 1 },
      { a: 'B', b: 'A', compared: 2, agreement: 0 },
    ]);
    expect(merged.cells[0]![1]).toMatchObject({ compared: 8, agreement: 0.75 });
  });

  it('darkens the cell with higher agreement and keeps its text readable', () => {
    const high = matrix.cells[0]![1]!;
    const low = matrix.cells[0]![2]!;
    expect(high.fill).not.toBe(low.fill);
    expect(high.text).toBe('#ffffff');
    expect(low.text).toBe('#000000');
  });

  it('greys a pair that shared fewer than 5 submissions, however well it agreed, and keeps the count', () => {
    const shared = pairwiseMatrix([
      { a: 'Amir', b: 'Bea', compared: 6, agreement: 1, sharedSubmissions: 1 },
      { a: 'Amir', b: 'Cleo', compared: 30, agreement: 1, sharedSubmissions: 5 },
    ]);
    const once = shared.cells[0]![1]!;
    const often = shared.cells[0]![2]!;
    expect(once).toMatchObject({ sharedSubmissions: 1, reliable: false, fill: UNRELIABLE_FILL });
    expect(often).toMatchObject({ sharedSubmissions: 5, reliable: true });
    expect(often.fill).not.toBe(UNRELIABLE_FILL);
    expect(MINIMUM_SHARED_SUBMISSIONS).toBe(5);
  });

  it('ignores a pair of an assessor with themself', () => {
    expect(pairwiseMatrix([{ a: 'A', b: 'A', compared: 3, agreement: 1 }]).cells).toEqual([[null]]);
  });
});
