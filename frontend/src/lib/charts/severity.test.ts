import { describe, expect, it } from 'vitest';
import { severityLayout, sideOf, symmetricExtent, tickLabel } from './severity';

describe('symmetricExtent(values, minimum)', () => {
  it.each([
    { values: [0.1, -0.2], expected: 0.5 },
    { values: [0.6, -0.2], expected: 0.75 },
    { values: [-1.01], expected: 1.25 },
    { values: [1], expected: 1 },
    { values: [null], expected: 0.5 },
    { values: [], expected: 0.5 },
  ])('symmetricExtent($values) is $expected', ({ values, expected }) => {
    expect(symmetricExtent(values)).toBe(expected);
  });
});

describe('sideOf(difference, tolerance)', () => {
  it.each([
    [-0.4, 'harsh'],
    [0.3, 'lenient'],
    [0.05, 'even'],
    [-0.05, 'even'],
    [0, 'even'],
    [null, 'unknown'],
  ] as const)('sideOf(%s) is %s', (difference, side) => {
    expect(sideOf(difference, 0.05)).toBe(side);
  });
});

describe('tickLabel(value)', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '+1'],
    [0.5, '+0.5'],
    [-0.25, '\u22120.25'],
    [-1.5, '\u22121.5'],
  ])('tickLabel(%s) is %s', (value, expected) => {
    expect(tickLabel(value)).toBe(expected);
  });
});

describe('severityLayout(assessors, options)', () => {
  const margin = { top: 20, right: 20, bottom: 20, left: 120 };
  const layout = severityLayout(
    [
      { assessor: 'Bea', meanDifference: 0.3 },
      { assessor: 'Amir', meanDifference: -0.4 },
      { assessor: 'Dan', meanDifference: null },
      { assessor: 'Cleo', meanDifference: 0 },
    ],
    { width: 520, rowHeight: 30, margin, tolerance: 0.05 },
  );

  it('centres zero between the edges of an axis symmetric around it', () => {
    expect(layout.x.domain()).toEqual([-0.5, 0.5]);
    expect(layout.zeroX).toBe(310);
    expect(layout.x(-0.5)).toBe(120);
    expect(layout.x(0.5)).toBe(500);
  });

  it('lists the harshest first and assessors without a value last', () => {
    expect(layout.dots.map((dot) => dot.assessor)).toEqual(['Amir', 'Cleo', 'Bea', 'Dan']);
    expect(layout.dots.map((dot) => dot.side)).toEqual(['harsh', 'even', 'lenient', 'unknown']);
  });

  it('puts harsh dots left of zero and lenient dots right of it, one row each', () => {
    const [amir, cleo, bea, dan] = layout.dots;
    expect(amir!.x!).toBeLessThan(layout.zeroX);
    expect(cleo!.x!).toBe(layout.zeroX);
    expect(bea!.x!).toBeGreaterThan(layout.zeroX);
    expect(dan!.x).toBeNull();
    expect(layout.dots.map((dot) => dot.y)).toEqual([35, 65, 95, 125]);
  });

  it('ticks both ends, their halves and zero, labelled with a sign', () => {
    expect(layout.xTicks.map((tick) => tick.label)).toEqual(['\u22120.5', '\u22120.25', '0', '+0.25', '+0.5']);
    expect(layout.xTicks.map((tick) => tick.position)).toEqual([120, 215, 310, 405, 500]);
  });
});
