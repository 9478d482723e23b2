import { DEFAULT_CERTIFICATION_POLICY, type CertificationPolicy } from './certification-policy.js';
import type { MaterialRow } from './calibration-material.js';
import { ConflictError } from './errors.js';
import { seededRandom, shuffled } from './seeded-random.js';

/**
 * The pools of a rubric version's confirmed material. Anchors are shown with their true levels
 * and rationale; practice items show them right after each answer; an assessor's qualifying and
 * calibration sets are drawn from their pools; validity items are seeded into live queues.
 */
export const POOLS = ['anchor', 'practice', 'qualifying', 'calibration', 'validity'] as const;
export type Pool = (typeof POOLS)[number];

/** A confirmed item as pools and sets see it. */
export interface PoolItem {
  itemKey: number;
  trueLevels: Readonly<Record<string, string>>;
  /** the item was disagreed or adjudicated live */
  borderline: boolean;
}

export interface SplitPoolsInput {
  rows: readonly MaterialRow[];
  /** items already in a pool: they stay where they are */
  pooled: ReadonlyArray<PoolItem & { pool: Pool }>;
  /** confirmed items not yet in a pool */
  unpooled: readonly PoolItem[];
  seed: string;
  policy?: CertificationPolicy;
}

/**
 * Puts confirmed items into pools by a seeded random split; items already pooled never move, so
 * material added later tops the pools up. In order:
 * 1. anchor: until every level of every row has `anchorsPerLevel` exemplars, the item covering
 *    the most missing (row, level) pairs, preferring items that were not borderline live;
 * 2. practice: up to `practiceSize` items;
 * 3. the rest, rarest levels first, dealt to qualifying, calibration and validity by their shares
 *    (2 : 1 : 1), so each pool gets its part of the rare levels and of the borderline items.
 * Returns the pool of each unpooled item, by item key. Same input, same split.
 */
export function splitPools(input: SplitPoolsInput): Map<number, Pool> {
  const policy = input.policy ?? DEFAULT_CERTIFICATION_POLICY;
  const random = seededRandom(`${input.seed}/pools`);
  let remaining = shuffled([...input.unpooled].sort((left, right) => left.itemKey - right.itemKey), random);
  const assigned = new Map<number, Pool>();
  const sizes = new Map<Pool, number>(POOLS.map((pool) => [pool, input.pooled.filter((item) => item.pool === pool).length]));

  const anchorCounts = pairCounts(input.rows, input.pooled.filter((item) => item.pool === 'anchor'));
  const deficit = (item: PoolItem) =>
    input.rows.filter((row) => (anchorCounts.get(pairKey(row.key, item.trueLevels[row.key])) ?? 0) < policy.anchorsPerLevel).length;
  for (;;) {
    let best: PoolItem | null = null;
    let bestScore = 0;
    for (const item of remaining) {
      const score = deficit(item) * 2 + (item.borderline ? 0 : 1);
      if (deficit(item) > 0 && score > bestScore) [best, bestScore] = [item, score];
    }
    if (!best) break;
    assigned.set(best.itemKey, 'anchor');
    for (const row of input.rows) increment(anchorCounts, pairKey(row.key, best.trueLevels[row.key]));
    remaining = remaining.filter((item) => item !== best);
  }

  const practiceWanted = Math.max(0, policy.practiceSize - (sizes.get('practice') ?? 0));
  for (const item of remaining.slice(0, practiceWanted)) assigned.set(item.itemKey, 'practice');
  remaining = remaining.slice(practiceWanted);

  const frequency = pairCounts(input.rows, [...input.pooled, ...input.unpooled]);
  const rarity = (item: PoolItem) => Math.min(...input.rows.map((row) => frequency.get(pairKey(row.key, item.trueLevels[row.key])) ?? 0));
  const order = remaining.map((item, index) => ({ item, index, rarity: rarity(item) }));
  order.sort((left, right) => left.rarity - right.rarity || left.index - right.index);
  const shared = (['qualifying', 'calibration', 'validity'] as const).filter((pool) => policy.poolShares[pool] > 0);
  // Counting the items already pooled keeps the shares when material is topped up a few items at a time.
  const dealt = new Map<Pool, number>(shared.map((pool) => [pool, sizes.get(pool) ?? 0]));
  for (const { item } of order) {
    // The pool furthest below its share of everything pooled so far takes the next item.
    let target = shared[0];
    for (const pool of shared) {
      if ((dealt.get(pool)! + 1) / policy.poolShares[pool] < (dealt.get(target)! + 1) / policy.poolShares[target]) target = pool;
    }
    dealt.set(target, dealt.get(target)! + 1);
    assigned.set(item.itemKey, target);
  }
  return assigned;
}

export interface LevelCoverage {
  level: string;
  count: number;
}

export interface RowCoverage {
  key: string;
  levels: LevelCoverage[];
}

export interface Coverage {
  items: number;
  borderline: number;
  rows: RowCoverage[];
  /** (row, level) pairs no item has */
  missing: Array<{ rowKey: string; level: string }>;
}

