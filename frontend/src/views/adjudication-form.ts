/**
 * The adjudication form as data: what each rubric row starts with, what is still missing before
 * the decision can be sent, and the request body. Pure, so the rules the API enforces (a level and a
 * reason on every disagreeing row, a note with "other") are tested here and shown before a round trip.
 */
import type { AdjudicatedRowRequest, AdjudicationCaseResponse, RecordAdjudicationRequest, RubricRowResponse } from '../lib/api/schema';

export type AdjudicationReason = NonNullable<AdjudicatedRowRequest['reason']>;

export const adjudicationReasons: readonly { value: AdjudicationReason; label: string }[] = [
  { value: 'rubric_unclear', label: 'The rubric row is unclear' },
  { value: 'evidence_ambiguous', label: 'The evidence is ambiguous' },
  { value: 'assessor_error', label: 'An assessor made an error' },
  { value: 'other', label: 'Other (explain in the note)' },
];

export function reasonLabel(reason: string | null): string {
  return adjudicationReasons.find((entry) => entry.value === reason)?.label ?? reason ?? '';
}

/** What the adjudicator has chosen for one row; empty strings for nothing yet. */
export interface RowDecision {
  level: string;
  reason: AdjudicationReason | '';
  note: string;
}

/** One rubric row with what each reader gave it. */
export interface CaseRow {
  row: RubricRowResponse;
  disagree: boolean;
  /** `[{ reader: 'A', level, label, comment }]` in reader order. */
  readings: { reader: string; level: string | null; label: string; comment: string | null }[];
  /** The level every reader gave, on an agreeing row. */
  agreedLevel: string | null;
}

export function caseRows(data: AdjudicationCaseResponse): CaseRow[] {
  const disagreeing = new Set(data.disagreeingRowKeys);
  return data.rubric.map((row) => {
    const readings = data.scorings.map((scoring) => {
      const level = scoring.levels[row.key] ?? null;
      return {
        reader: scoring.reader,
        level,
        label: row.levels.find((candidate) => candidate.value === level)?.label ?? level ?? 'No level',
        comment: scoring.comments[row.key] ?? null,
      };
    });
    const first = readings[0]?.level ?? null;
    const disagree = disagreeing.has(row.key);
    return { row, disagree, readings, agreedLevel: !disagree && first !== null && readings.every((r) => r.level === first) ? first : null };
  });
}

/** The starting decisions: agreeing rows at the agreed level, disagreeing rows with nothing chosen. */
export function initialDecisions(rows: readonly CaseRow[]): Record<string, RowDecision> {
  return Object.fromEntries(rows.map((entry) => [entry.row.key, { level: entry.agreedLevel ?? '', reason: '', note: '' }]));
}

/** What is missing, as the API would name it (`rows.clarity.reason`), so the messages sit by their fields. */
export function decisionIssues(rows: readonly CaseRow[], decisions: Readonly<Record<string, RowDecision>>): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  for (const { row, disagree } of rows) {
    const decision = decisions[row.key] ?? { level: '', reason: '', note: '' };
    if (!decision.level) issues.push({ field: `rows.${row.key}.level`, message: 'choose the final level' });
    if (!disagree) continue;
    if (!decision.reason) issues.push({ field: `rows.${row.key}.reason`, message: 'the readers disagree: choose a reason' });
    else if (decision.reason === 'other' && !decision.note.trim()) issues.push({ field: `rows.${row.key}.note`, message: 'a note is required when the reason is other' });
  }
  return issues;
}

/**
 * The request body: every row with its final level; disagreeing rows with their reason, and a
 * note wherever one was written (trimmed). Agreeing rows carry a reason only if one was chosen.
 */
export function adjudicationRequest(rows: readonly CaseRow[], decisions: Readonly<Record<string, RowDecision>>): RecordAdjudicationRequest {
  const body: RecordAdjudicationRequest = { rows: {} };
  for (const { row } of rows) {
    const decision = decisions[row.key];
    if (!decision?.level) continue;
    const entry: AdjudicatedRowRequest = { level: decision.level };
    if (decision.reason) entry.reason = decision.reason;
    const note = decision.note.trim();
    if (note) entry.note = note;
    body.rows[row.key] = entry;
  }
  return body;
}
