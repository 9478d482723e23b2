import { tIntervalCapped } from './intervals.js';
import { rowCounts, type RatingTable } from './table.js';
import { undefinedEstimate, type Estimate } from './types.js';
import { chanceIsCertain, linearisedVariance, NO_PAIRS_REASON, ONE_LEVEL_REASON, unitAgreement } from './unit-agreement.js';
import { identityWeights, positions, quadraticWeights, weightSum, type WeightMatrix } from './weights.js';

/**
 * Gwet's AC1 (Gwet 2008): p_e = sum_k pi_k (1 - pi_k) / (q - 1), q the number of levels in the
 * rubric row (unused levels included). It stays stable when one level dominates, where kappa
 * collapses (the kappa paradox). SE: Gwet's linearised variance with 1/(n(n-1)); interval
 * t(0.975, n - 1), upper bound capped at 1 (irrCAC `gwet.ac1.raw`).
 */
export function gwetAc1(table: RatingTable): Estimate {
  return gwetAc(table, identityWeights(table.categories.length));
}

/** Gwet's AC2 with quadratic weights w_kl = 1 - (k - l)^2 / (q - 1)^2 on level positions. */
export function gwetAc2Quadratic(table: RatingTable): Estimate {
  return gwetAc(table, quadraticWeights(positions(table.categories.length)));
}

export function gwetAc(table: RatingTable, weights: WeightMatrix): Estimate {
  const q = table.categories.length;
  const ua = unitAgreement(table, weights);
  if (ua.pairedUnits === 0) return undefinedEstimate(NO_PAIRS_REASON);
  const pi = ua.prevalence;
  const factor = weightSum(weights) / (q * (q - 1));
  let spread = 0;
  for (let k = 0; k < q; k++) spread += pi[k] * (1 - pi[k]);
  const chance = factor * spread;
  if (chanceIsCertain(chance)) return undefinedEstimate(ONE_LEVEL_REASON);
  const ac = (ua.agreement - chance) / (1 - chance);
  const { counts, ratingsPerUnit } = rowCounts(table);
  const rowChance = new Float64Array(table.distinctCount);
  for (let d = 0; d < table.distinctCount; d++) {
    let s = 0;
    for (let k = 0; k < q; k++) s += counts[d * q + k] * (1 - pi[k]);
    rowChance[d] = (factor * s) / ratingsPerUnit[d];
  }
  const se = Math.sqrt(linearisedVariance(table, ua, ac, chance, rowChance));
  return { value: ac, se: Number.isFinite(se) ? se : null, ci: tIntervalCapped(ac, se, ua.units) };
}
