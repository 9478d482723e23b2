/**
 * Joint maximum likelihood for the many-facet rating-scale model (MFRM.md sections 2, 3 and 5):
 * PROX starting values, then Newton-Raphson on the free parameters with step halving.
 *
 * The free parameters are every submission measure B_n and a small block phi: the rows' D
 * (centred), the raters' C (centred, or all but the anchor) and the thresholds F (sum zero).
 * Each rating involves exactly one submission, so the B-B block of the information matrix is
 * diagonal and the Newton system is solved through the Schur complement of that block: the cost of
 * an iteration is linear in the number of ratings and cubic only in the size of phi.
 */
import type { RetainedDesign } from './mfrm-design.js';
import { MfrmInputError, type MfrmIteration } from './mfrm-types.js';

export interface Parameters {
  /** submission measures */
  B: Float64Array;
  /** the small block in full coordinates: D_1..D_I, then C_1..C_J, then F_1..F_m */
  s: Float64Array;
}

export interface EstimationSettings {
  anchor: { index: number; value: number } | null;
  maxIterations: number;
  changeTolerance: number;
  gradientTolerance: number;
  onIteration?: (progress: MfrmIteration) => void;
}

export interface Estimation extends Parameters {
  converged: boolean;
  iterations: number;
  loglik: number;
}

