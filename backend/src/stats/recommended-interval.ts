import { CONFIDENCE, zCritical } from './intervals.js';
import type { RatingTable } from './table.js';

/**
 * The recommended 95% interval of a measure: inside the measure's range, of non-zero width
 * whenever the measure is defined, and named by `method`. It sits beside `se` and `ci`, which keep
 * the conventions of irrCAC, statsmodels and scikit-learn.
 */
export interface RecommendedInterval {
  lo: number;
  hi: number;
  method: string;
}

/**
 * A measure written as 1 - D_o / D_e: observed over expected disagreement, both functions of
 * totals that are sums over units of a per-unit contribution (the compressed table's rows
 * times their multiplicities). `parts` must be homogeneous of degree 0 in the totals (doubling
 * every unit changes nothing), so that a unit's influence is the gradient times its contribution.
 */
export interface DisagreementRatio {
  /** length of a unit's contribution */
  readonly dims: number;
  /** adds the contribution of one unit with the given level codes (-1 = no rating) to `out` */
  add(row: ArrayLike<number>, out: Float64Array): void;
  /** whether the unit enters the observed disagreement (two ratings or more, or a complete pair) */
  paired(row: ArrayLike<number>): boolean;
  /** observed and expected disagreement from the totals */
  parts(totals: Float64Array): { observed: number; expected: number };
}

/**
 * Weight of the unseen larger disagreement added to the upper limit of D_o (see
 * `ratioScoreInterval`): half a pair of ratings. With a whole one (Fay & Feuer's choice)
 * quadratic-weighted measures over-cover (97% to 98%) when two-level disagreements never occur;
 * with 0.1 to 0.2 they under-cover (88% to 93%) at 50 submissions when 3% of pairs are two levels
 * apart, since then no such pair is seen in one data set out of five.
 */
const PSEUDO_UNIT = 0.5;

export const SCORE_METHOD_PROPORTION = 'wilson';
export const SCORE_METHOD_CLUSTER = 'wilson, cluster-adjusted (ratio estimator)';
export const SCORE_METHOD_RATIO = 'score (Fieller ratio of disagreements, Wilson-type variance)';
export const SCORE_METHOD_RATIO_CONSTRAINED = 'score (Fieller ratio of disagreements, constrained-ML variance)';

/**
 * How the variance of the units' disagreement d is taken at a hypothesised D_o:
 * - `scaled`: D (c - D) with c = E[d^2] / E[d] fixed at its estimate, as if every disagreeing unit
 *   had the mean size c (Wilson's variance for two sizes, 0 and 1);
 * - `constrained`: the variance of d under the distribution over the observed sizes that is closest
 *   to the data (maximum likelihood) among those whose mean is D (the restricted MLE of a score
 *   test, as in Miettinen & Nurminen 1985): a larger D moves weight to the larger disagreements
 *   rather than scaling them all, so the interval follows the skew of a mean of a few rare large
 *   disagreements and many small ones. Identical to `scaled` when only one size of disagreement
 *   is possible.
 */
export type UnitVariance = 'scaled' | 'constrained';

/**
 * A score interval for a measure 1 - R with R = D_o / D_e (Fieller 1954 for the ratio; the
 * variance of D_o is taken at the hypothesised value, as in Wilson 1927, not at the estimate).
 *
 * The set of R with (D_o - R D_e)^2 <= z^2 Var(D_o - R D_e) where
 * - Var(D_o) at the hypothesis is the compound-Bernoulli variance D (c - D) / n2, D = R D_e,
 *   c = E[d^2] / E[d] the mean size of a unit's disagreement (1 for exact agreement of two raters,
 *   so that percent agreement of two raters gets Wilson's interval exactly); when no unit
 *   disagrees, c is the disagreement of one rating one level off (the least a unit can show);
 * - for the upper limit of R only, c also counts half a unit with the next larger disagreement
 *   than any observed (`PSEUDO_UNIT`);
 * - Cov(D_o, D_e) scales with R and Var(D_e) is the linearised (delta-method) variance;
 * - every variance is the linearisation of a ratio estimator over all units, so units rated once
 *   (which enter D_e but not D_o) count as what they are, not through irrCAC's n / n2 constant.
 * The inequality is quadratic in R; its roots give the interval, clipped to [lower, upper].
 * Returns null when D_e is 0 or no unit is paired (the measure is undefined).
 */
