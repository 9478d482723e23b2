import {
  computeMetrics,
  tableFromCodes,
  type Category,
  type Metrics,
  type Scale,
} from '../stats/index.js';
import { criterionReport, type CriterionReport } from './criterion-report.js';
import { agreementEvidence, DEFAULT_MINIMUM_PAIRED, provisionalDecision, type ProvisionalDecision } from './row-decision.js';
import { readerLabel } from './reader-slots.js';

/**
 * The reliability report of a validation window, computed from its scores on demand: per rubric
 * row everything `concord analyze --json` gives for a criterion (the raters are the reader
 * slots A, B, ... of the double-blind design), plus the disagreement trend, the confusions and
 * how adjudication settled them, the adjudication reasons, assessors' comments on disagreeing
 * scores and, while the window collects, an early signal. Then the overall pass/fail decision
 * agreement and a table per assessor. Pure: the caller loads the rows and hands them in.
 */

import { ADJUDICATION_REASONS } from './adjudication-rules.js';
import { assessorStatistics, type AssessorStatistics, type PairStatistics } from './assessor-statistics.js';
export type AdjudicationReason = (typeof ADJUDICATION_REASONS)[number];

export interface StudyRow {
  key: string;
  title: string;
  scale: Scale;
  /** level values in order, lowest first */
  categories: Category[];
  levelLabels: string[];
  /** index of the lowest level that passes this row (default: the highest level of a binary row, else the second highest) */
  passIndex?: number;
}

export interface StudyReading {
  /** 1 = reader A, 2 = reader B, ... */
  slot: number;
  assessorId: string;
  /** row key -> level index; absent until the reader has scored */
  levels: Record<string, number> | null;
  comments?: Record<string, string>;
}

export interface StudySubmission {
  /** order of arrival in the window (1-based) */
  sequence: number;
  readings: StudyReading[];
  adjudication?: {
    levels: Record<string, number>;
    reasons: Record<string, { reason: AdjudicationReason; note?: string }>;
  } | null;
}

export interface StudyInput {
  rows: StudyRow[];
  /** the window's study submissions in order of arrival */
  submissions: StudySubmission[];
  readersPerSubmission: number;
  targetSubmissions: number;
  threshold: number;
  seed: number;
  status: 'collecting' | 'adjudicating' | 'complete';
  /** submissions in the rolling agreement (default 10) */
  rollingWindow?: number;
  /** paired submissions before a collecting window gives a provisional signal (default 20) */
  minimumPaired?: number;
  resamples?: number;
}

export type EarlySignal = ProvisionalDecision;

export interface TrendPoint {
  sequence: number;
  /** share of agreeing reader pairs on this submission */
  agreement: number;
  cumulative: number;
  rolling: number;
}

export interface Confusion {
  lower: Category;
  higher: Category;
  /** reader pairs split between these two levels */
  count: number;
  /** of those submissions, how adjudication (or agreement) settled them */
  settledLower: number;
  settledHigher: number;
  settledOther: number;
  pending: number;
}

export interface RowComment {
  sequence: number;
  reader: string;
  level: Category;
  comment: string;
}

export interface StudyRowReport extends CriterionReport {
  title: string;
  level_labels: string[];
  /** while the window collects, the provisional decision (as `decision`); null once it is closed */
  early_signal: EarlySignal | null;
  trend: TrendPoint[];
  /** submission sequence at which the window's target was reached (null while collecting) */
  closed_at: number | null;
  confusions: Confusion[];
  adjudication_reasons: Record<AdjudicationReason, number>;
  adjudication_notes: { sequence: number; reason: AdjudicationReason; note: string }[];
  comments: RowComment[];
}

export interface AssessorSummary extends AssessorStatistics {
  assessorId: string;
  /** study submissions scored */
  scored: number;
  /** share of agreeing row-pairs with co-readers */
  coReaderAgreement: number | null;
  coReaderPairs: number;
  /** share of rows where the assessor's level is the final (agreed or adjudicated) level */
  finalAgreement: number | null;
  finalCompared: number;
  /** mean of (assessor's level - final level) in level steps over every ordered row compared; negative = harsh */
  meanSignedDifference: number | null;
  /** the direction of the differences from the final level (`direction`): null with fewer than 3 */
  severity: 'harsh' | 'lenient' | 'balanced' | null;
}

