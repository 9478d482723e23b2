import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { describeRuler, rulerHalfRange, rulerLayout, rulerTicks, standingText, type RulerEntry } from './ruler';

const margin = { top: 30, right: 20, bottom: 36, left: 120 };

const entry = (label: string, severity: number, se: number, extra: Partial<RulerEntry> = {}): RulerEntry => ({ label, severity, se, self: false, expert: false, ...extra });

/** As the API sends them: most lenient first, the expert panel at 0, the profile's assessor marked. */
const entries: RulerEntry[] = [
  entry('Dana Lee', -0.9, 0.2, { self: true }),
  entry('Expert panel', 0, 0.12, { expert: true }),
  entry('Alex Moreno', 0.3, 0.25),
  entry('Bea Nwosu', 0.62, 0.2),
];

describe('rulerHalfRange(entries)', () => {
  it.each([
    { name: 'covers every bar, rounded up to a half logit', entries: entries, expected: 1.5 },
    { name: 'is at least one logit', entries: [entry('A', 0.1, 0.1)], expected: 1 },
    { name: 'stops one logit past the furthest severity when a huge SE would squash the rest', entries: [entry('A', 0.4, 0.1), entry('B', -2.2, 4)], expected: 3.5 },
    { name: 'keeps at least three logits before clipping', entries: [entry('A', 0.2, 3)], expected: 3 },
    { name: 'is one logit for no raters', entries: [], expected: 1 },
  ])('$name', ({ entries: input, expected }) => {
    expect(rulerHalfRange(input)).toBe(expected);
  });
});

describe('rulerTicks(x, half)', () => {
  it.each([
    { half: 1, expected: ['−1', '−0.5', '0', '+0.5', '+1'] },
    { half: 1.5, expected: ['−1.5', '−1', '−0.5', '0', '+0.5', '+1', '+1.5'] },
    { half: 3, expected: ['−3', '−2', '−1', '0', '+1', '+2', '+3'] },
    { half: 6, expected: ['−6', '−4', '−2', '0', '+2', '+4', '+6'] },
  ])('a half range of $half logits reads $expected', ({ half, expected }) => {
    const x = scaleLinear().domain([-half, half]).range([0, 100]);
    expect(rulerTicks(x, half).map((tick) => tick.label)).toEqual(expected);
  });
});

describe('rulerLayout(entries, options)', () => {
  const layout = rulerLayout(entries, { width: 620, rowHeight: 26, margin });

  it('puts 0, the experts’ anchor, in the middle of the plot', () => {
    expect(layout.half).toBe(1.5);
    expect(layout.zeroX).toBe(360);
    expect(layout.rows[1]!.x).toBe(360);
  });

  it('keeps the order given, one row each, with severity ± 2 SE as the bar', () => {
    expect(layout.rows.map((row) => row.label)).toEqual(['Dana Lee', 'Expert panel', 'Alex Moreno', 'Bea Nwosu']);
    expect(layout.rows.map((row) => row.y)).toEqual([43, 69, 95, 121]);
    const bea = layout.rows[3]!;
    expect(bea.low).toBeCloseTo(0.22, 12);
    expect(bea.high).toBeCloseTo(1.02, 12);
    expect(bea.lowX).toBeCloseTo(layout.x(0.22), 9);
    expect(bea.highX).toBeCloseTo(layout.x(1.02), 9);
    expect(layout.height).toBe(30 + 4 * 26 + 36);
  });

  it('keeps the marks of the assessor and the experts', () => {
    expect(layout.rows.filter((row) => row.self).map((row) => row.label)).toEqual(['Dana Lee']);
    expect(layout.rows.filter((row) => row.expert).map((row) => row.label)).toEqual(['Expert panel']);
  });

  it('clips a bar longer than the axis and says on which side', () => {
    const wide = rulerLayout([entry('A', 0.4, 0.1), entry('B', -2.2, 4)], { width: 620, rowHeight: 26, margin });
    const b = wide.rows[1]!;
    expect([b.clippedLow, b.clippedHigh]).toEqual([true, true]);
    expect(b.lowX).toBe(margin.left);
    expect(b.highX).toBe(620 - margin.right);
    expect(wide.rows[0]!.clippedLow || wide.rows[0]!.clippedHigh).toBe(false);
  });
});

describe('standingText(entry)', () => {
  it.each([
    [0.62, 0.2, 'more severe than the experts'],
    [-0.9, 0.2, 'more lenient than the experts'],
    [0.3, 0.25, 'not distinguishable from the experts'],
  ])('severity %d with SE %d is %j', (severity, se, text) => {
    expect(standingText({ severity, se })).toBe(text);
  });
});

describe('describeRuler(entries, selfName)', () => {
  it('says how many raters, where the assessor sits with their interval, and the spread of the others', () => {
    expect(describeRuler(entries, 'Dana Lee')).toBe(
      '3 assessors and the expert panel, anchored at 0, on one logit scale; positive is more severe, negative more lenient. ' +
        'Dana Lee sits at −0.90 logits (± 2 SE: −1.30 to −0.50), more lenient than the experts. The other assessors range from +0.30 to +0.62.',
    );
  });

  it('speaks to the assessor themself', () => {
    expect(describeRuler(entries, 'You')).toContain('You sit at −0.90 logits');
  });

  it('says so when there is nobody on the ruler', () => {
    expect(describeRuler([])).toBe('No rater has a severity estimate yet.');
  });
});
