import { categoriesFromLabels } from '../../io/levels.js';
import { publicMetrics } from '../../protocol/criterion-report.js';
import { DEFAULT_MINIMUM_PAIRED, type RowDecisionValue } from '../../protocol/row-decision.js';
import { studyReport, type StudyInput, type StudyReading, type StudyRow, type StudySubmission } from '../../protocol/study-report.js';
import type { ReportSources } from './report-queries.js';
import type { ReportResponse, ReportRowResponse } from './reports.dto.js';

/**
 * The report of a window from its loaded rows: the pure `studyReport` computes every measure, and
 * this adds what the API shows around it (the rubric's descriptors and levels, the comparison with
 * the previous version's report, the window's progress and the assessors' names).
 */
export function assembleReport(sources: ReportSources, previous: ReportResponse | null, computedAt: string): ReportResponse {
  const { credential, version, window, rubric, assessorNames } = sources;
  const input = studyInputOf(sources);
  const study = studyReport(input);
  const rows: ReportRowResponse[] = study.rows.map((row, index) => {
    const source = rubric[index];
    const previousRow = previous?.rows.find((candidate) => candidate.criterion === row.criterion) ?? null;
    const agreement = row.metrics.percent_agreement?.value ?? null;
    const previousAgreement = previousRow?.metrics.percent_agreement?.value ?? null;
    return {
      criterion: row.criterion,
      title: row.title,
      descriptor: source.descriptor,
      levels: source.levels,
      carriedOver: source.carriedOver,
      scale: row.scale,
      categories: row.categories,
      units: row.units,
      raters: row.raters,
      ratings: row.ratings,
      metrics: publicMetrics(row.metrics),
      decision: row.decision,
      verdict: row.verdict,
      evidence: row.evidence,
      evidence_interval: row.evidence_interval,
      evidence_method: row.evidence_method,
      more_submissions: row.more_submissions,
      notes: row.notes,
      matrix: row.matrix,
      early_signal: row.early_signal,
      trend: row.trend,
      closed_at: row.closed_at,
      confusions: row.confusions,
      adjudication_reasons: row.adjudication_reasons,
      adjudication_notes: row.adjudication_notes,
      comments: row.comments,
      comparison:
        previous === null
          ? null
          : {
              previousVersion: previous.rubricVersion,
              carriedOver: source.carriedOver,
              existed: previousRow !== null,
              previousAgreement,
              previousVerdict: previousRow?.verdict ?? null,
              previousEvidence: previousRow?.evidence ?? null,
              change: agreement !== null && previousAgreement !== null ? agreement - previousAgreement : null,
            },
    };
  });
  const nameOf = (assessorId: string) => assessorNames.get(Number(assessorId)) ?? `assessor ${assessorId}`;
  return {
    credentialId: credential.id,
    credentialTitle: credential.title,
    rubricVersion: version.version,
    previousVersion: version.previousVersion,
    computedAt,
    window: {
      status: window.status,
      targetSubmissions: window.targetSubmissions,
      readersPerSubmission: window.readersPerSubmission,
      threshold: window.threshold,
      minimumPaired: input.minimumPaired ?? DEFAULT_MINIMUM_PAIRED,
      seed: window.seed,
      readersCertified: Boolean(window.readersCertified),
      studySubmissions: sources.submissions.length,
      fullyScored: input.submissions.filter((submission) => submission.readings.length >= window.readersPerSubmission).length,
      awaitingAdjudication: sources.awaitingAdjudication,
    },
    summary: decisionSummary(study.rows.map((row) => row.decision)),
    rows,
    decision: { ...study.decision, metrics: study.decision.metrics && publicMetrics(study.decision.metrics) },
    assessors: study.assessors.map((assessor) => ({ ...assessor, assessorId: Number(assessor.assessorId), name: nameOf(assessor.assessorId) })),
    assessorPairs: study.assessorPairs.map((pair) => ({ ...pair, a: Number(pair.a), b: Number(pair.b), aName: nameOf(pair.a), bName: nameOf(pair.b) })),
  };
}

/** Rows per decision; every row has one decision, so the counts add up to `rows`. */
export function decisionSummary(decisions: readonly RowDecisionValue[]): ReportResponse['summary'] {
  const count = (decision: RowDecisionValue) => decisions.filter((value) => value === decision).length;
  return {
    rows: decisions.length,
    validated: count('validated'),
    meetsRuleNotDemonstrated: count('meets_rule_not_demonstrated'),
    needsRevision: count('needs_revision'),
    likelyValidated: count('likely_validated'),
    likelyNeedsRevision: count('likely_needs_revision'),
    undetermined: count('undetermined'),
    tooEarly: count('too_early'),
    undefined: count('undefined'),
  };
}

/**
 * What `studyReport` takes: rubric rows with their level values, and per submission its readings
 * and adjudication as level indexes. Levels that are not (or no longer) levels of their row, and
 * rows of submissions outside the window, are left out.
 */
export function studyInputOf(sources: ReportSources): StudyInput {
  const { rubric, window } = sources;
  const rows: StudyRow[] = rubric.map((row) => ({
    key: row.key,
    title: row.title,
    scale: row.scale,
    categories: categoriesFromLabels(row.levels.map((level) => level.value)),
    levelLabels: row.levels.map((level) => level.label),
  }));
  const levelIndexByRow = new Map(rubric.map((row) => [row.key, new Map(row.levels.map((level, index) => [level.value, index]))]));
  const bySubmission = new Map<number, StudySubmission>();
  for (const submission of sources.submissions) bySubmission.set(submission.id, { sequence: submission.sequence, readings: [], adjudication: null });
  /** per submission and reader slot */
  const readings = new Map<string, StudyReading>();
  for (const scored of sources.scoreLevels) {
    const submission = bySubmission.get(Number(scored.submissionId));
    const levelIndex = levelIndexByRow.get(scored.rowKey)?.get(scored.level);
    if (!submission || levelIndex === undefined) continue;
    const readingKey = `${scored.submissionId}:${scored.readerSlot}`;
    let reading = readings.get(readingKey);
    if (!reading) {
      reading = { slot: Number(scored.readerSlot), assessorId: String(scored.assessorId), levels: {}, comments: {} };
      readings.set(readingKey, reading);
      submission.readings.push(reading);
    }
    reading.levels![scored.rowKey] = levelIndex;
    if (scored.comment) reading.comments![scored.rowKey] = scored.comment;
  }
  for (const settled of sources.adjudicationLevels) {
    const submission = bySubmission.get(Number(settled.submissionId));
    const levelIndex = levelIndexByRow.get(settled.rowKey)?.get(settled.level);
    if (!submission || levelIndex === undefined) continue;
    submission.adjudication ??= { levels: {}, reasons: {} };
    submission.adjudication.levels[settled.rowKey] = levelIndex;
    if (settled.reason) submission.adjudication.reasons[settled.rowKey] = { reason: settled.reason, note: settled.note ?? undefined };
  }
  return {
    rows,
    submissions: [...bySubmission.values()],
    readersPerSubmission: window.readersPerSubmission,
    targetSubmissions: window.targetSubmissions,
    threshold: window.threshold,
    minimumPaired: window.minimumPaired ?? DEFAULT_MINIMUM_PAIRED,
    seed: window.seed,
    status: window.status,
  };
}
