import { describe, expect, it } from 'vitest';
import { InvalidError } from './errors.js';
import {
  backreadingSample,
  evaluateMonitoring,
  monitoringEvent,
  severitySigma0,
  validityItemMissed,
  type CoReaderComparison,
  type MonitoringInput,
  type MonitoringReport,
  type ValidityObservation,
} from './monitoring-rules.js';

/** Five ordinal rows of 4 levels: t(k) = 70%, so R1 fires below 60%, p0 = 0.3 and h = 3.25. */
const ROWS = ['evidence', 'reasoning', 'structure', 'sources', 'language'];
const START = Date.parse('2025-01-06T08:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const at = (hours: number) => new Date(START + hours * HOUR).toISOString();

/**
 * Validity observations of items, one item per hour: each item is the deviation of the
 * assessor's level from the true level on each of the five rows (+1 one level more lenient).
 */
function validity(items: ReadonlyArray<readonly number[]>, options: { k?: number; scale?: 'ordinal' | 'nominal'; firstHour?: number } = {}): ValidityObservation[] {
  const k = options.k ?? 4;
  return items.flatMap((deviations, index) =>
    deviations.map((deviation, row) => {
      const trueLevel = deviation < 0 ? k : 1;
      return {
        itemId: `v${(options.firstHour ?? 0) + index + 1}`,
        row: ROWS[row],
        k,
        scale: options.scale ?? 'ordinal',
        level: trueLevel + deviation,
        trueLevel,
        at: at((options.firstHour ?? 0) + index + 1),
      };
    }),
  );
}

/** An accurate assessor's item: one adjacent miss, on a rotating row, alternately up and down. */
const clean = (index: number): number[] => ROWS.map((_, row) => (row === index % 5 ? (index % 2 === 0 ? 1 : -1) : 0));
const cleanItems = (count: number, from = 0) => Array.from({ length: count }, (_, index) => clean(from + index));

/** Live rows double-scored with a co-reader: `exact` of `count` agree, the others differ by one. */
function coReads(count: number, exact: number, k = 4): CoReaderComparison[] {
  return Array.from({ length: count }, (_, index) => ({
    submissionId: 500 + Math.floor(index / 5),
    row: ROWS[index % 5],
    k,
    level: 2,
    coLevel: index < exact ? 2 : 1,
    at: at(100 + index),
  }));
}

function monitor(observations: ValidityObservation[], extra: Partial<MonitoringInput> = {}): MonitoringReport {
  return evaluateMonitoring({ observations, coReads: coReads(20, 16), restartedAt: null, sigma0: 0.25, ...extra });
}

const rules = (report: MonitoringReport) => report.findings.map((finding) => finding.rule);

/** The fixture assessors: each is built to raise exactly the flags beside it. */
const FIXTURES: Array<{ name: string; input: Partial<MonitoringInput> & { observations: ValidityObservation[] }; rules: string[]; flags: string[] }> = [
  {
    name: 'in control: one adjacent miss per item, either way, 80% with co-readers',
    input: { observations: validity(cleanItems(20)) },
    rules: [],
    flags: [],
  },
  {
    name: 'R1 by pooled agreement: 58% exact over the last 10 items, misses either way and spread',
    input: {
      observations: validity([
        ...Array.from({ length: 9 }, (_, index) => (index % 2 === 0 ? [1, 0, -1, 0, 0] : [0, -1, 0, 1, 0])),
        [1, 0, -1, 0, 1],
      ]),
    },
    rules: ['R1'],
    flags: ['recalibration_required'],
  },
  {
    name: 'R1 by non-adjacent misses: two misses by two levels among accurate items',
    input: {
      observations: validity(cleanItems(12).map((item, index) => (index === 4 ? [0, 2, 0, 0, 0] : index === 8 ? [0, 0, 0, -2, 0] : item))),
    },
    rules: ['R1'],
    flags: ['recalibration_required'],
  },
  {
    name: 'R2: eight misses in a row, either way, after twelve accurate items',
    input: { observations: validity([...cleanItems(12), [1, -1, 1, -1, 1], [-1, 1, -1, 0, 0], ...cleanItems(2, 12)]) },
    rules: ['R2'],
    flags: ['recalibration_required'],
  },
  {
    name: 'R3 lenient: one level up on 30% of rows, never down (sigma0 0.12)',
    input: { observations: validity(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? [1, 0, 0, 0, 0] : [0, 0, 1, 0, 1]))), sigma0: 0.12 },
    rules: ['R3'],
    flags: ['drifting_lenient'],
  },
  {
    name: 'R3 severe: one level down on 30% of rows, never up (sigma0 0.12)',
    input: { observations: validity(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? [-1, 0, 0, 0, 0] : [0, 0, -1, 0, -1]))), sigma0: 0.12 },
    rules: ['R3'],
    flags: ['drifting_severe'],
  },
  {
    name: 'R4: accurate on validity items, 60% with co-readers over the last 20 rows',
    input: { observations: validity(cleanItems(20)), coReads: coReads(20, 12) },
    rules: ['R4'],
    flags: ['watch'],
  },
  {
    name: 'R1 to R4: two misses by two levels, then eight lenient misses in a row, and 55% with co-readers',
    input: {
      observations: validity([
        ...cleanItems(12).map((item, index) => (index === 6 ? [0, 2, 0, 0, 0] : index === 9 ? [0, 0, 0, -2, 0] : item)),
        [1, 1, 1, 1, 1],
        [1, 1, 1, 0, 0],
        clean(14),
      ]),
      coReads: coReads(25, 16),
    },
    rules: ['R1', 'R2', 'R3', 'R4'],
    flags: ['recalibration_required', 'drifting_lenient', 'watch'],
  },
];

