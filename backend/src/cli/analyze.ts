import { criterionReport, publicMetrics, type CriterionReport } from '../protocol/criterion-report.js';
import { ROW_DECISIONS, type RowDecisionValue } from '../protocol/row-decision.js';
import { DEFAULT_THRESHOLD } from '../protocol/row-verdict.js';
import type { CriterionScores } from '../io/scores-csv.js';
import { DEFAULT_SEED, rowCounts, type Estimate, type MetricName } from '../stats/index.js';

export interface Analysis {
  threshold: number;
  criteria: CriterionReport[];
}

export interface AnalysisOptions {
  threshold?: number;
  seed?: number;
  resamples?: number;
  /** the raters are reader slots A, B, ... (the file was read with `readerSlots`) */
  readerSlots?: boolean;
}

/** Runs the agreement engine and the row decision over every criterion of a score file. */
export function analyzeScores(criteria: CriterionScores[], options: AnalysisOptions = {}): Analysis {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const seed = options.seed ?? DEFAULT_SEED;
  return {
    threshold,
    criteria: criteria.map((c) => {
      const report = criterionReport(c, { threshold, seed, resamples: options.resamples });
      if (!options.readerSlots && c.raters.length > 2 && c.table.raterCount > 2 && atMostTwoPerUnit(c)) {
        report.notes.push(
          `${c.raters.length} assessors scored this row, two per submission at most: Cohen's kappa, its weighted forms, Scott's pi and PABAK need exactly two raters and are left out, and the other measures treat each assessor as a rater. --reader-slots analyses the file as the dashboard does, with each submission's first and second assessor as readers A and B.`,
        );
      }
      return report;
    }),
  };
}

/** Every submission of the criterion carries two ratings or fewer. */
function atMostTwoPerUnit(c: CriterionScores): boolean {
  const { table } = c;
  const { ratingsPerUnit } = rowCounts(table);
  return ratingsPerUnit.every((ratings) => ratings <= 2);
}

/** How many rows have each decision, in `ROW_DECISIONS` order, and the rows in all; the counts add up to the rows. */
export function decisionCounts(criteria: readonly { decision: RowDecisionValue }[]): { rows: number } & Record<RowDecisionValue, number> {
  const counts = Object.fromEntries(ROW_DECISIONS.map((decision) => [decision, 0])) as Record<RowDecisionValue, number>;
  for (const c of criteria) counts[c.decision]++;
  return { rows: criteria.length, ...counts };
}

const DECISION_TEXT: Record<RowDecisionValue, string> = {
  validated: 'validated',
  meets_rule_not_demonstrated: 'meets the rule, not demonstrated',
  needs_revision: 'NEEDS REVISION',
  likely_validated: 'likely validated',
  likely_needs_revision: 'likely needs revision',
  undetermined: 'undetermined',
  too_early: 'too early',
  undefined: 'undefined',
};

/** "6 rows: 2 validated, 1 meets the rule but not demonstrated, 3 need revision." */
export function summaryLine(criteria: readonly { decision: RowDecisionValue }[]): string {
  const counts = decisionCounts(criteria);
  const parts = ROW_DECISIONS.filter((decision) => counts[decision] > 0).map((decision) => `${counts[decision]} ${DECISION_TEXT[decision].toLowerCase()}`);
  return `${counts.rows} row${counts.rows === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

/**
 * The --json document: metric estimates carry value, se, ci, interval (the recommended 95% interval
 * with its method), and reason or se_null where they have one.
 */
export function analysisJson(analysis: Analysis): string {
  return JSON.stringify(
    {
      threshold: analysis.threshold,
      summary: decisionCounts(analysis.criteria),
      criteria: analysis.criteria.map((c) => ({
        ...c,
        metrics: publicMetrics(c.metrics),
      })),
    },
    null,
    2,
  );
}

/** The readable report: one summary line per criterion, then its interval and notes. */
export function analysisTable(analysis: Analysis, file: string): string {
  const lines: string[] = [];
  lines.push(
    `Concord: agreement by rubric row in ${file} (a row is validated when the lower 97.5% bound of its agreement reaches ${pct(analysis.threshold)})`,
  );
  lines.push('');
  const header = ['criterion', 'decision', 'scale', 'units', 'raters', 'agreement [95% interval]', 'kappa', 'alpha', 'AC1'];
  const rows = analysis.criteria.map((c) => {
    const kappa = c.metrics.cohen_kappa ? named('Cohen', c.metrics.cohen_kappa) : named('Fleiss', c.metrics.fleiss_kappa);
    const alphaName: MetricName = c.scale === 'ordinal' ? 'krippendorff_alpha_ordinal' : 'krippendorff_alpha_nominal';
    const agreement = c.metrics.percent_agreement?.value;
    const interval = c.evidence_interval ? ` [${pct(c.evidence_interval[0])}, ${pct(c.evidence_interval[1])}]` : '';
    return [
      c.criterion,
      DECISION_TEXT[c.decision],
      c.scale,
      String(c.units),
      String(c.raters),
      agreement === null || agreement === undefined ? 'n/a' : pct(agreement) + interval,
      kappa,
      num(c.metrics[alphaName]),
      num(c.metrics.gwet_ac1),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  lines.push(format(header));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(format(row));
  lines.push('');
  lines.push(summaryLine(analysis.criteria));
  for (const c of analysis.criteria) {
    if (c.notes.length === 0) continue;
    lines.push('');
    lines.push(`${c.criterion}:`);
    for (const note of c.notes) lines.push(...wrap(note, 96).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  lines.push('');
  lines.push(
    "decision: validated when the lower 97.5% bound of agreement reaches the threshold; meets the rule, not demonstrated, when agreement reaches it but the bound does not; needs revision when agreement is below it. The interval is Clopper-Pearson's (cluster-adjusted with three or more ratings on a submission).",
  );
  lines.push('kappa: Cohen\'s with two assessors, Fleiss\' otherwise; alpha: Krippendorff\'s (ordinal on ordinal rows). --json gives every measure with its SE, its ci (as irrCAC and statsmodels give it) and its recommended 95% interval.');
  return lines.join('\n');
}

function named(prefix: string, e: Estimate | undefined): string {
  return e && e.value !== null ? `${num(e)} (${prefix})` : 'n/a';
}

function num(e: Estimate | undefined): string {
  return e && e.value !== null ? e.value.toFixed(2) : 'n/a';
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
