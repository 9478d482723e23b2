import { rowCounts, type RatingTable } from './table.js';
import type { WeightMatrix } from './weights.js';

/**
 * The per-unit quantities shared by the raw-data agreement coefficients of Gwet (2014):
 * percent agreement, Fleiss' kappa, Gwet's AC1/AC2 and Brennan-Prediger. All are sums over
 * distinct rows weighted by their multiplicity.
 */
export interface UnitAgreement {
  /** units with at least one rating (n) */
  readonly units: number;
  /** units with two ratings or more (n2more) */
  readonly pairedUnits: number;
  /** observed (weighted) agreement p_a over units with r_i >= 2 */
  readonly agreement: number;
  /** per distinct row: p_a,i = sum_k n_ik (n*_ik - 1) / (r_i (r_i - 1)), 0 when r_i < 2 */
  readonly rowAgreement: Float64Array;
  /** per distinct row: 1 when r_i >= 2 */
  readonly rowPaired: Uint8Array;
  /** classification probabilities pi_k = (1/n) sum_i n_ik / r_i */
  readonly prevalence: Float64Array;
}

export function unitAgreement(table: RatingTable, weights: WeightMatrix): UnitAgreement {
  const q = table.categories.length;
  const { counts, ratingsPerUnit } = rowCounts(table);
  const rowAgreement = new Float64Array(table.distinctCount);
  const rowPaired = new Uint8Array(table.distinctCount);
  const prevalence = new Float64Array(q);
  let units = 0;
  let pairedUnits = 0;
  let agreementSum = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    const m = table.multiplicity[d];
    if (m === 0) continue;
    const r = ratingsPerUnit[d];
    units += m;
    for (let k = 0; k < q; k++) prevalence[k] += (m * counts[d * q + k]) / r;
    if (r < 2) continue;
    let sumQ = 0;
    for (let k = 0; k < q; k++) {
      const nk = counts[d * q + k];
      if (nk === 0) continue;
      let weighted = 0;
      for (let l = 0; l < q; l++) weighted += weights[k * q + l] * counts[d * q + l];
      sumQ += nk * (weighted - 1);
    }
    rowAgreement[d] = sumQ / (r * (r - 1));
    rowPaired[d] = 1;
    pairedUnits += m;
    agreementSum += m * rowAgreement[d];
  }
  for (let k = 0; k < q; k++) prevalence[k] /= units;
  return {
    units,
    pairedUnits,
    agreement: pairedUnits > 0 ? agreementSum / pairedUnits : Number.NaN,
    rowAgreement,
    rowPaired,
    prevalence,
  };
}

/**
 * Gwet's linearised variance of a chance-corrected coefficient (Gwet 2008; 2014, ch. 5):
 * var = 1/(n(n-1)) sum_i (kappa*_i - kappa)^2, with
 * kappa*_i = (n/n2)(p_a,i - p_e [r_i >= 2])/(1 - p_e) - 2(1 - kappa)(p_e,i - p_e)/(1 - p_e).
 * `rowChance` gives p_e,i per distinct row, or null when chance agreement does not depend on
 * the data (Brennan-Prediger).
 */
export function linearisedVariance(
  table: RatingTable,
  ua: UnitAgreement,
  coefficient: number,
  chance: number,
  rowChance: Float64Array | null,
): number {
  const n = ua.units;
  if (n < 2) return Number.NaN;
  const scale = n / ua.pairedUnits;
  let sum = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    const m = table.multiplicity[d];
    if (m === 0) continue;
    let x = (scale * (ua.rowAgreement[d] - chance * ua.rowPaired[d])) / (1 - chance);
    if (rowChance) x -= (2 * (1 - coefficient) * (rowChance[d] - chance)) / (1 - chance);
    sum += m * (x - coefficient) ** 2;
  }
  return sum / (n * (n - 1));
}

/** True when expected chance agreement is 1 (to rounding), so (p_a - p_e)/(1 - p_e) is 0/0. */
export function chanceIsCertain(chance: number): boolean {
  return Math.abs(1 - chance) < 1e-12;
}

export const ONE_LEVEL_REASON =
  'undefined: expected chance agreement is 1 because every rating falls in one level (0/0)';
export const NO_PAIRS_REASON = 'undefined: no unit has two ratings, so there is no pair to compare';