describe('evaluateMonitoring: fixture assessors', () => {
  it.each(FIXTURES)('$name raises exactly $flags', ({ input, rules: expectedRules, flags }) => {
    const report = monitor(input.observations, input);
    expect(rules(report)).toEqual(expectedRules);
    expect(report.flags).toEqual(flags);
    expect(report.status).toBe(flags.includes('recalibration_required') ? 'recalibration_required' : null);
    for (const finding of report.findings) expect(finding.reason).toMatch(new RegExp(`^${finding.rule}: `));
  });

  it('gives R1 its evidence: the items of the window, the rates and the misses by two levels', () => {
    const report = monitor(FIXTURES[2].input.observations);
    const finding = report.findings[0];
    expect(finding.rule).toBe('R1');
    if (finding.rule !== 'R1') return;
    expect(finding.evidence.items).toEqual(['v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10', 'v11', 'v12']);
    expect(finding.evidence).toMatchObject({ decisions: 50, exact: 40, pooledRate: 0.8, qualificationThreshold: 0.7 });
    expect(finding.evidence.limit).toBeCloseTo(0.6, 12);
    expect(finding.evidence.nonAdjacentMisses).toEqual([
      { itemId: 'v5', row: 'reasoning', level: 3, trueLevel: 1, at: at(5) },
      { itemId: 'v9', row: 'sources', level: 2, trueLevel: 4, at: at(9) },
    ]);
    expect(finding.reason).toBe('R1: 2 misses by two or more levels on rows of 3 or more levels in the last 10 validity items (at most 1)');
  });

  it('says in words why R1 fires on the pooled rate', () => {
    expect(monitor(FIXTURES[1].input.observations).findings[0].reason).toBe(
      'R1: exact agreement 58% over the last 10 validity items is below 60% (the qualification threshold 70% minus 10 points)',
    );
  });

  it('gives R2 its evidence: where the CUSUM crossed h, with the row and the value', () => {
    const report = monitor(FIXTURES[3].input.observations);
    const finding = report.findings[0];
    expect(finding.rule).toBe('R2');
    if (finding.rule !== 'R2') return;
    expect(finding.evidence.h).toBe(3.25);
    expect(finding.evidence.alarmIndex).toBe(12 * 5 + 8);
    expect(finding.evidence.statistic).toBeGreaterThanOrEqual(3.25);
    expect(finding.evidence.statistic).toBe(report.cusum.trace.S[finding.evidence.alarmIndex - 1]);
    expect(finding.evidence.observation).toMatchObject({ itemId: 'v14', row: 'structure' });
    expect(report.cusum.observations).toHaveLength(report.cusum.trace.S.length);
    expect(finding.reason).toMatch(/^R2: the CUSUM on misses reached 3\.\d{3} at validity row 68 since the restart, at or above h = 3\.25$/);
  });

  it('gives R3 its evidence: the side, the value and the limit at the latest alarm', () => {
    const report = monitor(FIXTURES[4].input.observations, { sigma0: 0.12 });
    const finding = report.findings[0];
    expect(finding.rule).toBe('R3');
    if (finding.rule !== 'R3') return;
    const { alarmIndex, firstAlarmIndex, z, limit } = finding.evidence;
    expect(finding.evidence.side).toBe('upper');
    expect(alarmIndex).toBe(report.ewma.trace.alarms.at(-1));
    expect(firstAlarmIndex).toBe(report.ewma.trace.first_alarm?.index);
    expect(z).toBe(report.ewma.trace.z[alarmIndex - 1]);
    expect(z).toBeGreaterThan(limit);
    expect(limit).toBe(report.ewma.trace.ucl[alarmIndex - 1]);
    expect(finding.evidence.sigma0).toBe(0.12);
    expect(finding.reason).toMatch(/above its upper limit 0\.\d{4}: scoring more leniently than the true levels$/);
  });

  it('gives R4 its evidence: the 20 rows, the rate and the threshold', () => {
    const report = monitor(FIXTURES[6].input.observations, { coReads: coReads(20, 12) });
    const finding = report.findings[0];
    expect(finding.rule).toBe('R4');
    if (finding.rule !== 'R4') return;
    expect(finding.evidence).toMatchObject({ exact: 12, rate: 0.6, required: 0.7 });
    expect(finding.evidence.rows).toHaveLength(20);
    expect(finding.reason).toBe('R4: exact agreement with co-readers 60% over the last 20 double-scored rows is below 70%');
  });
});

