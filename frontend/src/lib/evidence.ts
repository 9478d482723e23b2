/**
 * The evidence of a row's disagreements in words: what a level is called, which levels a group of
 * cases split between, how adjudication settled them and why. Pure.
 */
import type { VersionEvidenceResponse } from './api/schema';
import { REASON_LABELS, type AdjudicationReason } from './report';

export type EvidenceRow = VersionEvidenceResponse['rows'][number];
export type EvidenceCase = EvidenceRow['groups'][number]['cases'][number];

/** "2 (Developing)", or the value alone when the label says the same. */
export function evidenceLevelName(row: Pick<EvidenceRow, 'levels'>, value: string): string {
  const level = row.levels.find((candidate) => candidate.value === value);
  return level && level.label !== value ? `${value} (${level.label})` : value;
}

/** "2 (Developing) and 3 (Proficient)", or "1, 2 and 4" when three readers split three ways. */
export function groupName(row: Pick<EvidenceRow, 'levels'>, levels: readonly string[]): string {
  const names = levels.map((level) => evidenceLevelName(row, level));
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function reasonText(reason: string | null): string {
  return reason && reason in REASON_LABELS ? REASON_LABELS[reason as AdjudicationReason].toLowerCase() : '';
}

function tally(values: readonly string[]): [string, number][] {
  const counts: Record<string, number> = {};
  const order: string[] = [];
  for (const value of values) {
    if (!(value in counts)) order.push(value);
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return order.map((value) => [value, counts[value]!]);
}

/** "Adjudication settled on 2 (Developing) in 11 of 13, on 3 (Proficient) in 2 of 13." or '' when none is settled. */
export function settledText(row: Pick<EvidenceRow, 'levels'>, cases: readonly EvidenceCase[]): string {
  const settled = tally(cases.flatMap((c) => (c.finalLevel === null ? [] : [c.finalLevel])));
  if (settled.length === 0) return '';
  return `Adjudication settled ${settled.map(([level, count]) => `on ${evidenceLevelName(row, level)} in ${count} of ${cases.length}`).join(', ')}.`;
}

/** "Reasons: rubric unclear 10, evidence ambiguous 2." (most frequent first) or '' when none is given. */
export function reasonsText(cases: readonly EvidenceCase[]): string {
  const reasons = tally(cases.flatMap((c) => (c.reason ? [c.reason] : []))).sort((a, b) => b[1] - a[1]);
  if (reasons.length === 0) return '';
  return `Reasons: ${reasons.map(([reason, count]) => `${reasonText(reason)} ${count}`).join(', ')}.`;
}
