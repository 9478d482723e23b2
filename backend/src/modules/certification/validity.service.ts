import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { lockRow, query } from '../../database/sql.js';
import { currentStatus } from '../../protocol/certification.js';
import { ConflictError, throwIfIssues } from '../../protocol/errors.js';
import { evaluateMonitoring, monitoringEvent, severitySigma0, validityItemMissed, type ValidityObservation } from '../../protocol/monitoring-rules.js';
import { assertNotScored, ownAssignmentOrThrow, scoreIssues } from '../../protocol/scoring-rules.js';
import { chooseValidityItem, nextDelivery, recordReentryResult, startValiditySchedule, validityFeedbackAt, type ValidityScheduleState } from '../../protocol/validity-seeding.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import type { BlindAssignmentResponse, OwnScoreResponse, SubmitScoreRequest } from '../blind-form/blind-form.dto.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { answersOf } from './attempt-views.js';
import { CalibrationAnswer, CalibrationAttempt, CalibrationAttemptItem } from './calibration-attempt.entity.js';
import { certificationRecord, liveItemIds } from './calibration-queries.js';
import { ValiditySchedule } from './certification.entity.js';
import { CertificationService } from './certification.service.js';

/** An assignment as this service needs it (the submissions feature owns the entity). */
export interface DeliveredAssignment {
  id: number;
  assessorId: number;
  status: 'pending' | 'scored';
  calibrationAttemptItemId: number | null;
}

/**
 * Validity items in live queues: expert-scored responses from a version's validity pool, delivered
 * to certified assessors among their live assignments on a seeded schedule
 * (`protocol/validity-seeding.ts`), served and scored through the live routes with the live shapes,
 * and watched by the monitoring rules (`protocol/monitoring-rules.ts`): R1 or R2 requires a
 * calibration set before the live queue resumes. Their scores live apart from live scores, so they
 * never reach earners, windows or agreement statistics.
 */
