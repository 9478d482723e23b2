import { describe, expect, it } from 'vitest';
import { contrastRatio, parseColour, RAMP_STOPS } from './format';
import { cellLabel, checkSquare, cornerMark, heatmapLayout, summarise } from './heatmap';

describe('checkSquare(categories, counts)', () => {
  it.each([
    { counts: [[1, 2]], message: /2 categories, 1 rows/ },
    { counts: [[1, 2], [3]], message: /2 counts in row 2, got 1/ },
    { counts: [[1, -2], [3, 4]], message: /non-negative counts; row 1/ },
    { counts: [[1, Number.NaN], [3, 4]], message: /non-negative counts/ },
  ])('throws "$message" for $counts', ({ counts, message }) => {
    expect(() => checkSquare(['a', 'b'], counts)).toThrow(message);
  });

  it('accepts a square matrix', () => {
    expect(() => checkSquare(['a', 'b'], [[1, 0], [0, 1]])).not.toThrow();
  });
});

describe('summarise(counts)', () => {
  it.each([
    { counts: [[5, 2, 0], [1, 6, 3], [0, 0, 4]], expected: { total: 21, diagonal: 15, above: 5, below: 1 } },
    { counts: [[0, 0], [0, 0]], expected: { total: 0, diagonal: 0, above: 0, below: 0 } },
    { counts: [[3]], expected: { total: 3, diagonal: 3, above: 0, below: 0 } },
  ])('summarise($counts) is $expected', ({ counts, expected }) => {
    expect(summarise(counts)).toEqual(expected);
  });
});

describe('heatmapLayout(categories, counts, size, left, top)', () => {
  const categories = ['beginning', 'developing', 'proficient', 'exemplary'];
  const counts = [
    [4, 2, 0, 0],
    [1, 10, 3, 0],
    [0, 2, 20, 1],
    [0, 0, 1, 6],
  ];
  const layout = heatmapLayout(categories, counts, 200, 100, 40);

  it('makes one cell per pair of levels, row by row', () => {
    expect(layout.cells).toHaveLength(16);
    expect(layout.cells.map((cell) => cell.count)).toEqual(counts.flat());
  });

  it('marks exactly the cells where both levels are the same as diagonal', () => {
    expect(layout.cells.filter((cell) => cell.diagonal).map((cell) => [cell.row, cell.col])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('places cells in a grid offset by left and top, columns by col and rows by row', () => {
    const first = layout.cells[0]!;
    const rightOfFirst = layout.cells[1]!;
    const belowFirst = layout.cells[4]!;
    expect(first.x).toBeCloseTo(100, 6);
    expect(first.y).toBeCloseTo(40, 6);
    expect(rightOfFirst.x).toBeGreaterThan(first.x + first.size - 1e-9);
    expect(rightOfFirst.y).toBe(first.y);
    expect(belowFirst.x).toBe(first.x);
    expect(belowFirst.y).toBeGreaterThan(first.y + first.size - 1e-9);
    const last = layout.cells[15]!;
    expect(last.x + last.size).toBeCloseTo(300, 6);
  });

  it('colours zero with the lightest stop and the largest count with the darkest', () => {
    const zero = layout.cells.find((cell) => cell.count === 0)!;
    const largest = layout.cells.find((cell) => cell.count === 20)!;
    expect(parseColour(zero.fill)).toEqual(parseColour(RAMP_STOPS[0]));
    expect(parseColour(largest.fill)).toEqual(parseColour(RAMP_STOPS[RAMP_STOPS.length - 1]));
  });

  it('writes every count in a colour with at least 4.5:1 contrast on its cell', () => {
    for (const cell of layout.cells) expect(contrastRatio(cell.fill, cell.text)).toBeGreaterThanOrEqual(4.5);
    expect(layout.cells.find((cell) => cell.count === 20)!.text).toBe('#ffffff');
    expect(layout.cells.find((cell) => cell.count === 0)!.text).toBe('#000000');
  });

  it('colours an all-zero matrix light without dividing by zero', () => {
    const empty = heatmapLayout(['a', 'b'], [[0, 0], [0, 0]], 100);
    expect(empty.max).toBe(0);
    expect(new Set(empty.cells.map((cell) => cell.fill)).size).toBe(1);
    expect(parseColour(empty.cells[0]!.fill)).toEqual(parseColour(RAMP_STOPS[0]));
  });

  it('reports the direction of disagreement around the diagonal', () => {
    expect(layout.summary).toEqual({ total: 50, diagonal: 40, above: 6, below: 4 });
  });
});

describe('agreeing and splitting cells differ by more than colour', () => {
  const counts = [
    [4, 2, 0],
    [1, 10, 0],
    [0, 3, 20],
  ];
  const layout = heatmapLayout(['1', '2', '3'], counts, 300, 100, 40);

  it('flags the cells off the diagonal that have a count as splits, and only those', () => {
    expect(layout.cells.filter((cell) => cell.disagree).map((cell) => [cell.row, cell.col, cell.count])).toEqual([
      [0, 1, 2],
      [1, 0, 1],
      [2, 1, 3],
    ]);
    for (const cell of layout.cells) {
      expect(cell.diagonal && cell.disagree).toBe(false);
      expect(cell.marker === null).toBe(!cell.disagree);
    }
  });

  it('marks a split in the top-right corner of its own cell, as a triangle', () => {
    for (const cell of layout.cells.filter((c) => c.disagree)) {
      const points = cell.marker!.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
      expect(points).toHaveLength(3);
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(cell.x + cell.size / 2);
        expect(x).toBeLessThanOrEqual(cell.x + cell.size + 0.01);
        expect(y).toBeGreaterThanOrEqual(cell.y - 0.01);
        expect(y).toBeLessThanOrEqual(cell.y + cell.size / 2);
      }
    }
  });

  it('cornerMark(x, y, size, mark) is the right triangle in that corner', () => {
    expect(cornerMark(10, 20, 50, 8)).toBe('52,20 60,20 60,28');
  });

  it('cellLabel says which levels, how many and whether the readers agreed', () => {
    expect(cellLabel({ count: 9, diagonal: false }, 'Developing', 'Proficient', 'Reader A', 'Reader B')).toBe('Reader A Developing, Reader B Proficient: 9 submissions, a split');
    expect(cellLabel({ count: 1, diagonal: true }, 'Developing', 'Developing', 'Reader A', 'Reader B')).toBe('Reader A Developing, Reader B Developing: 1 submission, the same level');
    expect(cellLabel({ count: 0, diagonal: false }, 'Beginning', 'Exemplary', 'Reader A', 'Reader B')).toBe('Reader A Beginning, Reader B Exemplary: 0 submissions, no split');
  });
});
