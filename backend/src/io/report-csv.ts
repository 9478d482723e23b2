import Papa from 'papaparse';
import type { AdjudicationReason } from '../protocol/study-report.js';

/** What the CSV takes of a report row: the fields of the report's per-row table. */
export interface ReportCsvRow {
  criterion: string;
  title: string;
  scale: string;
  carriedOver: boolean;
  units: number;
  ratings: number;
  /** measure name -> estimate, as in the report (a measure not defined on the row is absent) */
  metrics: Readonly<Record<string, CsvEstimate | undefined>>;
  evidence_interval: readonly [number, number] | null;
  evidence_method: string;
  /** the row's decision: the CSV leads with it */
  decision: string;
  more_submissions: { more: number | null } | null;
  verdict: string;
  evidence: string;
  early_signal: string | null;
  /** null when there is no previous version to compare with */
  comparison: { previousAgreement: number | null } | null;
  adjudication_reasons: Readonly<Record<AdjudicationReason, number>>;
  notes: readonly string[];
}

/** What the CSV takes of an estimate: its value and its recommended interval. */
export interface CsvEstimate {
  value: number | null;
  interval?: { lo: number; hi: number } | null;
}

/**
 * The report's per-row table as CSV, one line per rubric row under a header line, the decision
 * after the row's key and title. Estimates are rounded to six decimals; a missing estimate,
 * interval, early signal, further submissions or previous agreement is an empty field.
 * Krippendorff's alpha is the ordinal one on ordinal rows and the nominal one otherwise. Before
 * the notes, each measure's recommended 95% interval (`<measure>_low`, `<measure>_high`). No
 * rows give an empty text. Text that a spreadsheet would read as a formula is neutralised.
 */
export function reportCsv(rows: readonly ReportCsvRow[]): string {
  return Papa.unparse(
    rows.map((row) => {
      const alpha = row.scale === 'ordinal' ? row.metrics.krippendorff_alpha_ordinal : row.metrics.krippendorff_alpha_nominal;
      return {
        criterion: row.criterion,
        title: row.title,
        decision: row.decision,
        scale: row.scale,
        carried_over: row.carriedOver,
        units: row.units,
        ratings: row.ratings,
        percent_agreement: estimateField(row.metrics.percent_agreement),
        agreement_interval_low: row.evidence_interval ? roundForCsv(row.evidence_interval[0]) : '',
        agreement_interval_high: row.evidence_interval ? roundForCsv(row.evidence_interval[1]) : '',
        interval_method: row.evidence_method === 'none' ? '' : row.evidence_method,
        more_submissions: row.more_submissions?.more ?? '',
        adjacent_agreement: estimateField(row.metrics.adjacent_agreement),
        cohen_kappa: estimateField(row.metrics.cohen_kappa),
        fleiss_kappa: estimateField(row.metrics.fleiss_kappa),
        krippendorff_alpha: estimateField(alpha),
        gwet_ac1: estimateField(row.metrics.gwet_ac1),
        verdict: row.verdict,
        evidence: row.evidence,
        early_signal: row.early_signal ?? '',
        previous_agreement:
          row.comparison?.previousAgreement !== null && row.comparison?.previousAgreement !== undefined ? roundForCsv(row.comparison.previousAgreement) : '',
        rubric_unclear: row.adjudication_reasons.rubric_unclear,
        evidence_ambiguous: row.adjudication_reasons.evidence_ambiguous,
        assessor_error: row.adjudication_reasons.assessor_error,
        other_reason: row.adjudication_reasons.other,
        ...intervalFields('percent_agreement', row.metrics.percent_agreement),
        ...intervalFields('adjacent_agreement', row.metrics.adjacent_agreement),
        ...intervalFields('cohen_kappa', row.metrics.cohen_kappa),
        ...intervalFields('fleiss_kappa', row.metrics.fleiss_kappa),
        ...intervalFields('krippendorff_alpha', alpha),
        ...intervalFields('gwet_ac1', row.metrics.gwet_ac1),
        notes: row.notes.join(' '),
      };
    }),
    // a text cell starting with =, +, -, @, a tab or a carriage return is prefixed with ' so that
    // no spreadsheet runs it as a formula; numbers (negative ones included) stay numbers
    { escapeFormulae: true },
  );
}

/** A measure's recommended interval as two fields, empty when the measure is absent or has none. */
function intervalFields(name: string, estimate: CsvEstimate | undefined): Record<string, number | ''> {
  const interval = estimate?.interval;
  return {
    [`${name}_low`]: interval ? roundForCsv(interval.lo) : '',
    [`${name}_high`]: interval ? roundForCsv(interval.hi) : '',
  };
}

/** An estimate's value rounded for the CSV, or an empty field when the measure is absent or undefined. */
function estimateField(estimate: { value: number | null } | undefined): number | '' {
  return estimate && estimate.value !== null ? roundForCsv(estimate.value) : '';
}

/** Six decimals: enough for any agreement measure, without binary noise such as 0.30000000000000004. */
function roundForCsv(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
