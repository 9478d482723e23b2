import { bootstrap, DEFAULT_RESAMPLES, DEFAULT_SEED } from './bootstrap.js';
import { brennanPrediger, pabak } from './brennan-prediger.js';
import { cohenKappa, scottPi } from './cohen-kappa.js';
import { prevalenceAndBias } from './confusion.js';
import { fleissKappa } from './fleiss-kappa.js';
import { gwetAc1, gwetAc2Quadratic } from './gwet-ac.js';
import { krippendorffAlpha, krippendorffAlphaValue } from './krippendorff-alpha.js';
import { recommendedInterval, type IntervalMeasure } from './measure-intervals.js';
import { adjacentAgreement, percentAgreement } from './percent-agreement.js';
import { poolRaters, type RatingTable } from './table.js';
import type { Estimate, Scale } from './types.js';

/** Every measure Concord reports, in the order it reports them. */
export const METRIC_NAMES = [
  'percent_agreement',
  'adjacent_agreement',
  'cohen_kappa',
  'cohen_kappa_linear',
  'cohen_kappa_quadratic',
  'scott_pi',
  'fleiss_kappa',
  'krippendorff_alpha_nominal',
  'krippendorff_alpha_ordinal',
  'krippendorff_alpha_interval',
  'gwet_ac1',
  'gwet_ac2_quadratic',
  'brennan_prediger',
  'pabak',
  'prevalence_index',
  'bias_index',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];
export type Metrics = Partial<Record<MetricName, Estimate>>;

export interface MetricOptions {
  /** bootstrap resamples for measures without an analytic SE (default 2,000) */
  resamples?: number;
  seed?: number;
}

interface MetricDefinition {
  /** whether the measure is defined on data of this shape */
  applies: (table: RatingTable, scale: Scale) => boolean;
  compute: (table: RatingTable, options: MetricOptions) => Estimate;
}

const twoRaters = (t: RatingTable) => t.raterCount === 2;
const ordinal = (_: RatingTable, scale: Scale) => scale === 'ordinal';
const always = () => true;
const binaryTwoRaters = (t: RatingTable) => t.raterCount === 2 && t.categories.length === 2;

const DEFINITIONS: Record<MetricName, MetricDefinition> = {
  percent_agreement: { applies: always, compute: percentAgreement },
  adjacent_agreement: { applies: ordinal, compute: adjacentAgreement },
  cohen_kappa: { applies: twoRaters, compute: (t) => cohenKappa(t) },
  cohen_kappa_linear: { applies: (t, s) => twoRaters(t) && s === 'ordinal', compute: (t) => cohenKappa(t, 'linear') },
  cohen_kappa_quadratic: { applies: (t, s) => twoRaters(t) && s === 'ordinal', compute: (t) => cohenKappa(t, 'quadratic') },
  scott_pi: { applies: twoRaters, compute: scottPi },
  fleiss_kappa: { applies: always, compute: (t) => fleissKappa(t) },
  krippendorff_alpha_nominal: { applies: always, compute: (t) => krippendorffAlpha(t, 'nominal') },
  krippendorff_alpha_ordinal: { applies: ordinal, compute: ordinalAlpha },
  krippendorff_alpha_interval: { applies: ordinal, compute: (t) => krippendorffAlpha(t, 'interval') },
  gwet_ac1: { applies: always, compute: gwetAc1 },
  gwet_ac2_quadratic: { applies: ordinal, compute: gwetAc2Quadratic },
  brennan_prediger: { applies: always, compute: brennanPrediger },
  pabak: { applies: binaryTwoRaters, compute: pabak },
  prevalence_index: { applies: binaryTwoRaters, compute: (t) => index(t, 'prevalence') },
  bias_index: { applies: binaryTwoRaters, compute: (t) => index(t, 'bias') },
};

/** The measures defined on a criterion's data, each with its SE and interval where one exists. */
export function computeMetrics(table: RatingTable, scale: Scale, options: MetricOptions = {}): Metrics {
  const out: Metrics = {};
  for (const name of METRIC_NAMES) {
    const def = DEFINITIONS[name];
    if (def.applies(table, scale)) out[name] = computeMetric(name, table, options);
  }
  return out;
}

/** One measure by name (for benchmarks and the API), with its recommended interval. */
export function computeMetric(name: MetricName, table: RatingTable, options: MetricOptions = {}): Estimate {
  const estimate = DEFINITIONS[name].compute(table, options);
  if (estimate.interval !== undefined) return estimate;
  return { ...estimate, interval: hasInterval(name) ? recommendedInterval(name, table, estimate.value) : null };
}

function hasInterval(name: MetricName): name is IntervalMeasure {
  return name !== 'prevalence_index' && name !== 'bias_index';
}

/**
 * Ordinal alpha with a bootstrap SE and percentile interval (no analytic SE exists); its
 * recommended interval is the BCa interval from the same replicates (its distances come from the
 * marginals, which the linearised score interval follows less well: 90% to 93.5% coverage at 50
 * submissions; the jackknife BCa needs costs one evaluation per distinct pooled row), with its
 * lower limit allowing for a larger disagreement than any observed (`unseenDisagreementAllowance`),
 * or the score interval when BCa is undefined (every replicate equal, as when every pair agrees).
 */
