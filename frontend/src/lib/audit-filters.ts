/**
 * The audit log's filters as they live in the URL (`?actor=3&action=score.submitted&entity=score&
 * entityId=12&from=2026-01-01&to=2026-01-31&page=2`) and as the API takes them: days are whole UTC
 * days, `to` included (so the API's exclusive `to` is the next midnight). Pure.
 */

export interface AuditFilters {
  actor: number | null;
  action: string;
  entity: string;
  entityId: string;
  /** `YYYY-MM-DD` or '' */
  from: string;
  /** `YYYY-MM-DD` or '' (the day included) */
  to: string;
}

export const noFilters: AuditFilters = { actor: null, action: '', entity: '', entityId: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | null): string {
  return value && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)) ? value : '';
}

/** Reads the filters from a query string; anything malformed is left out. */
export function filtersFrom(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  const actor = params.get('actor');
  return {
    actor: actor && /^[1-9][0-9]{0,14}$/.test(actor) ? Number(actor) : null,
    action: (params.get('action') ?? '').trim(),
    entity: (params.get('entity') ?? '').trim(),
    entityId: (params.get('entityId') ?? '').trim(),
    from: day(params.get('from')),
    to: day(params.get('to')),
  };
}

/** The query-string changes that set these filters (and go back to the first page). */
export function filterQuery(filters: AuditFilters): Record<string, string | number | null> {
  return {
    actor: filters.actor,
    action: filters.action.trim() || null,
    entity: filters.entity.trim() || null,
    entityId: filters.entityId.trim() || null,
    from: day(filters.from) || null,
    to: day(filters.to) || null,
    page: null,
  };
}

/** The API's query for these filters and page. */
export function apiQuery(filters: AuditFilters, page: number, pageSize: number) {
  const nextMidnight = (value: string) => new Date(Date.parse(`${value}T00:00:00.000Z`) + 86_400_000).toISOString();
  return {
    page,
    pageSize,
    ...(filters.actor !== null ? { actorId: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.entity ? { entityType: filters.entity } : {}),
    ...(filters.entityId ? { entityId: filters.entityId } : {}),
    ...(filters.from ? { from: `${filters.from}T00:00:00.000Z` } : {}),
    ...(filters.to ? { to: nextMidnight(filters.to) } : {}),
  };
}

export function isFiltered(filters: AuditFilters): boolean {
  return filters.actor !== null || filters.action !== '' || filters.entity !== '' || filters.entityId !== '' || filters.from !== '' || filters.to !== '';
}

/** The details of an entry in one line: `rubricVersion: 2, rows: 6`, nested values as JSON, long ones cut. */
export function detailLine(details: Record<string, unknown>, limit = 160): string {
  const text = Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Actions the API records, offered as suggestions (the field takes any action). */
export const knownActions = [
  'adjudication.claimed',
  'adjudication.recorded',
  'backreading.drawn',
  'backreading.reviewed',
  'calibration.candidates_created',
  'calibration.pools_drawn',
  'calibration_attempt.started',
  'calibration_attempt.completed',
  'calibration_item.scored',
  'certification.note',
  'credential.created',
  'credential.certification_settings_changed',
  'rubric_version.created',
  'rubric_version.revised',
  'rubric_version.rows_replaced',
  'score.submitted',
  'scores.imported',
  'submission.received',
  'submission.resubmitted',
  'user.created',
  'user.conflicts_declared',
  'validation_window.opened',
  'validation_window.adjudicating',
  'validation_window.completed',
  'validity_item.delivered',
  'validity_item.scored',
] as const;

export const knownEntities = [
  'adjudication',
  'backreading',
  'calibration_attempt',
  'calibration_item',
  'certification',
  'credential',
  'rubric_version',
  'score',
  'submission',
  'user',
  'validation_window',
] as const;
