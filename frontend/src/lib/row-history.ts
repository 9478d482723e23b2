/**
 * A rubric row's agreement across every version of its credential that has a report, matched by
 * row key: per version the agreement, its recommended 95% interval (`interval: {lo, hi, method}`
 * of percent agreement), the decision, and whether the row was rewritten in that version. Pure.
 */
import type { ReportResponse } from './api/schema';
import { formatPercent } from './charts/format';
import { agreementOf } from './report';

export interface HistoryPoint {
  version: number;
  title: string;
  agreement: number | null;
  interval: { lo: number; hi: number; method: string } | null;
  decision: string;
  /** the row was new or rewritten in this version (false: carried over unchanged) */
  rewritten: boolean;
  threshold: number;
}

export interface RowHistory {
  key: string;
  /** the title in the newest version that has the row */
  title: string;
  /** oldest version first; only versions whose report has the row */
  points: HistoryPoint[];
}

/** Every row of every report, newest report's order first, then rows only older versions had. */
export function rowHistories(reports: readonly ReportResponse[]): RowHistory[] {
  const ordered = [...reports].sort((a, b) => a.rubricVersion - b.rubricVersion);
  const histories = new Map<string, RowHistory>();
  for (const report of ordered) {
    for (const row of report.rows) {
      const history = histories.get(row.criterion) ?? { key: row.criterion, title: row.title, points: [] };
      history.title = row.title;
      history.points.push({
        version: report.rubricVersion,
        title: row.title,
        agreement: agreementOf(row),
        interval: row.metrics.percent_agreement?.interval ?? null,
        decision: row.decision,
        rewritten: report.previousVersion === null ? true : !row.carriedOver,
        threshold: report.window.threshold,
      });
      histories.set(row.criterion, history);
    }
  }
  const newest = ordered.at(-1);
  const order = new Map((newest?.rows ?? []).map((row, index) => [row.criterion, index]));
  return [...histories.values()].sort((a, b) => (order.get(a.key) ?? Infinity) - (order.get(b.key) ?? Infinity));
}

/** "Version 1: 64% (50% to 76%)", the words a point's dot and bar stand for. */
export function pointText(point: HistoryPoint): string {
  if (point.agreement === null) return `Version ${point.version}: not measured yet`;
  const interval = point.interval ? ` (${formatPercent(point.interval.lo)} to ${formatPercent(point.interval.hi)})` : '';
  return `Version ${point.version}: ${formatPercent(point.agreement)}${interval}`;
}

/** One sentence for a row's whole history, for the chart's text alternative. */
export function historySentence(history: RowHistory): string {
  if (history.points.length === 0) return `${history.title}: no report yet.`;
  return `${history.title}: ${history.points.map(pointText).join('; ')}.`;
}
