/**
 * The numbers of assessor monitoring: how often validity items are seeded into live queues, when
 * they may be shown, and the limits of the rules R1 to R5 that watch a certified assessor. The
 * per-row exact-agreement threshold t(k) is not repeated here: it is the certification policy's
 * (`exactThreshold`), and the CUSUM's in-control miss rate is 1 - t(k).
 */
export interface MonitoringPolicy {
  validity: {
    /** gap between validity items, in deliveries, drawn uniformly from min to max (about 1 in 10) */
    gap: { min: number; max: number };
    /** the gap during the first deliveries after certification and on probation (about 1 in 5) */
    initialGap: { min: number; max: number };
    /** how many deliveries after certification take the initial gap */
    initialDeliveries: number;
    /** days without scoring after which the first delivery is a validity item with immediate feedback */
    staleDays: number;
    /** an item is not shown again to the same assessor within this many days */
    reuseDays: number;
    /** the trainer is warned when an assessor has fewer unseen validity items left than this */
    lowPoolWarning: number;
    /** hours after scoring before the feedback of a validity item appears (re-entry items: at once) */
    feedbackDelayHours: number;
  };
  /** R1: the last `items` validity items */
  window: {
    items: number;
    /** pooled exact agreement below the qualification threshold minus this margin (0.10 = 10 points) */
    margin: number;
    /** more than this many misses by two or more levels on rows of 3 or more levels */
    maxNonAdjacentMisses: number;
  };
  /** R2: the risk-adjusted Bernoulli CUSUM on misses */
  cusum: {
    oddsRatio: number;
    /** the decision limit h of a chart whose longest row has 2, 3, and 4 or more levels */
    limits: { two: number; three: number; fourOrMore: number };
  };
  /** R3: the two-sided EWMA of the signed normalised deviation */
  ewma: {
    lambda: number;
    L: number;
    /** sigma0 when the rubric version has too few observations of certified assessors */
    defaultSigma0: number;
    /** observations of certified assessors needed to use their pooled SD as sigma0 */
    minObservationsForSigma0: number;
  };
  /** R4: exact agreement with co-readers over the last `rows` double-scored rows */
  live: { rows: number };
  /** R5: the share of each assessor's live submissions per week queued for backreading */
  backreading: { rate: number; probationRate: number };
}

export const DEFAULT_MONITORING_POLICY: MonitoringPolicy = deepFreeze({
  validity: {
    gap: { min: 5, max: 15 },
    initialGap: { min: 2, max: 8 },
    initialDeliveries: 50,
    staleDays: 14,
    reuseDays: 180,
    lowPoolWarning: 20,
    feedbackDelayHours: 24,
  },
  window: { items: 10, margin: 0.1, maxNonAdjacentMisses: 1 },
  cusum: { oddsRatio: 2, limits: { two: 2.5, three: 3.0, fourOrMore: 3.25 } },
  ewma: { lambda: 0.1, L: 2.8143, defaultSigma0: 0.25, minObservationsForSigma0: 100 },
  live: { rows: 20 },
  backreading: { rate: 0.05, probationRate: 1 },
});

/**
 * h, the CUSUM decision limit for rows of `levels` levels: 2.5 for 2, 3.0 for 3, 3.25 for 4 or
 * more (by default). A chart that mixes rows takes the limit of its longest row.
 */
export function cusumLimit(levels: number, policy: MonitoringPolicy = DEFAULT_MONITORING_POLICY): number {
  if (levels <= 2) return policy.cusum.limits.two;
  if (levels === 3) return policy.cusum.limits.three;
  return policy.cusum.limits.fourOrMore;
}

function deepFreeze<T extends object>(value: T): T {
  for (const entry of Object.values(value)) if (typeof entry === 'object' && entry !== null) deepFreeze(entry as object);
  return Object.freeze(value);
}
