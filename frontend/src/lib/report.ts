/**
 * The validation report in words: which measure each column shows, how rows sort, what a level is
 * called, what a confusion or a window's phase reads as. Pure (no DOM, no Svelte), so every sentence
 * the report view writes is tested here, against the API's generated types.
 */
import { formatNumber, formatPercent } from './charts/format';
import type {
  AdjudicationReasonsResponse,
  ConfusionResponse,
  EstimateResponse,
  ReportResponse,
  ReportRowResponse,
  ReportWindowResponse,
  ValidationWindowResponse,
} from './api/schema';

export type ReportRow = ReportRowResponse;

/** One measure shown in a column: its name in full, a short name for a narrow cell, its estimate. */
export interface ShownMeasure {
  key: string;
  name: string;
  short: string;
  estimate: EstimateResponse | null;
}

/** The row's exact agreement (0..1), or null when it has none. */
export function agreementOf(row: ReportRow): number | null {
  return row.metrics.percent_agreement?.value ?? null;
}

/** The row's evidence interval as a pair, or null. */
export function intervalOf(row: ReportRow): [number, number] | null {
  const interval = row.evidence_interval;
  return interval && interval.length === 2 ? [interval[0]!, interval[1]!] : null;
}

/** Cohen's kappa when the row has it (two reader slots), else Fleiss' kappa. */
export function kappaOf(row: ReportRow): ShownMeasure {
  if (row.metrics.cohen_kappa) return { key: 'cohen_kappa', name: "Cohen's kappa", short: 'Cohen', estimate: row.metrics.cohen_kappa };
  return { key: 'fleiss_kappa', name: "Fleiss' kappa", short: 'Fleiss', estimate: row.metrics.fleiss_kappa ?? null };
}

/** Krippendorff's alpha at the row's level of measurement: ordinal for ordinal rows, else nominal. */
export function alphaOf(row: ReportRow): ShownMeasure {
  if (row.scale === 'ordinal' && row.metrics.krippendorff_alpha_ordinal) {
    return { key: 'krippendorff_alpha_ordinal', name: "Krippendorff's alpha (ordinal)", short: 'ordinal', estimate: row.metrics.krippendorff_alpha_ordinal };
  }
  return { key: 'krippendorff_alpha_nominal', name: "Krippendorff's alpha (nominal)", short: 'nominal', estimate: row.metrics.krippendorff_alpha_nominal ?? null };
}

export function ac1Of(row: ReportRow): ShownMeasure {
  return { key: 'gwet_ac1', name: "Gwet's AC1", short: 'AC1', estimate: row.metrics.gwet_ac1 ?? null };
}

export type SortOrder = 'rubric' | 'agreement' | 'agreement-desc';

export const SORT_ORDERS: readonly { value: SortOrder; label: string }[] = [
  { value: 'rubric', label: 'Rubric order' },
  { value: 'agreement', label: 'Lowest agreement first' },
  { value: 'agreement-desc', label: 'Highest agreement first' },
];

/** `?sort=` -> an order; anything unknown is the rubric's order. */
export function parseSort(value: string | null): SortOrder {
  return value === 'agreement' || value === 'agreement-desc' ? value : 'rubric';
}

/**
 * Rows in the rubric's order, or by agreement (ties keep the rubric's order; rows without a value
 * go last either way). Returns a new array.
 */
export function sortRows<T extends ReportRow>(rows: readonly T[], order: SortOrder): T[] {
  const indexed = rows.map((row, index) => ({ row, index, value: agreementOf(row) }));
  if (order !== 'rubric') {
    const sign = order === 'agreement' ? 1 : -1;
    indexed.sort((p, q) => {
      if (p.value === null || q.value === null) return p.value === q.value ? p.index - q.index : p.value === null ? 1 : -1;
      return sign * (p.value - q.value) || p.index - q.index;
    });
  }
  return indexed.map((item) => item.row);
}

const plain = (text: string) => text.toLowerCase().replace(/[_-]+/g, ' ').trim();

/** What a level is called in a sentence: `2 (Developing)`, or just `Not evident` when the label only spells the value. */
export function levelName(row: Pick<ReportRow, 'levels'>, value: string | number): string {
  const level = row.levels.find((l) => l.value === String(value));
  if (!level || !level.label) return String(value);
  return plain(level.label) === plain(level.value) ? level.label : `${level.value} (${level.label})`;
}