/** The free coordinates phi of the small block: s = T phi + s0. */
interface Constraint {
  /** q = I + J + m full coordinates */
  q: number;
  /** p free coordinates */
  p: number;
  /** q x p, row-major */
  T: Float64Array;
  s0: Float64Array;
  /** for each free coordinate, the full coordinate it is read from */
  source: Int32Array;
  /** T by rows, sparse: row r's entries are cols/vals[rowStart[r] .. rowStart[r + 1]) */
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

function constraint(I: number, J: number, m: number, anchor: EstimationSettings['anchor']): Constraint {
  const q = I + J + m;
  const p = I - 1 + (J - 1) + (m - 1);
  const T = new Float64Array(q * p);
  const s0 = new Float64Array(q);
  const source = new Int32Array(p);
  let col = 0;
  // A centred block of size k at offset `at`: the first k - 1 are free, the last is minus their sum.
  const centred = (at: number, k: number) => {
    for (let i = 0; i < k - 1; i++, col++) {
      T[(at + i) * p + col] = 1;
      T[(at + k - 1) * p + col] = -1;
      source[col] = at + i;
    }
  };
  centred(0, I);
  if (anchor) {
    s0[I + anchor.index] = anchor.value;
    for (let j = 0; j < J; j++) {
      if (j === anchor.index) continue;
      T[(I + j) * p + col] = 1;
      source[col++] = I + j;
    }
  } else centred(I, J);
  centred(I + J, m);
  const rowStart = new Int32Array(q + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < q; r++) {
    for (let a = 0; a < p; a++) {
      if (T[r * p + a] === 0) continue;
      cols.push(a);
      vals.push(T[r * p + a]);
    }
    rowStart[r + 1] = cols.length;
  }
  return { q, p, T, s0, source, rowStart, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

/** Workspace for one pass over the ratings with derivatives (full coordinates of the small block). */
class Derivatives {
  readonly gB: Float64Array;
  readonly hBB: Float64Array;
  /** submissions x q, row-major */
  readonly hBS: Float64Array;
  readonly gS: Float64Array;
  readonly hSS: Float64Array;
  /** per (row, rater) cell: the summed W and the summed c_l, expanded into hSS after the pass */
  readonly cellW: Float64Array;
  readonly cellC: Float64Array;
  readonly FF: Float64Array;

  constructor(
    readonly N: number,
    readonly I: number,
    readonly J: number,
    readonly m: number,
  ) {
    const q = I + J + m;
    this.gB = new Float64Array(N);
    this.hBB = new Float64Array(N);
    this.hBS = new Float64Array(N * q);
    this.gS = new Float64Array(q);
    this.hSS = new Float64Array(q * q);
    this.cellW = new Float64Array(I * J);
    this.cellC = new Float64Array(I * J * m);
    this.FF = new Float64Array(m * m);
  }

  reset(): void {
    for (const a of [this.gB, this.hBB, this.hBS, this.gS, this.hSS, this.cellW, this.cellC, this.FF]) a.fill(0);
  }

  /** Expands the per-cell sums into the D, C and F blocks of hSS. */
  finish(): void {
    const { I, J, m, hSS, cellW, cellC, FF } = this;
    const q = I + J + m;
    const F0 = I + J;
    for (let i = 0; i < I; i++) {
      for (let j = 0; j < J; j++) {
        const w = cellW[i * J + j];
        const c = I + j;
        hSS[i * q + i] += w;
        hSS[c * q + c] += w;
        hSS[i * q + c] += w;
        hSS[c * q + i] += w;
        for (let l = 0; l < m; l++) {
          const v = cellC[(i * J + j) * m + l];
          hSS[i * q + F0 + l] += v;
          hSS[(F0 + l) * q + i] += v;
          hSS[c * q + F0 + l] += v;
          hSS[(F0 + l) * q + c] += v;
        }
      }
    }
    // FF holds the upper triangle (k >= l) only
    for (let l = 0; l < m; l++) {
      for (let k = l; k < m; k++) {
        hSS[(F0 + l) * q + F0 + k] += FF[l * m + k];
        if (k !== l) hSS[(F0 + k) * q + F0 + l] += FF[l * m + k];
      }
    }
  }
}

/**
 * The log-likelihood of the retained ratings at (B, s), with its gradient and information matrix
 * (minus the Hessian) in full coordinates written into `d`.
 */
function evaluate(design: RetainedDesign, B: Float64Array, s: Float64Array, d: Derivatives): number {
  const sub = design.sub;
  const row = design.row;
  const rater = design.rater;
  const category = design.category;
  const m = design.steps;
  const I = design.rows.length;
  const J = design.raters.length;
  const q = I + J + m;
  const F0 = I + J;
  const Phi = new Float64Array(m + 1);
  for (let k = 1; k <= m; k++) Phi[k] = Phi[k - 1] + s[F0 + k - 1];
  // exp(-F_k), for the products exp(k eta - Phi_k) = prod_{l <= k} exp(eta) exp(-F_l)
  const stepFactor = new Float64Array(m + 1);
  let largestPhi = 0;
  for (let k = 1; k <= m; k++) {
    stepFactor[k] = Math.exp(-s[F0 + k - 1]);
    largestPhi = Math.max(largestPhi, Math.abs(Phi[k]));
  }
  // Below this |eta| the products cannot overflow or underflow (e^600 < 1e261)
  const safeEta = (600 - largestPhi) / m;
  const P = new Float64Array(m + 1);
  const tail = new Float64Array(m + 1);
  const cov = new Float64Array(m + 1);
  d.reset();
  const gB = d.gB;
  const hBB = d.hBB;
  const hBS = d.hBS;
  const gS = d.gS;
  const cellW = d.cellW;
  const cellC = d.cellC;
  const FF = d.FF;
  let loglik = 0;
  const n = category.length;
  for (let o = 0; o < n; o++) {
    const b = sub[o];
    const i = row[o];
    const j = rater[o];
    const x = category[o];
    const eta = B[b] - s[i] - s[I + j];
    let sum = 1;
    let max = 0;
    P[0] = 1;
    if (Math.abs(eta) < safeEta) {
      // one exponential: P_k proportional to prod_{l <= k} exp(eta - F_l)
      const u = Math.exp(eta);
      let w = 1;
      for (let k = 1; k <= m; k++) {
        w *= u * stepFactor[k];
        P[k] = w;
        sum += w;
      }
    } else {
      // psi_k = k eta - Phi_k, shifted by its maximum before exponentiating
      for (let k = 1; k <= m; k++) {
        const v = k * eta - Phi[k];
        if (v > max) max = v;
      }
      sum = 0;
      for (let k = 0; k <= m; k++) {
        const e = Math.exp(k * eta - Phi[k] - max);
        P[k] = e;
        sum += e;
      }
    }
    loglik += x * eta - Phi[x] - max - Math.log(sum);
    const inv = 1 / sum;
    let E = 0;
    let E2 = 0;
    for (let k = 1; k <= m; k++) {
      const pk = P[k] * inv;
      P[k] = pk;
      E += k * pk;
      E2 += k * k * pk;
    }
    const W = E2 - E * E;
    const residual = x - E;
    // tail[l] = P(x >= l), cov[l] = Cov(k, 1{k >= l}) = sum_{k >= l} P_k (k - E)
    let t = 0;
    let c = 0;
    for (let k = m; k >= 1; k--) {
      t += P[k];
      c += P[k] * (k - E);
      tail[k] = t;
      cov[k] = c;
    }
    gB[b] += residual;
    hBB[b] += W;
    gS[i] -= residual;
    gS[I + j] -= residual;
    const base = b * q;
    hBS[base + i] -= W;
    hBS[base + I + j] -= W;
    const cell = i * J + j;
    cellW[cell] += W;
    const cellBase = cell * m - 1;
    for (let l = 1; l <= m; l++) {
      const tl = tail[l];
      gS[F0 + l - 1] += x >= l ? tl - 1 : tl;
      hBS[base + F0 + l - 1] -= cov[l];
      cellC[cellBase + l] += cov[l];
      const rowF = (l - 1) * m - 1;
      for (let k = l; k <= m; k++) FF[rowF + k] += tail[k] * (1 - tl);
    }
  }
  d.finish();
  return loglik;
}

/** Solves A x = b for a symmetric positive definite A (p x p) by Cholesky; null when it is not. */
function solveCholesky(A: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(A[i * p + i]));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * p + j];
      for (let k = 0; k < j; k++) sum -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(scale, 1e-300))) return null;
        L[i * p + i] = Math.sqrt(sum);
      } else L[i * p + j] = sum / L[j * p + j];
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= L[i * p + k] * y[k];
    y[i] = sum / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < p; k++) sum -= L[k * p + i] * x[k];
    x[i] = sum / L[i * p + i];
  }
  return x;
}

