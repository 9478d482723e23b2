import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { categoriesFromLabels } from '../../io/levels.js';
import { publicMetrics } from '../../protocol/criterion-report.js';
import { NotFoundError } from '../../protocol/errors.js';
import {
  studyReport,
  type AdjudicationReason,
  type StudyInput,
  type StudyRow,
  type StudySubmission,
} from '../../protocol/study-report.js';
import type { Credential } from '../credentials/credential.entity.js';
import type { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';
import type { EstimateResponse, ReportResponse, ReportRowResponse } from './reports.dto.js';

/** Reports kept in memory, keyed by what they were computed from. */
const CACHE_SIZE = 64;

interface CachedReport {
  report: ReportResponse;
  json: string;
  /** strong validator of `json`, so clients can ask again with If-None-Match */
  etag: string;
}

interface ReportState {
  versionId: number;
  windowId: number | null;
  previousVersion: number | null;
  fingerprint: string | null;
  /** null when there is no previous version or it had no window */
  previousFingerprint: string | null;
}

/**
 * SQL for a fingerprint of a window's sealed data: its status and the counts and last ids of its
 * submissions, scores and adjudications (scores and adjudications are never changed, only added).
 */
function fingerprintOf(version: string, window: string): string {
  return `CASE WHEN ${window}."id" IS NULL THEN NULL ELSE
      ${window}."id" || ':' || ${window}."status"
      || ':' || (SELECT COUNT(*) FROM "submissions" s WHERE s."window_id" = ${window}."id")
      || ':' || (SELECT COUNT(*) || '/' || COALESCE(MAX(sc."id"), 0) FROM "scores" sc WHERE sc."rubric_version_id" = ${version}."id")
      || ':' || (SELECT COUNT(*) || '/' || COALESCE(MAX(a."id"), 0) FROM "adjudications" a JOIN "submissions" s ON s."id" = a."submission_id" WHERE s."window_id" = ${window}."id")
    END`;
}

interface ScoreLevelRow {
  submissionId: number;
  readerSlot: number;
  assessorId: number;
  rowKey: string;
  level: string;
  comment: string | null;
}

interface AdjudicationLevelRow {
  submissionId: number;
  rowKey: string;
  level: string;
  reason: AdjudicationReason | null;
  note: string | null;
}

/**
 * The reliability report of a rubric version's validation window, computed from the scores on
 * demand by the pure `studyReport` and cached by a fingerprint of what it was computed from
 * (scores and adjudications are sealed, so their counts and last ids identify the data).
 * A report is never stored as the truth.
 */
@Injectable()
export class ReportsService {
  private readonly cache = new Map<string, CachedReport>();
  /** per credential and version: the cache key found at a write generation */
  private readonly checked = new Map<string, { key: string; generation: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly rubricVersions: RubricVersionsService,
    private readonly clock: Clock,
  ) {}

  async report(credentialId: number, versionNumber: number): Promise<ReportResponse> {
    return (await this.cached(credentialId, versionNumber)).report;
  }

  /** The report as JSON text, serialised once per change of the data behind it, with its ETag. */
  async reportJson(credentialId: number, versionNumber: number): Promise<{ json: string; etag: string }> {
    const { json, etag } = await this.cached(credentialId, versionNumber);
    return { json, etag };
  }

  /**
   * One query resolves the credential, version, window and previous window and fingerprints the
   * sealed data behind them; only a new fingerprint recomputes the report.
   */
  private async cached(credentialId: number, versionNumber: number): Promise<CachedReport> {
    // Nothing written since this report was last checked: it is still current.
    const route = `${credentialId}:${versionNumber}`;
    const checked = this.checked.get(route);
    const generation = this.unitOfWork.generation;
    if (checked && checked.generation === generation) {
      const entry = this.cache.get(checked.key);
      if (entry) return entry;
    }
    const manager = this.dataSource.manager;
    const [state]: ReportState[] = await manager.query(
      `SELECT v."id" AS "versionId", w."id" AS "windowId", pv."version" AS "previousVersion",
              ${fingerprintOf('v', 'w')} AS "fingerprint", ${fingerprintOf('pv', 'pw')} AS "previousFingerprint"
         FROM "rubric_versions" v
         LEFT JOIN "validation_windows" w ON w."rubric_version_id" = v."id"
         LEFT JOIN "rubric_versions" pv ON pv."credential_id" = v."credential_id" AND pv."version" = v."previous_version"
         LEFT JOIN "validation_windows" pw ON pw."rubric_version_id" = pv."id"
        WHERE v."credential_id" = ? AND v."version" = ?`,
      [credentialId, versionNumber],
    );
    if (!state) {
      await this.rubricVersions.credentialOrThrow(manager, credentialId);
      throw new NotFoundError(`credential ${credentialId} has no rubric version ${versionNumber}`);
    }
    if (state.windowId === null) throw new NotFoundError(`rubric version ${versionNumber} has no validation window yet, so there is nothing to report`);
    const key = `${credentialId}:${versionNumber}:${state.fingerprint}|${state.previousFingerprint ?? 'none'}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      this.remember(route, key, generation);
      return hit;
    }
    const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const window = await manager.findOneByOrFail(ValidationWindow, { id: state.windowId });
    const rows = await this.compute(manager, credential, version, window);
    const before = state.previousFingerprint === null || state.previousVersion === null ? null : await this.report(credentialId, state.previousVersion);
    const report = this.assemble(credential, version, window, rows, before);
    const json = JSON.stringify(report);
    const entry = { report, json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
    this.cache.set(key, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.remember(route, key, generation);
    return entry;
  }

  private remember(route: string, key: string, generation: number): void {
    this.checked.set(route, { key, generation });
    if (this.checked.size > CACHE_SIZE) this.checked.delete(this.checked.keys().next().value as string);
  }

  /** The per-row table as CSV (one line per rubric row). */
  async reportCsv(credentialId: number, versionNumber: number): Promise<string> {
    const report = await this.report(credentialId, versionNumber);
    const value = (e: EstimateResponse | undefined) => (e && e.value !== null ? round(e.value) : '');
    return Papa.unparse(
      report.rows.map((row) => ({
        criterion: row.criterion,
        title: row.title,
        scale: row.scale,
        carried_over: row.carriedOver,
        units: row.units,
        ratings: row.ratings,
        percent_agreement: value(row.metrics.percent_agreement),
        agreement_interval_low: row.evidence_interval ? round(row.evidence_interval[0]) : '',
        agreement_interval_high: row.evidence_interval ? round(row.evidence_interval[1]) : '',
        adjacent_agreement: value(row.metrics.adjacent_agreement),
        cohen_kappa: value(row.metrics.cohen_kappa),
        fleiss_kappa: value(row.metrics.fleiss_kappa),
        krippendorff_alpha: value(row.scale === 'ordinal' ? row.metrics.krippendorff_alpha_ordinal : row.metrics.krippendorff_alpha_nominal),
        gwet_ac1: value(row.metrics.gwet_ac1),
        verdict: row.verdict,
        evidence: row.evidence,
        early_signal: row.early_signal ?? '',
        previous_agreement: row.comparison?.previousAgreement !== null && row.comparison?.previousAgreement !== undefined ? round(row.comparison.previousAgreement) : '',
        rubric_unclear: row.adjudication_reasons.rubric_unclear,
        evidence_ambiguous: row.adjudication_reasons.evidence_ambiguous,
        assessor_error: row.adjudication_reasons.assessor_error,
        other_reason: row.adjudication_reasons.other,
        notes: row.notes.join(' '),
      })),
    );
  }

  private async compute(manager: EntityManager, credential: Credential, version: RubricVersion, window: ValidationWindow) {
    const rubric = await this.rubricVersions.rowsWithFlagsOf(manager, version.id);
    const submissions: Array<{ id: number; sequence: number }> = (
      await manager.query(`SELECT "id", "study_sequence" AS "sequence" FROM "submissions" WHERE "window_id" = ? ORDER BY "study_sequence"`, [window.id])
    ).map((r: Record<string, unknown>) => ({ id: Number(r.id), sequence: Number(r.sequence) }));
    const levels: ScoreLevelRow[] = await manager.query(
      `SELECT sc."submission_id" AS "submissionId", sc."reader_slot" AS "readerSlot", sc."assessor_id" AS "assessorId",
              l."row_key" AS "rowKey", l."level" AS "level", l."comment" AS "comment"
         FROM "scores" sc
         JOIN "submissions" s ON s."id" = sc."submission_id"
         JOIN "score_levels" l ON l."score_id" = sc."id"
        WHERE s."window_id" = ?`,
      [window.id],
    );
    const adjudicated: AdjudicationLevelRow[] = await manager.query(
      `SELECT a."submission_id" AS "submissionId", r."row_key" AS "rowKey", r."level" AS "level", r."reason" AS "reason", r."note" AS "note"
         FROM "adjudications" a
         JOIN "submissions" s ON s."id" = a."submission_id"
         JOIN "adjudication_rows" r ON r."adjudication_id" = a."id"
        WHERE s."window_id" = ?`,
      [window.id],
    );

    const rows: StudyRow[] = rubric.map((row) => ({
      key: row.key,
      title: row.title,
      scale: row.scale,
      categories: categoriesFromLabels(row.levels.map((l) => l.value)),
      levelLabels: row.levels.map((l) => l.label),
    }));
    const levelIndex = new Map(rubric.map((row) => [row.key, new Map(row.levels.map((l, i) => [l.value, i]))]));
    const bySubmission = new Map<number, StudySubmission>();
    for (const s of submissions) bySubmission.set(s.id, { sequence: s.sequence, readings: [], adjudication: null });
    const readings = new Map<string, StudySubmission['readings'][number]>();
    for (const l of levels) {
      const submission = bySubmission.get(Number(l.submissionId));
      const index = levelIndex.get(l.rowKey)?.get(l.level);
      if (!submission || index === undefined) continue;
      const key = `${l.submissionId}:${l.readerSlot}`;
      let reading = readings.get(key);
      if (!reading) {
        reading = { slot: Number(l.readerSlot), assessorId: String(l.assessorId), levels: {}, comments: {} };
        readings.set(key, reading);
        submission.readings.push(reading);
      }
      reading.levels![l.rowKey] = index;
      if (l.comment) reading.comments![l.rowKey] = l.comment;
    }
    for (const a of adjudicated) {
      const submission = bySubmission.get(Number(a.submissionId));
      const index = levelIndex.get(a.rowKey)?.get(a.level);
      if (!submission || index === undefined) continue;
      submission.adjudication ??= { levels: {}, reasons: {} };
      submission.adjudication.levels[a.rowKey] = index;
      if (a.reason) submission.adjudication.reasons[a.rowKey] = { reason: a.reason, note: a.note ?? undefined };
    }
    const input: StudyInput = {
      rows,
      submissions: [...bySubmission.values()],
      readersPerSubmission: window.readersPerSubmission,
      targetSubmissions: window.targetSubmissions,
      threshold: window.threshold,
      seed: window.seed,
      status: window.status,
    };
    const assessorIds = [...new Set(levels.map((l) => Number(l.assessorId)))];
    const names = new Map<number, string>();
    if (assessorIds.length) {
      const users: Array<{ id: number; name: string }> = await manager.query(
        `SELECT "id", "name" FROM "users" WHERE "id" IN (${assessorIds.map(() => '?').join(',')})`,
        assessorIds,
      );
      for (const u of users) names.set(Number(u.id), u.name);
    }
    const fullyScored = input.submissions.filter((s) => s.readings.length >= window.readersPerSubmission).length;
    const awaiting: Array<{ n: number }> = await manager.query(
      `SELECT COUNT(*) AS "n" FROM "submissions" s WHERE s."window_id" = ? AND s."needs_adjudication" = 1
          AND NOT EXISTS (SELECT 1 FROM "adjudications" a WHERE a."submission_id" = s."id")`,
      [window.id],
    );
    return { rubric, study: studyReport(input), names, fullyScored, awaiting: Number(awaiting[0].n), studySubmissions: submissions.length };
  }

  private assemble(
    credential: Credential,
    version: RubricVersion,
    window: ValidationWindow,
    computed: Awaited<ReturnType<ReportsService['compute']>>,
    before: ReportResponse | null,
  ): ReportResponse {
    const { rubric, study, names } = computed;
    const rows: ReportRowResponse[] = study.rows.map((row, i) => {
      const source = rubric[i];
      const old = before?.rows.find((r) => r.criterion === row.criterion) ?? null;
      const agreement = row.metrics.percent_agreement?.value ?? null;
      const previousAgreement = old?.metrics.percent_agreement?.value ?? null;
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
        verdict: row.verdict,
        evidence: row.evidence,
        evidence_interval: row.evidence_interval,
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
          before === null
            ? null
            : {
                previousVersion: before.rubricVersion,
                carriedOver: source.carriedOver,
                existed: old !== null,
                previousAgreement,
                previousVerdict: old?.verdict ?? null,
                previousEvidence: old?.evidence ?? null,
                change: agreement !== null && previousAgreement !== null ? agreement - previousAgreement : null,
              },
      };
    });
    const nameOf = (id: string) => names.get(Number(id)) ?? `assessor ${id}`;
    return {
      credentialId: credential.id,
      credentialTitle: credential.title,
      rubricVersion: version.version,
      previousVersion: version.previousVersion,
      computedAt: this.clock.isoNow(),
      window: {
        status: window.status,
        targetSubmissions: window.targetSubmissions,
        readersPerSubmission: window.readersPerSubmission,
        threshold: window.threshold,
        seed: window.seed,
        studySubmissions: computed.studySubmissions,
        fullyScored: computed.fullyScored,
        awaitingAdjudication: computed.awaiting,
      },
      summary: {
        validated: rows.filter((r) => r.verdict === 'validated').length,
        needsRevision: rows.filter((r) => r.verdict === 'needs_revision').length,
        inconclusive: rows.filter((r) => r.evidence === 'inconclusive').length,
      },
      rows,
      decision: { ...study.decision, metrics: study.decision.metrics && publicMetrics(study.decision.metrics) },
      assessors: study.assessors.map((a) => ({ ...a, assessorId: Number(a.assessorId), name: nameOf(a.assessorId) })),
      assessorPairs: study.assessorPairs.map((p) => ({ ...p, a: Number(p.a), b: Number(p.b), aName: nameOf(p.a), bName: nameOf(p.b) })),
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
