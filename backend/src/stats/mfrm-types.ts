/**
 * Types of the many-facet Rasch analysis (`mfrm.ts`): its input, the result whose shape is the
 * `expected` object of the reference cases, and its typed input error.
 */

/** The three facets, in the order every listing uses. */
export const MFRM_FACETS = ['submissions', 'rows', 'raters'] as const;
export type MfrmFacet = (typeof MFRM_FACETS)[number];

/** One rating: a submission's row (rubric criterion) scored by a rater, as a category 0..m. */
export interface MfrmRating {
  submission: string;
  row: string;
  rater: string;
  /** position of the level among the row's levels: 0 (lowest) .. m (highest) */
  category: number;
}

export interface MfrmAnchor {
  rater: string;
  value: number;
}

export interface MfrmOptions {
  /** number of levels every row shares (m + 1, at least 2) */
  categories: number;
  /**
   * the level of category 0 on the scale that scores and fair averages are reported on
   * (category c is level lowestLevel + c); default 1, so levels read 1..m+1
   */
  lowestLevel?: number;
  /** hold one rater's severity at a value (the expert panel at 0); otherwise raters are centred */
  anchor?: MfrmAnchor | null;
  /** Newton-Raphson iterations before giving up with `converged: false` (default 100) */
  maxIterations?: number;
  /** convergence: largest applied change in logits (default 1e-10) ... */
  changeTolerance?: number;
  /** ... and largest gradient component in score points (default 1e-6) */
  gradientTolerance?: number;
  /** called after every Newton-Raphson iteration */
  onIteration?: (progress: MfrmIteration) => void;
}

export interface MfrmIteration {
  iteration: number;
  loglik: number;
  /** largest applied change, logits */
  maxChange: number;
  /** largest gradient component at the new estimates */
  maxGradient: number;
  /** step length after halving (1 when the full Newton step was taken) */
  stepLength: number;
}

/** One element of a facet at the estimates (MFRM.md section 6). */
export interface MfrmElement {
  measure: number;
  se: number;
  real_se: number;
  infit: number;
  outfit: number;
  count: number;
  /** sum of the ratings on the level scale */
  score: number;
}

export interface MfrmRater extends MfrmElement {
  /** expected level for this rater with the other facets at the mean of their measures */
  fair_average: number;
  anchored?: true;
}

/** FACETS Table 7, "Model" row, population form. */
export interface MfrmFacetSummary {
  count: number;
  mean: number;
  observed_sd: number;
  rmse: number;
  true_sd: number;
  separation: number;
  strata: number;
  reliability: number;
  fixed_chi2: number;
  fixed_df: number;
  fixed_p: number;
}

export type MfrmFacetLists = Record<MfrmFacet, string[]>;
/** One round of extreme removal: only the facets that had flagged elements, ids sorted. */
export type MfrmExtremeRound = Partial<Record<MfrmFacet, string[]>>;

/** The estimates: the shape of a reference case's `expected`. */
export interface MfrmEstimates {
  converged: boolean;
  extreme: MfrmFacetLists;
  extreme_rounds: MfrmExtremeRound[];
  ratings_used: number;
  submissions: Record<string, MfrmElement>;
  rows: Record<string, MfrmElement>;
  raters: Record<string, MfrmRater>;
  thresholds: number[];
  loglik: number;
  separation: Record<MfrmFacet, number>;
  reliability: Record<MfrmFacet, number>;
  strata: Record<MfrmFacet, number>;
  facet_summary: Record<MfrmFacet, MfrmFacetSummary>;
}

/** A design whose raters cannot be put on one scale: no estimates, the connected parts instead. */
export interface MfrmDisconnected {
  error: 'disconnected';
  /** each part's submission ids (sorted), then its rater ids (sorted); parts ordered by first submission */
  components: string[][];
  components_detail: { submissions: string[]; raters: string[] }[];
  extreme: MfrmFacetLists;
  extreme_rounds: MfrmExtremeRound[];
}

export type MfrmResult = MfrmEstimates | MfrmDisconnected;

export function isDisconnected<T extends object>(result: T | MfrmDisconnected): result is MfrmDisconnected {
  return 'error' in result && result.error === 'disconnected';
}

export type MfrmInputErrorCode =
  /** the options are not usable (fewer than two categories, a non-finite anchor value) */
  | 'bad_option'
  /** a rating with an empty id or a category that is not an integer in 0..m */
  | 'bad_rating'
  | 'no_ratings'
  /** every rating involves an extreme element */
  | 'all_extreme'
  /** a category has no retained rating, so a threshold is not finite (`category` says which) */
  | 'empty_category'
  /** the anchored rater has no retained rating (absent, or extreme) */
  | 'anchor_missing'
  /** the Newton system is singular at the start: the design does not identify every parameter */
  | 'not_identified'
  /** the estimates run off to infinity: the data of some elements are separated without being extreme */
  | 'no_finite_maximum';

/** Input the many-facet Rasch analysis cannot estimate, with what is wrong. */
export class MfrmInputError extends Error {
  override readonly name = 'MfrmInputError';
  constructor(
    readonly code: MfrmInputErrorCode,
    message: string,
    readonly detail: { index?: number; category?: number; rater?: string } = {},
  ) {
    super(message);
  }
}