/**
 * The Newton step (H^-1 g) in free coordinates from the derivatives of one pass; null when the
 * information matrix is singular.
 */
function newtonStep(d: Derivatives, con: Constraint): { dB: Float64Array; dPhi: Float64Array } | null {
  const { N } = d;
  const { q, p, T } = con;
  // Free-coordinate gradient and information of the small block: g = T' gS, G = T' hSS T.
  const { rowStart, cols, vals } = con;
  const g = new Float64Array(p);
  for (let r = 0; r < q; r++) for (let z = rowStart[r]; z < rowStart[r + 1]; z++) g[cols[z]] += vals[z] * d.gS[r];
  const HT = new Float64Array(q * p);
  for (let r = 0; r < q; r++) {
    for (let a = 0; a < p; a++) {
      let sum = 0;
      for (let k = 0; k < q; k++) sum += d.hSS[r * q + k] * T[k * p + a];
      HT[r * p + a] = sum;
    }
  }
  const S = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let sum = 0;
      for (let r = 0; r < q; r++) sum += T[r * p + a] * HT[r * p + b];
      S[a * p + b] = sum;
    }
  }
  // Schur complement of the diagonal B block: S = G - E' D^-1 E, r = g - E' D^-1 gB, E_n = hBS_n T.
  const E = new Float64Array(N * p);
  const r = Float64Array.from(g);
  const hBS = d.hBS;
  const hBB = d.hBB;
  const gB = d.gB;
  for (let n = 0; n < N; n++) {
    const base = n * q;
    const at = n * p;
    for (let k = 0; k < q; k++) {
      const h = hBS[base + k];
      if (h === 0) continue;
      for (let z = rowStart[k]; z < rowStart[k + 1]; z++) E[at + cols[z]] += h * vals[z];
    }
    const inv = 1 / hBB[n];
    const gn = gB[n];
    for (let a = 0; a < p; a++) {
      const ea = E[at + a] * inv;
      if (ea === 0) continue;
      r[a] -= ea * gn;
      const rowS = a * p;
      for (let b = a; b < p; b++) S[rowS + b] -= ea * E[at + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) S[a * p + b] = S[b * p + a];
  let dPhi: Float64Array;
  if (p === 0) dPhi = new Float64Array(0);
  else {
    const solved = solveCholesky(S, r, p);
    if (solved === null) return null;
    dPhi = solved;
  }
  const dB = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let sum = gB[n];
    const at = n * p;
    for (let a = 0; a < p; a++) sum -= E[at + a] * dPhi[a];
    dB[n] = sum / hBB[n];
  }
  return { dB, dPhi };
}