/** The short form used after the first mention: `2`, or `Not evident`. */
export function levelShort(row: Pick<ReportRow, 'levels'>, value: string | number): string {
  const level = row.levels.find((l) => l.value === String(value));
  if (!level || !level.label) return String(value);
  return plain(level.label) === plain(level.value) ? level.label : level.value;
}

/** Labels for a matrix's categories, from the row's levels (the value itself when a level is unknown). */
export function categoryLabels(row: Pick<ReportRow, 'levels'>, categories: readonly (string | number)[]): string[] {
  return categories.map((category) => row.levels.find((l) => l.value === String(category))?.label || String(category));
}

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`;

/** Where adjudication settled, in words: "at level 3" for a level that is a number, "on Not evident" for one named by its label. */
function settledAt(row: Pick<ReportRow, 'levels'>, value: string | number): string {
  const short = levelShort(row, value);
  return /^\d+$/.test(short) ? `at level ${short}` : `on ${short}`;
}

/**
 * "Readers split between 2 (Developing) and 3 (Proficient) 13 times; adjudication settled at level 2
 * in 13 cases." Settlements and waiting cases are named only when there are some; counts are always
 * "in N cases", so they never read as a ratio of levels.
 */
export function confusionSentence(row: Pick<ReportRow, 'levels'>, confusion: ConfusionResponse): string {
  const lower = levelName(row, confusion.lower);
  const higher = levelName(row, confusion.higher);
  const settled: string[] = [];
  if (confusion.settledLower > 0) settled.push(`${settledAt(row, confusion.lower)} in ${cases(confusion.settledLower)}`);
  if (confusion.settledHigher > 0) settled.push(`${settledAt(row, confusion.higher)} in ${cases(confusion.settledHigher)}`);
  if (confusion.settledOther > 0) settled.push(`at another level in ${cases(confusion.settledOther)}`);
  const parts = [`Readers split between ${lower} and ${higher} ${times(confusion.count)}`];
  if (settled.length > 0) parts.push(`adjudication settled ${settled.join(', ')}`);
  if (confusion.pending > 0) parts.push(`${cases(confusion.pending)} not adjudicated yet`);
  return `${parts.join('; ')}.`;
}

export type AdjudicationReason = keyof AdjudicationReasonsResponse;

export const REASON_LABELS: Record<AdjudicationReason, string> = {
  rubric_unclear: 'Rubric unclear',
  evidence_ambiguous: 'Evidence ambiguous',
  assessor_error: 'Assessor error',
  other: 'Other',
};

/** Every reason with its count, most frequent first (ties in the API's order), and the total. */
export function reasonTally(reasons: AdjudicationReasonsResponse): { rows: { reason: AdjudicationReason; label: string; count: number }[]; total: number } {
  const order = Object.keys(REASON_LABELS) as AdjudicationReason[];
  const rows = order
    .map((reason, index) => ({ reason, label: REASON_LABELS[reason], count: reasons[reason] ?? 0, index }))
    .sort((p, q) => q.count - p.count || p.index - q.index)
    .map(({ reason, label, count }) => ({ reason, label, count }));
  return { rows, total: rows.reduce((sum, row) => sum + row.count, 0) };
}

/** The window of a report in a phrase: "collecting 25/50", "adjudicating 6 left", "complete". */
export function reportPhase(window: Pick<ReportWindowResponse, 'status' | 'fullyScored' | 'targetSubmissions' | 'awaitingAdjudication'>): string {
  switch (window.status) {
    case 'collecting':
      return `collecting ${window.fullyScored}/${window.targetSubmissions}`;
    case 'adjudicating':
      return `adjudicating ${window.awaitingAdjudication} left`;
    case 'complete':
      return 'complete';
  }
}

/** The same phrase from a validation window (GET …/validation). */
export function windowPhase(window: Pick<ValidationWindowResponse, 'status' | 'progress'>): string {
  return reportPhase({
    status: window.status,
    fullyScored: window.progress.fullyScoredSubmissions,
    targetSubmissions: window.progress.targetSubmissions,
    awaitingAdjudication: window.progress.awaitingAdjudication,
  });
}

/** The detail beside the phase: "30 received", "26 of 32 splits settled", "50 scored, 32 adjudicated". */
export function windowDetail(window: Pick<ValidationWindowResponse, 'status' | 'progress'>): string {
  const p = window.progress;
  switch (window.status) {
    case 'collecting':
      return `${p.studySubmissions} received, ${p.scoresReceived} of ${p.scoresExpected} scores in`;
    case 'adjudicating':
      return `${p.adjudicatedSubmissions} of ${p.disagreeingSubmissions} disagreements settled`;
    case 'complete':
      return `${p.fullyScoredSubmissions} scored, ${p.adjudicatedSubmissions} adjudicated`;
  }
}

/** "collecting 25/50" -> "Collecting 25/50", for a chip. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "25 of 50 study submissions fully scored (30 received)." */
export function progressSentence(window: Pick<ReportWindowResponse, 'fullyScored' | 'targetSubmissions' | 'studySubmissions'>): string {
  const received = window.studySubmissions !== window.fullyScored ? ` (${window.studySubmissions} received)` : '';
  return `${window.fullyScored} of ${window.targetSubmissions} study submissions fully scored${received}.`;
}

/** The rows' decisions in the order the summary names them, with the phrase for one row and for several. */
const SUMMARY_PHRASES: readonly [Exclude<keyof ReportResponse['summary'], 'rows'>, string, string][] = [
  ['validated', 'validated', 'validated'],
  ['meetsRuleNotDemonstrated', 'meets the rule but not demonstrated', 'meet the rule but not demonstrated'],
  ['needsRevision', 'needs revision', 'need revision'],
  ['likelyValidated', 'likely validated', 'likely validated'],
  ['likelyNeedsRevision', 'likely needs revision', 'likely need revision'],
  ['undetermined', 'undetermined so far', 'undetermined so far'],
  ['tooEarly', 'too early to tell', 'too early to tell'],
  ['undefined', 'undefined (no submission scored twice)', 'undefined (no submission scored twice)'],
];

/**
 * "2 validated, 3 meet the rule but not demonstrated, 1 needs revision": one decision per row, so
 * the counts add up to the rows; decisions no row has are left out.
 */
export function summarySentence(summary: ReportResponse['summary']): string {
  const parts = SUMMARY_PHRASES.filter(([key]) => summary[key] > 0).map(([key, one, several]) => `${summary[key]} ${summary[key] === 1 ? one : several}`);
  return parts.length ? parts.join(', ') : 'no rows';
}

/** While the window collects the decision is provisional: the chip says so. */
export function decisionLabel(decision: ReportRow['decision'], collecting: boolean): string | null {
  if (!collecting) return null;
  if (decision === 'too_early') return 'Too early to tell';
  if (decision === 'undetermined') return 'Undetermined so far';
  return null;
}

/** "+20 pts", "−4 pts", "no change": a change of agreement in percentage points. */
export function changeText(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '';
  const points = Math.round(change * 100);
  if (points === 0) return 'no change';
  return `${points > 0 ? '+' : '\u2212'}${Math.abs(points)} pts`;
}

/** "64% (50% to 76%)" for a value with its interval, for captions and cells. */
export function agreementText(value: number | null, interval: readonly [number, number] | null): string {
  if (value === null) return formatPercent(null);
  return interval ? `${formatPercent(value)} (${formatPercent(interval[0])} to ${formatPercent(interval[1])})` : formatPercent(value);
}

/**
 * A measure's recommended 95% interval as the report table shows it under the value
 * ("0.62 to 0.91"), or null when the measure has none (undefined, or not estimated).
 */
export function measureIntervalText(estimate: EstimateResponse | null): string | null {
  const interval = estimate?.interval;
  if (!interval) return null;
  return `${formatNumber(interval.lo)} to ${formatNumber(interval.hi)}`;
}

/** A measure's recommended interval as a pair, or null. */
export function measureInterval(estimate: EstimateResponse | null): [number, number] | null {
  const interval = estimate?.interval;
  return interval ? [interval.lo, interval.hi] : null;
}

/** File name the API gives a report download: `report-credential-1-v2.csv`. */
export function reportFileName(credentialId: number, version: number, format: 'csv' | 'json'): string {
  return `report-credential-${credentialId}-v${version}.${format}`;
}

export type RowDecision = ReportRow['decision'];
export type SummaryCounts = ReportResponse['summary'];

const SUMMARY_KEY: Record<RowDecision, Exclude<keyof SummaryCounts, 'rows'>> = {
  validated: 'validated',
  meets_rule_not_demonstrated: 'meetsRuleNotDemonstrated',
  needs_revision: 'needsRevision',
  likely_validated: 'likelyValidated',
  likely_needs_revision: 'likelyNeedsRevision',
  undetermined: 'undetermined',
  too_early: 'tooEarly',
  undefined: 'undefined',
};

/** How many rows have each decision, counted from the rows themselves: one decision per row, so the counts add up to `rows`. */
export function decisionCounts(rows: readonly Pick<ReportRow, 'decision'>[]): SummaryCounts {
  const counts: SummaryCounts = { rows: rows.length, validated: 0, meetsRuleNotDemonstrated: 0, needsRevision: 0, likelyValidated: 0, likelyNeedsRevision: 0, undetermined: 0, tooEarly: 0, undefined: 0 };
  for (const row of rows) counts[SUMMARY_KEY[row.decision]]++;
  return counts;
}

/** "A", "A and B", "A, B and C". */
export function listTitles(titles: readonly string[]): string {
  if (titles.length <= 1) return titles[0] ?? '';
  return `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

