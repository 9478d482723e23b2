import { tIntervalCapped } from './intervals.js';
import type { RatingTable } from './table.js';
import type { Estimate } from './types.js';
import { undefinedEstimate } from './types.js';
import { NO_PAIRS_REASON, unitAgreement, type UnitAgreement } from './unit-agreement.js';
import { adjacentWeights, identityWeights, type WeightMatrix } from './weights.js';

/**
 * Percent agreement: per unit, the share of agreeing rater pairs
 * sum_k n_ik (n_ik - 1) / (r_i (r_i - 1)), averaged over units with two ratings or more.
 * With two raters it is the share of complete units on which they agree; it is not the share of
 * units on which all raters agree. SE is Gwet's (2014) raw-data variance, the interval
 * t(0.975, n - 1) with the upper bound capped at 1 (irrCAC `pa.coeff.raw`).
 *
 * @example percentAgreement(ratingTable([['a', 'a'], ['a', 'b']], ['a', 'b'])).value // 0.5
 */
export function percentAgreement(table: RatingTable): Estimate {
  return weightedPercentAgreement(table, identityWeights(table.categories.length));
}

/** Adjacent agreement (ordinal rows): a pair agrees when the levels are at most one position apart. */
export function adjacentAgreement(table: RatingTable): Estimate {
  return weightedPercentAgreement(table, adjacentWeights(table.categories.length));
}

export function weightedPercentAgreement(table: RatingTable, weights: WeightMatrix): Estimate {
  const ua = unitAgreement(table, weights);
  if (ua.pairedUnits === 0) return undefinedEstimate(NO_PAIRS_REASON);
  const se = Math.sqrt(percentAgreementVariance(table, ua));
  return { value: ua.agreement, se: Number.isFinite(se) ? se : null, ci: tIntervalCapped(ua.agreement, se, ua.units) };
}

function percentAgreementVariance(table: RatingTable, ua: UnitAgreement): number {
  const n = ua.units;
  if (n < 2) return Number.NaN;
  const scale = n / ua.pairedUnits;
  let sum = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    sum += table.multiplicity[d] * (scale * ua.rowAgreement[d] - ua.agreement) ** 2;
  }
  return sum / (n * (n - 1));
}
