/**
 * The many-facet Rasch design before estimation (MFRM.md section 4): ratings indexed by facet,
 * extreme elements removed in rounds, the connectivity of submissions and raters, and the retained
 * ratings re-indexed with every facet's elements in sorted order.
 */
import { MFRM_FACETS, MfrmInputError, type MfrmDisconnected, type MfrmExtremeRound, type MfrmFacetLists, type MfrmRating } from './mfrm-types.js';

/** Ratings indexed by facet: element ids, and one entry per rating in typed columns. */
interface IndexedRatings {
  /** element ids of the submissions, rows and raters, in first-seen order */
  ids: [string[], string[], string[]];
  sub: Int32Array;
  row: Int32Array;
  rater: Int32Array;
  category: Int32Array;
}

/** The retained ratings, every facet's elements numbered in sorted id order. */
export interface RetainedDesign {
  /** m: the highest category */
  steps: number;
  submissions: string[];
  rows: string[];
  raters: string[];
  sub: Int32Array;
  row: Int32Array;
  rater: Int32Array;
  category: Int32Array;
  extreme: MfrmFacetLists;
  extremeRounds: MfrmExtremeRound[];
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numbers the ids of one facet in first-seen order. */
class Numbering {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  private last = '';
  private lastIndex = -1;

  of(id: unknown, what: string, position: number): number {
    if (id === this.last && this.lastIndex >= 0) return this.lastIndex;
    if (typeof id !== 'string' || id === '') throw new MfrmInputError('bad_rating', `rating ${position + 1} has no ${what}`, { index: position });
    let found = this.index.get(id);
    if (found === undefined) {
      found = this.ids.length;
      this.index.set(id, found);
      this.ids.push(id);
    }
    this.last = id;
    this.lastIndex = found;
    return found;
  }
}

function indexRatings(ratings: readonly MfrmRating[], steps: number): IndexedRatings {
  const n = ratings.length;
  const subs = new Numbering();
  const rows = new Numbering();
  const raters = new Numbering();
  const sub = new Int32Array(n);
  const row = new Int32Array(n);
  const rater = new Int32Array(n);
  const category = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    const rating = ratings[o];
    sub[o] = subs.of(rating.submission, 'submission', o);
    row[o] = rows.of(rating.row, 'row', o);
    rater[o] = raters.of(rating.rater, 'rater', o);
    const c = rating.category;
    if (!Number.isInteger(c) || c < 0 || c > steps) {
      throw new MfrmInputError('bad_rating', `rating ${o + 1} has category ${String(c)}; categories are the integers 0..${steps}`, { index: o });
    }
    category[o] = c;
  }
  return { ids: [subs.ids, rows.ids, raters.ids], sub, row, rater, category };
}

/** Count, lowest and highest category of each element of one facet over the retained ratings. */
function tally(column: Int32Array, size: number, category: Int32Array, retained: Uint8Array, steps: number) {
  const count = new Int32Array(size);
  const lowest = new Int32Array(size).fill(steps);
  const highest = new Int32Array(size);
  for (let o = 0; o < column.length; o++) {
    if (retained[o] === 0) continue;
    const e = column[o];
    const x = category[o];
    count[e]++;
    if (x < lowest[e]) lowest[e] = x;
    if (x > highest[e]) highest[e] = x;
  }
  return { count, lowest, highest };
}

/**
 * Removes extreme elements iteratively and simultaneously: each round flags every element whose
 * retained ratings are all category 0 or all category m, drops their ratings, and also drops (and
 * lists) any element left without a rating. Returns which ratings are retained.
 */
function removeExtremes(data: IndexedRatings, steps: number) {
  const n = data.category.length;
  const columns = [data.sub, data.row, data.rater];
  const retained = new Uint8Array(n).fill(1);
  const removed = data.ids.map((ids) => new Uint8Array(ids.length));
  const extreme: MfrmFacetLists = { submissions: [], rows: [], raters: [] };
  const extremeRounds: MfrmExtremeRound[] = [];
  for (;;) {
    const flagged = data.ids.map((ids) => new Uint8Array(ids.length));
    let any = false;
    for (let f = 0; f < 3; f++) {
      const { count, lowest, highest } = tally(columns[f], data.ids[f].length, data.category, retained, steps);
      for (let e = 0; e < count.length; e++) {
        if (removed[f][e] === 0 && count[e] > 0 && (highest[e] === 0 || lowest[e] === steps)) {
          flagged[f][e] = 1;
          any = true;
        }
      }
    }
    if (!any) break;
    const [fs, fr, fj] = flagged;
    for (let o = 0; o < n; o++) {
      if (retained[o] === 1 && (fs[data.sub[o]] === 1 || fr[data.row[o]] === 1 || fj[data.rater[o]] === 1)) retained[o] = 0;
    }
    // Elements that lost every rating without being flagged go too.
    const round: MfrmExtremeRound = {};
    MFRM_FACETS.forEach((facet, f) => {
      const { count } = tally(columns[f], data.ids[f].length, data.category, retained, steps);
      const ids: string[] = [];
      for (let e = 0; e < count.length; e++) {
        if (removed[f][e] === 0 && (flagged[f][e] === 1 || count[e] === 0)) {
          removed[f][e] = 1;
          ids.push(data.ids[f][e]);
        }
      }
      if (ids.length > 0) {
        ids.sort(compareIds);
        round[facet] = ids;
        extreme[facet].push(...ids);
      }
    });
    extremeRounds.push(round);
  }
  for (const facet of MFRM_FACETS) extreme[facet].sort(compareIds);
  return { retained, extreme, extremeRounds };
}

