import {
  computeMetrics,
  tableFromCodes,
  type Category,
  type Metrics,
  type Scale,
} from '../stats/index.js';
import { criterionReport, type CriterionReport } from './criterion-report.js';
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
  resamples?: number;
}

export type EarlySignal = 'likely_validated' | 'likely_needs_revision' | 'undetermined';

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
  /** null until a study submission carries two scores */
  early_signal: EarlySignal | null;
  trend: TrendPoint[];
  /** submission sequence at which the window's target was reached (null while collecting) */
  closed_at: number | null;
  confusions: Confusion[];
  adjudication_reasons: Record<AdjudicationReason, number>;
  adjudication_notes: { sequence: number; reason: AdjudicationReason; note: string }[];
  comments: RowComment[];
}

export interface AssessorSummary {
  assessorId: string;
  /** study submissions scored */
  scored: number;
  /** share of agreeing row-pairs with co-readers */
  coReaderAgreement: number | null;
  coReaderPairs: number;
  /** share of rows where the assessor's level is the final (agreed or adjudicated) level */
  finalAgreement: number | null;
  finalCompared: number;
  /** mean of (assessor's level - final level) in level steps, on ordered rows; negative = harsh */
  meanSignedDifference: number | null;
  severity: 'harsh' | 'lenient' | 'balanced' | null;
}

export interface AssessorPair {
  a: string;
  b: string;
  /** rows both scored on the same submissions */
  compared: number;
  agreement: number;
}

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

/** Severity thresholds in level steps: a mean signed difference beyond 0.2 of a level is reported. */
export const SEVERITY_STEP = 0.2;

export function defaultPassIndex(levels: number): number {
  return levels <= 2 ? levels - 1 : levels - 2;
}

