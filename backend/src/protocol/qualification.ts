import type { Scale } from '../stats/types.js';
import { DEFAULT_CERTIFICATION_POLICY, exactThreshold, type CertificationPolicy } from './certification-policy.js';

/** Rounding slack when a rate is compared with its threshold (40/50 meets 0.8). */
const EPSILON = 1e-9;

/** A rubric row as the qualification rule sees it: its levels in order (lowest first when ordinal). */
export interface JudgedRow {
  key: string;
  scale: Scale;
  levels: readonly string[];
}

/** One item of a set as answered: the true level and the assessor's level of each judged row. */
export interface AnsweredItem {
  truth: Readonly<Record<string, string>>;
  answer: Readonly<Record<string, string>>;
}

export interface RowJudgement {
  key: string;
  /** k, the row's number of levels */
  levels: number;
  /** t(k) */
  threshold: number;
  /** t(k) minus the floor margin: the least this row's own exact agreement may be */
  floor: number;
  decisions: number;
  exact: number;
  /** misses by one level (ordinal rows only) */
  adjacent: number;
  /** misses by two or more levels, and every miss on a nominal row */
  nonAdjacent: number;
  /** exact / decisions */
  exactRate: number;
  /** the row's exact agreement reaches its floor */
  meetsFloor: boolean;
  /** rows of 3 or more levels: non-adjacent misses within the allowance; always true otherwise */
  withinNonAdjacent: boolean;
  /** counts[true level index][answered level index], in the row's level order */
  confusion: number[][];
}

export interface SetJudgement {
  passed: boolean;
  decisions: number;
  exact: number;
  /** pooled exact agreement over every item x row decision */
  pooledRate: number;
  /** the decision-weighted mean of t(k) that the pooled rate must reach */
  pooledRequired: number;
  rows: RowJudgement[];
  /** why the set failed, one sentence per broken condition; empty when passed */
  failures: string[];
}

/**
 * Judges a qualifying or calibration set. Per-row threshold t(k): 90% for 2 levels, 80% for 3,
 * 70% for 4 or more (configurable). The set is passed when all hold:
 * 1. pooled exact agreement over all item x row decisions >= the decision-weighted mean of t(k);
 * 2. each row's exact agreement >= t(k) minus the floor margin (20 points);
 * 3. rows of 3 or more levels: at most `maxNonAdjacentMisses` (1) misses by two or more levels.
 * Pooling is deliberate: with 10 items a per-row rule alone is too lenient or fails good assessors.
 * A nominal row has no adjacency, so each of its misses counts as non-adjacent.
 *
 * Only the rows given are judged (a calibration set restricted to changed rows passes its rows).
 * An item's row with no true level or no answer is not a decision: callers require both.
 *
 * @example five 3-level rows, 10 items: 40 of 50 exact passes (0.8 >= 0.8), 39 of 50 fails.
 */
export function judgeSet(rows: readonly JudgedRow[], items: readonly AnsweredItem[], policy: CertificationPolicy = DEFAULT_CERTIFICATION_POLICY): SetJudgement {
  const judgements = rows.map((row) => judgeRow(row, items, policy));
  const decisions = judgements.reduce((sum, row) => sum + row.decisions, 0);
  const exact = judgements.reduce((sum, row) => sum + row.exact, 0);
  const pooledRequired = decisions === 0 ? 0 : judgements.reduce((sum, row) => sum + row.decisions * row.threshold, 0) / decisions;
  const pooledRate = decisions === 0 ? 0 : exact / decisions;
  const failures: string[] = [];
  if (decisions === 0) failures.push('the set has no decisions to judge');
  else if (pooledRate < pooledRequired - EPSILON) {
    failures.push(`pooled exact agreement ${percent(pooledRate)} is below the required ${percent(pooledRequired)}`);
  }
  for (const row of judgements) {
    if (!row.meetsFloor) failures.push(`row ${row.key}: exact agreement ${percent(row.exactRate)} is below its floor of ${percent(row.floor)}`);
    if (!row.withinNonAdjacent) {
      failures.push(`row ${row.key}: ${row.nonAdjacent} non-adjacent misses, at most ${policy.maxNonAdjacentMisses} allowed`);
    }
  }
  return { passed: failures.length === 0, decisions, exact, pooledRate, pooledRequired, rows: judgements, failures };
}

function judgeRow(row: JudgedRow, items: readonly AnsweredItem[], policy: CertificationPolicy): RowJudgement {
  const k = row.levels.length;
  const position = new Map(row.levels.map((level, index) => [level, index]));
  const confusion = row.levels.map(() => row.levels.map(() => 0));
  let decisions = 0;
  let exact = 0;
  let adjacent = 0;
  let nonAdjacent = 0;
  for (const item of items) {
    const truth = position.get(item.truth[row.key]);
    const answer = position.get(item.answer[row.key]);
    if (truth === undefined || answer === undefined) continue;
    decisions++;
    confusion[truth][answer]++;
    const distance = Math.abs(truth - answer);
    if (distance === 0) exact++;
    else if (distance === 1 && row.scale === 'ordinal') adjacent++;
    else nonAdjacent++;
  }
  const threshold = exactThreshold(k, policy);
  const floor = Math.max(0, threshold - policy.rowFloorMargin);
  const exactRate = decisions === 0 ? 0 : exact / decisions;
  return {
    key: row.key,
    levels: k,
    threshold,
    floor,
    decisions,
    exact,
    adjacent,
    nonAdjacent,
    exactRate,
    meetsFloor: decisions === 0 || exactRate >= floor - EPSILON,
    withinNonAdjacent: k < 3 || nonAdjacent <= policy.maxNonAdjacentMisses,
    confusion,
  };
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