export function ratioScoreInterval(
  table: RatingTable,
  form: DisagreementRatio,
  value: number,
  range: { lower: number; upper: number },
  level = CONFIDENCE,
  variance: UnitVariance = 'scaled',
): { lo: number; hi: number } | null {
  const k = table.raterCount;
  const dims = form.dims;
  const rows = table.distinctCount;
  const contributions = new Float64Array(rows * dims);
  const totals = new Float64Array(dims);
  let paired = 0;
  let pairedRatings = 0;
  const levelUse = new Float64Array(table.categories.length);
  for (let d = 0; d < rows; d++) {
    const m = table.multiplicity[d];
    if (m === 0) continue;
    const row = table.rows.subarray(d * k, (d + 1) * k);
    const out = contributions.subarray(d * dims, (d + 1) * dims);
    form.add(row, out);
    for (let j = 0; j < dims; j++) totals[j] += m * out[j];
    if (form.paired(row)) {
      paired += m;
      for (let j = 0; j < k; j++) {
        if (row[j] >= 0) {
          pairedRatings += m;
          levelUse[row[j]] += m;
        }
      }
    }
  }
  if (paired === 0 || !Number.isFinite(value)) return null;
  const { expected } = form.parts(totals);
  if (!(expected > 1e-12)) return null;
  const gradObserved = new Float64Array(dims);
  const gradExpected = new Float64Array(dims);
  gradient(form, totals, gradObserved, gradExpected);

  let varExpected = 0;
  let covariance = 0;
  const { observed } = form.parts(totals);
  // first and second moments of the units' disagreement d = D_o + n2 * (influence on D_o)
  let sizeSum = 0;
  let sizeSquares = 0;
  let largest = 0;
  const support: SupportPoint[] = [];
  for (let d = 0; d < rows; d++) {
    const m = table.multiplicity[d];
    if (m === 0) continue;
    let go = 0;
    let ge = 0;
    for (let j = 0; j < dims; j++) {
      go += gradObserved[j] * contributions[d * dims + j];
      ge += gradExpected[j] * contributions[d * dims + j];
    }
    varExpected += m * ge * ge;
    covariance += m * go * ge;
    if (!form.paired(table.rows.subarray(d * k, (d + 1) * k))) continue;
    const size = Math.max(0, observed + paired * go);
    sizeSum += m * size;
    sizeSquares += m * size * size;
    support.push({ size, weight: m });
    if (size > 1e-9) largest = Math.max(largest, size);
  }

  const ratio = 1 - value;
  const a = expected;
  const b = ratio * a;
  const sizes = disagreementSizes(table, form, totals, gradObserved, paired, pairedRatings, levelUse);
  const smallest = sizes.length > 0 ? sizes[0] : 0;
  const size = sizeSum > 1e-12 ? Math.max(sizeSquares / sizeSum, smallest) : smallest;
  // After Fay & Feuer (1997) for weighted sums of counts: the upper limit of D_o counts half a
  // unit more with the next larger disagreement than any observed, so that rare large
  // disagreements that happened not to occur (two levels apart under quadratic weights) do not
  // make the measure's lower limit too high.
  // the unseen disagreement is one pair of ratings: with r ratings a unit has r (r - 1) / 2 pairs,
  // and the hypothetical unit of `disagreementSizes` holds r - 1 disagreeing pairs
  const nextUnit = sizes.find((s) => s > largest * (1 + 1e-9));
  const next = nextUnit === undefined ? undefined : nextUnit / (Math.max(2, Math.min(k, Math.round(pairedRatings / paired))) - 1);
  const sizeUp = next === undefined ? size : Math.max(size, (sizeSquares + PSEUDO_UNIT * next * next) / (sizeSum + PSEUDO_UNIT * next));
  const z2 = zCritical(level) ** 2;
  const covSlope = b > 1e-12 && ratio > 1e-12 ? covariance / ratio : 0;
  let ratioLo = Math.min(scoreRoots(a, b, size, paired, z2, covSlope, varExpected)[0], ratio);
  let ratioHi = Math.max(scoreRoots(a, b, sizeUp, paired, z2, covSlope, varExpected)[1], ratio);
  if (variance === 'constrained') {
    // the same pseudo units, as support points: the smallest disagreement when none was observed,
    // and, for the upper limit of D_o, the next larger one than any observed
    const base = largest > 1e-9 || !(smallest > 0) ? support : [...support, { size: smallest, weight: PSEUDO_UNIT }];
    const up = next === undefined ? base : [...base, { size: next, weight: PSEUDO_UNIT }];
    // positive where the hypothesis R is rejected: (D_o - R D_e)^2 > z^2 Var(D_o - R D_e)
    const rejection = (R: number, points: SupportPoint[]) => {
      const hypothesis = R * a;
      const spread = constrainedVariance(points, hypothesis) / paired - 2 * R * R * covSlope + R * R * varExpected;
      return (b - hypothesis) ** 2 - z2 * Math.max(0, spread);
    };
    const reach = 1 - range.lower;
    ratioHi = ratio >= reach ? ratio : boundary(ratio, reach, (R) => rejection(R, up));
    ratioLo = b <= 1e-15 ? 0 : boundary(ratio, 0, (R) => rejection(R, base));
  }
  const lo = Math.max(range.lower, 1 - ratioHi);
  const hi = Math.min(range.upper, 1 - ratioLo);
  if (!(hi > lo)) return null;
  return { lo, hi };
}

