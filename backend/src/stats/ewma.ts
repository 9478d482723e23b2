/**
 * The two-sided EWMA chart (Roberts 1959) with exact, time-varying limits, as the severity-drift
 * rule runs it on the signed normalised deviation of an assessor's level from the true level.
 *
 * Definitions and reference traces: DRIFT.md section 3 and drift-cases.json (`ewma`).
 */

export interface EwmaOptions {
  /** the smoothing weight lambda, in (0, 1] (0.10 in the product) */
  lambda: number;
  /** the width of the limits in standard deviations of z (2.8143 in the product) */
  L: number;
  /** the in-control standard deviation of one observation */
  sigma0: number;
}

export type EwmaSide = 'upper' | 'lower';

/** The chart over a sequence, in the shape of drift-cases.json's `ewma.sequences[].expected`. */
export interface EwmaTrace {
  /** the observations charted */
  d: number[];
  /** z_t per observation (z_0 = 0 is not listed) */
  z: number[];
  /** +L sigma_t per observation */
  ucl: number[];
  /** -L sigma_t per observation */
  lcl: number[];
  /** the first t (numbered from 1) outside the limits and on which side, or null */
  first_alarm: { index: number; side: EwmaSide } | null;
  /** every t outside the limits: the trace is not reset after an alarm */
  alarms: number[];
  /** where the first alarm would fall with the asymptotic limits +-L sigma0 sqrt(lambda / (2 - lambda)) */
  first_alarm_with_asymptotic_limits: number | null;
}

/** One rated row as the severity chart sees it: its number of levels, the assessor's and the true level. */
export interface DeviationObservation {
  /** k, the number of levels (at least 2) */
  k: number;
  /** the assessor's level, as a position on the row's scale (1 to k, or 0 to k - 1) */
  level: number;
  /** the true level, on the same positions */
  trueLevel: number;
}

/**
 * d = (level - true level) / (k - 1): in [-1, 1], positive when the assessor is more lenient
 * (scores higher) than the true level. Throws a RangeError for k below 2 or a distance above k - 1.
 *
 * @example normalisedDeviation({ k: 4, level: 3, trueLevel: 2 }) // 1/3
 */
