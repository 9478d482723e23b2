import { confusionCounts } from './confusion.js';
import { RatingsInputError } from './errors.js';
import { normalInterval, tIntervalCapped } from './intervals.js';
import type { RatingTable } from './table.js';
import { undefinedEstimate, type Estimate } from './types.js';
import { ONE_LEVEL_REASON } from './unit-agreement.js';

export type KappaWeighting = 'unweighted' | 'linear' | 'quadratic';

/**
 * Cohen's kappa for exactly two raters (Cohen 1960; weighted: Cohen 1968), on complete pairs.
 * p_e = sum_k p_k. p_.k, each rater with their own marginals. Weighted kappa uses disagreement
 * weights |i - j| / (q - 1) or (i - j)^2 / (q - 1)^2 on level positions (unused levels
 * included): kappa_w = 1 - sum v_ij p_ij / sum v_ij p_i. p_.j.
 * `se` is the large-sample SE under the alternative of Fleiss, Cohen & Everitt (1969), the ASE
 * of SAS PROC FREQ and statsmodels; `ci` = kappa +/- z(0.975) se, not clipped; `se_null` is the
 * SE under kappa = 0.
 */
export function cohenKappa(table: RatingTable, weighting: KappaWeighting = 'unweighted'): Estimate {
  if (table.raterCount !== 2) {
    throw new RatingsInputError('not_two_raters', `Cohen's kappa needs exactly two raters; the data have ${table.raterCount}`);
  }
  const q = table.categories.length;
  const counts = confusionCounts(table);
  let n = 0;
  for (const c of counts) n += c;
  if (n === 0) return { ...undefinedEstimate('undefined: no unit was rated by both raters'), se_null: null };
  // Sums of whole counts are exact; divide once at the end so perfect agreement gives exactly 1.
  const rowCount = new Float64Array(q);
  const colCount = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      rowCount[i] += counts[i * q + j];
      colCount[j] += counts[i * q + j];
    }
  }
  const p = counts.map((c) => c / n);
  const rowMarg = rowCount.map((c) => c / n);
  const colMarg = colCount.map((c) => c / n);
  // agreement weights w = 1 - v (1 on the diagonal)
  const w = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const distance = q === 1 ? 0 : Math.abs(i - j) / (q - 1);
      w[i * q + j] = weighting === 'unweighted' ? (i === j ? 1 : 0) : weighting === 'linear' ? 1 - distance : 1 - distance * distance;
    }
  }
  let observedCount = 0;
  let expectedCount = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      observedCount += w[i * q + j] * counts[i * q + j];
      expectedCount += w[i * q + j] * rowCount[i] * colCount[j];
    }
  }
  const observed = observedCount / n;
  const expected = expectedCount / (n * n);
  if (Math.abs(1 - expected) < 1e-12) return { ...undefinedEstimate(ONE_LEVEL_REASON), se_null: null };
  const kappa = (observed - expected) / (1 - expected);

  // Fleiss, Cohen & Everitt (1969) in SAS's notation: wbar_i. = sum_j p_.j w_ij, wbar_.j = sum_i p_i. w_ij
  const wRow = new Float64Array(q);
  const wCol = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      wRow[i] += colMarg[j] * w[i * q + j];
      wCol[j] += rowMarg[i] * w[i * q + j];
    }
  }
  let termA = 0;
  let termNull = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const spread = wRow[i] + wCol[j];
      termA += p[i * q + j] * (w[i * q + j] - spread * (1 - kappa)) ** 2;
      termNull += rowMarg[i] * colMarg[j] * (w[i * q + j] - spread) ** 2;
    }
  }
  const scale = 1 / ((1 - expected) ** 2 * n);
  const variance = (termA - (kappa - expected * (1 - kappa)) ** 2) * scale;
  const varianceNull = (termNull - expected * expected) * scale;
  const se = variance >= 0 ? Math.sqrt(variance) : Number.NaN;
  const seNull = varianceNull >= 0 ? Math.sqrt(varianceNull) : Number.NaN;
  return {
    value: kappa,
    se: Number.isFinite(se) ? se : null,
    ci: normalInterval(kappa, se),
    se_null: Number.isFinite(seNull) ? seNull : null,
  };
}

/**
 * Scott's pi for two raters on complete pairs (Scott 1955): p_e = sum_k ((p_k. + p_.k)/2)^2.
 * SE from Gwet's contingency-table variance (irrCAC `scott2.table`); interval t(0.975, n - 1),
 * upper bound capped at 1, n the number of complete pairs.
 */
export function scottPi(table: RatingTable): Estimate {
  if (table.raterCount !== 2) {
    throw new RatingsInputError('not_two_raters', `Scott's pi needs exactly two raters; the data have ${table.raterCount}`);
  }
  const q = table.categories.length;
  const counts = confusionCounts(table);
  let n = 0;
  for (const c of counts) n += c;
  if (n === 0) return undefinedEstimate('undefined: no unit was rated by both raters');
  const p = counts.map((c) => c / n);
  // marginal counts of both raters together (2n ratings), divided once
  const levelCount = new Float64Array(q);
  let agreeCount = 0;
  for (let i = 0; i < q; i++) {
    agreeCount += counts[i * q + i];
    for (let j = 0; j < q; j++) {
      levelCount[i] += counts[i * q + j];
      levelCount[j] += counts[i * q + j];
    }
  }
  const observed = agreeCount / n;
  const pi = levelCount.map((c) => c / (2 * n));
  let expectedCount = 0;
  for (let k = 0; k < q; k++) expectedCount += levelCount[k] * levelCount[k];
  const expected = expectedCount / (4 * n * n);
  if (Math.abs(1 - expected) < 1e-12) return undefinedEstimate(ONE_LEVEL_REASON);
  const pi_ = (observed - expected) / (1 - expected);
  let sum = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      const agree = k === l ? 1 : 0;
      sum += p[k * q + l] * (agree - (1 - pi_) * (pi[k] + pi[l])) ** 2;
    }
  }
  const variance = (sum - (observed - 2 * (1 - pi_) * expected) ** 2) / (n * (1 - expected) ** 2);
  const se = variance >= 0 ? Math.sqrt(variance) : Number.NaN;
  return { value: pi_, se: Number.isFinite(se) ? se : null, ci: tIntervalCapped(pi_, se, n) };
}
