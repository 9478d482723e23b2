import { RatingsInputError } from './errors.js';
import { rowCounts, type RatingTable } from './table.js';
import type { Category } from './types.js';

/**
 * Two raters' confusion matrix over complete pairs: counts[i][j] = units that rater 1 put in
 * level i and rater 2 in level j (levels in rubric order, unused ones included).
 */
export interface ConfusionMatrix {
  kind: 'confusion';
  categories: Category[];
  counts: number[][];
  /** complete pairs */
  n: number;
}

/**
 * Krippendorff's coincidence matrix (any number of raters): o_ck = sum over units with m_u >= 2
 * ratings of (pairs of values c, k in the unit) / (m_u - 1). Symmetric; its total is the number of
 * pairable values.
 */
export interface CoincidenceMatrix {
  kind: 'coincidence';
  categories: Category[];
  counts: number[][];
  /** number of pairable values n.. */
  n: number;
}

export function confusionMatrix(table: RatingTable): ConfusionMatrix {
  if (table.raterCount !== 2) {
    throw new RatingsInputError('not_two_raters', `a confusion matrix needs exactly two raters; the data have ${table.raterCount}`);
  }
  const q = table.categories.length;
  const flat = confusionCounts(table);
  const counts: number[][] = [];
  let n = 0;
  for (let i = 0; i < q; i++) {
    counts.push(Array.from(flat.subarray(i * q, (i + 1) * q)));
    for (let j = 0; j < q; j++) n += flat[i * q + j];
  }
  return { kind: 'confusion', categories: [...table.categories], counts, n };
}

/** Flat q x q counts of complete pairs (two-rater tables only). */
export function confusionCounts(table: RatingTable): Float64Array {
  const q = table.categories.length;
  const flat = new Float64Array(q * q);
  for (let d = 0; d < table.distinctCount; d++) {
    const a = table.rows[d * 2];
    const b = table.rows[d * 2 + 1];
    if (a >= 0 && b >= 0) flat[a * q + b] += table.multiplicity[d];
  }
  return flat;
}

/** Flat q x q coincidence counts (see `CoincidenceMatrix`). */
export function coincidenceCounts(table: RatingTable): Float64Array {
  const q = table.categories.length;
  const { counts, ratingsPerUnit } = rowCounts(table);
  const o = new Float64Array(q * q);
  for (let d = 0; d < table.distinctCount; d++) {
    const m = table.multiplicity[d];
    const r = ratingsPerUnit[d];
    if (m === 0 || r < 2) continue;
    const scale = m / (r - 1);
    for (let c = 0; c < q; c++) {
      const nc = counts[d * q + c];
      if (nc === 0) continue;
      for (let k = 0; k < q; k++) {
        const nk = counts[d * q + k];
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        if (pairs !== 0) o[c * q + k] += scale * pairs;
      }
    }
  }
  return o;
}

export function coincidenceMatrix(table: RatingTable): CoincidenceMatrix {
  const q = table.categories.length;
  const flat = coincidenceCounts(table);
  const counts: number[][] = [];
  let n = 0;
  for (let i = 0; i < q; i++) {
    counts.push(Array.from(flat.subarray(i * q, (i + 1) * q)));
    for (let j = 0; j < q; j++) n += flat[i * q + j];
  }
  return { kind: 'coincidence', categories: [...table.categories], counts, n };
}

/**
 * Prevalence and bias indices (Byrt, Bishop & Carlin 1993) for two raters and two levels, with
 * the higher level (the last in the list) as "positive": a = both positive, d = both negative,
 * b = rater 1 positive only, c = rater 2 positive only.
 * prevalence = (a - d) / n, bias = (b - c) / n; both lie in [-1, 1].
 */
export function prevalenceAndBias(table: RatingTable): { prevalence: number; bias: number; n: number } | null {
  if (table.raterCount !== 2 || table.categories.length !== 2) return null;
  const t = confusionCounts(table);
  const d = t[0];
  const c = t[1];
  const b = t[2];
  const a = t[3];
  const n = a + b + c + d;
  if (n === 0) return null;
  return { prevalence: (a - d) / n, bias: (b - c) / n, n };
}