/** Connected parts of the submission-rater graph of the retained ratings (union-find). */
function components(data: IndexedRatings, retained: Uint8Array): { submissions: string[]; raters: string[] }[] {
  const subs = data.ids[0].length;
  const parent = new Int32Array(subs + data.ids[2].length);
  for (let v = 0; v < parent.length; v++) parent[v] = v;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const used = new Uint8Array(parent.length);
  let lastA = -1;
  let lastB = -1;
  for (let o = 0; o < retained.length; o++) {
    if (retained[o] === 0) continue;
    const a = data.sub[o];
    const b = subs + data.rater[o];
    if (a === lastA && b === lastB) continue;
    lastA = a;
    lastB = b;
    used[a] = used[b] = 1;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  }
  const parts = new Map<number, { submissions: string[]; raters: string[] }>();
  for (let v = 0; v < parent.length; v++) {
    if (!used[v]) continue;
    const root = find(v);
    let part = parts.get(root);
    if (!part) parts.set(root, (part = { submissions: [], raters: [] }));
    if (v < subs) part.submissions.push(data.ids[0][v]);
    else part.raters.push(data.ids[2][v - subs]);
  }
  const list = [...parts.values()];
  for (const part of list) {
    part.submissions.sort(compareIds);
    part.raters.sort(compareIds);
  }
  return list.sort((a, b) => compareIds(a.submissions[0], b.submissions[0]));
}

/** The retained elements of one facet in sorted id order, and each element's new number (-1 if gone). */
function sortedRetained(ids: string[], column: Int32Array, retained: Uint8Array) {
  const has = new Uint8Array(ids.length);
  for (let o = 0; o < column.length; o++) if (retained[o] === 1) has[column[o]] = 1;
  const order: number[] = [];
  for (let e = 0; e < ids.length; e++) if (has[e] === 1) order.push(e);
  const sorted = order.map((e) => ids[e]);
  const rank = order.map((_, i) => i).sort((a, b) => compareIds(sorted[a], sorted[b]));
  const renumber = new Int32Array(ids.length).fill(-1);
  rank.forEach((i, position) => (renumber[order[i]] = position));
  return { ids: rank.map((i) => sorted[i]), renumber };
}

function remap(column: Int32Array, renumber: Int32Array, retained: Uint8Array, kept: number): Int32Array {
  const out = new Int32Array(kept);
  let k = 0;
  for (let o = 0; o < column.length; o++) if (retained[o] === 1) out[k++] = renumber[column[o]];
  return out;
}

/**
 * Maps, removes extremes, checks connectivity and that every category occurs. Returns the
 * retained design, or the disconnected result; throws `MfrmInputError` on the other problems.
 */
export function prepareDesign(ratings: readonly MfrmRating[], steps: number, anchorRater: string | null): RetainedDesign | MfrmDisconnected {
  if (ratings.length === 0) throw new MfrmInputError('no_ratings', 'there are no ratings');
  const data = indexRatings(ratings, steps);
  const { retained, extreme, extremeRounds } = removeExtremes(data, steps);
  let kept = 0;
  for (let o = 0; o < retained.length; o++) kept += retained[o];
  if (kept === 0) {
    throw new MfrmInputError('all_extreme', 'every rating involves an extreme element (all lowest or all highest level), so nothing can be estimated');
  }
  const parts = components(data, retained);
  if (parts.length > 1) {
    return {
      error: 'disconnected',
      components: parts.map((p) => [...p.submissions, ...p.raters]),
      components_detail: parts,
      extreme,
      extreme_rounds: extremeRounds,
    };
  }
  const used = new Float64Array(steps + 1);
  for (let o = 0; o < retained.length; o++) if (retained[o] === 1) used[data.category[o]]++;
  for (let c = 0; c <= steps; c++) {
    if (used[c] === 0) {
      throw new MfrmInputError('empty_category', `no retained rating is in category ${c}, so the thresholds are not finite`, { category: c });
    }
  }
  // Re-number every facet's retained elements in sorted id order.
  const subs = sortedRetained(data.ids[0], data.sub, retained);
  const rows = sortedRetained(data.ids[1], data.row, retained);
  const raters = sortedRetained(data.ids[2], data.rater, retained);
  if (anchorRater !== null) {
    const at = data.ids[2].indexOf(anchorRater);
    if (at < 0 || raters.renumber[at] === -1) {
      const why = at < 0 ? 'has no ratings' : 'is extreme (all its ratings at one end of the scale) and was removed';
      throw new MfrmInputError('anchor_missing', `the anchored rater "${anchorRater}" ${why}`, { rater: anchorRater });
    }
  }
  const category = new Int32Array(kept);
  let k = 0;
  for (let o = 0; o < retained.length; o++) if (retained[o] === 1) category[k++] = data.category[o];
  return {
    steps,
    submissions: subs.ids,
    rows: rows.ids,
    raters: raters.ids,
    sub: remap(data.sub, subs.renumber, retained, kept),
    row: remap(data.row, rows.renumber, retained, kept),
    rater: remap(data.rater, raters.renumber, retained, kept),
    category,
    extreme,
    extremeRounds,
  };
}