@Injectable()
export class ValidityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly certification: CertificationService,
    private readonly clock: Clock,
  ) {}

  /**
   * Called when a submission of the credential is assigned to `assessorIds`, inside the caller's
   * transaction (which holds the credential's row), before the live assignments are inserted: for
   * each certified assessor, the validity item their schedule says is due, then the live
   * delivery counted. Items come only from the validity pool of the submission's own rubric
   * version, so that a validity item shows the same version and rows as the live work beside it.
   * Nothing for assessors who are not certified or when that version has no validity pool.
   */
  async deliverDue(manager: EntityManager, credentialId: number, rubricVersionId: number, assessorIds: readonly number[]): Promise<void> {
    const pool = await this.validityPool(manager, rubricVersionId);
    if (pool.length === 0) return;
    const version = await manager.findOneByOrFail(RubricVersion, { id: rubricVersionId });
    const now = this.clock.isoNow();
    for (const assessorId of assessorIds) {
      const record = await certificationRecord(manager, credentialId, assessorId);
      const status = currentStatus(record, now);
      if (status !== 'qualified' && status !== 'probation') continue;
      const stored = await manager.findOneBy(ValiditySchedule, { credentialId, assessorId });
      let state: ValidityScheduleState = stored
        ? { deliveries: stored.deliveries, lastValidityAt: stored.lastValidityAt, gapIndex: stored.gapIndex, reentry: stored.reentry as ValidityScheduleState['reentry'] }
        : startValiditySchedule();
      const seed = stored?.seed ?? `${credentialId}/validity`;
      const choice = chooseValidityItem({
        seed,
        assessorId,
        deliveryNumber: state.deliveries + 1,
        pool,
        shown: await this.shown(manager, credentialId, assessorId),
        scoredLive: [...(await liveItemIds(manager, credentialId, assessorId))],
        qualifying: await this.qualifyingItems(manager, credentialId, assessorId),
        now,
      });
      const lastScoredAt = await this.lastScoredAt(manager, assessorId, record.certifiedAt);
      const onProbation = status === 'probation';
      const decision = nextDelivery({ seed, assessorId, state, onProbation, now, lastScoredAt, validityAvailable: choice.itemId !== null });
      state = decision.state;
      if (decision.validity && choice.itemId !== null) {
        await this.deliver(manager, { credentialId, version, assessorId, itemId: Number(choice.itemId), kind: decision.kind, now });
        if (choice.warning) {
          await this.auditLog.record(manager, { actorId: null, action: 'validity_pool.low', entityType: 'certification', entityId: `${credentialId}/${assessorId}`, details: { warning: choice.warning } });
        }
        // the live assignment that follows is a delivery too
        state = nextDelivery({ seed, assessorId, state, onProbation, now, lastScoredAt: now, validityAvailable: false }).state;
      }
      await this.storeSchedule(manager, credentialId, assessorId, seed, state, stored);
    }
  }

  /**
   * The blind form of a validity assignment, field by field as for a live one, and with the same
   * number of queries (one joined read, the rubric, the own score), so its timing does not stand out.
   */
  async blindView(manager: EntityManager, assignment: DeliveredAssignment): Promise<BlindAssignmentResponse> {
    const [source] = await query<{ title: string; version: number; versionId: number; text: string | null; url: string | null }>(
      manager,
      `SELECT c."title" AS "title", v."version" AS "version", v."id" AS "versionId", i."evidence_text" AS "text", i."evidence_url" AS "url"
         FROM "calibration_attempt_items" ai JOIN "calibration_attempts" t ON t."id" = ai."attempt_id"
         JOIN "calibration_items" i ON i."id" = ai."item_id" JOIN "rubric_versions" v ON v."id" = t."rubric_version_id"
         JOIN "credentials" c ON c."id" = t."credential_id"
        WHERE ai."id" = ?`,
      [assignment.calibrationAttemptItemId!],
    );
    return {
      assignmentId: assignment.id,
      status: assignment.status,
      credentialTitle: source.title,
      rubricVersion: Number(source.version),
      rubric: await this.rubricVersions.rowsWithFlagsOf(manager, Number(source.versionId)),
      evidence: { text: source.text, url: source.url },
      myScore: await this.ownScore(manager, assignment),
    };
  }

  async ownScore(manager: EntityManager, assignment: DeliveredAssignment): Promise<OwnScoreResponse | null> {
    const [item] = await query<{ id: number; scoredAt: string | null }>(manager, `SELECT "id", "scored_at" AS "scoredAt" FROM "calibration_attempt_items" WHERE "id" = ?`, [assignment.calibrationAttemptItemId!]);
    if (!item || item.scoredAt === null) return null;
    const answers = (await answersOf(manager, [Number(item.id)])).get(Number(item.id)) ?? new Map<string, CalibrationAnswer>();
    const response: OwnScoreResponse = { levels: {}, comments: {}, submittedAt: item.scoredAt };
    for (const answer of answers.values()) {
      response.levels[answer.rowKey] = answer.level;
      if (answer.comment !== null) response.comments[answer.rowKey] = answer.comment;
    }
    return response;
  }

  /**
   * Seals an assessor's score of a validity assignment, with the checks and errors of a live
   * score, then the monitoring rules: a re-entry item's result moves the return on; R1 or R2
   * requires a calibration set. Takes the credential's row, then the assignment's.
   */
  async score(manager: EntityManager, assessorId: number, assignmentId: number, request: SubmitScoreRequest): Promise<void> {
    const probe = await query<{ credentialId: number }>(
      manager,
      `SELECT t."credential_id" AS "credentialId" FROM "assignments" a JOIN "calibration_attempt_items" ai ON ai."id" = a."calibration_attempt_item_id"
         JOIN "calibration_attempts" t ON t."id" = ai."attempt_id" WHERE a."id" = ?`,
      [assignmentId],
    );
    const credentialId = Number(probe[0].credentialId);
    await lockRow(manager, 'credentials', credentialId);
    await lockRow(manager, 'assignments', assignmentId);
    const [assignment] = await query<{ id: number; assessorId: number; status: string; itemId: number }>(
      manager,
      `SELECT "id", "assessor_id" AS "assessorId", "status", "calibration_attempt_item_id" AS "itemId" FROM "assignments" WHERE "id" = ?`,
      [assignmentId],
    );
    ownAssignmentOrThrow(assignmentId, assessorId, { ...assignment, assessorId: Number(assignment.assessorId) });
    assertNotScored(assignmentId, assignment.status === 'scored');
    await this.assertQueueOpen(manager, credentialId, assessorId);
    const item = await manager.findOneByOrFail(CalibrationAttemptItem, { id: Number(assignment.itemId) });
    const attempt = await manager.findOneByOrFail(CalibrationAttempt, { id: item.attemptId });
    const rows = await this.rubricVersions.rowsOf(manager, attempt.rubricVersionId);
    const comments = request.comments ?? {};
    throwIfIssues(scoreIssues(rows, request.levels, comments));
    const now = this.clock.isoNow();
    await manager.insert(
      CalibrationAnswer,
      rows.map((row) => ({ attemptItemId: item.id, rowKey: row.key, level: request.levels[row.key], comment: comments[row.key]?.trim() || null })),
    );
    const immediate = item.deliveryKind === 'reentry_first' || item.deliveryKind === 'reentry_second';
    await manager.update(CalibrationAttemptItem, { id: item.id }, { scoredAt: now, feedbackAt: validityFeedbackAt(now, immediate) });
    await query(manager, `UPDATE "assignments" SET "status" = 'scored' WHERE "id" = ?`, [assignmentId]);
    await this.auditLog.record(manager, {
      actorId: assessorId,
      action: 'validity_item.scored',
      entityType: 'calibration_attempt',
      entityId: attempt.id,
      details: { assignmentId, itemId: item.itemId, deliveryKind: item.deliveryKind, levels: request.levels },
    });
    const observations = await this.observations(manager, attempt.rubricVersionId, assessorId);
    if (immediate) await this.reentryResult(manager, credentialId, assessorId, observations.filter((observation) => observation.itemId === item.id));
    await this.monitor(manager, credentialId, assessorId, observations);
  }

  /** 409 `queue_paused` while the assessor must recalibrate or is suspended for the credential. */
  async assertQueueOpen(manager: EntityManager, credentialId: number, assessorId: number): Promise<void> {
    const record = await certificationRecord(manager, credentialId, assessorId);
    const status = currentStatus(record, this.clock.isoNow());
    if (status === 'recalibration_required') throw new ConflictError('your live queue is paused until you pass a calibration set (My calibration)', 'queue_paused');
    if (status === 'suspended') throw new ConflictError('your live queue is paused by a trainer', 'queue_paused');
  }

  /** Every row of every scored validity item of the assessor on the version, in delivery order. */
  async observations(manager: EntityManager, rubricVersionId: number, assessorId: number): Promise<ValidityObservation[]> {
    const rows = await query<{ itemId: number; rowKey: string; level: string; trueLevel: string; at: string }>(
      manager,
      `SELECT ai."id" AS "itemId", an."row_key" AS "rowKey", an."level" AS "level", r."true_level" AS "trueLevel", ai."scored_at" AS "at"
         FROM "calibration_attempts" t JOIN "calibration_attempt_items" ai ON ai."attempt_id" = t."id"
         JOIN "calibration_answers" an ON an."attempt_item_id" = ai."id"
         JOIN "calibration_item_rows" r ON r."item_id" = ai."item_id" AND r."row_key" = an."row_key"
        WHERE t."kind" = 'validity' AND t."rubric_version_id" = ? AND t."assessor_id" = ? AND ai."scored_at" IS NOT NULL
        ORDER BY ai."scored_at", ai."id", an."row_key"`,
      [rubricVersionId, assessorId],
    );
    const rubric = new Map((await this.rubricVersions.rowsOf(manager, rubricVersionId)).map((row) => [row.key, row]));
    return rows.flatMap((row) => {
      const rubricRow = rubric.get(row.rowKey);
      if (!rubricRow) return [];
      const values = rubricRow.levels.map((level) => level.value);
      return [
        {
          itemId: Number(row.itemId),
          row: row.rowKey,
          k: values.length,
          scale: rubricRow.scale,
          level: values.indexOf(row.level) + 1,
          trueLevel: values.indexOf(row.trueLevel) + 1,
          at: row.at,
        },
      ];
    });
  }

  private async monitor(manager: EntityManager, credentialId: number, assessorId: number, observations: ValidityObservation[]): Promise<void> {
    const record = await certificationRecord(manager, credentialId, assessorId);
    const status = currentStatus(record, this.clock.isoNow());
    if (status !== 'qualified' && status !== 'probation') return;
    const [restart] = await query<{ at: string | null }>(
      manager,
      `SELECT MAX("at") AS "at" FROM "certification_events" WHERE "credential_id" = ? AND "assessor_id" = ? AND "action" = 'recalibration_passed'`,
      [credentialId, assessorId],
    );
    const report = evaluateMonitoring({
      observations,
      coReads: [],
      restartedAt: restart?.at ?? null,
      sigma0: severitySigma0([observations.filter((o) => o.scale === 'ordinal').map((o) => (o.level - o.trueLevel) / (o.k - 1))]).sigma0,
      certificationPolicy: await this.certification.policyOf(manager, credentialId),
    });
    const event = monitoringEvent(report);
    if (event) await this.certification.transition(manager, { credentialId, assessorId, event, actorId: null, reason: event.reason });
  }

  private async reentryResult(manager: EntityManager, credentialId: number, assessorId: number, rows: ValidityObservation[]): Promise<void> {
    const stored = await manager.findOneBy(ValiditySchedule, { credentialId, assessorId });
    if (!stored || rows.length === 0) return;
    const state = { deliveries: stored.deliveries, lastValidityAt: stored.lastValidityAt, gapIndex: stored.gapIndex, reentry: stored.reentry as ValidityScheduleState['reentry'] };
    if (state.reentry !== 'first_pending' && state.reentry !== 'second_pending') return;
    const result = recordReentryResult(state, validityItemMissed(rows, await this.certification.policyOf(manager, credentialId)));
    await this.storeSchedule(manager, credentialId, assessorId, stored.seed, result.state, stored);
    if (result.calibrationRequired) {
      await this.certification.transition(manager, {
        credentialId,
        assessorId,
        event: { type: 'require_recalibration', rule: 'reentry', reason: result.reason },
        actorId: null,
        reason: result.reason,
      });
    }
  }

  private async deliver(
    manager: EntityManager,
    input: { credentialId: number; version: RubricVersion; assessorId: number; itemId: number; kind: string; now: string },
  ): Promise<void> {
    let attempt = await manager.findOneBy(CalibrationAttempt, { credentialId: input.credentialId, rubricVersionId: input.version.id, assessorId: input.assessorId, kind: 'validity' });
    if (!attempt) {
      const inserted = await manager.insert(CalibrationAttempt, {
        credentialId: input.credentialId,
        rubricVersionId: input.version.id,
        assessorId: input.assessorId,
        kind: 'validity',
        label: null,
        judgedRows: JSON.stringify((await this.rubricVersions.rowsOf(manager, input.version.id)).map((row) => row.key)),
        status: 'in_progress',
        seed: `${input.credentialId}/validity`,
        note: null,
        startedAt: input.now,
        finishedAt: null,
        judgement: null,
      });
      attempt = await manager.findOneByOrFail(CalibrationAttempt, { id: insertedId(inserted) });
    }
    const [{ position }] = await query<{ position: number }>(manager, `SELECT COUNT(*) AS "position" FROM "calibration_attempt_items" WHERE "attempt_id" = ?`, [attempt.id]);
    const inserted = await manager.insert(CalibrationAttemptItem, {
      attemptId: attempt.id,
      itemId: input.itemId,
      position: Number(position) + 1,
      scoredAt: null,
      deliveryKind: input.kind,
      feedbackAt: null,
    });
    const attemptItemId = insertedId(inserted);
    const [assignment] = await query<{ id: number }>(
      manager,
      `INSERT INTO "assignments" ("submission_id", "assessor_id", "reader_slot", "status", "assigned_at", "calibration_attempt_item_id")
       VALUES (NULL, ?, NULL, 'pending', ?, ?) RETURNING "id"`,
      [input.assessorId, input.now, attemptItemId],
    );
    await this.auditLog.record(manager, {
      actorId: null,
      action: 'validity_item.delivered',
      entityType: 'calibration_attempt',
      entityId: attempt.id,
      details: { assignmentId: Number(assignment.id), itemId: input.itemId, assessorId: input.assessorId, kind: input.kind },
    });
  }

  private async storeSchedule(manager: EntityManager, credentialId: number, assessorId: number, seed: string, state: ValidityScheduleState, stored: ValiditySchedule | null): Promise<void> {
    const values = { deliveries: state.deliveries, lastValidityAt: state.lastValidityAt, gapIndex: state.gapIndex, reentry: state.reentry, updatedAt: this.clock.isoNow() };
    if (stored) await manager.update(ValiditySchedule, { id: stored.id }, values);
    else await manager.insert(ValiditySchedule, { credentialId, assessorId, seed, ...values });
  }

  /** The latest version of the credential with confirmed validity items. */
  async validityVersion(manager: EntityManager, credentialId: number): Promise<RubricVersion | null> {
    const [row] = await query<{ id: number }>(
      manager,
      `SELECT v."id" AS "id" FROM "rubric_versions" v WHERE v."credential_id" = ?
          AND EXISTS (SELECT 1 FROM "calibration_items" i WHERE i."rubric_version_id" = v."id" AND i."pool" = 'validity' AND i."status" = 'confirmed')
        ORDER BY v."version" DESC LIMIT 1`,
      [credentialId],
    );
    return row ? manager.findOneByOrFail(RubricVersion, { id: Number(row.id) }) : null;
  }

  /** The confirmed validity items of a version. */
  async validityPool(manager: EntityManager, rubricVersionId: number): Promise<number[]> {
    const rows = await query<{ id: number }>(manager, `SELECT "id" FROM "calibration_items" WHERE "rubric_version_id" = ? AND "pool" = 'validity' AND "status" = 'confirmed'`, [rubricVersionId]);
    return rows.map((row) => Number(row.id));
  }

  /** Items of the credential shown to the assessor before, with when: validity deliveries and set items. */
  async shown(manager: EntityManager, credentialId: number, assessorId: number): Promise<Array<{ itemId: number; shownAt: string }>> {
    const rows = await query<{ itemId: number; shownAt: string }>(
      manager,
      `SELECT ai."item_id" AS "itemId", COALESCE(a."assigned_at", t."started_at") AS "shownAt"
         FROM "calibration_attempt_items" ai JOIN "calibration_attempts" t ON t."id" = ai."attempt_id"
         LEFT JOIN "assignments" a ON a."calibration_attempt_item_id" = ai."id"
        WHERE t."credential_id" = ? AND t."assessor_id" = ?`,
      [credentialId, assessorId],
    );
    return rows.map((row) => ({ itemId: Number(row.itemId), shownAt: row.shownAt }));
  }

  private async qualifyingItems(manager: EntityManager, credentialId: number, assessorId: number): Promise<number[]> {
    const rows = await query<{ itemId: number }>(
      manager,
      `SELECT ai."item_id" AS "itemId" FROM "calibration_attempt_items" ai JOIN "calibration_attempts" t ON t."id" = ai."attempt_id"
        WHERE t."credential_id" = ? AND t."assessor_id" = ? AND t."kind" = 'qualifying'`,
      [credentialId, assessorId],
    );
    return rows.map((row) => Number(row.itemId));
  }

  /** The last time the assessor scored anything (live or a set), else their certification, else null. */
  private async lastScoredAt(manager: EntityManager, assessorId: number, certifiedAt: string | null): Promise<string | null> {
    const [row] = await query<{ live: string | null; sets: string | null }>(
      manager,
      `SELECT (SELECT MAX("submitted_at") FROM "scores" WHERE "assessor_id" = ?) AS "live",
              (SELECT MAX(ai."scored_at") FROM "calibration_attempt_items" ai JOIN "calibration_attempts" t ON t."id" = ai."attempt_id" WHERE t."assessor_id" = ?) AS "sets"`,
      [assessorId, assessorId],
    );
    const times = [row?.live, row?.sets, certifiedAt].filter((time): time is string => typeof time === 'string');
    return times.length ? times.sort().at(-1)! : null;
  }
}