describe('evaluateMonitoring: edge cases', () => {
  it('does not judge the pooled rate before 10 items, but counts misses by two levels at once', () => {
    const nine = validity(Array.from({ length: 9 }, () => [1, 0, -1, 0, 1]));
    const report = monitor(nine);
    expect(report.window).toMatchObject({ full: false, pooledBelow: false, pooledRate: 0.4 });
    expect(rules(report)).not.toContain('R1');
    expect(rules(monitor(validity([[2, 0, 0, 0, 0], [0, 0, -2, 0, 0]])))).toEqual(['R1']);
  });

  it('does not fire R1 at exactly the limit', () => {
    const sixty = validity(Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? [1, 0, -1, 0, 0] : [0, -1, 0, 1, 0])));
    const report = monitor(sixty);
    expect(report.window.pooledRate).toBe(0.6);
    expect(report.window.pooledBelow).toBe(false);
  });

  it('counts misses by two levels on rows of 3 or more levels only, and every miss on a nominal row of 3 or more', () => {
    const twoLevels = validity([[1, 0, 0, 0, 0], [-1, 0, 0, 0, 0]], { k: 2 });
    expect(monitor(twoLevels).window.nonAdjacentMisses).toEqual([]);
    const nominal = validity([[1, 0, 0, 0, 0], [0, -1, 0, 0, 0]], { k: 3, scale: 'nominal' });
    expect(monitor(nominal).window.nonAdjacentMisses).toHaveLength(2);
    expect(rules(monitor(nominal))).toContain('R1');
  });

  it('restarts R1 and both charts after a passed recalibration', () => {
    const observations = FIXTURES[3].input.observations;
    const report = monitor(observations, { restartedAt: at(14) });
    expect(rules(report)).toEqual([]);
    expect(report.cusum.trace.S).toHaveLength(2 * 5);
    expect(report.window.items).toEqual(['v15', 'v16']);
    expect(report.ewma.trace.z).toHaveLength(2 * 5);
    expect(rules(monitor(FIXTURES[2].input.observations, { restartedAt: at(5) }))).toEqual([]);
  });

  it('restarts only the EWMA after a trainer reviewed a severity flag', () => {
    const input = FIXTURES[4].input;
    const report = monitor(input.observations, { sigma0: 0.12, severityReviewedAt: at(20) });
    expect(report.ewma.trace.z).toEqual([]);
    expect(report.cusum.trace.S).toHaveLength(100);
    expect(rules(report)).toEqual([]);
    const both = monitor(FIXTURES[7].input.observations, { ...FIXTURES[7].input, severityReviewedAt: at(15) });
    expect(rules(both)).toEqual(['R1', 'R2', 'R4']);
  });

  it('takes h from the longest row seen on the version, before the restart too', () => {
    expect(monitor(validity([[0, 0]], { k: 2 })).cusum.h).toBe(2.5);
    expect(monitor(validity([[0, 0]], { k: 3 })).cusum.h).toBe(3);
    const mixed = [...validity([[0, 0]], { k: 5 }), ...validity([[0, 0]], { k: 2, firstHour: 1 })];
    expect(monitor(mixed, { restartedAt: at(1) }).cusum.h).toBe(3.25);
  });

  it('charts the severity on ordinal rows only', () => {
    const observations = [...validity([[1, 1]], { k: 2, scale: 'nominal' }), ...validity([[1, 0]], { firstHour: 1 })];
    const report = monitor(observations);
    expect(report.ewma.trace.d).toEqual([1 / 3, 0]);
    expect(report.ewma.observations.map((row) => row.itemId)).toEqual(['v2', 'v2']);
    expect(report.cusum.trace.S).toHaveLength(4);
  });

  it('flags the side of the latest alarm', () => {
    const severeThenLenient = validity([[-1, -1, 0, 0, 0], ...Array.from({ length: 20 }, () => [1, 1, 1, 0, 0])], { k: 3 });
    const report = monitor(severeThenLenient);
    expect(report.ewma.trace.first_alarm?.side).toBe('lower');
    const finding = report.findings.find((entry) => entry.rule === 'R3');
    expect(finding?.flag).toBe('drifting_lenient');
  });

  it('judges R4 only on a full window of 20 rows, at exactly t(k) without a flag, with t(k) weighted by row', () => {
    expect(monitor(validity(cleanItems(3)), { coReads: coReads(19, 5) }).live.full).toBe(false);
    expect(rules(monitor(validity(cleanItems(3)), { coReads: coReads(19, 5) }))).toEqual([]);
    expect(rules(monitor(validity(cleanItems(3)), { coReads: coReads(20, 14) }))).toEqual([]);
    const mixed = [...coReads(10, 10, 2), ...coReads(10, 5, 4)];
    const report = monitor(validity(cleanItems(3)), { coReads: mixed });
    expect(report.live.required).toBeCloseTo(0.8, 12);
    expect(report.live.rate).toBe(0.75);
    expect(rules(report)).toEqual(['R4']);
  });

  it('reports every rule evaluated, with nothing raised, for an assessor without data', () => {
    const report = evaluateMonitoring({ observations: [], coReads: [], restartedAt: null, sigma0: 0.25 });
    expect(report).toMatchObject({ findings: [], flags: [], status: null });
    expect(report.window).toMatchObject({ items: [], full: false, decisions: 0 });
    expect(report.cusum).toMatchObject({ h: 2.5, trace: { S: [], alarm_index: null } });
    expect(report.live).toMatchObject({ rows: [], full: false });
  });

  it('refuses malformed observations and co-reads, naming each', () => {
    const bad: MonitoringInput = {
      observations: [
        { itemId: 1, row: 'a', k: 1, scale: 'ordinal', level: 1, trueLevel: 1, at: at(1) },
        { itemId: 1, row: 'b', k: 3, scale: 'ordinal', level: 4, trueLevel: 1, at: 'noon' },
      ],
      coReads: [{ submissionId: 2, row: 'a', k: 3, level: 0, coLevel: 1, at: at(2) }],
      restartedAt: 'later',
      sigma0: 0,
    };
    try {
      evaluateMonitoring(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidError);
      expect((error as InvalidError).issues.map((issue) => issue.field)).toEqual([
        'observations.0.k',
        'observations.1',
        'observations.1.at',
        'coReads.0',
        'restartedAt',
        'sigma0',
      ]);
    }
  });
});

