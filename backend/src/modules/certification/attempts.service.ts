import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { lockRow, query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import { assembleSet } from '../../protocol/calibration-pools.js';
import { applyCertificationEvent, changedRowsSince, currentStatus, nextAction, nextSetLabel, type CertificationRecord } from '../../protocol/certification.js';
import { ConflictError, NotFoundError, throwIfIssues } from '../../protocol/errors.js';
import { judgeSet } from '../../protocol/qualification.js';
import { assertNotScored, ownAssignmentOrThrow, scoreIssues } from '../../protocol/scoring-rules.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Credential } from '../credentials/credential.entity.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import type { BlindAssignmentResponse, ScoreReceiptResponse, SubmitScoreRequest } from '../blind-form/blind-form.dto.js';
import { CalibrationAnswer, CalibrationAttempt, CalibrationAttemptItem, type SetKind } from './calibration-attempt.entity.js';
import { CalibrationItem } from './calibration-item.entity.js';
import { certificationRecord, itemRows, judgedRows } from './calibration-queries.js';
import { answersOf, attemptItems, attemptSummaries } from './attempt-views.js';
import { CertificationService } from './certification.service.js';
import { CalibrationMaterialService, materialRows } from './material.service.js';
import type {
  AttemptDetailResponse,
  CertificationDetailResponse,
  LiveFeedbackResponse,
  MyCalibrationResponse,
  MyCredentialCalibrationResponse,
  StartAttemptRequest,
} from './certification.dto.js';

/**
 * Sets an assessor takes: practice (feedback after each item), qualifying sets A, B and C, and
 * calibration sets after a revision; scored with the same blind form and response shape as live
 * assignments, judged when the last item is sealed, and the certification moved on in the same
 * transaction. Also the assessor's view of their live scorings against the final levels.
 */
@Injectable()
export class CalibrationAttemptsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly certification: CertificationService,
    private readonly material: CalibrationMaterialService,
    private readonly clock: Clock,
  ) {}

  /** Every credential with calibration material or a certification of the caller: status, next step, sets. */
  async myCalibration(assessorId: number): Promise<MyCalibrationResponse> {
    const manager = this.dataSource.manager;
    const credentials = await query<{ id: number; title: string; requiresCertification: unknown }>(
      manager,
      `SELECT c."id" AS "id", c."title" AS "title", c."requires_certification" AS "requiresCertification" FROM "credentials" c
        WHERE EXISTS (SELECT 1 FROM "calibration_items" i WHERE i."credential_id" = c."id" AND i."pool" IS NOT NULL)
           OR EXISTS (SELECT 1 FROM "certifications" z WHERE z."credential_id" = c."id" AND z."assessor_id" = ?)
        ORDER BY c."id"`,
      [assessorId],
    );
    const out: MyCredentialCalibrationResponse[] = [];
    for (const credential of credentials) {
      const credentialId = Number(credential.id);
      const record = await certificationRecord(manager, credentialId, assessorId);
      const version = await this.materialVersion(manager, credentialId);
      // Validity items are never shown as such to the assessor: they are in the live queue.
      const attempts = (await manager.find(CalibrationAttempt, { where: { credentialId, assessorId }, order: { id: 'ASC' } })).filter((attempt) => attempt.kind !== 'validity');
      const calibrationRows = version === null ? [] : await this.calibrationRows(manager, credentialId, record, version.version);
      const now = this.clock.isoNow();
      const status = currentStatus(record, now);
      const open = attempts.some((attempt) => attempt.status === 'in_progress' && attempt.kind !== 'practice');
      const mayStart: SetKind[] = [];
      if (version !== null) {
        mayStart.push('practice');
        if (!open && ['in_training', 'qualifying', 'expired'].includes(status)) mayStart.push('qualifying');
        if (!open && (status === 'recalibration_required' || (['qualified', 'probation'].includes(status) && calibrationRows.length > 0))) mayStart.push('calibration');
      }
      out.push({
        credentialId,
        credentialTitle: credential.title,
        rubricVersion: version?.version ?? null,
        requiresCertification: Boolean(credential.requiresCertification),
        status,
        nextAction: nextAction(record, now),
        expiresAt: record.expiresAt,
        remediationNote: record.stored?.remediationNote ?? null,
        mayStart,
        calibrationRows,
        attempts: await attemptSummaries(manager, attempts),
      });
    }
    return { credentials: out };
  }

  /**
   * Draws a set for the caller. Qualifying: the next of A, B (C in an extra round), moving the
   * certification to `qualifying`; calibration: the rows changed since certification; practice:
   * the practice pool. 409 `attempt_in_progress` while a qualifying or calibration set is open,
   * `set_incomplete` naming the row and level when no valid set can be drawn.
   */
  async start(assessorId: number, credentialId: number, request: StartAttemptRequest): Promise<AttemptDetailResponse> {
    const attemptId = await this.unitOfWork.run(async (manager) => {
      await lockRow(manager, 'credentials', credentialId);
      await this.rubricVersions.credentialOrThrow(manager, credentialId);
      const version =
        request.rubricVersion === undefined
          ? await this.materialVersion(manager, credentialId)
          : await this.rubricVersions.versionOrThrow(manager, credentialId, request.rubricVersion);
      if (!version) throw new ConflictError('this credential has no calibration material yet', 'no_calibration_material');
      const open = await manager.findOneBy(CalibrationAttempt, { credentialId, assessorId, status: 'in_progress', kind: In(request.kind === 'practice' ? ['practice'] : ['qualifying', 'calibration']) });
      if (open) throw new ConflictError(`finish ${open.kind} set ${open.id} first`, 'attempt_in_progress');
      return this.draw(manager, { assessorId, credentialId, version, kind: request.kind, note: null, actorId: assessorId });
    });
    return this.attemptDetail(assessorId, attemptId);
  }

  /** A trainer assigns remediation: the note and a practice set, and the status says so. */
  async assignRemediation(actorId: number, credentialId: number, assessorId: number, note: string): Promise<CertificationDetailResponse> {
    await this.unitOfWork.run(async (manager) => {
      await this.certification.assessorNameOrThrow(manager, assessorId);
      await this.certification.transition(manager, { credentialId, assessorId, event: { type: 'remediation', note }, actorId, reason: note });
      const version = await this.materialVersion(manager, credentialId);
      const practice = version ? await this.material.servableItems(manager, credentialId, version.id, 'practice', assessorId) : [];
      if (version && practice.length > 0) await this.draw(manager, { assessorId, credentialId, version, kind: 'practice', note, actorId });
    });
    return this.certification.detail(credentialId, assessorId);
  }

  async attemptDetail(assessorId: number, attemptId: number): Promise<AttemptDetailResponse> {
    const attempt = await this.dataSource.manager.findOneBy(CalibrationAttempt, { id: attemptId });
    if (!attempt || attempt.assessorId !== assessorId || attempt.kind === 'validity') throw new NotFoundError(`you have no calibration set ${attemptId}`);
    return this.detailOf(attempt);
  }

  /** A trainer's (or researcher's) view of one attempt of an assessor. */
  async attemptOfAssessor(credentialId: number, assessorId: number, attemptId: number): Promise<AttemptDetailResponse> {
    const attempt = await this.dataSource.manager.findOneBy(CalibrationAttempt, { id: attemptId, credentialId, assessorId });
    if (!attempt) throw new NotFoundError(`assessor ${assessorId} has no calibration set ${attemptId} for credential ${credentialId}`);
    return this.detailOf(attempt);
  }

  /** The blind form of a set's item: the same shape as a live assignment, evidence and rubric only. */
  async itemView(assessorId: number, attemptItemId: number): Promise<BlindAssignmentResponse> {
    const manager = this.dataSource.manager;
    const { item, attempt } = await this.ownItem(manager, assessorId, attemptItemId);
    const material = await manager.findOneByOrFail(CalibrationItem, { id: item.itemId });
    const version = await manager.findOneByOrFail(RubricVersion, { id: attempt.rubricVersionId });
    const credential = await manager.findOneByOrFail(Credential, { id: attempt.credentialId });
    const answers = (await answersOf(manager, [item.id])).get(item.id);
    return {
      assignmentId: item.id,
      status: item.scoredAt === null ? 'pending' : 'scored',
      credentialTitle: credential.title,
      rubricVersion: version.version,
      rubric: await this.rubricVersions.rowsWithFlagsOf(manager, version.id),
      evidence: { text: material.evidenceText, url: material.evidenceUrl },
      myScore:
        item.scoredAt === null || !answers
          ? null
          : { levels: levelsOf(answers), comments: commentsOf(answers), submittedAt: item.scoredAt },
    };
  }

  /**
   * Seals the caller's answer to one item (422 with field paths as for a live score, 409
   * `already_scored`, `attempt_closed`). The last item judges the set and moves the certification
   * on, in the same transaction.
   */
  async scoreItem(assessorId: number, attemptItemId: number, request: SubmitScoreRequest): Promise<ScoreReceiptResponse> {
    const submittedAt = await this.unitOfWork.run(async (manager) => {
      const probe = await manager.findOneBy(CalibrationAttemptItem, { id: attemptItemId });
      const probeAttempt = probe ? await manager.findOneBy(CalibrationAttempt, { id: probe.attemptId }) : null;
      if (probeAttempt) await lockRow(manager, 'credentials', probeAttempt.credentialId);
      const { item, attempt } = await this.ownItem(manager, assessorId, attemptItemId);
      await lockRow(manager, 'calibration_attempts', attempt.id);
      const fresh = await manager.findOneByOrFail(CalibrationAttemptItem, { id: attemptItemId });
      assertNotScored(attemptItemId, fresh.scoredAt !== null);
      if (attempt.status !== 'in_progress') throw new ConflictError(`calibration set ${attempt.id} is closed`, 'attempt_closed');
      const rows = await this.rubricVersions.rowsOf(manager, attempt.rubricVersionId);
      const comments = request.comments ?? {};
      throwIfIssues(scoreIssues(rows, request.levels, comments));
      const now = this.clock.isoNow();
      await manager.insert(
        CalibrationAnswer,
        rows.map((row) => ({ attemptItemId, rowKey: row.key, level: request.levels[row.key], comment: comments[row.key]?.trim() || null })),
      );
      await manager.update(CalibrationAttemptItem, { id: attemptItemId }, { scoredAt: now });
      await this.auditLog.record(manager, {
        actorId: assessorId,
        action: 'calibration_item.scored',
        entityType: 'calibration_attempt',
        entityId: attempt.id,
        details: { attemptItemId, itemId: item.itemId, kind: attempt.kind },
      });
      const [{ pending }] = await query<{ pending: number }>(manager, `SELECT COUNT(*) AS "pending" FROM "calibration_attempt_items" WHERE "attempt_id" = ? AND "scored_at" IS NULL`, [attempt.id]);
      if (Number(pending) === 0) await this.finish(manager, attempt, rows);
      return now;
    });
    // As for a live score: the receipt is the answer as sealed (comments trimmed, blank ones left out).
    const answers = (await answersOf(this.dataSource.manager, [attemptItemId])).get(attemptItemId) ?? new Map<string, CalibrationAnswer>();
    return { assignmentId: attemptItemId, levels: levelsOf(answers), comments: commentsOf(answers), submittedAt };
  }

  /**
   * The caller's scorings in completed validation windows against the final levels (agreed or
   * adjudicated): their own levels only, never a co-reader's identity, levels or comments.
   */
  async liveFeedback(assessorId: number, page: PageQuery): Promise<Page<LiveFeedbackResponse>> {
    const manager = this.dataSource.manager;
    const [{ total }] = await query<{ total: number }>(
      manager,
      `SELECT COUNT(*) AS "total" FROM "scores" s JOIN "submissions" sub ON sub."id" = s."submission_id"
         JOIN "validation_windows" w ON w."id" = sub."window_id" WHERE s."assessor_id" = ? AND w."status" = 'complete'`,
      [assessorId],
    );
    const scores = await query<{ scoreId: number; submissionId: number; assignmentId: number | null; credentialId: number; title: string; version: number; scoredAt: string; completedAt: string }>(
      manager,
      `SELECT s."id" AS "scoreId", s."submission_id" AS "submissionId", s."assignment_id" AS "assignmentId", c."id" AS "credentialId", c."title" AS "title",
              v."version" AS "version", s."submitted_at" AS "scoredAt", w."completed_at" AS "completedAt"
         FROM "scores" s JOIN "submissions" sub ON sub."id" = s."submission_id"
         JOIN "validation_windows" w ON w."id" = sub."window_id"
         JOIN "rubric_versions" v ON v."id" = s."rubric_version_id" JOIN "credentials" c ON c."id" = sub."credential_id"
        WHERE s."assessor_id" = ? AND w."status" = 'complete'
        ORDER BY w."completed_at" DESC, s."id" LIMIT ? OFFSET ?`,
      [assessorId, page.pageSize, (page.page - 1) * page.pageSize],
    );
    if (scores.length === 0) return pageOf([], Number(total), page);
    const submissionIds = scores.map((score) => Number(score.submissionId));
    const marks = submissionIds.map(() => '?').join(', ');
    const levels = await query<{ submissionId: number; assessorId: number; rowKey: string; level: string }>(
      manager,
      `SELECT s."submission_id" AS "submissionId", s."assessor_id" AS "assessorId", l."row_key" AS "rowKey", l."level" AS "level"
         FROM "scores" s JOIN "score_levels" l ON l."score_id" = s."id" WHERE s."submission_id" IN (${marks})`,
      submissionIds,
    );
    const adjudicated = await query<{ submissionId: number; rowKey: string; level: string }>(
      manager,
      `SELECT a."submission_id" AS "submissionId", r."row_key" AS "rowKey", r."level" AS "level"
         FROM "adjudications" a JOIN "adjudication_rows" r ON r."adjudication_id" = a."id" WHERE a."submission_id" IN (${marks})`,
      submissionIds,
    );
    const items = scores.map((score) => {
      const submissionId = Number(score.submissionId);
      const mine = levels.filter((row) => Number(row.submissionId) === submissionId && Number(row.assessorId) === assessorId);
      return {
        assignmentId: score.assignmentId === null ? Number(score.scoreId) : Number(score.assignmentId),
        credentialId: Number(score.credentialId),
        credentialTitle: score.title,
        rubricVersion: Number(score.version),
        scoredAt: score.scoredAt,
        windowCompletedAt: score.completedAt,
        rows: mine.map((row) => {
          const final =
            adjudicated.find((entry) => Number(entry.submissionId) === submissionId && entry.rowKey === row.rowKey)?.level ??
            levels.find((entry) => Number(entry.submissionId) === submissionId && entry.rowKey === row.rowKey && Number(entry.assessorId) !== assessorId)?.level ??
            row.level;
          return { key: row.rowKey, myLevel: row.level, finalLevel: final, matched: final === row.level };
        }),
      };
    });
    return pageOf(items, Number(total), page);
  }

  /** The latest rubric version of the credential whose material has been drawn into pools. */
  async materialVersion(manager: EntityManager, credentialId: number): Promise<RubricVersion | null> {
    const [row] = await query<{ id: number }>(
      manager,
      `SELECT v."id" AS "id" FROM "rubric_versions" v WHERE v."credential_id" = ?
          AND EXISTS (SELECT 1 FROM "calibration_items" i WHERE i."rubric_version_id" = v."id" AND i."pool" IS NOT NULL)
        ORDER BY v."version" DESC LIMIT 1`,
      [credentialId],
    );
    return row ? manager.findOneByOrFail(RubricVersion, { id: Number(row.id) }) : null;
  }

  /** The number of the version sets are drawn from; 404 when the credential has no calibration material. */
  async materialVersionNumber(credentialId: number): Promise<number> {
    const version = await this.materialVersion(this.dataSource.manager, credentialId);
    if (!version) throw new NotFoundError(`credential ${credentialId} has no calibration material yet`);
    return version.version;
  }

  private async calibrationRows(manager: EntityManager, credentialId: number, record: CertificationRecord, version: number): Promise<string[]> {
    if (record.certifiedVersion === null) return [];
    return changedRowsSince(await this.certification.versionRows(manager, credentialId), record.certifiedVersion, version);
  }

  private async draw(
    manager: EntityManager,
    input: { assessorId: number; credentialId: number; version: RubricVersion; kind: SetKind; note: string | null; actorId: number },
  ): Promise<number> {
    const { assessorId, credentialId, version, kind } = input;
    const rubric = await this.rubricVersions.rowsOf(manager, version.id);
    const policy = await this.certification.policyOf(manager, credentialId);
    const record = await certificationRecord(manager, credentialId, assessorId);
    // Reproducible: the same assessor's n-th set of a kind on a credential is drawn the same way from the same pool.
    const [{ earlier }] = await query<{ earlier: number }>(
      manager,
      `SELECT COUNT(*) AS "earlier" FROM "calibration_attempts" WHERE "credential_id" = ? AND "assessor_id" = ? AND "kind" = ?`,
      [credentialId, assessorId, kind],
    );
    const seed = `${credentialId}/${version.version}/${assessorId}/${kind}/${Number(earlier) + 1}`;
    let label: string | null = null;
    let rows = rubric;
    let itemIds: number[];
    const available = await this.material.servableItems(manager, credentialId, version.id, kind, assessorId);
    if (kind === 'practice') {
      if (available.length === 0) throw new ConflictError('the practice pool has no item you may see', 'set_incomplete');
      itemIds = available.slice(0, policy.practiceSize).map((item) => item.itemKey);
    } else {
      if (kind === 'calibration') {
        const status = currentStatus(record, this.clock.isoNow());
        const recalibrating = status === 'recalibration_required' || record.recalibrationPending === true;
        if (status !== 'qualified' && status !== 'probation' && status !== 'recalibration_required') {
          throw new ConflictError('a calibration set is for a certified assessor', 'certification_transition');
        }
        const changed = await this.calibrationRows(manager, credentialId, record, version.version);
        // Recalibration (R1, R2, a missed return, a trainer) covers every row; after a revision, the changed rows.
        if (!recalibrating && changed.length === 0) throw new ConflictError(`no rows changed in version ${version.version} since your certification`, 'nothing_to_calibrate');
        rows = recalibrating ? rubric : rubric.filter((row) => changed.includes(row.key));
      } else {
        applyCertificationEvent(record, { type: 'start_qualifying' }, this.clock.isoNow(), policy);
        label = nextSetLabel(currentStatus(record, this.clock.isoNow()) === 'expired' ? { ...record, round: 1, failedInRound: 0 } : record);
      }
      itemIds = assembleSet({ rows: materialRows(rows), available, seed, label: label ? `qualifying set ${label}` : 'calibration set', policy });
    }
    const inserted = await manager.insert(CalibrationAttempt, {
      credentialId,
      rubricVersionId: version.id,
      assessorId,
      kind,
      label,
      judgedRows: JSON.stringify(rows.map((row) => row.key)),
      status: 'in_progress',
      seed,
      note: input.note,
      startedAt: this.clock.isoNow(),
      finishedAt: null,
      judgement: null,
    });
    const attemptId = insertedId(inserted);
    await manager.insert(
      CalibrationAttemptItem,
      itemIds.map((itemId, index) => ({ attemptId, itemId, position: index + 1, scoredAt: null })),
    );
    if (kind === 'qualifying') await this.certification.transition(manager, { credentialId, assessorId, event: { type: 'start_qualifying' }, actorId: assessorId, attemptId });
    await this.auditLog.record(manager, {
      actorId: input.actorId,
      action: 'calibration_attempt.started',
      entityType: 'calibration_attempt',
      entityId: attemptId,
      details: { credentialId, assessorId, version: version.version, kind, label, items: itemIds, seed },
    });
    return attemptId;
  }

  private async finish(manager: EntityManager, attempt: CalibrationAttempt, rubric: Awaited<ReturnType<RubricVersionsService['rowsOf']>>): Promise<void> {
    const now = this.clock.isoNow();
    if (attempt.kind === 'practice') {
      await manager.update(CalibrationAttempt, { id: attempt.id }, { status: 'completed', finishedAt: now });
      await this.auditLog.record(manager, { actorId: null, action: 'calibration_attempt.completed', entityType: 'calibration_attempt', entityId: attempt.id, details: { kind: 'practice' } });
      return;
    }
    const items = await manager.find(CalibrationAttemptItem, { where: { attemptId: attempt.id } });
    const truths = await itemRows(manager, items.map((item) => item.itemId));
    const answers = await answersOf(manager, items.map((item) => item.id));
    const rows = judgedRows(rubric, JSON.parse(attempt.judgedRows) as string[]);
    const judgement = judgeSet(
      rows,
      items.map((item) => ({
        truth: Object.fromEntries((truths.get(item.itemId) ?? []).map((row) => [row.rowKey, row.trueLevel ?? ''])),
        answer: levelsOf(answers.get(item.id) ?? new Map()),
      })),
      await this.certification.policyOf(manager, attempt.credentialId),
    );
    const status = judgement.passed ? 'passed' : 'failed';
    const stored = { ...judgement, levelValues: Object.fromEntries(rows.map((row) => [row.key, row.levels])) };
    await manager.update(CalibrationAttempt, { id: attempt.id }, { status, finishedAt: now, judgement: JSON.stringify(stored) });
    await this.auditLog.record(manager, {
      actorId: null,
      action: `calibration_attempt.${status}`,
      entityType: 'calibration_attempt',
      entityId: attempt.id,
      details: { kind: attempt.kind, label: attempt.label, pooledRate: judgement.pooledRate, pooledRequired: judgement.pooledRequired, failures: judgement.failures },
    });
    const version = await manager.findOneByOrFail(RubricVersion, { id: attempt.rubricVersionId });
    await this.certification.transition(manager, {
      credentialId: attempt.credentialId,
      assessorId: attempt.assessorId,
      event: { type: attempt.kind === 'qualifying' ? 'qualifying_result' : 'calibration_result', passed: judgement.passed, version: version.version },
      actorId: null,
      reason: judgement.passed ? null : judgement.failures.join('; '),
      attemptId: attempt.id,
    });
  }

  private async detailOf(attempt: CalibrationAttempt): Promise<AttemptDetailResponse> {
    const manager = this.dataSource.manager;
    const [summary] = await attemptSummaries(manager, [attempt]);
    const credential = await manager.findOneByOrFail(Credential, { id: attempt.credentialId });
    const rubric = await this.rubricVersions.rowsOf(manager, attempt.rubricVersionId);
    return { ...summary, credentialTitle: credential.title, itemList: await attemptItems(manager, attempt, rubric) };
  }

  private async ownItem(manager: EntityManager, assessorId: number, attemptItemId: number): Promise<{ item: CalibrationAttemptItem; attempt: CalibrationAttempt }> {
    const item = await manager.findOneBy(CalibrationAttemptItem, { id: attemptItemId });
    const found = item ? await manager.findOneBy(CalibrationAttempt, { id: item.attemptId }) : null;
    // a validity item is reached through its live assignment only
    const attempt = found?.kind === 'validity' ? null : found;
    ownAssignmentOrThrow(attemptItemId, assessorId, attempt);
    return { item: item!, attempt: attempt! };
  }
}

function levelsOf(answers: Map<string, CalibrationAnswer>): Record<string, string> {
  return Object.fromEntries([...answers.values()].map((answer) => [answer.rowKey, answer.level]));
}

function commentsOf(answers: Map<string, CalibrationAnswer>): Record<string, string> {
  return Object.fromEntries([...answers.values()].filter((answer) => answer.comment).map((answer) => [answer.rowKey, answer.comment!]));
}
