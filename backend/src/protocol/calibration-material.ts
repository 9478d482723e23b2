import { ConflictError, ForbiddenError, throwIfIssues, type FieldIssue } from './errors.js';

/** Where an item's reference levels came from. */
export const PROVENANCES = ['agreed', 'adjudicated', 'expert_panel'] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** A calibration item is usable once confirmed; an ambiguous one waits for a second trainer. */
export const ITEM_STATUSES = ['candidate', 'ambiguous', 'confirmed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** A rubric row with the level values it offers. */
export interface MaterialRow {
  key: string;
  levels: readonly string[];
}

export interface StudySubmissionOutcome {
  /** every sealed score of the submission, as row key -> level */
  scores: ReadonlyArray<Readonly<Record<string, string>>>;
  /** the adjudicated final level per row, or null when the submission was not adjudicated */
  adjudication: Readonly<Record<string, string>> | null;
  readersRequired: number;
}

export interface Candidate {
  provenance: Provenance;
  /** the level each row ended with live: the agreed level, or the adjudicator's */
  finalLevels: Record<string, string>;
  /** rows on which the readers chose different levels */
  disagreedRows: string[];
}

/**
 * The candidate a study submission of a completed window gives: its final per-row levels (the
 * readers' common level, or the adjudicator's) and its provenance. Null when the submission has
 * no final levels: fewer scores than readers, or a disagreement that was never adjudicated.
 */
export function candidateFromStudySubmission(rows: readonly MaterialRow[], outcome: StudySubmissionOutcome): Candidate | null {
  if (outcome.scores.length < outcome.readersRequired || outcome.scores.length === 0) return null;
  const finalLevels: Record<string, string> = {};
  const disagreedRows: string[] = [];
  for (const row of rows) {
    const levels = new Set(outcome.scores.map((score) => score[row.key]));
    if (levels.size > 1) disagreedRows.push(row.key);
    const final = outcome.adjudication?.[row.key] ?? (levels.size === 1 ? [...levels][0] : undefined);
    if (final === undefined) return null;
    finalLevels[row.key] = final;
  }
  return { provenance: outcome.adjudication ? 'adjudicated' : 'agreed', finalLevels, disagreedRows };
}

export interface ItemToConfirm {
  status: ItemStatus;
  provenance: Provenance;
  finalLevels: Readonly<Record<string, string>>;
  disagreedRows: readonly string[];
  /** the trainer whose confirmation made the item ambiguous, or null */
  confirmedById: number | null;
  /** people who scored or adjudicated the item's submission live */
  liveParticipantIds: readonly number[];
}

export interface Confirmation {
  actorId: number;
  levels: Readonly<Record<string, string>>;
  rationales: Readonly<Record<string, string>>;
}

export interface ConfirmationOutcome {
  status: 'confirmed' | 'ambiguous';
  /** the reference levels: the confirmed ones, or for an ambiguous item the live final levels until settled */
  trueLevels: Record<string, string>;
  rationales: Record<string, string>;
  /** rows where the confirming trainer's level differs from the live final level */
  differingRows: string[];
}

/**
 * A trainer confirms each row's true level of a candidate, with a rationale on every row that
 * was disagreed or adjudicated live (and, settling an ambiguous item, on every row that was in
 * doubt). When the confirmed level differs from the live final level on any row, the item is
 * `ambiguous` and excluded until a second trainer settles it; the second trainer's levels stand.
 *
 * Throws ForbiddenError (`live_participant`) for a trainer who scored or adjudicated the
 * submission, ConflictError (`already_confirmed`, `second_trainer_required`), and one
 * InvalidError naming every missing or unknown level and missing rationale (`levels.<row>`,
 * `rationales.<row>`).
 */
export function confirmItem(rows: readonly MaterialRow[], item: ItemToConfirm, confirmation: Confirmation): ConfirmationOutcome {
  if (item.liveParticipantIds.includes(confirmation.actorId)) {
    throw new ForbiddenError('you scored or adjudicated this submission live, so another trainer must confirm it', 'live_participant');
  }
  if (item.status === 'confirmed') throw new ConflictError('the item is already confirmed', 'already_confirmed');
  if (item.status === 'ambiguous' && item.confirmedById === confirmation.actorId) {
    throw new ConflictError('the item is ambiguous: a second trainer settles it', 'second_trainer_required');
  }
  const differingRows = rows.filter((row) => confirmation.levels[row.key] !== item.finalLevels[row.key]).map((row) => row.key);
  const needsRationale = new Set(item.disagreedRows);
  if (item.status === 'ambiguous') for (const key of differingRows) needsRationale.add(key);
  const issues: FieldIssue[] = [];
  const known = new Set(rows.map((row) => row.key));
  for (const key of Object.keys(confirmation.levels)) if (!known.has(key)) issues.push({ field: `levels.${key}`, message: 'the rubric has no such row' });
  for (const row of rows) {
    const level = confirmation.levels[row.key];
    if (level === undefined) issues.push({ field: `levels.${row.key}`, message: 'a true level is required for every row' });
    else if (!row.levels.includes(level)) issues.push({ field: `levels.${row.key}`, message: `must be one of ${row.levels.join(', ')}` });
    if (needsRationale.has(row.key) && !(confirmation.rationales[row.key] ?? '').trim()) {
      issues.push({ field: `rationales.${row.key}`, message: 'a rationale is required on a row that was disagreed or adjudicated' });
    }
  }
  throwIfIssues(issues);
  const rationales = Object.fromEntries(rows.filter((row) => (confirmation.rationales[row.key] ?? '').trim()).map((row) => [row.key, confirmation.rationales[row.key].trim()]));
  const levels = Object.fromEntries(rows.map((row) => [row.key, confirmation.levels[row.key]]));
  if (item.status === 'candidate' && differingRows.length > 0) {
    return { status: 'ambiguous', trueLevels: { ...item.finalLevels }, rationales, differingRows };
  }
  return { status: 'confirmed', trueLevels: levels, rationales, differingRows };
}
