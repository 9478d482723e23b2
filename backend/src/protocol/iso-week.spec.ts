import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidError } from './errors.js';
import { isoWeek, isoWeekBounds } from './iso-week.js';

describe('isoWeek(iso)', () => {
  it.each([
    ['2026-11-30T12:00:00.000Z', '2026-W49'],
    ['2026-01-01T00:00:00.000Z', '2026-W01'],
    ['2021-01-03T23:59:59.999Z', '2020-W53'],
    ['2024-12-30T00:00:00.000Z', '2025-W01'],
    ['2027-01-03T10:00:00.000Z', '2026-W53'],
  ])('%s is in %s', (time, week) => {
    expect(isoWeek(time)).toBe(week);
  });
});

describe('isoWeekBounds(week)', () => {
  it('starts on a Monday and lasts seven days', () => {
    expect(isoWeekBounds('2026-W49')).toEqual(['2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
  });

  it('holds every moment of the week, and only those', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString();
        const [start, end] = isoWeekBounds(isoWeek(iso));
        expect(start <= iso && iso < end).toBe(true);
      }),
    );
  });

  it('refuses a malformed week or one the year does not have', () => {
    expect(() => isoWeekBounds('2026-48')).toThrow(InvalidError);
    expect(() => isoWeekBounds('2025-W53')).toThrow(InvalidError);
    expect(isoWeekBounds('2026-W53')[0]).toBe('2026-12-28T00:00:00.000Z');
    expect(isoWeekBounds('2020-W53')[0]).toBe('2020-12-28T00:00:00.000Z');
  });
});
