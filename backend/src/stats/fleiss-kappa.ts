import { tIntervalCapped } from './intervals.js';
import { rowCounts, type RatingTable } from './table.js';
import { undefinedEstimate, type Estimate } from './types.js';
import {
  chanceIsCertain,
  linearisedVariance,
  NO_PAIRS_REASON,
  ONE_LEVEL_REASON,
  unitAgreement,
} from './unit-agreement.js';
import { identityWeights, symmetricWeightedShares, type WeightMatrix } from './weights.js';

/**
 * Fleiss' kappa (Fleiss 1971), generalised to missing ratings as in Gwet (2014): nothing is
 * deleted listwise; p_e = sum_k pi_k^2 with pi_k the mean share of unit i's ratings in level k
 * over every rated unit. With complete data it is Fleiss' kappa exactly; with two raters it
 * equals Scott's pi. SE: Gwet's linearised variance (irrCAC `fleiss.kappa.raw`); `se_null`:
 * Fleiss, Nee & Landis (1979), defined when every unit has the same number of ratings.
 */
export function fleissKappa(table: RatingTable, weights: WeightMatrix = identityWeights(table.categories.length)): Estimate {
  const q = table.categories.length;
  const ua = unitAgreement(table, weights);
  if (ua.pairedUnits === 0) return undefinedEstimate(NO_PAIRS_REASON);
  const pi = ua.prevalence;
  let chance = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) chance += weights[k * q + l] * pi[k] * pi[l];
  if (chanceIsCertain(chance)) return { ...undefinedEstimate(ONE_LEVEL_REASON), se_null: null };
  const kappa = (ua.agreement - chance) / (1 - chance);

  const symmetric = symmetricWeightedShares(weights, pi);
  const { counts, ratingsPerUnit } = rowCounts(table);
  const rowChance = new Float64Array(table.distinctCount);
  for (let d = 0; d < table.distinctCount; d++) {
    let s = 0;
    for (let k = 0; k < q; k++) s += counts[d * q + k] * symmetric[k];
    rowChance[d] = s / ratingsPerUnit[d];
  }
  const se = Math.sqrt(linearisedVariance(table, ua, kappa, chance, rowChance));
  return {
    value: kappa,
    se: Number.isFinite(se) ? se : null,
    ci: tIntervalCapped(kappa, se, ua.units),
    se_null: fleissNullSe(table),
  };
}

/** Fleiss, Nee & Landis (1979) SE under kappa = 0, as R irr's `kappam.fleiss` reports it. */
function fleissNullSe(table: RatingTable): number | null {
  const q = table.categories.length;
  const { counts, ratingsPerUnit } = rowCounts(table);
  let m = -1;
  let n = 0;
  const p = new Float64Array(q);
  for (let d = 0; d < table.distinctCount; d++) {
    const mult = table.multiplicity[d];
    if (mult === 0) continue;
    if (m === -1) m = ratingsPerUnit[d];
    else if (ratingsPerUnit[d] !== m) return null;
    n += mult;
    for (let k = 0; k < q; k++) p[k] += mult * counts[d * q + k];
  }
  if (m < 2) return null;
  let pq = 0;
  let pqSkew = 0;
  for (let k = 0; k < q; k++) {
    const pk = p[k] / (n * m);
    pq += pk * (1 - pk);
    pqSkew += pk * (1 - pk) * (1 - 2 * pk);
  }
  if (pq === 0) return null;
  const variance = (2 / (pq * pq * n * m * (m - 1))) * (pq * pq - pqSkew);
  return Math.sqrt(variance);
}
