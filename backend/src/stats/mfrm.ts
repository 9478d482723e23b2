/**
 * Many-facet Rasch measurement (Linacre 1989): Andrich's rating-scale model with submissions,
 * rubric rows and raters as facets,
 *
 *     ln( P(x = k) / P(x = k - 1) ) = B_submission - D_row - C_rater - F_k,   k = 1..m,
 *
 * estimated by joint maximum likelihood exactly as `MFRM.md` (beside the reference cases) defines:
 * submissions free, rows centred, thresholds summing to zero, raters centred or one rater (the
 * expert panel) anchored; extreme elements removed in rounds first; a disconnected design answered
 * with its components instead of estimates. The result has the shape of a reference case's
 * `expected` object. `raterFlags` reads the assessor flags off it.
 */
import { prepareDesign } from './mfrm-design.js';
import { estimate } from './mfrm-estimate.js';
import { elementStatistics, expectedLevel, facetSummary, logLikelihood } from './mfrm-fit.js';
import {
  MFRM_FACETS,
  MfrmInputError,
  isDisconnected,
  type MfrmElement,
  type MfrmEstimates,
  type MfrmFacet,
  type MfrmOptions,
  type MfrmRater,
  type MfrmRating,
  type MfrmResult,
} from './mfrm-types.js';

export * from './mfrm-types.js';
export { chiSquaredSurvival } from './chi-squared.js';

export const MFRM_DEFAULTS = {
  maxIterations: 100,
  changeTolerance: 1e-10,
  gradientTolerance: 1e-6,
} as const;

/** A record keyed by element id that no id (`__proto__` included) can corrupt. */
function byId<T>(ids: readonly string[], values: readonly T[]): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  ids.forEach((id, i) => (out[id] = values[i]));
  return out;
}

/**
 * Fits the many-facet rating-scale model to long ratings (categories 0..m). Returns the estimates,
 * or `{error: "disconnected", components, ...}` when the submissions and raters fall apart into
 * groups that cannot be put on one scale. Throws `MfrmInputError` when nothing can be estimated
 * (no rating, every element extreme, an empty category, an anchored rater without ratings, a
 * design that does not identify the parameters).
 */
export function manyFacetRasch(ratings: readonly MfrmRating[], options: MfrmOptions): MfrmResult {
  const levels = options.categories;
  if (!Number.isInteger(levels) || levels < 2) throw new MfrmInputError('bad_option', `a rating scale needs at least two categories, not ${levels}`);
  const steps = levels - 1;
  const lowestLevel = options.lowestLevel ?? 1;
  const anchor = options.anchor ?? null;
  if (anchor && !Number.isFinite(anchor.value)) throw new MfrmInputError('bad_option', `the anchor value of "${anchor.rater}" is not a number`);
  const design = prepareDesign(ratings, steps, anchor ? anchor.rater : null);
  if (isDisconnected(design)) return design;

  const I = design.rows.length;
  const J = design.raters.length;
  const anchorIndex = anchor ? design.raters.indexOf(anchor.rater) : -1;
  const fit = estimate(design, {
    anchor: anchor ? { index: anchorIndex, value: anchor.value } : null,
    maxIterations: options.maxIterations ?? MFRM_DEFAULTS.maxIterations,
    changeTolerance: options.changeTolerance ?? MFRM_DEFAULTS.changeTolerance,
    gradientTolerance: options.gradientTolerance ?? MFRM_DEFAULTS.gradientTolerance,
    onIteration: options.onIteration,
  });
  const D = fit.s.subarray(0, I);
  const C = fit.s.subarray(I, I + J);
  const F = fit.s.subarray(I + J);
  if (anchor) C[anchorIndex] = anchor.value;
  const [submissions, rows, raterElements] = elementStatistics(design, fit.B, D, C, F, lowestLevel);
  let meanB = 0;
  for (const b of fit.B) meanB += b;
  meanB /= fit.B.length;
  const raters = raterElements.map((e, j): MfrmRater => {
    const rater: MfrmRater = { ...e, fair_average: expectedLevel(meanB - C[j], F, lowestLevel) };
    if (j === anchorIndex) rater.anchored = true;
    return rater;
  });
  const summary = {
    submissions: facetSummary(submissions),
    rows: facetSummary(rows),
    raters: facetSummary(raters),
  };
  const pick = (field: 'separation' | 'reliability' | 'strata') =>
    Object.fromEntries(MFRM_FACETS.map((facet) => [facet, summary[facet][field]])) as Record<MfrmFacet, number>;
  return {
    converged: fit.converged,
    extreme: design.extreme,
    extreme_rounds: design.extremeRounds,
    ratings_used: design.category.length,
    submissions: byId(design.submissions, submissions),
    rows: byId(design.rows, rows),
    raters: byId(design.raters, raters),
    thresholds: Array.from(F),
    loglik: logLikelihood(design, fit.B, D, C, F),
    separation: pick('separation'),
    reliability: pick('reliability'),
    strata: pick('strata'),
    facet_summary: summary,
  };
}

// ---------------------------------------------------------------------------------------------
// Assessor flags

export type RaterFlag = 'severe' | 'lenient' | 'inconsistent' | 'muted' | 'insufficient_data';

/** The rules of the assessor flags (issue 10). */
export const RATER_FLAG_RULES = {
  /** severe / lenient: |severity| at least this many logits ... */
  severityLogits: 0.5,
  /** ... and |severity / SE| at least this */
  severityZ: 2,
  /** inconsistent: infit or outfit above this */
  noisyMeanSquare: 1.5,
  /** muted: infit or outfit below this */
  mutedMeanSquare: 0.5,
  /** insufficient_data: fewer ratings than this */
  minimumRatings: 30,
} as const;

/**
 * The flags of one rater: `severe` (positive severity) or `lenient` (negative) when
 * |severity| >= 0.5 logit and |severity / SE| >= 2 (model SE); `inconsistent` when infit or outfit
 * is above 1.5; `muted` when either is below 0.5; `insufficient_data` under 30 ratings.
 */
export function raterFlags(rater: MfrmElement): RaterFlag[] {
  const rules = RATER_FLAG_RULES;
  const flags: RaterFlag[] = [];
  const severity = rater.measure;
  if (Math.abs(severity) >= rules.severityLogits && Math.abs(severity / rater.se) >= rules.severityZ) flags.push(severity > 0 ? 'severe' : 'lenient');
  if (rater.infit > rules.noisyMeanSquare || rater.outfit > rules.noisyMeanSquare) flags.push('inconsistent');
  if (rater.infit < rules.mutedMeanSquare || rater.outfit < rules.mutedMeanSquare) flags.push('muted');
  if (rater.count < rules.minimumRatings) flags.push('insufficient_data');
  return flags;
}

/** Every estimated rater's flags, by rater id. */
export function mfrmRaterFlags(result: MfrmEstimates): Record<string, RaterFlag[]> {
  const ids = Object.keys(result.raters);
  return byId(
    ids,
    ids.map((id) => raterFlags(result.raters[id])),
  );
}
