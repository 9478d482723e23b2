import { RatingsInputError } from './errors.js';
import type { Category, RatingsMatrix } from './types.js';

/**
 * A ratings matrix compressed to its distinct rows.
 *
 * Every measure in this module is a sum over units of a function of the unit's row, so units
 * with identical rows are stored once with a multiplicity. A pilot of 50 submissions stays
 * 50 rows; a million submissions on a 4-level row with 2 raters become at most 25 rows, and a
 * bootstrap resample is a new vector of multiplicities over the same rows.
 */
export interface RatingTable {
  /** the full ordered list of levels; q = categories.length */
  readonly categories: readonly Category[];
  /** number of rater columns */
  readonly raterCount: number;
  /** distinct rows, row-major (distinctCount x raterCount): a category index, or -1 for no rating */
  readonly rows: Int32Array;
  /** how many units share each distinct row (whole numbers) */
  readonly multiplicity: Float64Array;
  readonly distinctCount: number;
}

/** Per-row category counts n_ik and ratings per unit r_i, derived once per `rows` array. */
export interface RowCounts {
  /** distinctCount x q, row-major */
  readonly counts: Float64Array;
  readonly ratingsPerUnit: Float64Array;
}

const countsCache = new WeakMap<Int32Array, RowCounts>();

export function rowCounts(table: RatingTable): RowCounts {
  const cached = countsCache.get(table.rows);
  if (cached) return cached;
  const q = table.categories.length;
  const k = table.raterCount;
  const counts = new Float64Array(table.distinctCount * q);
  const ratingsPerUnit = new Float64Array(table.distinctCount);
  for (let d = 0; d < table.distinctCount; d++) {
    for (let j = 0; j < k; j++) {
      const c = table.rows[d * k + j];
      if (c >= 0) {
        counts[d * q + c] += 1;
        ratingsPerUnit[d] += 1;
      }
    }
  }
  const result = { counts, ratingsPerUnit };
  countsCache.set(table.rows, result);
  return result;
}

/** The same rows with other multiplicities (used by the bootstrap). */
export function withMultiplicity(table: RatingTable, multiplicity: Float64Array): RatingTable {
  return { ...table, multiplicity };
}

/** Number of units with at least one rating. */
export function unitCount(table: RatingTable): number {
  let n = 0;
  for (let d = 0; d < table.distinctCount; d++) n += table.multiplicity[d];
  return n;
}

export function validateCategories(categories: readonly Category[]): void {
  if (categories.length < 2) {
    throw new RatingsInputError(
      'too_few_categories',
      `a rubric row needs at least two levels; the category list has ${categories.length}: give every level of the row, used or not`,
    );
  }
  const seen = new Set<string>();
  for (const c of categories) {
    const key = `${typeof c}:${c}`;
    if (seen.has(key)) {
      throw new RatingsInputError('duplicate_category', `the category list names level ${JSON.stringify(c)} twice`);
    }
    seen.add(key);
  }
}

/**
 * Builds a table from a units x raters matrix. Units that nobody rated are dropped (they are
 * not units of the study). Throws `RatingsInputError` for a ragged matrix, a rating outside
 * `categories`, or fewer than two raters in all.
 */
export function ratingTable(ratings: RatingsMatrix, categories: readonly Category[]): RatingTable {
  validateCategories(categories);
  if (ratings.length === 0) {
    throw new RatingsInputError('empty', 'the ratings matrix has no units');
  }
  const raterCount = ratings[0].length;
  const index = new Map<Category, number>();
  categories.forEach((c, i) => index.set(c, i));
  const codes = new Int32Array(ratings.length * raterCount);
  for (let u = 0; u < ratings.length; u++) {
    const row = ratings[u];
    if (row.length !== raterCount) {
      throw new RatingsInputError(
        'ragged',
        `unit ${u + 1} has ${row.length} ratings where the first unit has ${raterCount}: every row needs one cell per rater (null for no rating)`,
        { unit: u },
      );
    }
    for (let j = 0; j < raterCount; j++) {
      const value = row[j];
      if (value === null || value === undefined) {
        codes[u * raterCount + j] = -1;
        continue;
      }
      const c = index.get(value);
      if (c === undefined) {
        throw new RatingsInputError(
          'unknown_category',
          `unit ${u + 1}, rater ${j + 1}: level ${JSON.stringify(value)} is not one of the categories (${categories.map((x) => JSON.stringify(x)).join(', ')})`,
          { unit: u, rater: j },
        );
      }
      codes[u * raterCount + j] = c;
    }
  }
  return tableFromCodes(codes, ratings.length, raterCount, categories);
}