export function studyReport(input: StudyInput): StudyReport {
  const readers = input.readersPerSubmission;
  const readerNames = Array.from({ length: readers }, (_, i) => `reader ${readerLabel(i + 1)}`);
  const scored = input.submissions.map((s) => ({
    sequence: s.sequence,
    adjudication: s.adjudication ?? null,
    readings: s.readings.filter((r) => r.levels !== null).sort((a, b) => a.slot - b.slot),
  }));
  const closedAt =
    input.status === 'collecting' || input.submissions.length < input.targetSubmissions
      ? null
      : input.submissions[input.targetSubmissions - 1].sequence;

  const rows = input.rows.map((row): StudyRowReport => {
    const codes = new Int32Array(scored.length * readers).fill(-1);
    let ratings = 0;
    scored.forEach((s, u) => {
      for (const r of s.readings) {
        if (r.slot < 1 || r.slot > readers) continue;
        const level = r.levels![row.key];
        if (level === undefined) continue;
        codes[u * readers + r.slot - 1] = level;
        ratings++;
      }
    });
    const ratedUnits = scored.filter((s) => s.readings.some((r) => r.levels![row.key] !== undefined)).length;
    const options = { threshold: input.threshold, seed: input.seed, resamples: input.resamples };
    let base: CriterionReport;
    let earlySignal: EarlySignal | null = null;
    const activeReaders = new Set(scored.flatMap((s) => s.readings.map((r) => r.slot))).size;
    if (ratedUnits > 0 && activeReaders >= 2) {
      const table = tableFromCodes(codes, scored.length, readers, row.categories);
      base = criterionReport(
        { criterion: row.key, scale: row.scale, categories: row.categories, levelLabels: row.levelLabels, raters: readerNames, units: ratedUnits, ratings, table },
        options,
      );
      if (input.status === 'collecting' && base.evidence_interval) {
        const [lo, hi] = base.evidence_interval;
        earlySignal = lo >= input.threshold ? 'likely_validated' : hi < input.threshold ? 'likely_needs_revision' : 'undetermined';
      }
    } else {
      base = emptyCriterion(row, readers, ratings, ratedUnits);
    }

    const agreements: { sequence: number; agreement: number }[] = [];
    const confusion = new Map<string, Confusion>();
    const comments: RowComment[] = [];
    const reasons = Object.fromEntries(ADJUDICATION_REASONS.map((r) => [r, 0])) as Record<AdjudicationReason, number>;
    const notes: StudyRowReport['adjudication_notes'] = [];
    for (const s of scored) {
      const levels = s.readings.map((r) => r.levels![row.key]).filter((l): l is number => l !== undefined);
      if (levels.length < 2) continue;
      let pairs = 0;
      let agree = 0;
      for (let i = 0; i < levels.length; i++) {
        for (let j = i + 1; j < levels.length; j++) {
          pairs++;
          if (levels[i] === levels[j]) agree++;
          else {
            const lo = Math.min(levels[i], levels[j]);
            const hi = Math.max(levels[i], levels[j]);
            const key = `${lo}:${hi}`;
            const c = confusion.get(key) ?? { lower: row.categories[lo], higher: row.categories[hi], count: 0, settledLower: 0, settledHigher: 0, settledOther: 0, pending: 0 };
            c.count++;
            const final = s.adjudication?.levels[row.key];
            if (final === undefined) c.pending++;
            else if (final === lo) c.settledLower++;
            else if (final === hi) c.settledHigher++;
            else c.settledOther++;
            confusion.set(key, c);
          }
        }
      }
      agreements.push({ sequence: s.sequence, agreement: agree / pairs });
      const disagree = agree < pairs;
      if (disagree) {
        for (const r of s.readings) {
          const text = r.comments?.[row.key]?.trim();
          const level = r.levels![row.key];
          if (text && level !== undefined) comments.push({ sequence: s.sequence, reader: readerLabel(r.slot), level: row.categories[level], comment: text });
        }
        const reason = s.adjudication?.reasons[row.key];
        if (reason) {
          reasons[reason.reason]++;
          if (reason.note?.trim()) notes.push({ sequence: s.sequence, reason: reason.reason, note: reason.note.trim() });
        }
      }
    }
    return {
      ...base,
      title: row.title,
      level_labels: row.levelLabels,
      early_signal: earlySignal,
      trend: agreementTrend(agreements, input.rollingWindow ?? 10),
      closed_at: closedAt,
      confusions: [...confusion.values()].sort((a, b) => b.count - a.count),
      adjudication_reasons: reasons,
      adjudication_notes: notes,
      comments,
    };
  });

  return {
    rows,
    decision: decisionAgreement(input, scored, readers, readerNames),
    ...assessorTables(input, scored),
  };
}

/** Cumulative and rolling agreement in submission order. */
export function agreementTrend(points: { sequence: number; agreement: number }[], window: number): TrendPoint[] {
  let sum = 0;
  return points.map((p, i) => {
    sum += p.agreement;
    const from = Math.max(0, i - window + 1);
    let rollingSum = 0;
    for (let j = from; j <= i; j++) rollingSum += points[j].agreement;
    return { sequence: p.sequence, agreement: p.agreement, cumulative: sum / (i + 1), rolling: rollingSum / (i - from + 1) };
  });
}

function emptyCriterion(row: StudyRow, readers: number, ratings: number, units: number): CriterionReport {
  const q = row.categories.length;
  return {
    criterion: row.key,
    scale: row.scale,
    categories: row.categories,
    units,
    raters: readers,
    ratings,
    metrics: {},
    verdict: 'needs_revision',
    evidence: 'inconclusive',
    evidence_interval: null,
    notes: ['No submission carries two scores on this row yet.'],
    matrix: { kind: 'coincidence', categories: row.categories, counts: Array.from({ length: q }, () => new Array<number>(q).fill(0)), n: 0 },
  };
}

type Scored = { sequence: number; readings: StudyReading[]; adjudication: StudySubmission['adjudication'] | null }[];

function passes(row: StudyRow, level: number): boolean {
  return level >= (row.passIndex ?? defaultPassIndex(row.categories.length));
}