/** How often each level of each row appears among `items`, and how many were borderline live. */
export function coverageOf(rows: readonly MaterialRow[], items: readonly PoolItem[]): Coverage {
  const counts = pairCounts(rows, items);
  const coverageRows = rows.map((row) => ({ key: row.key, levels: row.levels.map((level) => ({ level, count: counts.get(pairKey(row.key, level)) ?? 0 })) }));
  return {
    items: items.length,
    borderline: items.filter((item) => item.borderline).length,
    rows: coverageRows,
    missing: coverageRows.flatMap((row) => row.levels.filter((level) => level.count === 0).map((level) => ({ rowKey: row.key, level: level.level }))),
  };
}

export interface AssembleSetInput {
  /** the rows the set is judged on (a calibration set after a revision: the changed rows) */
  rows: readonly MaterialRow[];
  /** the pool's items this assessor may see: never scored or adjudicated by them live, not seen in an earlier set */
  available: readonly PoolItem[];
  seed: string;
  /** what the set is for, as errors name it: "qualifying set B" */
  label: string;
  policy?: CertificationPolicy;
}

/** Randomised greedy tries before a set is declared impossible. */
const ASSEMBLY_TRIES = 64;

/**
 * Draws a set of `setSize` items that meets the coverage rule: every level of every row at least
 * once, and at least `minBorderline` items that were disagreed or adjudicated live. Seeded: the
 * same input gives the same set, in a shuffled order. Items beyond those the coverage needs are
 * taken from the most common material, leaving the rare levels for the assessor's next set.
 *
 * Throws ConflictError `set_incomplete` naming the row and level that is missing (or the
 * shortfall of items or borderline items) when no valid set can be assembled.
 */
export function assembleSet(input: AssembleSetInput): number[] {
  const policy = input.policy ?? DEFAULT_CERTIFICATION_POLICY;
  const size = policy.setSize;
  const available = [...input.available].sort((left, right) => left.itemKey - right.itemKey);
  const fail = (why: string) => new ConflictError(`no valid ${input.label} can be assembled: ${why}`, 'set_incomplete');
  if (available.length < size) throw fail(`${available.length} items are left that this assessor may see, and a set needs ${size}`);
  const coverage = coverageOf(input.rows, available);
  if (coverage.missing.length > 0) throw fail(`${describe(coverage.missing)} missing from the items this assessor may see`);
  if (coverage.borderline < policy.minBorderline) {
    throw fail(`${coverage.borderline} of the items this assessor may see were disagreed or adjudicated live, and a set needs ${policy.minBorderline}`);
  }
  const availableCounts = pairCounts(input.rows, available);
  const random = seededRandom(`${input.seed}/set`);
  let closest: Array<{ rowKey: string; level: string }> = coverage.missing;
  let closestCount = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < ASSEMBLY_TRIES; attempt++) {
    const order = shuffled(available, random);
    const chosen: PoolItem[] = [];
    const uncovered = new Set(input.rows.flatMap((row) => row.levels.map((level) => pairKey(row.key, level))));
    const take = (item: PoolItem) => {
      chosen.push(item);
      for (const row of input.rows) uncovered.delete(pairKey(row.key, item.trueLevels[row.key]));
    };
    const gain = (item: PoolItem) => input.rows.filter((row) => uncovered.has(pairKey(row.key, item.trueLevels[row.key]))).length;
    const pickBest = (candidates: PoolItem[]) => {
      let best: PoolItem | null = null;
      for (const item of candidates) if (!chosen.includes(item) && (best === null || gain(item) > gain(best))) best = item;
      return best;
    };
    for (let borderline = 0; borderline < policy.minBorderline; borderline++) take(pickBest(order.filter((item) => item.borderline))!);
    while (uncovered.size > 0 && chosen.length < size) {
      const best = pickBest(order);
      if (!best || gain(best) === 0) break;
      take(best);
    }
    if (uncovered.size === 0) {
      // The rest of the set from the most common material first, so that the rare levels stay
      // for the assessor's next set (B after A): least rare first, the shuffle breaking ties.
      const rest = order.filter((item) => !chosen.includes(item));
      const commonness = new Map(rest.map((item) => [item, Math.min(...input.rows.map((row) => availableCounts.get(pairKey(row.key, item.trueLevels[row.key])) ?? 0))]));
      rest.sort((left, right) => commonness.get(right)! - commonness.get(left)!);
      for (const item of rest) if (chosen.length < size) chosen.push(item);
      return shuffled(chosen, random).map((item) => item.itemKey);
    }
    if (uncovered.size < closestCount) {
      closestCount = uncovered.size;
      closest = [...uncovered].map(splitPair);
    }
  }
  throw fail(`${size} items cannot cover every level: ${describe(closest)} left out`);
}

function describe(pairs: ReadonlyArray<{ rowKey: string; level: string }>): string {
  const named = pairs.slice(0, 5).map((pair) => `row ${pair.rowKey} level ${pair.level}`);
  const more = pairs.length > 5 ? ` and ${pairs.length - 5} more` : '';
  return `${named.join(', ')}${more} ${pairs.length === 1 ? 'is' : 'are'}`;
}

function pairCounts(rows: readonly MaterialRow[], items: readonly PoolItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) for (const row of rows) increment(counts, pairKey(row.key, item.trueLevels[row.key]));
  return counts;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function pairKey(rowKey: string, level: string | undefined): string {
  return JSON.stringify([rowKey, level ?? null]);
}

function splitPair(key: string): { rowKey: string; level: string } {
  const [rowKey, level] = JSON.parse(key) as [string, string];
  return { rowKey, level };
}
