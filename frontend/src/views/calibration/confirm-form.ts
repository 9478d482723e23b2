/**
 * Confirming a calibration item, as data: what each row starts at, where a rationale is required,
 * which rows differ from the level the submission ended with live (a first confirmation that
 * differs makes the item ambiguous), what is still missing, and the request body. Pure, so the
 * rules the API enforces are tested here and shown before a round trip.
 */
import type { CalibrationItemResponse, CalibrationItemRowResponse, ConfirmItemRequest } from '../../lib/api/schema';

export interface RowChoice {
  level: string;
  rationale: string;
}

/** Every row starts at its final level; a rationale already on the item (an expert panel's) is kept. */
export function initialChoices(item: CalibrationItemResponse): Record<string, RowChoice> {
  return Object.fromEntries(item.rows.map((row) => [row.key, { level: row.finalLevel, rationale: row.rationale ?? '' }]));
}

/** Settling an ambiguous item (the second trainer) rather than confirming a candidate. */
export function isSettling(item: Pick<CalibrationItemResponse, 'status'>): boolean {
  return item.status === 'ambiguous';
}

/**
 * A rationale is required on every row the readers disagreed on live (adjudicated rows included)
 * and, when settling, on every row whose level differs from the final one.
 */
export function rationaleRequired(item: Pick<CalibrationItemResponse, 'status'>, row: CalibrationItemRowResponse, chosen: string | undefined): boolean {
  return row.disagreed || (isSettling(item) && chosen !== undefined && chosen !== row.finalLevel);
}

/** Rows whose chosen level differs from the level the item ended with live. */
export function differingRows(item: CalibrationItemResponse, choices: Readonly<Record<string, RowChoice>>): CalibrationItemRowResponse[] {
  return item.rows.filter((row) => (choices[row.key]?.level ?? row.finalLevel) !== row.finalLevel);
}

/** What is missing, named as the API names it (`levels.<row>`, `rationales.<row>`). */
export function confirmIssues(item: CalibrationItemResponse, choices: Readonly<Record<string, RowChoice>>): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  for (const row of item.rows) {
    const choice = choices[row.key];
    if (!choice?.level) issues.push({ field: `levels.${row.key}`, message: 'choose the true level' });
    if (rationaleRequired(item, row, choice?.level) && !(choice?.rationale ?? '').trim()) {
      issues.push({
        field: `rationales.${row.key}`,
        message: row.disagreed ? 'the readers disagreed on this row live: write why the true level is right' : 'your level differs from the final level: write why',
      });
    }
  }
  return issues;
}

/** Every row's level, and the rationales that were written (trimmed). */
export function confirmRequest(item: CalibrationItemResponse, choices: Readonly<Record<string, RowChoice>>): ConfirmItemRequest {
  const levels: Record<string, string> = {};
  const rationales: Record<string, string> = {};
  for (const row of item.rows) {
    const choice = choices[row.key];
    levels[row.key] = choice?.level ?? row.finalLevel;
    const rationale = choice?.rationale.trim();
    if (rationale) rationales[row.key] = rationale;
  }
  return { levels, rationales };
}

/** Why the caller may not confirm or settle the item, or null when they may. */
export function blockedReason(item: CalibrationItemResponse, callerId: number | null): string | null {
  if (item.status === 'confirmed') return null;
  if (item.callerTookPart) return 'You scored or adjudicated this submission live, so you may not confirm it: another trainer must.';
  if (isSettling(item) && callerId !== null && item.confirmedBy?.id === callerId) {
    return 'You confirmed this item and your levels made it ambiguous: a second trainer settles it.';
  }
  return null;
}
