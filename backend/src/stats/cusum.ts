/**
 * The risk-adjusted Bernoulli CUSUM on misses (Steiner, Cook, Farewell & Treasure 2000): each
 * observation is a hit (exact agreement) or a miss, with its own in-control miss probability p0.
 * The chart looks for the odds of a miss multiplied by `oddsRatio`.
 *
 * Definitions and reference traces: DRIFT.md section 2 and drift-cases.json (`cusum`).
 */

/** One observation of the chart: its in-control miss probability and whether it was a miss. */
export interface CusumObservation {
  /** in-control miss probability of this observation, in (0, 1) */
  p0: number;
  /** 1 (or true) for a miss, 0 (or false) for exact agreement */
  miss: 0 | 1 | boolean;
}

export interface BernoulliCusumOptions {
  /** the odds multiplication the chart detects (2 in the product) */
  oddsRatio: number;
  /** the decision limit: an alarm at every t with S_t >= h */
  h: number;
}

/** The chart over a sequence, in the shape of drift-cases.json's `cusum.sequences[].expected`. */
export interface BernoulliCusumTrace {
  /** p0_t per observation */
  p0: number[];
  /** W_t per observation */
  weights: number[];
  /** S_t per observation (S_0 = 0 is not listed) */
  S: number[];
  /** the first t (numbered from 1) with S_t >= h, or null */
  alarm_index: number | null;
  /** every t with S_t >= h: the statistic runs on after an alarm */
  alarms: number[];
}

/**
 * The weight of one observation: the log-likelihood ratio of a miss probability whose odds are
 * `oddsRatio` times p0's against p0,
 * W = x ln(OR) - ln(1 - p0 + OR p0) (x = 1 for a miss). With OR = 2: x ln 2 - ln(1 + p0).
 *
 * @example cusumWeight(true, 0.2, 2) // 0.5108256237659905 = ln 2 - ln 1.2
 */
export function cusumWeight(miss: boolean | 0 | 1, p0: number, oddsRatio: number): number {
  checkProbability(p0, 'p0');
  checkOddsRatio(oddsRatio);
  return (miss === true || miss === 1 ? Math.log(oddsRatio) : 0) - Math.log1p(p0 * (oddsRatio - 1));
}

/**
 * The miss probability under the alternative: p1 = OR p0 / (1 - p0 + OR p0), whose odds are OR
 * times the odds of p0.
 */
export function oddsShiftedProbability(p0: number, oddsRatio: number): number {
  checkProbability(p0, 'p0');
  checkOddsRatio(oddsRatio);
  return (oddsRatio * p0) / (1 - p0 + oddsRatio * p0);
}

/**
 * Runs the chart: S_0 = 0, S_t = max(0, S_{t-1} + W_t), alarm at S_t >= h. The statistic is not
 * reset after an alarm (`alarms` lists every t at or above h); a caller that restarts the chart
 * (after a passed recalibration) passes only the observations since.
 *
 * Throws a RangeError for p0 outside (0, 1), an odds ratio that is not positive and finite, or
 * a limit that is not positive and finite.
 *
 * Cost: O(n).
 */
export function bernoulliCusum(observations: readonly CusumObservation[], options: BernoulliCusumOptions): BernoulliCusumTrace {
  checkOddsRatio(options.oddsRatio);
  checkLimit(options.h);
  const p0: number[] = [];
  const weights: number[] = [];
  const S: number[] = [];
  const alarms: number[] = [];
  let statistic = 0;
  observations.forEach((observation, index) => {
    const weight = cusumWeight(observation.miss, observation.p0, options.oddsRatio);
    statistic = Math.max(0, statistic + weight);
    p0.push(observation.p0);
    weights.push(weight);
    S.push(statistic);
    if (statistic >= options.h) alarms.push(index + 1);
  });
  return { p0, weights, S, alarm_index: alarms.length > 0 ? alarms[0] : null, alarms };
}

export interface CusumArlInput {
  /** in-control miss probability that sets the weights */
  p0: number;
  /** the true miss probability of every observation (p0 for the in-control ARL) */
  pMiss: number;
  oddsRatio: number;
  h: number;
}

/**
 * The zero-state average run length of the chart when every observation has the same p0 and
 * misses with probability `pMiss`: the expected number of observations up to and including the
 * first with S_t >= h, starting from S_0 = 0.
 *
 * Exact, by the renewal argument (DRIFT.md section 2): one excursion from S = 0 is followed until
 * it returns to 0 or alarms, on the exact set of reachable values S = a w_miss + b w_hit (a misses,
 * b hits since the last visit to 0); then ARL = E[excursion length] / P(excursion alarms). The
 * propagation stops when the probability mass still travelling is below 1e-17 of the total.
 *
 * Returns Infinity when no excursion can alarm (pMiss = 0).
 *
 * @example cusumArl({ p0: 0.2, pMiss: 0.2, oddsRatio: 2, h: 3 }) // 518.9499103157...
 */
export function cusumArl(input: CusumArlInput): number {
  const { p0, pMiss, oddsRatio, h } = input;
  checkProbability(p0, 'p0');
  checkOddsRatio(oddsRatio);
  checkLimit(h);
  if (!Number.isFinite(pMiss) || pMiss < 0 || pMiss > 1) throw new RangeError(`pMiss must be a probability in [0, 1], got ${pMiss}`);
  const missWeight = cusumWeight(1, p0, oddsRatio);
  const hitWeight = cusumWeight(0, p0, oddsRatio);
  if (missWeight >= h) return 1 / pMiss;
  if (pMiss === 0) return Number.POSITIVE_INFINITY;
  const pHit = 1 - pMiss;
  // states keyed by misses * STRIDE + hits; the value of a state is a * missWeight + b * hitWeight
  const STRIDE = 1 << 20;
  let states = new Map<number, number>([[0, 1]]);
  let alarmed = 0;
  let expectedLength = 0;
  let step = 0;
  const maxSteps = 1_000_000;
  while (states.size > 0 && step < maxSteps) {
    step++;
    const next = new Map<number, number>();
    let travelling = 0;
    for (const [key, mass] of states) {
      const misses = Math.floor(key / STRIDE);
      const hits = key - misses * STRIDE;
      const value = misses * missWeight + hits * hitWeight;
      const afterMiss = value + missWeight;
      const missMass = mass * pMiss;
      if (afterMiss >= h) {
        alarmed += missMass;
        expectedLength += missMass * step;
      } else if (missMass > 0) {
        const target = key + STRIDE;
        next.set(target, (next.get(target) ?? 0) + missMass);
        travelling += missMass;
      }
      const afterHit = value + hitWeight;
      const hitMass = mass * pHit;
      if (afterHit <= 0) {
        expectedLength += hitMass * step;
      } else if (hitMass > 0) {
        const target = key + 1;
        next.set(target, (next.get(target) ?? 0) + hitMass);
        travelling += hitMass;
      }
    }
    states = next;
    if (travelling < 1e-17) {
      // what is left contributes less than 1e-17 x (its remaining length) to both sums
      break;
    }
  }
  return expectedLength / alarmed;
}

function checkProbability(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 1) throw new RangeError(`${name} must be a probability in (0, 1), got ${value}`);
}

function checkOddsRatio(value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`the odds ratio must be positive and finite, got ${value}`);
}

function checkLimit(value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`the limit h must be positive and finite, got ${value}`);
}