/**
 * The roots of (b - R a)^2 = z2 [ (R a size - R^2 a^2) / n2 - 2 R^2 covSlope + R^2 varExpected ],
 * a quadratic A R^2 - B R + C = 0 whose non-negative solutions bound R.
 */
function scoreRoots(a: number, b: number, size: number, paired: number, z2: number, covSlope: number, varExpected: number): [number, number] {
  const A = a * a * (1 + z2 / paired) + z2 * (2 * covSlope - varExpected);
  const B = 2 * a * b + (z2 * a * size) / paired;
  const C = b * b;
  const root = Math.sqrt(Math.max(0, B * B - 4 * A * C));
  if (A > 1e-15) return [Math.max(0, (B - root) / (2 * A)), (B + root) / (2 * A)];
  // Fieller's open case: the set is unbounded above and the interval reaches the range's end
  if (A < -1e-15) return [Math.max(0, (B - root) / (2 * A)), Number.POSITIVE_INFINITY];
  return [B > 0 ? C / B : 0, Number.POSITIVE_INFINITY];
}

/** Central differences of D_o and D_e in every total (the parts are rational, so this is exact to ~1e-9). */
function gradient(form: DisagreementRatio, totals: Float64Array, gradObserved: Float64Array, gradExpected: Float64Array): void {
  let scale = 0;
  for (const t of totals) scale = Math.max(scale, Math.abs(t));
  const probe = Float64Array.from(totals);
  for (let j = 0; j < totals.length; j++) {
    const h = 1e-5 * scale;
    probe[j] = totals[j] + h;
    const up = form.parts(probe);
    probe[j] = totals[j] - h;
    const down = form.parts(probe);
    probe[j] = totals[j];
    gradObserved[j] = (up.observed - down.observed) / (2 * h);
    gradExpected[j] = (up.expected - down.expected) / (2 * h);
  }
}

/**
 * The disagreements a single unit can add when one of its ratings sits off the others (the most
 * used level against each other level), in the units of D_o (D_o plus n2 times the unit's
 * influence on D_o), positive ones only, smallest first. The smallest stands in for the mean size
 * of a disagreement when no unit disagrees; the next one above those observed feeds the upper limit.
 */