export type AssessorPair = PairStatistics;

export interface StudyReport {
  rows: StudyRowReport[];
  decision: {
    /** pass/fail per reader, one criterion-like report over the reader slots */
    metrics: Metrics | null;
    units: number;
    passRateByReader: { reader: string; passRate: number; n: number }[];
  };
  assessors: AssessorSummary[];
  assessorPairs: AssessorPair[];
}


/** Submissions in the rolling agreement of the trend, unless the input says otherwise. */
const DEFAULT_ROLLING_WINDOW = 10;

export function defaultPassIndex(levels: number): number {
  return levels <= 2 ? levels - 1 : levels - 2;
}

/** A study submission reduced to the readings that carry levels, in reader-slot order. */
interface ScoredSubmission {
  sequence: number;
  /** only readings whose `levels` are present, so `reading.levels!` is safe on them */
  readings: StudyReading[];
  adjudication: StudySubmission['adjudication'] | null;
}

/**
 * The report of a validation window: per rubric row its measures and the story of its
 * disagreements, then agreement on the overall pass/fail decision and the assessor tables.
 * Submissions are the units and reader slots the raters; readings without levels are left out.
 */
export function studyReport(input: StudyInput): StudyReport {
  const readerCount = input.readersPerSubmission;
  const readerNames = Array.from({ length: readerCount }, (_, index) => `reader ${readerLabel(index + 1)}`);
  const scored: ScoredSubmission[] = input.submissions.map((submission) => ({
    sequence: submission.sequence,
    adjudication: submission.adjudication ?? null,
    readings: submission.readings.filter((reading) => reading.levels !== null).sort((first, second) => first.slot - second.slot),
  }));
  const closedAt =
    input.status === 'collecting' || input.submissions.length < input.targetSubmissions
      ? null
      : input.submissions[input.targetSubmissions - 1].sequence;

  const rows = input.rows.map((row): StudyRowReport => {
    const { measures, earlySignal } = rowMeasures(input, row, scored, readerNames);
    const disagreements = rowDisagreements(input, row, scored);
    return {
      ...measures,
      title: row.title,
      level_labels: row.levelLabels,
      early_signal: earlySignal,
      trend: disagreements.trend,
      closed_at: closedAt,
      confusions: disagreements.confusions,
      adjudication_reasons: disagreements.adjudication_reasons,
      adjudication_notes: disagreements.adjudication_notes,
      comments: disagreements.comments,
    };
  });

  return {
    rows,
    decision: decisionAgreement(input, scored, readerNames),
    ...assessorTables(input, scored),
  };
}

/**
 * A rubric row's measures, verdict and evidence with the reader slots as raters, and its decision:
 * while the window collects, the provisional signal of the group-sequential boundary (`too_early`
 * below the minimum of paired submissions), and the final decision once it is closed.
 */
function rowMeasures(
  input: StudyInput,
  row: StudyRow,
  scored: readonly ScoredSubmission[],
  readerNames: readonly string[],
): { measures: CriterionReport; earlySignal: EarlySignal | null } {
  const readerCount = readerNames.length;
  // one column per reader slot, one line per submission: the level index, or -1 for no rating
  const codes = new Int32Array(scored.length * readerCount).fill(-1);
  let ratings = 0;
  scored.forEach((submission, unit) => {
    for (const reading of submission.readings) {
      if (reading.slot < 1 || reading.slot > readerCount) continue;
      const level = reading.levels![row.key];
      if (level === undefined) continue;
      codes[unit * readerCount + reading.slot - 1] = level;
      ratings++;
    }
  });
  const ratedUnits = scored.filter((submission) => submission.readings.some((reading) => reading.levels![row.key] !== undefined)).length;
  const activeReaders = new Set(scored.flatMap((submission) => submission.readings.map((reading) => reading.slot))).size;
  let measures: CriterionReport;
  let earlySignal: EarlySignal | null = null;
  if (ratedUnits > 0 && activeReaders >= 2) {
    const table = tableFromCodes(codes, scored.length, readerCount, row.categories);
    measures = criterionReport(
      { criterion: row.key, scale: row.scale, categories: row.categories, levelLabels: row.levelLabels, raters: readerNames, units: ratedUnits, ratings, table },
      { threshold: input.threshold, seed: input.seed, resamples: input.resamples },
    );
    if (input.status === 'collecting') {
      earlySignal = provisionalDecision(agreementEvidence(table), input.threshold, input.targetSubmissions, input.minimumPaired ?? DEFAULT_MINIMUM_PAIRED);
      measures = { ...measures, decision: earlySignal };
    }
  } else {
    measures = emptyCriterion(row, readerCount, ratings, ratedUnits);
    if (input.status === 'collecting') {
      earlySignal = 'too_early';
      measures.decision = 'too_early';
    }
  }
  return { measures, earlySignal };
}

