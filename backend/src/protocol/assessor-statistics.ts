import { wilsonInterval } from '../stats/intervals.js';

/**
 * Per-assessor statistics of a validation window that say only what the data can say: agreement
 * with the final level only where a final exists (the rest is counted as pending), every rate with
 * its n and a Wilson interval, severity read from the rows where the assessor differed from the
 * final level, exact and adjacent agreement, quadratic-weighted kappa and the standardised mean
 * difference against the final levels (with the operational norms as indicators, not gates), and
 * `assessor_error` adjudications attributed to the reader whose level differed from the final one.
 */

/** Operational norms shown beside the numbers: QWK >= 0.70 and |SMD| <= 0.15 against final levels. */
export const QWK_NORM = 0.7;
export const SMD_NORM = 0.15;
/** Differences from the final level needed before a direction is named. */
export const MINIMUM_DIFFERENCES_FOR_DIRECTION = 3;
/** Share of the differences that must lean one way to call the assessor lenient or harsh. */
export const DIRECTION_SHARE = 0.75;
/** Pairs of assessors who shared fewer submissions are shown greyed, their agreement unreliable. */
export const MINIMUM_SHARED_SUBMISSIONS = 5;

export interface AssessorRow {
  key: string;
  /** number of levels */
  levels: number;
  /** ordered rows (ordinal, or binary) have adjacency and a signed difference */
  ordered: boolean;
}

export interface AssessorReading {
  assessorId: string;
  /** row key -> level index; null until scored */
  levels: Record<string, number> | null;
}

export interface AssessorSubmission {
  readings: readonly AssessorReading[];
  adjudication?: { levels: Record<string, number>; reasons: Record<string, { reason: string }> } | null;
}

export interface Rate {
  /** successes / n, null when n = 0 */
  value: number | null;
  n: number;
  /** Wilson 95% interval, null when n = 0 */
  interval: [number, number] | null;
}

export interface AssessorStatistics {
  assessorId: string;
  /** submissions scored */
  scored: number;
  /** agreement with co-readers over every row pair */
  coReader: Rate;
  /** exact agreement with the final level, over rows whose final exists */
  exact: Rate;
  /** within one level of the final, over ordered rows whose final exists */
  adjacent: Rate;
  /** rows scored whose final level is not known yet (readers disagree, not adjudicated) */
  pending: number;
  /** quadratic-weighted kappa against the final levels, levels scaled to [0, 1] per row; null when undefined */
  qwk: number | null;
  /** standardised mean difference (own - final) / pooled SD on the same scale; null when undefined */
  smd: number | null;
  meetsQwkNorm: boolean | null;
  meetsSmdNorm: boolean | null;
  /** ordered rows where the assessor's level differs from the final one */
  differences: { n: number; higher: number; lower: number; meanSteps: number | null };
  /** lenient or harsh when at least 3 differences lean 75% one way; balanced otherwise; null without differences enough */
  direction: 'lenient' | 'harsh' | 'balanced' | null;
  /** adjudications with reason `assessor_error` on rows where this assessor's level was not the final one */
  assessorErrors: number;
}

export interface PairStatistics {
  a: string;
  b: string;
  /** submissions both read */
  sharedSubmissions: number;
  /** rows both scored on those submissions */
  compared: number;
  agreement: number;
  interval: [number, number] | null;
  /** false below 5 shared submissions: show greyed */
  reliable: boolean;
}

interface Tally {
  scored: number;
  coAgree: number;
  coPairs: number;
  exact: number;
  compared: number;
  adjacent: number;
  adjacentCompared: number;
  pending: number;
  /** (own, final) on the [0, 1] scale, for QWK and SMD */
  pairs: Array<[number, number]>;
  higher: number;
  lower: number;
  stepSum: number;
  assessorErrors: number;
}