/** PROX starting values (MFRM.md section 5), already satisfying the constraints. */
function prox(design: RetainedDesign, anchor: EstimationSettings['anchor']): Parameters {
  const { sub, row, rater, category } = design;
  const m = design.steps;
  const N = design.submissions.length;
  const I = design.rows.length;
  const J = design.raters.length;
  const n = category.length;
  const logit = (counts: Float64Array, scores: Float64Array) => counts.map((c, e) => Math.log(scores[e] / (m * c - scores[e])));
  const tally = (column: Int32Array, size: number) => {
    const counts = new Float64Array(size);
    const scores = new Float64Array(size);
    for (let o = 0; o < n; o++) {
      counts[column[o]]++;
      scores[column[o]] += category[o];
    }
    return { counts, scores, l: logit(counts, scores) };
  };
  const subs = tally(sub, N);
  const rows = tally(row, I);
  const raters = tally(rater, J);
  const B = new Float64Array(N);
  const D = new Float64Array(I);
  const C = new Float64Array(J);
  if (anchor) C[anchor.index] = anchor.value;
  const sum = new Float64Array(Math.max(N, I, J));
  const sumSq = new Float64Array(sum.length);
  /**
   * The PROX update of one facet: mean and population variance over each element's ratings of
   * the other facets' sum (`a[x] + sign2 * b[y]`, x and y the other two columns), then
   * target = mean + sign * sqrt(1 + variance / 2.89) * l. Returns the largest change.
   */
  const update = (
    column: Int32Array,
    target: Float64Array,
    counts: Float64Array,
    l: Float64Array,
    sign: number,
    a: Float64Array,
    columnA: Int32Array,
    b: Float64Array,
    columnB: Int32Array,
    signB: number,
  ) => {
    sum.fill(0);
    sumSq.fill(0);
    for (let o = 0; o < n; o++) {
      const v = a[columnA[o]] + signB * b[columnB[o]];
      const e = column[o];
      sum[e] += v;
      sumSq[e] += v * v;
    }
    let change = 0;
    for (let e = 0; e < target.length; e++) {
      const mean = sum[e] / counts[e];
      const variance = Math.max(0, sumSq[e] / counts[e] - mean * mean);
      const next = mean + sign * Math.sqrt(1 + variance / 2.89) * l[e];
      change = Math.max(change, Math.abs(next - target[e]));
      target[e] = next;
    }
    return change;
  };
  const shift = (values: Float64Array, by: number) => {
    for (let e = 0; e < values.length; e++) values[e] -= by;
  };
  const mean = (values: Float64Array) => values.reduce((x, y) => x + y, 0) / values.length;
  for (let round = 0; round < 100; round++) {
    const beforeD = Float64Array.from(D);
    const beforeC = Float64Array.from(C);
    // submissions over D_i + C_j, rows over B_n - C_j, raters over B_n - D_i
    let change = update(sub, B, subs.counts, subs.l, 1, D, row, C, rater, 1);
    update(row, D, rows.counts, rows.l, -1, B, sub, C, rater, -1);
    shift(D, mean(D));
    update(rater, C, raters.counts, raters.l, -1, B, sub, D, row, -1);
    shift(C, anchor ? C[anchor.index] - anchor.value : mean(C));
    for (let i = 0; i < I; i++) change = Math.max(change, Math.abs(D[i] - beforeD[i]));
    for (let j = 0; j < J; j++) change = Math.max(change, Math.abs(C[j] - beforeC[j]));
    if (change < 0.1) break;
  }
  const counts = new Float64Array(m + 1);
  for (let o = 0; o < n; o++) counts[category[o]]++;
  const F = new Float64Array(m);
  for (let k = 1; k <= m; k++) F[k - 1] = Math.log(counts[k - 1] / counts[k]);
  shift(F, mean(F));
  const s = new Float64Array(I + J + m);
  s.set(D, 0);
  s.set(C, I);
  s.set(F, I + J);
  return { B, s };
}