export function normalisedDeviation(observation: DeviationObservation): number {
  const { k, level, trueLevel } = observation;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be a whole number of at least 2, got ${k}`);
  if (!Number.isInteger(level) || !Number.isInteger(trueLevel) || Math.abs(level - trueLevel) > k - 1) {
    throw new RangeError(`levels ${level} and ${trueLevel} are not positions on a scale of ${k} levels`);
  }
  return (level - trueLevel) / (k - 1);
}

/**
 * sigma_t = sigma0 sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2t))), the exact standard
 * deviation of z_t when z_0 = 0; t = Infinity gives the asymptotic value.
 */
export function ewmaSigma(t: number, options: Pick<EwmaOptions, 'lambda' | 'sigma0'>): number {
  const { lambda, sigma0 } = options;
  const share = t === Number.POSITIVE_INFINITY ? 1 : 1 - Math.pow(1 - lambda, 2 * t);
  return sigma0 * Math.sqrt((lambda / (2 - lambda)) * share);
}

/**
 * Runs the chart: z_0 = 0, z_t = lambda d_t + (1 - lambda) z_{t-1}, limits +-L sigma_t around the
 * target 0, an alarm at every t with z_t > ucl_t (upper: lenient) or z_t < lcl_t (lower: severe),
 * strictly. The trace is not reset after an alarm; a caller that restarts it passes only the
 * observations since.
 *
 * Throws a RangeError for lambda outside (0, 1], L or sigma0 not positive and finite, or an
 * observation that is not finite.
 *
 * Cost: O(n).
 */
export function ewmaChart(deviations: readonly number[], options: EwmaOptions): EwmaTrace {
  checkOptions(options);
  const { lambda, L } = options;
  const asymptotic = L * ewmaSigma(Number.POSITIVE_INFINITY, options);
  const d: number[] = [];
  const z: number[] = [];
  const ucl: number[] = [];
  const lcl: number[] = [];
  const alarms: number[] = [];
  let first: EwmaTrace['first_alarm'] = null;
  let firstAsymptotic: number | null = null;
  let value = 0;
  deviations.forEach((deviation, index) => {
    if (!Number.isFinite(deviation)) throw new RangeError(`observation ${index + 1} is not a finite number`);
    const t = index + 1;
    value = lambda * deviation + (1 - lambda) * value;
    const limit = L * ewmaSigma(t, options);
    d.push(deviation);
    z.push(value);
    ucl.push(limit);
    lcl.push(-limit);
    const side: EwmaSide | null = value > limit ? 'upper' : value < -limit ? 'lower' : null;
    if (side !== null) {
      alarms.push(t);
      first ??= { index: t, side };
    }
    if (firstAsymptotic === null && Math.abs(value) > asymptotic) firstAsymptotic = t;
  });
  return { d, z, ucl, lcl, first_alarm: first, alarms, first_alarm_with_asymptotic_limits: firstAsymptotic };
}

/** The pooled within-group standard deviation of a set of groups (each group one assessor's values). */
export interface PooledDeviation {
  /** sqrt(sum over groups of sum (x - group mean)^2 / (n - groups)); null when n - groups < 1 */
  sd: number | null;
  /** values over every non-empty group */
  n: number;
  /** non-empty groups */
  groups: number;
}

/**
 * The pooled within-group standard deviation: each group is centred on its own mean, so a group's
 * constant offset (an assessor's own severity) does not inflate it.
 *
 * @example pooledStandardDeviation([[0, 1], [2, 4]]).sd // sqrt((0.5 + 2) / 2)
 */
export function pooledStandardDeviation(groups: readonly (readonly number[])[]): PooledDeviation {
  let squares = 0;
  let n = 0;
  let count = 0;
  for (const group of groups) {
    if (group.length === 0) continue;
    count++;
    n += group.length;
    const mean = group.reduce((sum, value) => sum + value, 0) / group.length;
    for (const value of group) squares += (value - mean) ** 2;
  }
  const df = n - count;
  return { sd: df < 1 ? null : Math.sqrt(squares / df), n, groups: count };
}

export interface EwmaArlInput {
  lambda: number;
  L: number;
  /** the mean of each observation in units of sigma0 (0 in control) */
  shift: number;
  /** `asymptotic`: fixed limits +-L sigma0 sqrt(lambda / (2 - lambda)); `exact`: the time-varying limits */
  limits: 'asymptotic' | 'exact';
  /** Gauss-Legendre nodes of the Nystrom solution (default 64; 40 already agree with 200 to 1e-12) */
  nodes?: number;
}

/**
 * The zero-state average run length of the chart under normal observations N(shift sigma0,
 * sigma0^2), z_0 = 0 (the normal theory of DRIFT.md: R spc's `xewma.arl(lambda, L, shift, sided =
 * "two")`, with `limits = "vacl"` for the exact limits).
 *
 * Fixed limits: the Nystrom solution of the integral equation
 * ARL(z) = 1 + int_{-c}^{c} (1/lambda) phi((y - (1 - lambda) z) / lambda - shift) ARL(y) dy,
 * c = L sqrt(lambda / (2 - lambda)), on Gauss-Legendre nodes. Exact limits: the sub-density of
 * z_t is propagated through the time-varying limits c_t until they equal c in floating point
 * (or 2,000 steps), summing P(RL > t), then the fixed-limit ARL function finishes the run.
 *
 * @example ewmaArl({ lambda: 0.1, L: 2.8143, shift: 0, limits: 'asymptotic' }) // 499.98643698...
 */
export function ewmaArl(input: EwmaArlInput): number {
  const { lambda, L, shift } = input;
  checkOptions({ lambda, L, sigma0: 1 });
  if (!Number.isFinite(shift)) throw new RangeError(`the shift must be finite, got ${shift}`);
  const r = input.nodes ?? 64;
  if (!Number.isInteger(r) || r < 2) throw new RangeError(`the number of nodes must be a whole number of at least 2, got ${r}`);
  const c = L * Math.sqrt(lambda / (2 - lambda));
  const rule = gaussLegendre(r);
  const kernel = (from: number, to: number) => normalDensity((to - (1 - lambda) * from) / lambda - shift) / lambda;

  // the fixed-limit ARL at the nodes of [-c, c]
  const nodes = rule.nodes.map((x) => c * x);
  const weights = rule.weights.map((w) => c * w);
  const matrix = nodes.map((from, i) => nodes.map((to, j) => (i === j ? 1 : 0) - weights[j] * kernel(from, to)));
  const fixed = solve(
    matrix,
    nodes.map(() => 1),
  );

  if (input.limits === 'asymptotic') {
    let arl = 1;
    nodes.forEach((to, j) => (arl += weights[j] * kernel(0, to) * fixed[j]));
    return arl;
  }

  // exact limits: f_1 on [-c_1, c_1], then f_{t+1}(y) = int f_t(z) kernel(z, y) dz
  const limit = (t: number) => L * ewmaSigma(t, { lambda, sigma0: 1 });
  let t = 1;
  let width = limit(1);
  let points = rule.nodes.map((x) => width * x);
  let density = points.map((y) => kernel(0, y));
  let arl = 1; // P(RL > 0)
  const maxSteps = 2000;
  while (true) {
    let survive = 0;
    points.forEach((_, j) => (survive += rule.weights[j] * width * density[j]));
    if (width === c || t >= maxSteps) {
      // P(RL > t) = survive is counted inside the fixed-limit ARL of the rest: E[RL - t | alive at t]
      let rest = 0;
      points.forEach((point, j) => (rest += rule.weights[j] * width * density[j] * fixedArlAt(point)));
      return arl + rest;
    }
    arl += survive;
    const nextWidth = limit(t + 1);
    const nextPoints = rule.nodes.map((x) => nextWidth * x);
    const nextDensity = nextPoints.map((y) => {
      let sum = 0;
      for (let j = 0; j < r; j++) sum += rule.weights[j] * width * density[j] * kernel(points[j], y);
      return sum;
    });
    t++;
    width = nextWidth;
    points = nextPoints;
    density = nextDensity;
  }

  /** ARL(z) of the fixed-limit chart by the Nystrom interpolation formula */
  function fixedArlAt(from: number): number {
    let value = 1;
    nodes.forEach((to, j) => (value += weights[j] * kernel(from, to) * fixed[j]));
    return value;
  }
}

function checkOptions(options: EwmaOptions): void {
  if (!Number.isFinite(options.lambda) || options.lambda <= 0 || options.lambda > 1) throw new RangeError(`lambda must be in (0, 1], got ${options.lambda}`);
  if (!Number.isFinite(options.L) || options.L <= 0) throw new RangeError(`L must be positive and finite, got ${options.L}`);
  if (!Number.isFinite(options.sigma0) || options.sigma0 <= 0) throw new RangeError(`sigma0 must be positive and finite, got ${options.sigma0}`);
}

function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Gauss-Legendre nodes and weights on [-1, 1] (Newton's method on P_n). */
function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let degree = 2; degree <= n; degree++) {
        const next = ((2 * degree - 1) * x * current - (degree - 1) * previous) / degree;
        previous = current;
        current = next;
      }
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  return { nodes, weights };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is overwritten). */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const b = [...rhs];
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(matrix[row][column]) > Math.abs(matrix[pivot][column])) pivot = row;
    [matrix[column], matrix[pivot]] = [matrix[pivot], matrix[column]];
    [b[column], b[pivot]] = [b[pivot], b[column]];
    const head = matrix[column];
    for (let row = column + 1; row < n; row++) {
      const factor = matrix[row][column] / head[column];
      if (factor === 0) continue;
      const target = matrix[row];
      for (let k = column; k < n; k++) target[k] -= factor * head[k];
      b[row] -= factor * b[column];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row];
    for (let k = row + 1; k < n; k++) sum -= matrix[row][k] * x[k];
    x[row] = sum / matrix[row][row];
  }
  return x;
}
