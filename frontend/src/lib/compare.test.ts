import { describe, expect, it } from 'vitest';
import type { ReportResponse, RubricRowResponse, RubricVersionResponse } from './api/schema';
import { compareVersions, defaultPair, sameRow, slopeDomain, slopeRows } from './compare';

const level = (value: string, label = value) => ({ value, label, descriptor: `${label} descriptor` });

function rubricRow(key: string, extra: Partial<RubricRowResponse> = {}): RubricRowResponse {
  return { key, title: key, descriptor: `${key} descriptor`, scale: 'ordinal', carriedOver: false, levels: [level('1'), level('2')], ...extra };
}

function version(number: number, previous: number | null, rows: RubricRowResponse[]): RubricVersionResponse {
  return { version: number, previousVersion: previous, createdAt: '', locked: true, validationStatus: 'complete', credentialId: 1, rows };
}

function report(agreements: Record<string, number>, verdicts: Record<string, 'validated' | 'needs_revision'> = {}): ReportResponse {
  return {
    rows: Object.entries(agreements).map(([criterion, value]) => ({
      criterion,
      verdict: verdicts[criterion] ?? 'validated',
      metrics: { percent_agreement: { value, se: null, ci: null, interval: null } },
    })),
  } as unknown as ReportResponse;
}

describe('compareVersions(from, to, fromReport, toReport)', () => {
  const v1 = version(1, null, [rubricRow('a'), rubricRow('b'), rubricRow('gone')]);
  const v2 = version(2, 1, [rubricRow('a', { carriedOver: true }), rubricRow('b', { descriptor: 'sharper' }), rubricRow('added')]);

  it('marks rows carried over, rewritten, new and removed, with each side’s agreement', () => {
    const rows = compareVersions(v1, v2, report({ a: 0.9, b: 0.6, gone: 0.5 }), report({ a: 0.92, b: 0.85, added: 0.7 }));
    expect(rows.map((r) => [r.key, r.change, r.before?.agreement ?? null, r.after?.agreement ?? null])).toEqual([
      ['a', 'unchanged', 0.9, 0.92],
      ['b', 'rewritten', 0.6, 0.85],
      ['added', 'new', null, 0.7],
      ['gone', 'removed', 0.5, null],
    ]);
  });

  it('compares the texts when the later version does not revise the earlier one directly', () => {
    const v3 = version(3, 2, [rubricRow('a', { carriedOver: true }), rubricRow('b', { carriedOver: true, descriptor: 'sharper' })]);
    expect(compareVersions(v1, v3, null, null).map((r) => [r.key, r.change])).toEqual([
      ['a', 'unchanged'],
      ['b', 'rewritten'],
      ['gone', 'removed'],
    ]);
  });

  it('has no agreement on a side without a report', () => {
    const rows = compareVersions(v1, v2, null, report({ a: 0.9 }));
    expect(rows[0]!.before).toMatchObject({ agreement: null, report: null });
  });

  it('slopeRows(rows) draws every row, changed unless carried over', () => {
    const rows = compareVersions(v1, v2, report({ a: 0.9, b: 0.6 }), report({ a: 0.92, b: 0.85 }));
    expect(slopeRows(rows)).toEqual([
      { key: 'a', title: 'a', before: 0.9, after: 0.92, changed: false },
      { key: 'b', title: 'b', before: 0.6, after: 0.85, changed: true },
      { key: 'added', title: 'added', before: null, after: null, changed: true },
      { key: 'gone', title: 'gone', before: null, after: null, changed: true },
    ]);
  });
});

describe('sameRow(a, b)', () => {
  it.each([
    [{}, true],
    [{ title: 'other' }, false],
    [{ levels: [level('1'), level('2', 'Two')] }, false],
    [{ levels: [level('1')] }, false],
    [{ carriedOver: true }, true],
  ])('a row against one with %j is the same: %s', (extra, same) => {
    expect(sameRow(rubricRow('a'), rubricRow('a', extra))).toBe(same);
  });
});

describe('defaultPair(versions) and slopeDomain(rows, threshold)', () => {
  it.each([
    [[{ version: 1, previousVersion: null }, { version: 2, previousVersion: 1 }, { version: 3, previousVersion: 2 }], { from: 2, to: 3 }],
    [[{ version: 2, previousVersion: 1 }, { version: 1, previousVersion: null }], { from: 1, to: 2 }],
    [[{ version: 1, previousVersion: null }], null],
  ])('defaultPair(%j) is %j', (versions, pair) => {
    expect(defaultPair(versions.map((v) => ({ ...v, createdAt: '', locked: true, validationStatus: null })))).toEqual(pair);
  });

  it.each([
    [[0.64, 0.96], 0.8, [0.5, 1]],
    [[0.86, 0.92], 0.8, [0.7, 1]],
    [[0.02, 0.5], 0.8, [0, 1]],
    [[], 0.8, [0, 1]],
  ])('slopeDomain of values %j with threshold %s is %j', (values, threshold, domain) => {
    const rows = values.map((v, i) => ({ key: String(i), title: '', before: v, after: null, changed: false }));
    expect(slopeDomain(rows, threshold)).toEqual(domain);
  });
});