describe('monitoringEvent(report)', () => {
  it('calls for recalibration by the first of R1 and R2 that fired, with its reason', () => {
    const all = monitor(FIXTURES[7].input.observations, FIXTURES[7].input);
    expect(monitoringEvent(all)).toEqual({ type: 'require_recalibration', rule: 'R1', reason: all.findings[0].reason });
    const r2 = monitor(FIXTURES[3].input.observations);
    expect(monitoringEvent(r2)).toMatchObject({ type: 'require_recalibration', rule: 'R2' });
  });

  it('calls for nothing when only R3 or R4 fired', () => {
    expect(monitoringEvent(monitor(FIXTURES[4].input.observations, { sigma0: 0.12 }))).toBeNull();
    expect(monitoringEvent(monitor(FIXTURES[6].input.observations, { coReads: coReads(20, 12) }))).toBeNull();
  });
});

describe('validityItemMissed(rows)', () => {
  const row = (k: number, exact: boolean) => ({ k, level: exact ? 2 : 1, trueLevel: 2 });

  it('misses an item whose exact agreement is below the weighted mean of t(k)', () => {
    expect(validityItemMissed([true, true, true, true, false].map((exact) => row(4, exact)))).toBe(false);
    expect(validityItemMissed([true, true, true, false, false].map((exact) => row(4, exact)))).toBe(true);
    expect(validityItemMissed([row(2, true), row(4, true), row(4, true), row(4, false)])).toBe(false);
    expect(validityItemMissed([row(2, true), row(2, true), row(2, true), row(2, true), row(3, false)])).toBe(true);
    expect(validityItemMissed([row(2, false)])).toBe(true);
  });

  it('refuses an item without rows', () => {
    expect(() => validityItemMissed([])).toThrow(InvalidError);
  });
});

