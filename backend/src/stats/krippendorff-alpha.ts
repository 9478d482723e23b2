import { coincidenceCounts } from './confusion.js';
import { tIntervalCapped } from './intervals.js';
import { rowCounts, type RatingTable } from './table.js';
import { undefinedEstimate, type Category, type Estimate } from './types.js';
import { identityWeights, symmetricWeightedShares, intervalValues, quadraticWeights, type WeightMatrix } from './weights.js';

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
 * alpha = 1 - D_o / D_e from the coincidence matrix of pairable values; a unit with m_u >= 2
 * ratings adds its pairs with weight 1/(m_u - 1), a unit rated once adds nothing.
 * Squared distances: nominal 0/1; ordinal (sum_{g=c..k} n_g - (n_c + n_k)/2)^2; interval
 * (c - k)^2 on the levels' numeric values (positions when the levels are not numbers).
 * SE (nominal, interval): Gwet's (2014) linearisation, as irrCAC `krippen.alpha.raw`;
 * interval t(0.975, n - 1) over all rated units, upper bound capped at 1. Ordinal alpha has no
 * analytic SE: use `bootstrap`.
 */
export function krippendorffAlpha(table: RatingTable, level: AlphaLevel): Estimate {
  const value = krippendorffAlphaValue(table, level);
  if (typeof value === 'string') return undefinedEstimate(value);
  if (level === 'ordinal') return { value, se: null, ci: null };
  const weights =
    level === 'nominal'
      ? identityWeights(table.categories.length)
      : quadraticWeights(intervalValues(table.categories));
  const se = alphaStandardError(table, weights);
  return { value, se, ci: se === null ? null : tIntervalCapped(value, se, ratedUnits(table)) };
}

/** The point estimate alone, or the reason it is undefined. */
export function krippendorffAlphaValue(table: RatingTable, level: AlphaLevel): number | string {
  const q = table.categories.length;
  const o = coincidenceCounts(table);
  const marginals = new Float64Array(q);
  let total = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) marginals[c] += o[c * q + k];
    total += marginals[c];
  }
  if (total < 2) return 'undefined: fewer than two pairable values (no unit has two ratings)';
  const delta = squaredDistances(table.categories, level, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) {
      const dist = delta[c * q + k];
      if (dist === 0) continue;
      observed += o[c * q + k] * dist;
      expected += marginals[c] * marginals[k] * dist;
    }
  }
  if (expected === 0) {
    return 'undefined: expected disagreement is 0 because every pairable value falls in one level (0/0)';
  }
  return 1 - ((total - 1) * observed) / expected;
}

/** Squared distances between levels, q x q; ordinal ones depend on the coincidence marginals. */
export function squaredDistances(categories: readonly Category[], level: AlphaLevel, marginals: Float64Array): Float64Array {
  const q = categories.length;
  const delta = new Float64Array(q * q);
  if (level === 'nominal') {
    for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) delta[c * q + k] = c === k ? 0 : 1;
  } else if (level === 'ordinal') {
    const cumulative = new Float64Array(q + 1);
    for (let g = 0; g < q; g++) cumulative[g + 1] = cumulative[g] + marginals[g];
    for (let c = 0; c < q; c++) {
      for (let k = 0; k < q; k++) {
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        const between = cumulative[hi + 1] - cumulative[lo] - (marginals[c] + marginals[k]) / 2;
        delta[c * q + k] = between * between;
      }
    }
  } else {
    const x = intervalValues(categories);
    for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) delta[c * q + k] = (x[c] - x[k]) ** 2;
  }
  return delta;
}

function ratedUnits(table: RatingTable): number {
  let n = 0;
  for (let d = 0; d < table.distinctCount; d++) n += table.multiplicity[d];
  return n;
}

/** irrCAC's linearised SE of alpha (Gwet 2014, ch. 5), over units with two ratings or more. */
function alphaStandardError(table: RatingTable, weights: WeightMatrix): number | null {
  const q = table.categories.length;
  const { counts, ratingsPerUnit } = rowCounts(table);
  let n = 0;
  let ratingSum = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    if (ratingsPerUnit[d] < 2) continue;
    n += table.multiplicity[d];
    ratingSum += table.multiplicity[d] * ratingsPerUnit[d];
  }
  if (n < 2) return null;
  const meanRatings = ratingSum / n;
  const rowQ = new Float64Array(table.distinctCount);
  const pi = new Float64Array(q);
  let paPrime = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    const r = ratingsPerUnit[d];
    const m = table.multiplicity[d];
    if (r < 2 || m === 0) continue;
    let sumQ = 0;
    for (let k = 0; k < q; k++) {
      const nk = counts[d * q + k];
      pi[k] += (m * nk) / meanRatings;
      if (nk === 0) continue;
      let weighted = 0;
      for (let l = 0; l < q; l++) weighted += weights[k * q + l] * counts[d * q + l];
      sumQ += nk * (weighted - 1);
    }
    rowQ[d] = sumQ / (meanRatings * (r - 1));
    paPrime += m * rowQ[d];
  }
  paPrime /= n;
  for (let k = 0; k < q; k++) pi[k] /= n;
  let chance = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) chance += weights[k * q + l] * pi[k] * pi[l];
  if (Math.abs(1 - chance) < 1e-12) return null;
  const alphaPrime = (paPrime - chance) / (1 - chance);
  const symmetric = symmetricWeightedShares(weights, pi);
  let sum = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    const r = ratingsPerUnit[d];
    const m = table.multiplicity[d];
    if (r < 2 || m === 0) continue;
    const spread = (r - meanRatings) / meanRatings;
    const rowAgreement = rowQ[d] - paPrime * spread;
    let rowChance = 0;
    for (let k = 0; k < q; k++) rowChance += counts[d * q + k] * symmetric[k];
    rowChance = rowChance / meanRatings - chance * spread;
    const x = (rowAgreement - chance) / (1 - chance) - (2 * (1 - alphaPrime) * (rowChance - chance)) / (1 - chance);
    sum += m * (x - alphaPrime) ** 2;
  }
  const se = Math.sqrt(sum / (n * (n - 1)));
  return Number.isFinite(se) ? se : null;
}
