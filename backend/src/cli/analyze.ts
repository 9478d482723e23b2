import { criterionReport, publicMetrics, type CriterionReport } from '../protocol/criterion-report.js';
import { DEFAULT_THRESHOLD } from '../protocol/row-verdict.js';
import type { CriterionScores } from '../io/scores-csv.js';
import { DEFAULT_SEED, type Estimate, type MetricName } from '../stats/index.js';

export interface AnalysisOptions {
  threshold?: number;
  seed?: number;
  resamples?: number;
}

export interface Analysis {
  threshold: number;
  criteria: CriterionReport[];
}

/** Runs the agreement engine and the row verdict over every criterion of a score file. */
export function analyzeScores(criteria: CriterionScores[], options: AnalysisOptions = {}): Analysis {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const seed = options.seed ?? DEFAULT_SEED;
  return {
    threshold,
    criteria: criteria.map((c) => criterionReport(c, { threshold, seed, resamples: options.resamples })),
  };
}

/**
 * The --json document: metric estimates carry value, se, ci, interval (the recommended 95% interval
 * with its method), and reason or se_null where they have one.
 */
export function analysisJson(analysis: Analysis): string {
  return JSON.stringify(
    {
      threshold: analysis.threshold,
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
  lines.push(`Concord: agreement by rubric row in ${file} (a row is validated at ${pct(analysis.threshold)} agreement or more)`);
  lines.push('');
  const header = ['criterion', 'scale', 'units', 'raters', 'agreement [95% interval]', 'kappa', 'alpha', 'AC1', 'verdict', 'evidence'];
  const rows = analysis.criteria.map((c) => {
    const kappa = c.metrics.cohen_kappa ? named('Cohen', c.metrics.cohen_kappa) : named('Fleiss', c.metrics.fleiss_kappa);
    const alphaName: MetricName = c.scale === 'ordinal' ? 'krippendorff_alpha_ordinal' : 'krippendorff_alpha_nominal';
    const agreement = c.metrics.percent_agreement?.value;
    const interval = c.evidence_interval ? ` [${pct(c.evidence_interval[0])}, ${pct(c.evidence_interval[1])}]` : '';
    return [
      c.criterion,
      c.scale,
      String(c.units),
      String(c.raters),
      agreement === null || agreement === undefined ? 'n/a' : pct(agreement) + interval,
      kappa,
      num(c.metrics[alphaName]),
      num(c.metrics.gwet_ac1),
      c.verdict === 'validated' ? 'validated' : 'NEEDS REVISION',
      c.evidence,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i >= 2 && i <= 7 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  lines.push(format(header));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(format(row));
  for (const c of analysis.criteria) {
    if (c.notes.length === 0) continue;
    lines.push('');
    lines.push(`${c.criterion}:`);
    for (const note of c.notes) lines.push(...wrap(note, 96).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  lines.push('');
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
