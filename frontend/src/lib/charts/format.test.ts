import { describe, expect, it } from 'vitest';
import { contrastRatio, formatNumber, formatPercent, parseColour, rampColour, RAMP_STOPS, textColourOn, truncateLabel } from './format';

describe('formatPercent(value, digits)', () => {
  it.each([
    [0.8123, 0, '81%'],
    [0.8123, 1, '81.2%'],
    [1, 0, '100%'],
    [0, 0, '0%'],
    [0.005, 0, '1%'],
    [-0.001, 0, '0%'],
    [null, 0, '–'],
    [undefined, 0, '–'],
    [Number.NaN, 0, '–'],
    [Number.POSITIVE_INFINITY, 0, '–'],
  ])('formatPercent(%s, %s) is %s', (value, digits, expected) => {
    expect(formatPercent(value, digits)).toBe(expected);
  });
});

describe('formatNumber(value, digits, signed)', () => {
  it.each([
    [0.8123, 2, false, '0.81'],
    [-0.3, 2, false, '\u22120.30'],
    [0.12, 2, true, '+0.12'],
    [-0.12, 2, true, '\u22120.12'],
    [0, 2, true, '0.00'],
    [-0.001, 2, true, '0.00'],
    [null, 2, false, '–'],
  ])('formatNumber(%s, %s, %s) is %s', (value, digits, signed, expected) => {
    expect(formatNumber(value, digits, signed)).toBe(expected);
  });
});

describe('parseColour(colour)', () => {
  it.each([
    ['#ffffff', [255, 255, 255]],
    ['#08306b', [8, 48, 107]],
    ['#fa0', [255, 170, 0]],
    ['rgb(12, 34, 56)', [12, 34, 56]],
    ['rgba(1,2,3,0.5)', [1, 2, 3]],
  ])('parseColour(%s) is %j', (colour, expected) => {
    expect(parseColour(colour)).toEqual(expected);
  });

  it('parseColour(colour) throws on a named colour it does not know', () => {
    expect(() => parseColour('teal')).toThrow(/does not understand "teal"/);
  });
});

describe('contrastRatio(a, b)', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#767676', '#ffffff', 4.54],
  ])('contrastRatio(%s, %s) is %s', (a, b, expected) => {
    expect(contrastRatio(a, b)).toBeCloseTo(expected, 2);
  });
});

describe('textColourOn(fill)', () => {
  it.each([
    ['#ffffff', '#000000'],
    [RAMP_STOPS[0], '#000000'],
    ['rgb(57, 133, 192)', '#000000'],
    ['#08306b', '#ffffff'],
    ['#000000', '#ffffff'],
  ])('textColourOn(%s) is %s', (fill, expected) => {
    expect(textColourOn(fill)).toBe(expected);
  });

  it('keeps WCAG AA contrast (4.5:1) for the count on every point of the heatmap ramp', () => {
    for (let step = 0; step <= 100; step++) {
      const fill = rampColour(step / 100);
      expect(contrastRatio(fill, textColourOn(fill)), `at t=${step / 100} (${fill})`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('rampColour(t)', () => {
  it('runs from the lightest stop at 0 to the darkest at 1 and clamps outside', () => {
    expect(parseColour(rampColour(0))).toEqual(parseColour(RAMP_STOPS[0]));
    expect(parseColour(rampColour(1))).toEqual(parseColour(RAMP_STOPS[4]));
    expect(rampColour(-1)).toBe(rampColour(0));
    expect(rampColour(2)).toBe(rampColour(1));
  });
});

describe('truncateLabel(label, max)', () => {
  it.each([
    ['Proficient', 16, 'Proficient'],
    ['Not yet competent at all', 10, 'Not yet c…'],
    ['Exactly ten', 11, 'Exactly ten'],
    ['Exactly ten!', 11, 'Exactly te…'],
    ['ab cd', 4, 'ab…'],
  ])('truncateLabel(%j, %s) is %j', (label, max, expected) => {
    const result = truncateLabel(label, max);
    expect(result).toBe(expected);
    expect([...result].length).toBeLessThanOrEqual(max);
  });

  it('truncateLabel(label, 1) throws', () => {
    expect(() => truncateLabel('abc', 1)).toThrow(/at least 2/);
  });
});
