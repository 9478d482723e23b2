import { describe, expect, it } from 'vitest';
import { apiQuery, detailLine, filterQuery, filtersFrom, isFiltered, noFilters } from './audit-filters';

describe('the audit filters', () => {
  it('read from the URL, leaving out what is malformed', () => {
    expect(filtersFrom('?actor=3&action=score.submitted&entity=score&entityId=12&from=2026-01-01&to=2026-01-31')).toEqual({
      actor: 3,
      action: 'score.submitted',
      entity: 'score',
      entityId: '12',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(filtersFrom('?actor=abc&from=yesterday&to=2026-13-45')).toEqual(noFilters);
    expect(isFiltered(noFilters)).toBe(false);
    expect(isFiltered({ ...noFilters, from: '2026-01-01' })).toBe(true);
  });

  it('write to the URL from page one, and ask the API for whole UTC days with the last day included', () => {
    const filters = { ...noFilters, actor: 7, action: ' credential.created ', from: '2026-01-01', to: '2026-01-31' };
    expect(filterQuery(filters)).toEqual({ actor: 7, action: 'credential.created', entity: null, entityId: null, from: '2026-01-01', to: '2026-01-31', page: null });
    expect(apiQuery(filtersFrom('?actor=7&action=credential.created&from=2026-01-01&to=2026-01-31'), 2, 25)).toEqual({
      page: 2,
      pageSize: 25,
      actorId: 7,
      action: 'credential.created',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    expect(apiQuery(noFilters, 1, 25)).toEqual({ page: 1, pageSize: 25 });
  });

  it('say the details in one line, cut when long', () => {
    expect(detailLine({ rubricVersion: 2, rows: ['a', 'b'], note: 'fine' })).toBe('rubricVersion: 2, rows: ["a","b"], note: fine');
    expect(detailLine({ text: 'x'.repeat(300) }, 20)).toHaveLength(20);
  });
});