const rowsWord = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

export type BannerTone = 'good' | 'warn' | 'bad' | 'neutral';

/** The report's verdict on the version in one sentence, with the counts it rests on. */
export interface DecisionBanner {
  tone: BannerTone;
  headline: string;
  /** One decision per row: "2 validated, 3 meet the rule but not demonstrated, 1 needs revision". */
  counts: string;
  /** What else the reader should know (adjudication still running, when early signals start), or null. */
  detail: string | null;
}

/**
 * The decision banner at the top of the report.
 *
 * Once the window has closed: "Version 1 is not ready: revise Quality of the scoring tool; 3 rows
 * pass but are not yet conclusive", "Version 2 meets the rule but is not yet demonstrated: 4 of 6
 * rows pass but are not yet conclusive", or "Version 2 is validated: all 6 rows demonstrated".
 * While it collects: "Collecting: 23 of 50 submissions; too early to call", or the early signals so
 * far ("…; so far Quality of the scoring tool likely needs revision, 5 rows likely validated").
 * Rows are named in the rubric's order; the counts come from the rows' decisions.
 */
export function decisionBanner(report: Pick<ReportResponse, 'rubricVersion' | 'window' | 'rows'>): DecisionBanner {
  const { rows, window } = report;
  const version = `Version ${report.rubricVersion}`;
  const counts = decisionCounts(rows);
  const countText = rows.length === 0 ? 'no rows' : summarySentence(counts);
  const titlesOf = (decision: RowDecision) => rows.filter((row) => row.decision === decision).map((row) => row.title);

  if (rows.length === 0) return { tone: 'neutral', headline: `${version} has no rubric rows to judge`, counts: countText, detail: null };

  if (window.status === 'collecting') {
    const progress = `Collecting: ${window.fullyScored} of ${window.targetSubmissions} submissions`;
    const signals = counts.likelyValidated + counts.likelyNeedsRevision + counts.undetermined;
    const firstSignals = `Rows get an early signal once ${window.minimumPaired} submissions are scored twice; the decision is final when the window closes.`;
    if (signals === 0) return { tone: 'neutral', headline: `${progress}; too early to call`, counts: countText, detail: firstSignals };
    const parts: string[] = [];
    const failing = titlesOf('likely_needs_revision');
    if (failing.length > 0) parts.push(`${listTitles(failing)} likely need${failing.length === 1 ? 's' : ''} revision`);
    if (counts.likelyValidated > 0) parts.push(`${rowsWord(counts.likelyValidated)} likely validated`);
    if (counts.undetermined > 0) parts.push(`${counts.undetermined} undetermined`);
    if (counts.tooEarly + counts.undefined > 0) parts.push(`${counts.tooEarly + counts.undefined} too early to tell`);
    return {
      tone: failing.length > 0 ? 'warn' : 'neutral',
      headline: `${progress}; so far ${parts.join(', ')}`,
      counts: countText,
      detail: 'These are early signals; the decision is final when the window closes.',
    };
  }

  const detail = window.status === 'adjudicating' && window.awaitingAdjudication > 0 ? `The window is closed; ${cases(window.awaitingAdjudication)} still await${window.awaitingAdjudication === 1 ? 's' : ''} adjudication.` : null;
  const revise = titlesOf('needs_revision');
  const unmeasured = titlesOf('undefined');
  const pending = counts.meetsRuleNotDemonstrated;
  const passing = `${rowsWord(pending)} pass${pending === 1 ? 'es' : ''} but ${pending === 1 ? 'is' : 'are'} not yet conclusive`;
  if (revise.length > 0 || unmeasured.length > 0) {
    const clauses: string[] = [];
    if (revise.length > 0) clauses.push(`revise ${listTitles(revise)}`);
    if (unmeasured.length > 0) clauses.push(`${listTitles(unmeasured)} could not be measured (no submission scored twice)`);
    if (pending > 0) clauses.push(passing);
    return { tone: revise.length > 0 ? 'bad' : 'warn', headline: `${version} is not ready: ${clauses.join('; ')}`, counts: countText, detail };
  }
  if (pending > 0) {
    return { tone: 'warn', headline: `${version} meets the rule but is not yet demonstrated: ${pending} of ${rowsWord(rows.length)} pass but ${pending === 1 ? 'is' : 'are'} not yet conclusive`, counts: countText, detail };
  }
  return { tone: 'good', headline: `${version} is validated: ${rows.length === 1 ? 'its one row' : `all ${rows.length} rows`} demonstrated`, counts: countText, detail };
}