function disagreementSizes(
  table: RatingTable,
  form: DisagreementRatio,
  totals: Float64Array,
  gradObserved: Float64Array,
  paired: number,
  pairedRatings: number,
  levelUse: Float64Array,
): number[] {
  const k = table.raterCount;
  const q = table.categories.length;
  let modal = 0;
  for (let c = 1; c < q; c++) if (levelUse[c] > levelUse[modal]) modal = c;
  const ratings = Math.max(2, Math.min(k, Math.round(pairedRatings / paired)));
  const { observed } = form.parts(totals);
  const row = new Int32Array(k);
  const contribution = new Float64Array(form.dims);
  const sizes: number[] = [];
  for (let other = 0; other < q; other++) {
    if (other === modal) continue;
    row.fill(-1);
    for (let j = 0; j < ratings; j++) row[j] = modal;
    row[ratings - 1] = other;
    contribution.fill(0);
    form.add(row, contribution);
    let influence = 0;
    for (let j = 0; j < form.dims; j++) influence += gradObserved[j] * contribution[j];
    const size = observed + paired * influence;
    if (size > 1e-9) sizes.push(size);
  }
  return sizes.sort((x, y) => x - y);
}

interface SupportPoint {
  size: number;
  weight: number;
}

/**
 * The variance of d under the distribution over the support points closest to their weights
 * (maximum likelihood, weights as counts) whose mean is `mean`: p_j = w_j / (W + lambda (s_j - mean)),
 * lambda the root of sum_j w_j (s_j - mean) / (W + lambda (s_j - mean)) = 0, which decreases in
 * lambda on the interval where every p_j is positive. 0 when `mean` is not inside the sizes' range
 * (no distribution on them has that mean, and the hypothesis is rejected unless it is the estimate).
 */
export function constrainedVariance(points: readonly SupportPoint[], mean: number): number {
  let smallest = Number.POSITIVE_INFINITY;
  let largest = Number.NEGATIVE_INFINITY;
  let total = 0;
  for (const { size, weight } of points) {
    if (!(weight > 0)) continue;
    smallest = Math.min(smallest, size);
    largest = Math.max(largest, size);
    total += weight;
  }
  const margin = 1e-12 * Math.max(1, Math.abs(largest));
  if (!(mean > smallest + margin && mean < largest - margin)) return 0;
  const slope = (lambda: number) => {
    let sum = 0;
    for (const { size, weight } of points) if (weight > 0) sum += (weight * (size - mean)) / (total + lambda * (size - mean));
    return sum;
  };
  let low = -total / (largest - mean);
  let high = total / (mean - smallest);
  for (let step = 0; step < 200 && high - low > 1e-12 * (Math.abs(low) + Math.abs(high)); step++) {
    const mid = (low + high) / 2;
    if (slope(mid) > 0) low = mid;
    else high = mid;
  }
  const lambda = (low + high) / 2;
  let mass = 0;
  let squares = 0;
  for (const { size, weight } of points) {
    if (!(weight > 0)) continue;
    const p = weight / (total + lambda * (size - mean));
    mass += p;
    squares += p * (size - mean) ** 2;
  }
  return squares / mass;
}

/**
 * The first R from `start` towards `end` where `rejection` turns positive (bracketed by steps that
 * double, then bisected), or `end` itself (the range's end: Fieller's open case) when it never does.
 */
function boundary(start: number, end: number, rejection: (R: number) => number): number {
  const direction = Math.sign(end - start);
  const span = Math.abs(end - start);
  if (direction === 0) return start;
  let inside = start;
  let step = Math.min(span, Math.max(1e-6, 0.05 * Math.abs(start)));
  for (;;) {
    const probe: number = Math.abs(inside + direction * step - start) >= span ? end : inside + direction * step;
    if (rejection(probe) > 0) break;
    if (probe === end) return direction > 0 ? Number.POSITIVE_INFINITY : end;
    inside = probe;
    step *= 2;
  }
  let outside: number = Math.abs(inside + direction * step - start) >= span ? end : inside + direction * step;
  for (let i = 0; i < 60 && Math.abs(outside - inside) > 1e-12; i++) {
    const mid: number = (inside + outside) / 2;
    if (rejection(mid) > 0) outside = mid;
    else inside = mid;
  }
  return (inside + outside) / 2;
}
