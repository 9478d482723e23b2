/**
 * The many-facet Rasch design before estimation (MFRM.md section 4): ratings indexed by facet,
 * extreme elements removed in rounds, the connectivity of submissions and raters, and the retained
 * ratings re-indexed with every facet's elements in sorted order.
 */
import { MFRM_FACETS, MfrmInputError, type MfrmDisconnected, type MfrmExtremeRound, type MfrmFacetLists, type MfrmRating } from './mfrm-types.js';

/** Ratings indexed by facet: element ids and one entry per rating in typed columns. */
interface IndexedRatings {
  ids: [string[], string[], string[]];
  /** element index per rating and facet (submissions, rows, raters) */
  columns: [Int32Array, Int32Array, Int32Array];
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

function indexRatings(ratings: readonly MfrmRating[], steps: number): IndexedRatings {
  const n = ratings.length;
  const maps = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const ids: [string[], string[], string[]] = [[], [], []];
  const columns: [Int32Array, Int32Array, Int32Array] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  const category = new Int32Array(n);
  const keys = ['submission', 'row', 'rater'] as const;
  for (let o = 0; o < n; o++) {
    const rating = ratings[o];
    for (let f = 0; f < 3; f++) {
      const id = rating[keys[f]];
      if (typeof id !== 'string' || id === '') {
        throw new MfrmInputError('bad_rating', `rating ${o + 1} has no ${keys[f]}`, { index: o });
      }
      let index = maps[f].get(id);
      if (index === undefined) {
        index = ids[f].length;
        maps[f].set(id, index);
        ids[f].push(id);
      }
      columns[f][o] = index;
    }
    const c = rating.category;
    if (!Number.isInteger(c) || c < 0 || c > steps) {
      throw new MfrmInputError('bad_rating', `rating ${o + 1} has category ${String(c)}; categories are the integers 0..${steps}`, { index: o });
    }
    category[o] = c;
  }
  return { ids, columns, category };
}

/**
 * Removes extreme elements iteratively and simultaneously: each round flags every element whose
 * retained ratings are all category 0 or all category m, drops their ratings, and also drops (and
 * lists) any element left without a rating. Returns which ratings are retained.
 */
function removeExtremes(data: IndexedRatings, steps: number) {
  const n = data.category.length;
  const retained = new Uint8Array(n).fill(1);
  const removed = data.ids.map((ids) => new Uint8Array(ids.length));
  const extreme: MfrmFacetLists = { submissions: [], rows: [], raters: [] };
  const extremeRounds: MfrmExtremeRound[] = [];
  const counts = data.ids.map((ids) => new Int32Array(ids.length));
  const lowest = data.ids.map((ids) => new Int32Array(ids.length));
  const highest = data.ids.map((ids) => new Int32Array(ids.length));
  for (;;) {
    for (let f = 0; f < 3; f++) {
      counts[f].fill(0);
      lowest[f].fill(steps);
      highest[f].fill(0);
    }
    for (let o = 0; o < n; o++) {
      if (!retained[o]) continue;
      const x = data.category[o];
      for (let f = 0; f < 3; f++) {
        const e = data.columns[f][o];
        counts[f][e]++;
        if (x < lowest[f][e]) lowest[f][e] = x;
        if (x > highest[f][e]) highest[f][e] = x;
      }
    }
    const flagged = data.ids.map((ids) => new Uint8Array(ids.length));
    let any = false;
    for (let f = 0; f < 3; f++) {
      for (let e = 0; e < flagged[f].length; e++) {
        if (removed[f][e] || counts[f][e] === 0) continue;
        if (highest[f][e] === 0 || lowest[f][e] === steps) {
          flagged[f][e] = 1;
          any = true;
        }
      }
    }
    if (!any) break;
    for (let o = 0; o < n; o++) {
      if (retained[o] && (flagged[0][data.columns[0][o]] || flagged[1][data.columns[1][o]] || flagged[2][data.columns[2][o]])) retained[o] = 0;
    }
    // Elements that lost every rating without being flagged go too.
    for (let f = 0; f < 3; f++) counts[f].fill(0);
    for (let o = 0; o < n; o++) {
      if (retained[o]) for (let f = 0; f < 3; f++) counts[f][data.columns[f][o]]++;
    }
    const round: MfrmExtremeRound = {};
    MFRM_FACETS.forEach((facet, f) => {
      const ids: string[] = [];
      for (let e = 0; e < flagged[f].length; e++) {
        if (removed[f][e]) continue;
        if (flagged[f][e] || counts[f][e] === 0) {
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
  const parent = new Int32Array(subs + data.ids[2].length).map((_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const used = new Uint8Array(parent.length);
  for (let o = 0; o < retained.length; o++) {
    if (!retained[o]) continue;
    const a = data.columns[0][o];
    const b = subs + data.columns[2][o];
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
  for (let o = 0; o < retained.length; o++) if (retained[o]) used[data.category[o]]++;
  for (let c = 0; c <= steps; c++) {
    if (used[c] === 0) {
      throw new MfrmInputError('empty_category', `no retained rating is in category ${c}, so the thresholds are not finite`, { category: c });
    }
  }
  // Re-number every facet's retained elements in sorted id order.
  const sortedIds: string[][] = [];
  const renumber: Int32Array[] = [];
  for (let f = 0; f < 3; f++) {
    const has = new Uint8Array(data.ids[f].length);
    for (let o = 0; o < retained.length; o++) if (retained[o]) has[data.columns[f][o]] = 1;
    const order = data.ids[f].map((_, e) => e).filter((e) => has[e]);
    order.sort((a, b) => compareIds(data.ids[f][a], data.ids[f][b]));
    const map = new Int32Array(data.ids[f].length).fill(-1);
    order.forEach((e, i) => (map[e] = i));
    sortedIds.push(order.map((e) => data.ids[f][e]));
    renumber.push(map);
  }
  if (anchorRater !== null && !sortedIds[2].includes(anchorRater)) {
    const why = data.ids[2].includes(anchorRater) ? 'is extreme (all its ratings at one end of the scale) and was removed' : 'has no ratings';
    throw new MfrmInputError('anchor_missing', `the anchored rater "${anchorRater}" ${why}`, { rater: anchorRater });
  }
  const columns = [new Int32Array(kept), new Int32Array(kept), new Int32Array(kept)];
  const category = new Int32Array(kept);
  let k = 0;
  for (let o = 0; o < retained.length; o++) {
    if (!retained[o]) continue;
    for (let f = 0; f < 3; f++) columns[f][k] = renumber[f][data.columns[f][o]];
    category[k++] = data.category[o];
  }
  return {
    steps,
    submissions: sortedIds[0],
    rows: sortedIds[1],
    raters: sortedIds[2],
    sub: columns[0],
    row: columns[1],
    rater: columns[2],
    category,
    extreme,
    extremeRounds,
  };
}
