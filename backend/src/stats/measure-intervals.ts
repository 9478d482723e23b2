import { coincidenceForm, pairTableForm, rawDataForm, type ChanceModel } from './disagreement-forms.js';
import { squaredDistances, type AlphaLevel } from './krippendorff-alpha.js';
import {
  ratioScoreInterval,
  SCORE_METHOD_CLUSTER,
  SCORE_METHOD_PROPORTION,
  SCORE_METHOD_RATIO,
  SCORE_METHOD_RATIO_CONSTRAINED,
  type DisagreementRatio,
  type RecommendedInterval,
} from './recommended-interval.js';
import { rowCounts, type RatingTable } from './table.js';
import { adjacentWeights, identityWeights, positions, quadraticWeights, weightSum, type WeightMatrix } from './weights.js';

/** The measures that have a recommended interval (the prevalence and bias indices are descriptive). */
export type IntervalMeasure =
  | 'percent_agreement'
  | 'adjacent_agreement'
  | 'cohen_kappa'
  | 'cohen_kappa_linear'
  | 'cohen_kappa_quadratic'
  | 'scott_pi'
  | 'fleiss_kappa'
  | 'krippendorff_alpha_nominal'
  | 'krippendorff_alpha_ordinal'
  | 'krippendorff_alpha_interval'
  | 'gwet_ac1'
  | 'gwet_ac2_quadratic'
  | 'brennan_prediger'
  | 'pabak';

/**
 * The recommended 95% interval of a measure whose point estimate is `value` (null when the
 * measure is undefined, and then the interval is null too). Proportions (percent and adjacent
 * agreement) get Wilson's interval, cluster-adjusted through the ratio estimator when a unit has
 * three ratings or more or a weighted agreement; chance-corrected coefficients get the score
 * interval of their ratio of disagreements (`ratioScoreInterval`); for ordinal alpha this is the
 * fallback of the BCa bootstrap that `computeMetrics` gives it. Both stay inside the measure's
 * range and have non-zero width; their coverage at 50 submissions is measured by
 * `npm run bench -- coverage` and held by test/stats-coverage.test.ts.
 */
export function recommendedInterval(name: IntervalMeasure, table: RatingTable, value: number | null): RecommendedInterval | null {
  if (value === null || !Number.isFinite(value)) return null;
  const q = table.categories.length;
  const proportion = name === 'percent_agreement' || name === 'adjacent_agreement';
  const form = formFor(name, table);
  if (form === null) return null;
  const bounds = proportion ? { lower: 0, upper: 1 } : { lower: Math.min(-1, value), upper: 1 };
  const constrained = CONSTRAINED_VARIANCE.has(name);
  const interval = ratioScoreInterval(table, form, value, bounds, undefined, constrained ? 'constrained' : 'scaled');
  if (interval === null) return null;
  let method = constrained ? SCORE_METHOD_RATIO_CONSTRAINED : SCORE_METHOD_RATIO;
  if (proportion) {
    const weights = name === 'percent_agreement' ? identityWeights(q) : adjacentWeights(q);
    method = zeroOneWeights(weights) && everyPairedUnitHasTwo(table) ? SCORE_METHOD_PROPORTION : SCORE_METHOD_CLUSTER;
  }
  return { lo: interval.lo, hi: interval.hi, method };
}

/**
 * The measures whose score interval takes the constrained-ML variance of the units' disagreement
 * (see \`UnitVariance\`). AC2 with quadratic weights: its chance disagreement varies little, so its
 * interval is nearly that of the mean disagreement alone, a mean of many one-level disagreements
 * and a few two-level ones four times as large. With the scaled variance it covered 97.2% at 50
 * submissions with 30% of them rated once, and 92.8% to 98.1% in neighbouring configurations;
 * with the constrained variance, 95.1% to 96.5% in every configuration of the coverage study
 * (95.3% to 97.5% in the neighbouring ones). Cohen's quadratic kappa and interval alpha keep the
 * scaled variance: with the constrained one their upper limit misses 4.3% to 5.7% of the time.
 */
const CONSTRAINED_VARIANCE: ReadonlySet<IntervalMeasure> = new Set(['gwet_ac2_quadratic']);

function formFor(name: IntervalMeasure, table: RatingTable): DisagreementRatio | null {
  const q = table.categories.length;
  const identity = identityWeights(q);
  const raw = (weights: WeightMatrix, chance: ChanceModel) => rawDataForm(q, weights, chance);
  switch (name) {
    case 'percent_agreement':
      return raw(identity, { kind: 'none' });
    case 'adjacent_agreement': {
      const weights = adjacentWeights(q);
      // on two levels every pair is adjacent: the measure is 1 by construction and has no interval
      if (weightSum(weights) === q * q) return null;
      return raw(weights, { kind: 'none' });
    }
    case 'cohen_kappa':
      return pairTableForm(q, identity);
    case 'cohen_kappa_linear':
      return pairTableForm(q, cohenWeights(q, 'linear'));
    case 'cohen_kappa_quadratic':
      return pairTableForm(q, cohenWeights(q, 'quadratic'));
    case 'scott_pi':
      return pairTableForm(q, identity, true);
    case 'fleiss_kappa':
      return raw(identity, { kind: 'fleiss' });
    case 'gwet_ac1':
      return raw(identity, { kind: 'gwet', factor: 1 / (q - 1) });
    case 'gwet_ac2_quadratic': {
      const weights = quadraticWeights(positions(q));
      return raw(weights, { kind: 'gwet', factor: weightSum(weights) / (q * (q - 1)) });
    }
    case 'brennan_prediger':
    case 'pabak':
      return raw(identity, { kind: 'fixed', chance: 1 / q });
    case 'krippendorff_alpha_nominal':
      return alphaForm(table, 'nominal');
    case 'krippendorff_alpha_ordinal':
      return alphaForm(table, 'ordinal');
    case 'krippendorff_alpha_interval':
      return alphaForm(table, 'interval');
  }
}

function alphaForm(table: RatingTable, level: AlphaLevel): DisagreementRatio {
  const q = table.categories.length;
  let fixed: Float64Array | null = null;
  const distances = (marginals: Float64Array) => {
    if (level === 'ordinal') return squaredDistances(table.categories, level, marginals);
    fixed ??= squaredDistances(table.categories, level, marginals);
    return fixed;
  };
  return coincidenceForm(q, distances, level === 'ordinal' ? 2 : 0);
}

/** Cohen's agreement weights on level positions, as `cohenKappa` uses them. */
function cohenWeights(q: number, weighting: 'linear' | 'quadratic'): WeightMatrix {
  const w = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const distance = Math.abs(i - j) / (q - 1);
      w[i * q + j] = weighting === 'linear' ? 1 - distance : 1 - distance * distance;
    }
  }
  return w;
}

function zeroOneWeights(weights: WeightMatrix): boolean {
  return weights.every((w) => w === 0 || w === 1);
}

function everyPairedUnitHasTwo(table: RatingTable): boolean {
  const { ratingsPerUnit } = rowCounts(table);
  for (let d = 0; d < table.distinctCount; d++) if (table.multiplicity[d] > 0 && ratingsPerUnit[d] > 2) return false;
  return true;
}
