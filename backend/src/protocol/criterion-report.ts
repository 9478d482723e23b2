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
import { rowVerdict, type Evidence, type Verdict } from './row-verdict.js';

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
  verdict: Verdict;
  evidence: Evidence;
  evidence_interval: [number, number] | null;
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
  const verdict = rowVerdict(input.table, metrics, {
    threshold: options.threshold,
    seed: options.seed,
    resamples: options.resamples,
    raters: input.raters,
    levelLabels: input.levelLabels,
  });
  const matrix =
    input.table.raterCount === 2
      ? { ...confusionMatrix(input.table), raters: [...input.raters] }
      : coincidenceMatrix(input.table);
  return {
    criterion: input.criterion,
    scale: input.scale,
    categories: input.categories,
    units: input.units,
    raters: input.raters.length,
    ratings: input.ratings,
    metrics,
    verdict: verdict.verdict,
    evidence: verdict.evidence,
    evidence_interval: verdict.evidence_interval,
    notes: verdict.notes,
    matrix,
  };
}
