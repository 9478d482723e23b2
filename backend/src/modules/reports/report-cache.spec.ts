import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPORT_CACHE_SIZE, ReportCache } from './report-cache.js';
import type { ReportResponse } from './reports.dto.js';

function setup() {
  const writes = { generation: 0 };
  return { writes, cache: new ReportCache(writes) };
}

const report = (title: string) => ({ credentialTitle: title }) as ReportResponse;

describe('ReportCache', () => {
  it('serialises a stored report once, with a strong ETag of that text', () => {
    const { cache } = setup();
    const entry = cache.open('1:1').store('w1', report('a'));
    expect(entry.json).toBe('{"credentialTitle":"a"}');
    expect(entry.etag).toBe(`"${createHash('sha1').update(entry.json).digest('base64url')}"`);
  });

  it('gives the route its entry without a fingerprint while nothing is written', () => {
    const { writes, cache } = setup();
    const entry = cache.open('1:1').store('w1', report('a'));
    expect(cache.current('1:1')).toBe(entry);
    expect(cache.current('1:2')).toBeUndefined();
    writes.generation++;
    expect(cache.current('1:1')).toBeUndefined();
    const lookup = cache.open('1:1');
    expect(lookup.find('w2')).toBeUndefined();
    expect(lookup.find('w1')).toBe(entry);
    expect(cache.current('1:1')).toBe(entry);
  });

  it('does not trust a route resolved while a write was under way', () => {
    const { writes, cache } = setup();
    const lookup = cache.open('1:1');
    writes.generation++;
    lookup.store('w1', report('a'));
    expect(cache.current('1:1')).toBeUndefined();
  });

  it('keys entries by route and fingerprint', () => {
    const { cache } = setup();
    cache.open('1:1').store('w1', report('a'));
    expect(cache.open('1:2').find('w1')).toBeUndefined();
  });

  it(`keeps the ${REPORT_CACHE_SIZE} most recently used entries`, () => {
    const { cache } = setup();
    const first = cache.open('1:1').store('w0', report('first'));
    for (let i = 1; i < REPORT_CACHE_SIZE; i++) cache.open('1:1').store(`w${i}`, report(String(i)));
    expect(cache.open('1:1').find('w0')).toBe(first);
    cache.open('1:1').store('overflow', report('overflow'));
    expect(cache.open('1:1').find('w0')).toBe(first);
    expect(cache.open('1:1').find('w1')).toBeUndefined();
  });
});