/** Maximises the joint likelihood from the PROX start. */
export function estimate(design: RetainedDesign, settings: EstimationSettings): Estimation {
  const N = design.submissions.length;
  const I = design.rows.length;
  const J = design.raters.length;
  const m = design.steps;
  const con = constraint(I, J, m, settings.anchor);
  const start = prox(design, settings.anchor);
  let B = start.B;
  const phi = new Float64Array(con.p);
  for (let a = 0; a < con.p; a++) phi[a] = start.s[con.source[a]];
  const full = (free: Float64Array) => {
    const s = Float64Array.from(con.s0);
    for (let r = 0; r < con.q; r++) {
      let sum = 0;
      for (let a = 0; a < con.p; a++) sum += con.T[r * con.p + a] * free[a];
      s[r] += sum;
    }
    return s;
  };
  let s = full(phi);
  let d = new Derivatives(N, I, J, m);
  let spare = new Derivatives(N, I, J, m);
  let loglik = evaluate(design, B, s, d);
  let converged = false;
  let iterations = 0;
  let previous: LastStep = { dB: new Float64Array(N), ds: new Float64Array(con.q) };
  while (iterations < settings.maxIterations) {
    iterations++;
    const step = newtonStep(d, con);
    if (step === null) {
      if (iterations === 1) {
        throw new MfrmInputError('not_identified', 'the information matrix is singular: this design does not identify every row, rater and threshold');
      }
      throw diverging(design, previous);
    }
    const { dB, dPhi } = step;
    let largest = 0;
    for (const v of dB) largest = Math.max(largest, Math.abs(v));
    for (const v of dPhi) largest = Math.max(largest, Math.abs(v));
    if (largest > 2) {
      const factor = 2 / largest;
      for (let n = 0; n < N; n++) dB[n] *= factor;
      for (let a = 0; a < con.p; a++) dPhi[a] *= factor;
      largest = 2;
    }
    // Halve the step while the log-likelihood decreases (beyond rounding), at most 30 times.
    const slack = 1e-12 * Math.max(1, Math.abs(loglik));
    const from = B;
    const attempt = (t: number) => {
      const nextB = from.map((b, n) => b + t * dB[n]);
      const nextPhi = phi.map((f, a) => f + t * dPhi[a]);
      const nextS = full(nextPhi);
      return { t, B: nextB, phi: nextPhi, s: nextS, loglik: evaluate(design, nextB, nextS, spare) };
    };
    let next = attempt(1);
    for (let halvings = 0; next.loglik < loglik - slack && halvings < 30; halvings++) next = attempt(next.t / 2);
    const t = next.t;
    B = next.B;
    phi.set(next.phi);
    s = next.s;
    loglik = next.loglik;
    [d, spare] = [spare, d];
    previous = { dB: dB.map((v) => t * v), ds: full(dPhi.map((v) => t * v)).map((v, k) => v - con.s0[k]) };
    for (const v of B) if (Math.abs(v) > MAX_LOGIT) throw diverging(design, previous);
    for (const v of s) if (Math.abs(v) > MAX_LOGIT) throw diverging(design, previous);
    const maxChange = t * largest;
    const maxGradient = freeGradient(d, con);
    settings.onIteration?.({ iteration: iterations, loglik, maxChange, maxGradient, stepLength: t });
    if (maxChange < settings.changeTolerance && maxGradient < settings.gradientTolerance) {
      converged = true;
      break;
    }
  }
  return { B, s, converged, iterations, loglik };
}

/**
 * Measures beyond this many logits mean the likelihood has no finite maximum (the data of some
 * elements are separated without being extreme): at 50 logits a category probability is e^-50.
 */
const MAX_LOGIT = 50;

/** The last applied change, in full coordinates. */
interface LastStep {
  dB: Float64Array;
  ds: Float64Array;
}

/** The error for estimates that run off to infinity, naming the elements that moved most. */
function diverging(design: RetainedDesign, last: LastStep): MfrmInputError {
  const I = design.rows.length;
  const J = design.raters.length;
  const moves: { name: string; size: number }[] = [];
  last.dB.forEach((v, n) => moves.push({ name: `submission "${design.submissions[n]}"`, size: Math.abs(v) }));
  last.ds.forEach((v, k) =>
    moves.push({
      name: k < I ? `row "${design.rows[k]}"` : k < I + J ? `rater "${design.raters[k - I]}"` : `threshold ${k - I - J + 1}`,
      size: Math.abs(v),
    }),
  );
  moves.sort((a, b) => b.size - a.size);
  const named = moves.slice(0, 3).filter((m, i) => i === 0 || m.size > 0.5 * moves[0].size);
  return new MfrmInputError(
    'no_finite_maximum',
    `the likelihood has no finite maximum: the measures of ${named.map((m) => m.name).join(', ')} run off to infinity. ` +
      'Too few ratings separate some elements (each rating higher, or each lower, than the model can match without limit); add ratings or leave those elements out',
  );
}

/** Largest component of the gradient in free coordinates. */
function freeGradient(d: Derivatives, con: Constraint): number {
  let max = 0;
  for (const v of d.gB) max = Math.max(max, Math.abs(v));
  const g = new Float64Array(con.p);
  for (let r = 0; r < con.q; r++) for (let z = con.rowStart[r]; z < con.rowStart[r + 1]; z++) g[con.cols[z]] += con.vals[z] * d.gS[r];
  for (const v of g) max = Math.max(max, Math.abs(v));
  return max;
}