/** Per assessor and per pair of assessors, over the readings of a window's study submissions. */
export function assessorStatistics(
  rows: readonly AssessorRow[],
  submissions: readonly AssessorSubmission[],
): { assessors: AssessorStatistics[]; pairs: PairStatistics[] } {
  const tallies = new Map<string, Tally>();
  const pairs = new Map<string, { a: string; b: string; submissions: Set<number>; agree: number; compared: number }>();
  const tallyOf = (id: string) => {
    let tally = tallies.get(id);
    if (!tally) {
      tally = { scored: 0, coAgree: 0, coPairs: 0, exact: 0, compared: 0, adjacent: 0, adjacentCompared: 0, pending: 0, pairs: [], higher: 0, lower: 0, stepSum: 0, assessorErrors: 0 };
      tallies.set(id, tally);
    }
    return tally;
  };
  submissions.forEach((submission, index) => {
    const readings = submission.readings.filter((reading) => reading.levels !== null);
    for (const reading of readings) tallyOf(reading.assessorId).scored++;
    for (const row of rows) {
      const given = readings.flatMap((reading) => (reading.levels![row.key] === undefined ? [] : [{ id: reading.assessorId, level: reading.levels![row.key] }]));
      const agreed = given.length >= 2 && given.every((entry) => entry.level === given[0].level);
      const final = agreed ? given[0].level : submission.adjudication?.levels[row.key];
      const assessorError = submission.adjudication?.reasons[row.key]?.reason === 'assessor_error';
      for (const [own, entry] of given.entries()) {
        const tally = tallyOf(entry.id);
        for (const [other, co] of given.entries()) {
          if (other === own) continue;
          tally.coPairs++;
          if (co.level === entry.level) tally.coAgree++;
          if (other > own) {
            const [a, b] = [entry.id, co.id].sort();
            const key = JSON.stringify([a, b]);
            const pair = pairs.get(key) ?? { a, b, submissions: new Set<number>(), agree: 0, compared: 0 };
            pair.submissions.add(index);
            pair.compared++;
            if (co.level === entry.level) pair.agree++;
            pairs.set(key, pair);
          }
        }
        if (given.length < 2) continue;
        if (final === undefined) {
          tally.pending++;
          continue;
        }
        tally.compared++;
        if (entry.level === final) tally.exact++;
        else if (assessorError) tally.assessorErrors++;
        const scale = Math.max(1, row.levels - 1);
        tally.pairs.push([entry.level / scale, final / scale]);
        if (row.ordered) {
          tally.adjacentCompared++;
          if (Math.abs(entry.level - final) <= 1) tally.adjacent++;
          if (entry.level !== final) {
            if (entry.level > final) tally.higher++;
            else tally.lower++;
            tally.stepSum += entry.level - final;
          }
        }
      }
    }
  });
  const assessors = [...tallies.entries()]
    .map(([assessorId, tally]): AssessorStatistics => {
      const qwk = quadraticKappa(tally.pairs);
      const smd = standardisedMeanDifference(tally.pairs);
      const differences = tally.higher + tally.lower;
      return {
        assessorId,
        scored: tally.scored,
        coReader: rate(tally.coAgree, tally.coPairs),
        exact: rate(tally.exact, tally.compared),
        adjacent: rate(tally.adjacent, tally.adjacentCompared),
        pending: tally.pending,
        qwk,
        smd,
        meetsQwkNorm: qwk === null ? null : qwk >= QWK_NORM,
        meetsSmdNorm: smd === null ? null : Math.abs(smd) <= SMD_NORM,
        differences: { n: differences, higher: tally.higher, lower: tally.lower, meanSteps: differences ? tally.stepSum / differences : null },
        direction: direction(tally.higher, tally.lower),
        assessorErrors: tally.assessorErrors,
      };
    })
    .sort((left, right) => left.assessorId.localeCompare(right.assessorId));
  const pairList = [...pairs.values()]
    .map((pair) => ({
      a: pair.a,
      b: pair.b,
      sharedSubmissions: pair.submissions.size,
      compared: pair.compared,
      agreement: pair.agree / pair.compared,
      interval: wilsonInterval(pair.agree, pair.compared),
      reliable: pair.submissions.size >= MINIMUM_SHARED_SUBMISSIONS,
    }))
    .sort((left, right) => left.a.localeCompare(right.a) || left.b.localeCompare(right.b));
  return { assessors, pairs: pairList };
}

function rate(successes: number, n: number): Rate {
  return { value: n ? successes / n : null, n, interval: wilsonInterval(successes, n) };
}

function direction(higher: number, lower: number): AssessorStatistics['direction'] {
  const n = higher + lower;
  if (n < MINIMUM_DIFFERENCES_FOR_DIRECTION) return null;
  if (higher / n >= DIRECTION_SHARE) return 'lenient';
  if (lower / n >= DIRECTION_SHARE) return 'harsh';
  return 'balanced';
}

/**
 * Quadratic-weighted kappa of paired scores x (own) and y (final) on a common [0, 1] scale:
 * 1 - sum (x_i - y_i)^2 / (1/n) sum_i sum_j (x_i - y_j)^2, which is Cohen's kappa with quadratic
 * weights when the scores are the levels of one scale. Null for fewer than two pairs or when the
 * expected disagreement is 0 (every score the same).
 */
export function quadraticKappa(pairs: ReadonlyArray<readonly [number, number]>): number | null {
  const n = pairs.length;
  if (n < 2) return null;
  let observed = 0;
  for (const [x, y] of pairs) observed += (x - y) ** 2;
  // sum_i sum_j (x_i - y_j)^2 = n sum x^2 + n sum y^2 - 2 (sum x)(sum y)
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
  }
  const expected = (n * sxx + n * syy - 2 * sx * sy) / n;
  if (expected <= 0) return null;
  return 1 - observed / expected;
}

/** (mean x - mean y) / sqrt((var x + var y) / 2), sample variances; null when undefined. */
export function standardisedMeanDifference(pairs: ReadonlyArray<readonly [number, number]>): number | null {
  const n = pairs.length;
  if (n < 2) return null;
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = (values: number[], centre: number) => values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1);
  const xs = pairs.map(([x]) => x);
  const ys = pairs.map(([, y]) => y);
  const [mx, my] = [mean(xs), mean(ys)];
  const pooled = Math.sqrt((variance(xs, mx) + variance(ys, my)) / 2);
  return pooled > 0 ? (mx - my) / pooled : null;
}