describe('severitySigma0(deviationsByAssessor)', () => {
  it('uses the pooled SD of certified assessors from 100 observations', () => {
    const groups = Array.from({ length: 4 }, (_, assessor) => Array.from({ length: 25 }, (_, index) => (index % 5 === 0 ? 1 / 3 : 0) + assessor * 0.01));
    const result = severitySigma0(groups);
    expect(result.source).toBe('pooled');
    expect(result.n).toBe(100);
    expect(result.sigma0).toBeCloseTo(Math.sqrt((4 * (5 * (1 / 3 - 1 / 15) ** 2 + 20 * (1 / 15) ** 2)) / 96), 12);
  });

  it('falls back to 0.25 under 100 observations, or when nobody ever deviates', () => {
    expect(severitySigma0([[0.2, -0.2, 0]])).toEqual({ sigma0: 0.25, source: 'default', n: 3 });
    expect(severitySigma0([Array<number>(120).fill(0)])).toEqual({ sigma0: 0.25, source: 'default', n: 120 });
  });
});

describe('backreadingSample({ seed, assessorId, week, submissions, onProbation })', () => {
  const submissions = Array.from({ length: 60 }, (_, index) => 1000 + index);
  const input = { seed: 'backread', assessorId: 3, week: '2025-W11', submissions, onProbation: false };

  it('queues 5% of the week, rounded up, and says so', () => {
    const sample = backreadingSample(input);
    expect(sample.submissionIds).toHaveLength(3);
    expect(sample.rate).toBe(0.05);
    expect(sample.reason).toBe('3 of 60 live submissions of the week drawn for backreading (5%, rounded up)');
    expect(backreadingSample({ ...input, submissions: submissions.slice(0, 7) }).submissionIds).toHaveLength(1);
    expect(backreadingSample({ ...input, submissions: submissions.slice(0, 20) }).submissionIds).toHaveLength(1);
    expect(backreadingSample({ ...input, submissions: [] }).submissionIds).toEqual([]);
  });

  it('queues every submission of an assessor on probation', () => {
    const sample = backreadingSample({ ...input, onProbation: true });
    expect(sample.submissionIds).toEqual(submissions);
    expect(sample.reason).toBe('on probation: every live submission of the week (60) is backread');
  });

  it('draws the same sample whatever the order, and another one another week or for another assessor', () => {
    const sample = backreadingSample(input).submissionIds;
    expect(backreadingSample({ ...input, submissions: [...submissions].reverse() }).submissionIds.sort()).toEqual([...sample].sort());
    expect(backreadingSample({ ...input, week: '2025-W12' }).submissionIds).not.toEqual(sample);
    expect(backreadingSample({ ...input, assessorId: 4 }).submissionIds).not.toEqual(sample);
  });

  it('reaches every submission about equally over many weeks', () => {
    const counts = new Map<number, number>();
    for (let week = 0; week < 2000; week++) {
      for (const id of backreadingSample({ ...input, week: `w${week}`, submissions: submissions.slice(0, 20) }).submissionIds) counts.set(id as number, (counts.get(id as number) ?? 0) + 1);
    }
    expect(counts.size).toBe(20);
    for (const count of counts.values()) expect(Math.abs(count - 100)).toBeLessThan(45);
  });
});