function decisionAgreement(input: StudyInput, scored: Scored, readers: number, readerNames: string[]): StudyReport['decision'] {
  const codes = new Int32Array(scored.length * readers).fill(-1);
  const passCount = new Array<number>(readers).fill(0);
  const readCount = new Array<number>(readers).fill(0);
  let units = 0;
  scored.forEach((s, u) => {
    let any = false;
    for (const r of s.readings) {
      if (r.slot < 1 || r.slot > readers) continue;
      const complete = input.rows.every((row) => r.levels![row.key] !== undefined);
      if (!complete) continue;
      const passed = input.rows.every((row) => passes(row, r.levels![row.key]));
      codes[u * readers + r.slot - 1] = passed ? 1 : 0;
      readCount[r.slot - 1]++;
      if (passed) passCount[r.slot - 1]++;
      any = true;
    }
    if (any) units++;
  });
  const passRateByReader = readerNames.map((name, i) => ({ reader: name, passRate: readCount[i] ? passCount[i] / readCount[i] : 0, n: readCount[i] }));
  const active = readCount.filter((n) => n > 0).length;
  if (units === 0 || active < 2) return { metrics: null, units, passRateByReader };
  const table = tableFromCodes(codes, scored.length, readers, ['not_passed', 'passed']);
  return { metrics: computeMetrics(table, 'nominal', { seed: input.seed, resamples: input.resamples }), units, passRateByReader };
}

function assessorTables(input: StudyInput, scored: Scored): { assessors: AssessorSummary[]; assessorPairs: AssessorPair[] } {
  interface Acc { scored: number; agree: number; pairs: number; finalAgree: number; finalCompared: number; diffSum: number; diffN: number }
  const acc = new Map<string, Acc>();
  const pairAcc = new Map<string, { a: string; b: string; agree: number; compared: number }>();
  const get = (id: string) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { scored: 0, agree: 0, pairs: 0, finalAgree: 0, finalCompared: 0, diffSum: 0, diffN: 0 }));
    return a;
  };
  for (const s of scored) {
    for (const r of s.readings) get(r.assessorId).scored++;
    for (const row of input.rows) {
      const ordered = row.scale === 'ordinal' || row.categories.length === 2;
      const levels = s.readings.map((r) => ({ id: r.assessorId, level: r.levels![row.key] })).filter((x) => x.level !== undefined);
      const allAgree = levels.length >= 2 && levels.every((x) => x.level === levels[0].level);
      const final = allAgree ? levels[0].level : s.adjudication?.levels[row.key];
      for (let i = 0; i < levels.length; i++) {
        const me = get(levels[i].id);
        for (let j = 0; j < levels.length; j++) {
          if (i === j) continue;
          me.pairs++;
          if (levels[i].level === levels[j].level) me.agree++;
          if (j > i) {
            const [a, b] = [levels[i].id, levels[j].id].sort();
            const key = `${a}\u0000${b}`;
            const p = pairAcc.get(key) ?? { a, b, agree: 0, compared: 0 };
            p.compared++;
            if (levels[i].level === levels[j].level) p.agree++;
            pairAcc.set(key, p);
          }
        }
        if (final !== undefined && levels.length >= 2) {
          me.finalCompared++;
          if (levels[i].level === final) me.finalAgree++;
          if (ordered) {
            me.diffSum += levels[i].level - final;
            me.diffN++;
          }
        }
      }
    }
  }
  const assessors = [...acc.entries()]
    .map(([assessorId, a]): AssessorSummary => {
      const msd = a.diffN ? a.diffSum / a.diffN : null;
      return {
        assessorId,
        scored: a.scored,
        coReaderAgreement: a.pairs ? a.agree / a.pairs : null,
        coReaderPairs: a.pairs,
        finalAgreement: a.finalCompared ? a.finalAgree / a.finalCompared : null,
        finalCompared: a.finalCompared,
        meanSignedDifference: msd,
        severity: msd === null ? null : msd <= -SEVERITY_STEP ? 'harsh' : msd >= SEVERITY_STEP ? 'lenient' : 'balanced',
      };
    })
    .sort((x, y) => x.assessorId.localeCompare(y.assessorId));
  const assessorPairs = [...pairAcc.values()]
    .map((p) => ({ a: p.a, b: p.b, compared: p.compared, agreement: p.agree / p.compared }))
    .sort((x, y) => x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  return { assessors, assessorPairs };
}
