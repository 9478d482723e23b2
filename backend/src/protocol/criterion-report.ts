import {
  coincidenceMatrix,
  computeMetrics,
  confusionMatrix,
  type Category,
  type Estimate,
  type CoincidenceMatrix,
  type ConfusionMatrix,
  type Metrics,
  type RatingTable,
  type Scale,
} from '../stats/index.js';
import type { EvidenceMethod, RowDecisionValue } from './row-decision.js';
import { rowVerdict, type Evidence, type Verdict } from './row-verdict.js';
import type { MoreSubmissions } from './sample-size.js';

export interface CriterionInput {
  criterion: string;
  scale: Scale;
  categories: Category[];
  raters: readonly string[];
  /** the levels' labels in category order, when a rubric gives them */
  levelLabels?: readonly string[];
  units: number;
  ratings: number;
  table: RatingTable;
}

export interface ReportOptions {
  threshold: number;
  seed: number;
  resamples?: number;
}

/** Everything Concord reports about one rubric row: the shape shared by the CLI's --json and the API. */
export interface CriterionReport {
  criterion: string;
  scale: Scale;
  categories: Category[];
  units: number;
  raters: number;
  ratings: number;
  metrics: Metrics;
  /** the row's decision: final in `concord analyze` and once the window is closed, provisional while it collects */
  decision: RowDecisionValue;
  verdict: Verdict;
  evidence: Evidence;
  evidence_interval: [number, number] | null;
  evidence_method: EvidenceMethod;
  more_submissions: MoreSubmissions | null;
  notes: string[];
  matrix: (ConfusionMatrix & { raters: string[] }) | CoincidenceMatrix;
}

/** A measure as reports publish it. */
export type PublicEstimate = Pick<Estimate, 'value' | 'se' | 'ci' | 'se_null' | 'reason'> & { interval: NonNullable<Estimate['interval']> | null };

/**
 * A measure as reports publish it: value, se, ci (the conventions of irrCAC, statsmodels and
 * scikit-learn), interval (the recommended 95% interval with its method), and se_null or reason
 * where present. How an SE was obtained (the bootstrap of ordinal alpha) is documented in
 * docs/statistics.md.
 */
export function publicMetrics(metrics: Metrics): Record<string, PublicEstimate> {
  return Object.fromEntries(
    Object.entries(metrics).map(([name, estimate]) => [
      name,
      {
        value: estimate!.value,
        se: estimate!.se,
        ci: estimate!.ci,
        interval: estimate!.interval ?? null,
        ...(estimate!.se_null !== undefined ? { se_null: estimate!.se_null } : {}),
        ...(estimate!.reason !== undefined ? { reason: estimate!.reason } : {}),
      },
    ]),
  );
}

export function criterionReport(input: CriterionInput, options: ReportOptions): CriterionReport {
  const metrics = computeMetrics(input.table, input.scale, { seed: options.seed, resamples: options.resamples });
  // Adjacent agreement on a two-level row is 1 by construction: it says nothing and is left out.
  if (input.categories.length <= 2) delete metrics.adjacent_agreement;
  const verdict = rowVerdict(input.table, metrics, {
    threshold: options.threshold,
    raters: input.raters,
    levelLabels: input.levelLabels,
  });
  if (input.raters.length < 2) {
    verdict.notes.unshift(`Only one assessor (${input.raters.map((name) => `"${name}"`).join('')}) scored this row, so its agreement is undefined.`);
  }
  const matrix =
    input.table.raterCount === 2
      ? { ...confusionMatrix(input.table), raters: input.raters.length < 2 ? [...input.raters, '(no second assessor)'] : [...input.raters] }
      : coincidenceMatrix(input.table);
  return {
    criterion: input.criterion,
    scale: input.scale,
    categories: input.categories,
    units: input.units,
    raters: input.raters.length,
    ratings: input.ratings,
    metrics,
    decision: verdict.decision,
    verdict: verdict.verdict,
    evidence: verdict.evidence,
    evidence_interval: verdict.evidence_interval,
    evidence_method: verdict.evidence_method,
    more_submissions: verdict.more_submissions,
    notes: verdict.notes,
    matrix,
  };
}
