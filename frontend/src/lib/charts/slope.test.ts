import { describe, expect, it } from 'vitest';
import { slopeLayout, spreadLabels, type SlopeRow } from './slope';

describe('spreadLabels(positions, gap, low, high)', () => {
  it.each([
    { name: 'leaves labels that are already apart', positions: [10, 50, 90], expected: [10, 50, 90] },
    { name: 'pushes a close pair apart downwards', positions: [50, 52], expected: [50, 64] },
    { name: 'keeps the input order of the result', positions: [52, 50], expected: [64, 50] },
    { name: 'pulls a stack back above the bottom edge', positions: [95, 96, 97], expected: [72, 86, 100] },
    { name: 'keeps the top edge', positions: [-5, 0], expected: [0, 14] },
    { name: 'handles nothing', positions: [], expected: [] },
  ])('$name: $positions -> $expected', ({ positions, expected }) => {
    expect(spreadLabels(positions, 14, 0, 100)).toEqual(expected);
  });

  it('keeps neighbours at least the gap apart when there is room', () => {
    const spread = [...spreadLabels([40, 41, 42, 43, 44], 10, 0, 100)].sort((a, b) => a - b);
    for (let i = 1; i < spread.length; i++) expect(spread[i]! - spread[i - 1]!).toBeGreaterThanOrEqual(10 - 1e-9);
  });
});

describe('slopeLayout(rows, options)', () => {
  const rows: SlopeRow[] = [
    { key: 'clarity', title: 'Task clarity', before: 0.64, after: 0.86, changed: true },
    { key: 'evidence', title: 'Evidence', before: 0.9, after: 0.9, changed: false },
    { key: 'feedback', title: 'Feedback', before: 0.88, after: 0.84, changed: false },
    { key: 'new', title: 'New row', before: null, after: 0.8, changed: true },
  ];
  const margin = { top: 20, right: 100, bottom: 20, left: 60 };
  const layout = slopeLayout(rows, { threshold: 0.8, width: 400, height: 220, margin, labelGap: 12, domain: [0, 1] });

  it('puts the earlier version on the left edge and the later on the right', () => {
    expect(layout.leftX).toBe(60);
    expect(layout.rightX).toBe(300);
  });

  it('maps agreement to height: 0% at the bottom, 100% at the top', () => {
    expect(layout.y(0)).toBe(200);
    expect(layout.y(1)).toBe(20);
    expect(layout.thresholdY).toBeCloseTo(200 - 0.8 * 180, 9);
  });

  it.each([
    ['clarity', 'up'],
    ['evidence', 'same'],
    ['feedback', 'down'],
    ['new', 'unknown'],
  ])('row %s goes %s', (key, direction) => {
    expect(layout.lines.find((line) => line.key === key)!.direction).toBe(direction);
  });

  it('has no left point for a row new in the later version', () => {
    const added = layout.lines.find((line) => line.key === 'new')!;
    expect(added.beforeY).toBeNull();
    expect(added.beforeLabelY).toBeNull();
    expect(added.afterY).toBeCloseTo(200 - 0.8 * 180, 9);
  });

  it('spreads the right-hand labels of rows with close values', () => {
    const ys = layout.lines.map((line) => line.afterLabelY!).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(12 - 1e-9);
  });

  it('keeps the changed flag for each row', () => {
    expect(layout.lines.filter((line) => line.changed).map((line) => line.key)).toEqual(['clarity', 'new']);
  });
});