/**
 * What the readers' disagreements on a rubric row were: the agreement trend over the submissions
 * read at least twice, the pairs of levels readers split between and how each split was settled,
 * and, on submissions where the readers disagreed, their comments and the adjudication's reasons.
 */
function rowDisagreements(
  input: StudyInput,
  row: StudyRow,
  scored: readonly ScoredSubmission[],
): Pick<StudyRowReport, 'trend' | 'confusions' | 'adjudication_reasons' | 'adjudication_notes' | 'comments'> {
  const agreements: { sequence: number; agreement: number }[] = [];
  /** per pair of level indexes `lower:higher` */
  const confusions = new Map<string, Confusion>();
  const comments: RowComment[] = [];
  const reasonCounts = Object.fromEntries(ADJUDICATION_REASONS.map((reason) => [reason, 0])) as Record<AdjudicationReason, number>;
  const notes: StudyRowReport['adjudication_notes'] = [];
  for (const submission of scored) {
    const levels = submission.readings.map((reading) => reading.levels![row.key]).filter((level): level is number => level !== undefined);
    if (levels.length < 2) continue;
    let readerPairs = 0;
    let agreeingPairs = 0;
    for (let first = 0; first < levels.length; first++) {
      for (let second = first + 1; second < levels.length; second++) {
        readerPairs++;
        if (levels[first] === levels[second]) {
          agreeingPairs++;
          continue;
        }
        const lower = Math.min(levels[first], levels[second]);
        const higher = Math.max(levels[first], levels[second]);
        const key = `${lower}:${higher}`;
        const confusion = confusions.get(key) ?? {
          lower: row.categories[lower],
          higher: row.categories[higher],
          count: 0,
          settledLower: 0,
          settledHigher: 0,
          settledOther: 0,
          pending: 0,
        };
        confusion.count++;
        const settled = submission.adjudication?.levels[row.key];
        if (settled === undefined) confusion.pending++;
        else if (settled === lower) confusion.settledLower++;
        else if (settled === higher) confusion.settledHigher++;
        else confusion.settledOther++;
        confusions.set(key, confusion);
      }
    }
    agreements.push({ sequence: submission.sequence, agreement: agreeingPairs / readerPairs });
    if (agreeingPairs === readerPairs) continue;
    for (const reading of submission.readings) {
      const text = reading.comments?.[row.key]?.trim();
      const level = reading.levels![row.key];
      if (text && level !== undefined) comments.push({ sequence: submission.sequence, reader: readerLabel(reading.slot), level: row.categories[level], comment: text });
    }
    const adjudicated = submission.adjudication?.reasons[row.key];
    if (adjudicated) {
      reasonCounts[adjudicated.reason]++;
      if (adjudicated.note?.trim()) notes.push({ sequence: submission.sequence, reason: adjudicated.reason, note: adjudicated.note.trim() });
    }
  }
  return {
    trend: agreementTrend(agreements, input.rollingWindow ?? DEFAULT_ROLLING_WINDOW),
    confusions: [...confusions.values()].sort((first, second) => second.count - first.count),
    adjudication_reasons: reasonCounts,
    adjudication_notes: notes,
    comments,
  };
}

/** Cumulative and rolling agreement in submission order; `window` is the rolling agreement's width in submissions. */
export function agreementTrend(points: { sequence: number; agreement: number }[], window: number): TrendPoint[] {
  let cumulativeSum = 0;
  return points.map((point, index) => {
    cumulativeSum += point.agreement;
    const from = Math.max(0, index - window + 1);
    let rollingSum = 0;
    for (let previous = from; previous <= index; previous++) rollingSum += points[previous].agreement;
    return { sequence: point.sequence, agreement: point.agreement, cumulative: cumulativeSum / (index + 1), rolling: rollingSum / (index - from + 1) };
  });
}

