import { tIntervalCapped } from './intervals.js';
import type { RatingTable } from './table.js';
import { undefinedEstimate, type Estimate } from './types.js';
import { linearisedVariance, NO_PAIRS_REASON, unitAgreement } from './unit-agreement.js';
import { identityWeights } from './weights.js';

/**
 * Brennan & Prediger (1981): chance agreement is fixed at 1/q, q the number of levels in the
 * rubric row. SE: Gwet's raw-data variance (irrCAC `bp.coeff.raw`).
 */
export function brennanPrediger(table: RatingTable): Estimate {
  const q = table.categories.length;
  const ua = unitAgreement(table, identityWeights(q));
  if (ua.pairedUnits === 0) return undefinedEstimate(NO_PAIRS_REASON);
  const chance = 1 / q;
  const value = (ua.agreement - chance) / (1 - chance);
  const se = Math.sqrt(linearisedVariance(table, ua, value, chance, null));
  return { value, se: Number.isFinite(se) ? se : null, ci: tIntervalCapped(value, se, ua.units) };
}

/**
 * Prevalence- and bias-adjusted kappa (Byrt, Bishop & Carlin 1993), for two raters and two
 * levels: 2 p_a - 1, which is Brennan-Prediger with q = 2; its SE and interval are
 * Brennan-Prediger's.
 */
export function pabak(table: RatingTable): Estimate {
  return brennanPrediger(table);
}