function ordinalAlpha(table: RatingTable, options: MetricOptions): Estimate {
  const estimate = krippendorffAlpha(table, 'ordinal');
  if (estimate.value === null) return { ...estimate, interval: null };
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const boot = bootstrap(
    poolRaters(table),
    (resample) => {
      const v = krippendorffAlphaValue(resample, 'ordinal');
      return typeof v === 'number' ? v : null;
    },
    { resamples, seed, estimate: estimate.value },
  );
  const allowance = boot.bca ? unseenDisagreementAllowance(poolRaters(table), estimate.value) : 0;
  const interval = boot.bca
    ? {
        lo: Math.max(-1, Math.min(boot.bca[0] - allowance, estimate.value)),
        hi: Math.min(1, Math.max(boot.bca[1], estimate.value)),
        method: `BCa bootstrap over units, ${resamples} resamples, seed ${seed}; lower limit allowing for an unseen larger disagreement`,
      }
    : recommendedInterval('krippendorff_alpha_ordinal', table, estimate.value);
  return {
    ...estimate,
    se: boot.se,
    ci: boot.ci,
    interval,
    method: `bootstrap over units, ${resamples} resamples, seed ${seed}, percentile interval`,
  };
}

/**
 * How far the lower limit of ordinal alpha's BCa interval moves down so that a disagreement larger
 * than any observed, which no resample can contain, is not ruled out: the drop of alpha when one
 * more unit is added whose ratings sit on the most used level but one, that one a level further off
 * than the widest observed disagreement, counted with weight (1 - p_a) / (r - 1): the chance that a
 * further pair disagrees (the share of pairs that do), for one pair of the unit's r ratings. 0 when
 * the widest possible disagreement was observed. Without it, BCa covered about 93% at 50
 * submissions with 30% rated once and 3% of pairs two levels apart, all its misses on the lower
 * side and in the data sets where no two-level pair occurred; with it, 93.3% to 94.5% there and
 * 95.6% to 97.2% elsewhere over several seeds (`npm run bench -- coverage`, docs/statistics.md).
 * The idea is the score intervals' pseudo unit (`PSEUDO_UNIT`).
 */
function unseenDisagreementAllowance(pooled: RatingTable, value: number): number {
  const q = pooled.categories.length;
  const k = pooled.raterCount;
  const use = new Float64Array(q);
  let widest = 0;
  let paired = 0;
  let pairedRatings = 0;
  for (let d = 0; d < pooled.distinctCount; d++) {
    const m = pooled.multiplicity[d];
    if (m === 0) continue;
    let low = q;
    let high = -1;
    let r = 0;
    for (let j = 0; j < k; j++) {
      const c = pooled.rows[d * k + j];
      if (c < 0) continue;
      low = Math.min(low, c);
      high = Math.max(high, c);
      r++;
    }
    if (r < 2) continue;
    paired += m;
    pairedRatings += m * r;
    widest = Math.max(widest, high - low);
    for (let j = 0; j < k; j++) if (pooled.rows[d * k + j] >= 0) use[pooled.rows[d * k + j]] += m;
  }
  if (paired === 0) return 0;
  let modal = 0;
  for (let c = 1; c < q; c++) if (use[c] > use[modal]) modal = c;
  const distance = widest + 1;
  const other = modal + distance < q ? modal + distance : modal - distance >= 0 ? modal - distance : -1;
  const disagreeing = 1 - (percentAgreement(pooled).value ?? 1);
  if (other < 0 || !(disagreeing > 0)) return 0;
  const ratings = Math.max(2, Math.min(k, Math.round(pairedRatings / paired)));
  const extra = new Int32Array(k).fill(-1);
  for (let j = 0; j < ratings - 1; j++) extra[j] = modal;
  extra[ratings - 1] = other;
  const stored = pooled.distinctCount * k;
  const rows = new Int32Array(stored + k);
  rows.set(pooled.rows.subarray(0, stored));
  rows.set(extra, stored);
  const multiplicity = new Float64Array(pooled.distinctCount + 1);
  multiplicity.set(pooled.multiplicity);
  // the unit holds ratings - 1 disagreeing pairs; the allowance is for one such pair
  multiplicity[pooled.distinctCount] = disagreeing / (ratings - 1);
  const augmented = krippendorffAlphaValue({ ...pooled, rows, multiplicity, distinctCount: pooled.distinctCount + 1 }, 'ordinal');
  return typeof augmented === 'number' && augmented < value ? value - augmented : 0;
}

function index(table: RatingTable, which: 'prevalence' | 'bias'): Estimate {
  const pb = prevalenceAndBias(table);
  if (pb === null) return { value: null, se: null, ci: null, reason: 'undefined: no unit was rated by both raters' };
  return { value: which === 'prevalence' ? pb.prevalence : pb.bias, se: null, ci: null };
}