/** One entry of the colour legend: a decision's word, its tone (the colour of its dot and chip) and what it means. */
export interface LegendEntry {
  decision: RowDecision;
  label: string;
  tone: BannerTone;
  meaning: string;
}

/** The decisions a report in this phase can show, each with its colour and its meaning; the words always carry the meaning. */
export function decisionLegend(collecting: boolean, threshold: number): LegendEntry[] {
  const at = formatPercent(threshold);
  if (collecting) {
    return [
      { decision: 'likely_validated', label: 'Likely validated', tone: 'good', meaning: `agreement has crossed the early boundary above ${at}` },
      { decision: 'undetermined', label: 'Undetermined', tone: 'warn', meaning: 'no boundary crossed yet' },
      { decision: 'likely_needs_revision', label: 'Likely needs revision', tone: 'bad', meaning: `agreement has crossed the early boundary below ${at}` },
      { decision: 'too_early', label: 'Too early', tone: 'neutral', meaning: 'too few submissions scored twice' },
    ];
  }
  return [
    { decision: 'validated', label: 'Validated', tone: 'good', meaning: `the whole interval at or above ${at}` },
    { decision: 'meets_rule_not_demonstrated', label: 'Meets rule, not demonstrated', tone: 'warn', meaning: `agreement at or above ${at}, the interval reaching below it` },
    { decision: 'needs_revision', label: 'Needs revision', tone: 'bad', meaning: `agreement below ${at}` },
  ];
}