/**
 * Builds a table from category codes (units x raters, row-major, -1 = no rating) without
 * validating them: the caller (a parser) has already checked every code.
 */
export function tableFromCodes(
  codes: Int32Array,
  units: number,
  raterCount: number,
  categories: readonly Category[],
): RatingTable {
  if (raterCount < 2) {
    throw new RatingsInputError('too_few_raters', `agreement needs at least two raters; the data have ${raterCount}`);
  }
  const base = categories.length + 1;
  const numericKey = Math.pow(base, raterCount) < Number.MAX_SAFE_INTEGER;
  const seen = new Map<number | string, number>();
  const distinctRows: number[] = [];
  const multiplicity: number[] = [];
  let ratedUnits = 0;
  for (let u = 0; u < units; u++) {
    let key: number | string;
    let any = false;
    if (numericKey) {
      let acc = 0;
      for (let j = 0; j < raterCount; j++) {
        const c = codes[u * raterCount + j];
        if (c >= 0) any = true;
        acc = acc * base + (c + 1);
      }
      key = acc;
    } else {
      const parts: number[] = [];
      for (let j = 0; j < raterCount; j++) {
        const c = codes[u * raterCount + j];
        if (c >= 0) any = true;
        parts.push(c);
      }
      key = parts.join(',');
    }
    if (!any) continue;
    ratedUnits++;
    const d = seen.get(key);
    if (d === undefined) {
      seen.set(key, multiplicity.length);
      multiplicity.push(1);
      for (let j = 0; j < raterCount; j++) distinctRows.push(codes[u * raterCount + j]);
    } else {
      multiplicity[d]++;
    }
  }
  if (ratedUnits === 0) {
    throw new RatingsInputError('empty', 'no unit has a rating');
  }
  let activeRaters = 0;
  for (let j = 0; j < raterCount; j++) {
    for (let d = 0; d < multiplicity.length; d++) {
      if (distinctRows[d * raterCount + j] >= 0) {
        activeRaters++;
        break;
      }
    }
  }
  if (activeRaters < 2) {
    throw new RatingsInputError('too_few_raters', `agreement needs at least two raters; only ${activeRaters} rater gave any rating`);
  }
  return {
    categories,
    raterCount,
    rows: Int32Array.from(distinctRows),
    multiplicity: Float64Array.from(multiplicity),
    distinctCount: multiplicity.length,
  };
}

/** Expands a table back into a matrix of category indices (for tests and small data). */
export function expandCodes(table: RatingTable): number[][] {
  const out: number[][] = [];
  for (let d = 0; d < table.distinctCount; d++) {
    const row = Array.from(table.rows.subarray(d * table.raterCount, (d + 1) * table.raterCount));
    for (let m = 0; m < table.multiplicity[d]; m++) out.push(row);
  }
  return out;
}

/**
 * Merges rows that hold the same levels in any rater order (each row's codes sorted). Every
 * measure that ignores which rater gave which rating (percent agreement, Fleiss, alpha, AC1/AC2,
 * Brennan-Prediger) is unchanged; Cohen's kappa and Scott's pi are not, so never pass the result
 * to them. With 5 raters and 4 levels it turns up to 3,125 ordered rows into at most 125, which
 * is what makes the bootstrap cheap.
 */
export function poolRaters(table: RatingTable): RatingTable {
  const k = table.raterCount;
  const sorted = new Int32Array(table.rows.length);
  for (let d = 0; d < table.distinctCount; d++) {
    const row = Array.from(table.rows.subarray(d * k, (d + 1) * k)).sort((a, b) => b - a);
    sorted.set(row, d * k);
  }
  const seen = new Map<string, number>();
  const rows: number[] = [];
  const multiplicity: number[] = [];
  for (let d = 0; d < table.distinctCount; d++) {
    const row = sorted.subarray(d * k, (d + 1) * k);
    const key = row.join(',');
    const existing = seen.get(key);
    if (existing === undefined) {
      seen.set(key, multiplicity.length);
      multiplicity.push(table.multiplicity[d]);
      rows.push(...row);
    } else multiplicity[existing] += table.multiplicity[d];
  }
  return { ...table, rows: Int32Array.from(rows), multiplicity: Float64Array.from(multiplicity), distinctCount: multiplicity.length };
}