/** The report of a row no submission carries two scores on yet: no measures, a zero matrix. */
function emptyCriterion(row: StudyRow, readerCount: number, ratings: number, units: number): CriterionReport {
  const levelCount = row.categories.length;
  return {
    criterion: row.key,
    scale: row.scale,
    categories: row.categories,
    units,
    raters: readerCount,
    ratings,
    metrics: {},
    decision: 'undefined',
    verdict: 'needs_revision',
    evidence: 'inconclusive',
    evidence_interval: null,
    evidence_method: 'none',
    more_submissions: null,
    notes: ['No submission carries two scores on this row yet.'],
    matrix: { kind: 'coincidence', categories: row.categories, counts: Array.from({ length: levelCount }, () => new Array<number>(levelCount).fill(0)), n: 0 },
  };
}

function passes(row: StudyRow, level: number): boolean {
  return level >= (row.passIndex ?? defaultPassIndex(row.categories.length));
}

/**
 * Agreement on the overall decision: a reading passes when every row reaches its pass level, and
 * the reader slots are the raters of a nominal passed / not passed table. Only readings that
 * score every row count.
 */
function decisionAgreement(input: StudyInput, scored: readonly ScoredSubmission[], readerNames: readonly string[]): StudyReport['decision'] {
  const readerCount = readerNames.length;
  const codes = new Int32Array(scored.length * readerCount).fill(-1);
  const passedBySlot = new Array<number>(readerCount).fill(0);
  const readBySlot = new Array<number>(readerCount).fill(0);
  let units = 0;
  scored.forEach((submission, unit) => {
    let decided = false;
    for (const reading of submission.readings) {
      if (reading.slot < 1 || reading.slot > readerCount) continue;
      const complete = input.rows.every((row) => reading.levels![row.key] !== undefined);
      if (!complete) continue;
      const passed = input.rows.every((row) => passes(row, reading.levels![row.key]));
      codes[unit * readerCount + reading.slot - 1] = passed ? 1 : 0;
      readBySlot[reading.slot - 1]++;
      if (passed) passedBySlot[reading.slot - 1]++;
      decided = true;
    }
    if (decided) units++;
  });
  const passRateByReader = readerNames.map((name, slotIndex) => ({
    reader: name,
    passRate: readBySlot[slotIndex] ? passedBySlot[slotIndex] / readBySlot[slotIndex] : 0,
    n: readBySlot[slotIndex],
  }));
  const activeReaders = readBySlot.filter((read) => read > 0).length;
  if (units === 0 || activeReaders < 2) return { metrics: null, units, passRateByReader };
  const table = tableFromCodes(codes, scored.length, readerCount, ['not_passed', 'passed']);
  return { metrics: computeMetrics(table, 'nominal', { seed: input.seed, resamples: input.resamples }), units, passRateByReader };
}

/**
 * Per assessor and per pair of assessors, through `assessorStatistics`: agreement with co-readers
 * and with the final level where it exists (pending rows counted apart), each with its n and a
 * Wilson interval; severity read from the rows where the assessor differed from the final level;
 * QWK and SMD against the finals; `assessor_error` adjudications attributed to the reader who erred.
 */
function assessorTables(input: StudyInput, scored: readonly ScoredSubmission[]): { assessors: AssessorSummary[]; assessorPairs: AssessorPair[] } {
  const rows = input.rows.map((row) => ({ key: row.key, levels: row.categories.length, ordered: row.scale === 'ordinal' || row.categories.length === 2 }));
  const { assessors, pairs } = assessorStatistics(rows, scored);
  return {
    assessors: assessors.map((statistics) => {
      const ordered = statistics.adjacent.n;
      return {
        ...statistics,
        coReaderAgreement: statistics.coReader.value,
        coReaderPairs: statistics.coReader.n,
        finalAgreement: statistics.exact.value,
        finalCompared: statistics.exact.n,
        meanSignedDifference: ordered ? (statistics.differences.meanSteps ?? 0) * (statistics.differences.n / ordered) : null,
        severity: statistics.direction,
      };
    }),
    assessorPairs: pairs,
  };
}