/** The tone of a row's decision: the colour of its dot, the same as its chip's. */
export function decisionTone(decision: RowDecision): BannerTone {
  switch (decision) {
    case 'validated':
    case 'likely_validated':
      return 'good';
    case 'meets_rule_not_demonstrated':
    case 'undetermined':
      return 'warn';
    case 'needs_revision':
    case 'likely_needs_revision':
      return 'bad';
    default:
      return 'neutral';
  }
}

const ROW_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** `?row=a,b` -> ['a', 'b']: the rows open in the report, each once, keys that cannot be rubric keys left out. */
export function parseOpenRows(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((key) => key.trim()).filter((key) => ROW_KEY.test(key)))];
}

/** The open rows after a row's title is chosen: opened (added at the end) or closed; as `?row=`, or null when none is open. */
export function toggleOpenRow(open: readonly string[], key: string): string | null {
  const next = open.includes(key) ? open.filter((k) => k !== key) : [...open, key];
  return next.length > 0 ? next.join(',') : null;
}

/**
 * What a report that did not load says when the API answered 404, once the credential is known:
 * the credential does not exist, the version does not exist, or it exists but has no report yet.
 */
export function missingReportText(credentialId: number, version: number, credential: { title: string; versions: readonly { version: number }[] } | null): { headline: string; detail: string } {
  if (credential === null) return { headline: `Credential ${credentialId} does not exist`, detail: 'The link may be wrong, or the credential was removed.' };
  const versions = credential.versions.map((v) => v.version).sort((a, b) => a - b);
  if (!versions.includes(version)) {
    const existing = versions.length === 0 ? 'It has no rubric version yet.' : versions.length === 1 ? `Its only version is ${versions[0]}.` : `Its versions are ${listTitles(versions.map(String))}.`;
    return { headline: `Version ${version} of ${credential.title} does not exist`, detail: existing };
  }
  return { headline: `Version ${version} of ${credential.title} has no report yet`, detail: 'No validation window has been opened for it, so nothing has been scored.' };
}
