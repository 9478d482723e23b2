import { describe, expect, it } from 'vitest';
import { etagOf, REPORT_CACHE_SIZE, ReportCache } from './report-cache.js';
import type { ReportResponse } from './reports.dto.js';

const report = (title: string, computedAt = '2026-01-01T00:00:00.000Z') => ({ credentialTitle: title, computedAt }) as ReportResponse;

describe('ReportCache', () => {
  it('serialises a stored report once', () => {
    const entry = new ReportCache().store('1:1', 'w1@3', report('a'));
    expect(entry.json).toBe('{"credentialTitle":"a","computedAt":"2026-01-01T00:00:00.000Z"}');
  });

  it('derives the ETag from the route and the epochs alone: two instances computing at different times agree', () => {
    const one = new ReportCache().store('1:1', 'w1@3', report('a', '2026-01-01T00:00:00.000Z'));
    const other = new ReportCache().store('1:1', 'w1@3', report('a', '2026-01-01T00:00:09.000Z'));
    expect(one.json).not.toBe(other.json);
    expect(one.etag).toBe(other.etag);
    expect(one.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(one.etag).toBe(etagOf('1:1|w1@3'));
  });

  it('gives a new ETag when the data epoch moves, and for another route', () => {
    const cache = new ReportCache();
    const before = cache.store('1:1', 'w1@3', report('a'));
    expect(cache.store('1:1', 'w1@4', report('a')).etag).not.toBe(before.etag);
    expect(cache.store('1:2', 'w1@3', report('a')).etag).not.toBe(before.etag);
  });

  it('finds an entry by route and epochs only', () => {
    const cache = new ReportCache();
    const entry = cache.store('1:1', 'w1@3', report('a'));
    expect(cache.find('1:1', 'w1@3')).toBe(entry);
    expect(cache.find('1:1', 'w1@4')).toBeUndefined();
    expect(cache.find('1:2', 'w1@3')).toBeUndefined();
  });

  it(`keeps the ${REPORT_CACHE_SIZE} most recently used entries`, () => {
    const cache = new ReportCache();
    const first = cache.store('1:1', 'e0', report('first'));
    for (let i = 1; i < REPORT_CACHE_SIZE; i++) cache.store('1:1', `e${i}`, report(String(i)));
    expect(cache.find('1:1', 'e0')).toBe(first);
    cache.store('1:1', 'overflow', report('overflow'));
    expect(cache.find('1:1', 'e0')).toBe(first);
    expect(cache.find('1:1', 'e1')).toBeUndefined();
  });
});
