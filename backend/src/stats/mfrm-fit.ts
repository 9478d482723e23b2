/**
 * What the many-facet Rasch analysis reports at the estimates (MFRM.md section 6): per element
 * the model and real SEs, infit and outfit mean-squares, count and score, the raters' fair
 * averages, and per facet the FACETS Table 7 summary (separation, strata, reliability, fixed
 * chi-squared).
 */
import { chiSquaredSurvival } from './chi-squared.js';
import type { RetainedDesign } from './mfrm-design.js';
import type { MfrmElement, MfrmFacetSummary } from './mfrm-types.js';

/** Per-element sums over the retained ratings. */
interface Sums {
  count: Float64Array;
  score: Float64Array;
  information: Float64Array;
  squaredResidual: Float64Array;
  squaredZ: Float64Array;
}

function sums(size: number): Sums {
  return {
    count: new Float64Array(size),
    score: new Float64Array(size),
    information: new Float64Array(size),
    squaredResidual: new Float64Array(size),
    squaredZ: new Float64Array(size),
  };
}

/** The category probabilities at eta with cumulative thresholds Phi, into P; returns E and W. */
export function categoryMoments(eta: number, Phi: Float64Array, P: Float64Array): { expected: number; variance: number } {
  const m = Phi.length - 1;
  let max = -Infinity;
  for (let k = 0; k <= m; k++) {
    P[k] = k * eta - Phi[k];
    if (P[k] > max) max = P[k];
  }
  let sum = 0;
  for (let k = 0; k <= m; k++) {
    P[k] = Math.exp(P[k] - max);
    sum += P[k];
  }
  let E = 0;
  let E2 = 0;
  for (let k = 0; k <= m; k++) {
    P[k] /= sum;
    E += k * P[k];
    E2 += k * k * P[k];
  }
  return { expected: E, variance: E2 - E * E };
}

export function cumulativeThresholds(thresholds: ArrayLike<number>): Float64Array {
  const Phi = new Float64Array(thresholds.length + 1);
  for (let k = 1; k < Phi.length; k++) Phi[k] = Phi[k - 1] + thresholds[k - 1];
  return Phi;
}

/** Every facet's elements at the estimates, in the design's (sorted) order. */
export function elementStatistics(
  design: RetainedDesign,
  B: Float64Array,
  D: Float64Array,
  C: Float64Array,
  thresholds: Float64Array,
  lowestLevel: number,
): [MfrmElement[], MfrmElement[], MfrmElement[]] {
  const Phi = cumulativeThresholds(thresholds);
  const P = new Float64Array(Phi.length);
  const facets = [sums(B.length), sums(D.length), sums(C.length)];
  const columns = [design.sub, design.row, design.rater];
  for (let o = 0; o < design.category.length; o++) {
    const x = design.category[o];
    const { expected, variance } = categoryMoments(B[design.sub[o]] - D[design.row[o]] - C[design.rater[o]], Phi, P);
    const residual = x - expected;
    const squared = residual * residual;
    for (let f = 0; f < 3; f++) {
      const e = columns[f][o];
      const s = facets[f];
      s.count[e]++;
      s.score[e] += x + lowestLevel;
      s.information[e] += variance;
      s.squaredResidual[e] += squared;
      s.squaredZ[e] += squared / variance;
    }
  }
  const measures = [B, D, C];
  return facets.map((s, f) =>
    Array.from(measures[f], (measure, e): MfrmElement => {
      const se = 1 / Math.sqrt(s.information[e]);
      const infit = s.squaredResidual[e] / s.information[e];
      return {
        measure,
        se,
        real_se: se * Math.sqrt(Math.max(1, infit)),
        infit,
        outfit: s.squaredZ[e] / s.count[e],
        count: s.count[e],
        score: s.score[e],
      };
    }),
  ) as [MfrmElement[], MfrmElement[], MfrmElement[]];
}

/** The expected level at eta: lowestLevel + sum_k k P_k(eta). */
export function expectedLevel(eta: number, thresholds: ArrayLike<number>, lowestLevel: number): number {
  const Phi = cumulativeThresholds(thresholds);
  return lowestLevel + categoryMoments(eta, Phi, new Float64Array(Phi.length)).expected;
}

/** The log-likelihood of the retained ratings at the estimates. */
export function logLikelihood(design: RetainedDesign, B: Float64Array, D: Float64Array, C: Float64Array, thresholds: Float64Array): number {
  const Phi = cumulativeThresholds(thresholds);
  const P = new Float64Array(Phi.length);
  let loglik = 0;
  for (let o = 0; o < design.category.length; o++) {
    categoryMoments(B[design.sub[o]] - D[design.row[o]] - C[design.rater[o]], Phi, P);
    loglik += Math.log(P[design.category[o]]);
  }
  return loglik;
}

/** FACETS Table 7, "Model" row, population form, over the elements with a measure. */
export function facetSummary(elements: readonly MfrmElement[]): MfrmFacetSummary {
  const n = elements.length;
  let sum = 0;
  let sumSe2 = 0;
  let w = 0;
  let wm = 0;
  let wm2 = 0;
  for (const e of elements) {
    sum += e.measure;
    sumSe2 += e.se * e.se;
    const weight = 1 / (e.se * e.se);
    w += weight;
    wm += weight * e.measure;
    wm2 += weight * e.measure * e.measure;
  }
  const mean = sum / n;
  let ss = 0;
  for (const e of elements) ss += (e.measure - mean) ** 2;
  const observedSd = Math.sqrt(ss / n);
  const rmse = Math.sqrt(sumSe2 / n);
  const trueSd = Math.sqrt(Math.max(0, observedSd * observedSd - rmse * rmse));
  const separation = trueSd / rmse;
  const chi2 = Math.max(0, wm2 - (wm * wm) / w);
  return {
    count: n,
    mean,
    observed_sd: observedSd,
    rmse,
    true_sd: trueSd,
    separation,
    strata: (4 * separation + 1) / 3,
    reliability: trueSd === 0 ? 0 : (separation * separation) / (1 + separation * separation),
    fixed_chi2: chi2,
    fixed_df: n - 1,
    fixed_p: chiSquaredSurvival(chi2, n - 1),
  };
}
