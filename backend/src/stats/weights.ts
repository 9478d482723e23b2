import type { Category } from './types.js';

/**
 * Agreement weight matrices (q x q, row-major): w_kl = 1 when levels k and l count as agreeing,
 * 0 when they are as far apart as possible. Positions are places in the full category list, so
 * a level nobody used still counts as a step between its neighbours.
 */
export type WeightMatrix = Float64Array;

export function identityWeights(q: number): WeightMatrix {
  const w = new Float64Array(q * q);
  for (let k = 0; k < q; k++) w[k * q + k] = 1;
  return w;
}

/** Adjacent agreement: levels at most one position apart agree. */
export function adjacentWeights(q: number): WeightMatrix {
  const w = new Float64Array(q * q);
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) w[k * q + l] = Math.abs(k - l) <= 1 ? 1 : 0;
  return w;
}

/** 1 - ((x_k - x_l) / (x_max - x_min))^2 on the given positions or values. */
export function quadraticWeights(values: readonly number[]): WeightMatrix {
  const q = values.length;
  const span = Math.max(...values) - Math.min(...values);
  const w = new Float64Array(q * q);
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      w[k * q + l] = span === 0 ? 1 : 1 - ((values[k] - values[l]) / span) ** 2;
    }
  }
  return w;
}

/** 1 - |x_k - x_l| / (x_max - x_min). */
export function linearWeights(values: readonly number[]): WeightMatrix {
  const q = values.length;
  const span = Math.max(...values) - Math.min(...values);
  const w = new Float64Array(q * q);
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) w[k * q + l] = span === 0 ? 1 : 1 - Math.abs(values[k] - values[l]) / span;
  }
  return w;
}

export function positions(q: number): number[] {
  return Array.from({ length: q }, (_, i) => i + 1);
}

/** Numeric values of the categories when every one is a number, else their positions. */
export function intervalValues(categories: readonly Category[]): number[] {
  const numeric = categories.map((c) => (typeof c === 'number' ? c : Number(c)));
  return numeric.every((v, i) => Number.isFinite(v) && String(categories[i]).trim() !== '')
    ? numeric
    : positions(categories.length);
}

export function weightSum(w: WeightMatrix): number {
  let s = 0;
  for (const x of w) s += x;
  return s;
}

/**
 * ((W pi)_k + (W^T pi)_k) / 2 for every level k: the chance of agreeing with a rating in level k
 * under weights W and classification probabilities pi, used by the linearised variances.
 */
export function symmetricWeightedShares(weights: WeightMatrix, pi: Float64Array): Float64Array {
  const q = pi.length;
  const shares = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    let row = 0;
    let col = 0;
    for (let l = 0; l < q; l++) {
      row += weights[k * q + l] * pi[l];
      col += weights[l * q + k] * pi[l];
    }
    shares[k] = (row + col) / 2;
  }
  return shares;
}
