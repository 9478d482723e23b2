import type { DisagreementRatio } from './recommended-interval.js';
import type { WeightMatrix } from './weights.js';

/** How a raw-data coefficient of Gwet (2014) sets its chance agreement from the classification probabilities. */
export type ChanceModel =
  | { kind: 'none' }
  | { kind: 'fixed'; chance: number }
  | { kind: 'fleiss' }
  | { kind: 'gwet'; factor: number };

/**
 * Percent agreement, Fleiss' kappa, Gwet's AC1/AC2 and Brennan-Prediger as 1 - D_o / D_e.
 * A unit adds [1, paired, paired * p_a,i, n_i1 / r_i, ..., n_iq / r_i]; D_o = 1 - p_a is the
 * ratio of the third total to the second (the mean over paired units), D_e = 1 - p_e(pi) with
 * pi_k the fourth totals over the first (the mean over every rated unit).
 */
export function rawDataForm(q: number, weights: WeightMatrix, chance: ChanceModel): DisagreementRatio {
  const counts = new Float64Array(q);
  return {
    dims: 3 + q,
    paired: (row) => ratingsIn(row) >= 2,
    add(row, out) {
      counts.fill(0);
      let r = 0;
      for (let j = 0; j < row.length; j++) {
        if (row[j] >= 0) {
          counts[row[j]] += 1;
          r++;
        }
      }
      if (r === 0) return;
      out[0] += 1;
      for (let c = 0; c < q; c++) out[3 + c] += counts[c] / r;
      if (r < 2) return;
      let sum = 0;
      for (let c = 0; c < q; c++) {
        if (counts[c] === 0) continue;
        let weighted = 0;
        for (let l = 0; l < q; l++) weighted += weights[c * q + l] * counts[l];
        sum += counts[c] * (weighted - 1);
      }
      out[1] += 1;
      out[2] += sum / (r * (r - 1));
    },
    parts(totals) {
      const observed = 1 - totals[2] / totals[1];
      if (chance.kind === 'none') return { observed, expected: 1 };
      if (chance.kind === 'fixed') return { observed, expected: 1 - chance.chance };
      let pe = 0;
      if (chance.kind === 'fleiss') {
        for (let c = 0; c < q; c++) {
          const pc = totals[3 + c] / totals[0];
          for (let l = 0; l < q; l++) pe += weights[c * q + l] * pc * (totals[3 + l] / totals[0]);
        }
      } else {
        for (let c = 0; c < q; c++) {
          const pc = totals[3 + c] / totals[0];
          pe += pc * (1 - pc);
        }
        pe *= chance.factor;
      }
      return { observed, expected: 1 - pe };
    },
  };
}

/**
 * Cohen's kappa (agreement weights `weights`) or Scott's pi (`scott`: pooled marginals) as
 * 1 - D_o / D_e over the q x q counts of complete pairs.
 */
export function pairTableForm(q: number, weights: WeightMatrix, scott = false): DisagreementRatio {
  const rowShare = new Float64Array(q);
  const colShare = new Float64Array(q);
  return {
    dims: q * q,
    paired: (row) => row[0] >= 0 && row[1] >= 0,
    add(row, out) {
      if (row[0] >= 0 && row[1] >= 0) out[row[0] * q + row[1]] += 1;
    },
    parts(totals) {
      let n = 0;
      for (const t of totals) n += t;
      rowShare.fill(0);
      colShare.fill(0);
      let observed = 0;
      for (let i = 0; i < q; i++) {
        for (let j = 0; j < q; j++) {
          const p = totals[i * q + j] / n;
          rowShare[i] += p;
          colShare[j] += p;
          observed += (1 - weights[i * q + j]) * p;
        }
      }
      let expected = 0;
      for (let i = 0; i < q; i++) {
        for (let j = 0; j < q; j++) {
          const chance = scott ? ((rowShare[i] + colShare[i]) / 2) * ((rowShare[j] + colShare[j]) / 2) : rowShare[i] * colShare[j];
          expected += (1 - weights[i * q + j]) * chance;
        }
      }
      return { observed, expected };
    },
  };
}

/**
 * Krippendorff's alpha as 1 - D_o / D_e over the coincidence counts: a unit with m >= 2 ratings
 * adds its ordered pairs / (m - 1). `distances(marginals)` gives the squared distances (fixed for
 * nominal and interval data, from the marginals for ordinal data); both parts are divided by the
 * square of the pairable values so that they are homogeneous of degree 0 for every level.
 */
export function coincidenceForm(q: number, distances: (marginals: Float64Array) => Float64Array, degree: number): DisagreementRatio {
  const counts = new Float64Array(q);
  const marginals = new Float64Array(q);
  return {
    dims: q * q,
    paired: (row) => ratingsIn(row) >= 2,
    add(row, out) {
      counts.fill(0);
      let r = 0;
      for (let j = 0; j < row.length; j++) {
        if (row[j] >= 0) {
          counts[row[j]] += 1;
          r++;
        }
      }
      if (r < 2) return;
      for (let c = 0; c < q; c++) {
        if (counts[c] === 0) continue;
        for (let k = 0; k < q; k++) {
          const pairs = c === k ? counts[c] * (counts[c] - 1) : counts[c] * counts[k];
          if (pairs !== 0) out[c * q + k] += pairs / (r - 1);
        }
      }
    },
    parts(totals) {
      marginals.fill(0);
      let n = 0;
      for (let c = 0; c < q; c++) {
        for (let k = 0; k < q; k++) marginals[c] += totals[c * q + k];
        n += marginals[c];
      }
      const delta = distances(marginals);
      let observed = 0;
      let expected = 0;
      for (let c = 0; c < q; c++) {
        for (let k = 0; k < q; k++) {
          observed += totals[c * q + k] * delta[c * q + k];
          expected += marginals[c] * marginals[k] * delta[c * q + k];
        }
      }
      const scale = Math.pow(n, degree);
      return { observed: observed / (n * scale), expected: expected / (n * n * scale) };
    },
  };
}

function ratingsIn(row: ArrayLike<number>): number {
  let r = 0;
  for (let j = 0; j < row.length; j++) if (row[j] >= 0) r++;
  return r;
}
