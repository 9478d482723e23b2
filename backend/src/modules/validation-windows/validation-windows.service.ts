import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { needsAdjudication, type ScoreLevels } from '../../protocol/adjudication-rules.js';
import { NotFoundError } from '../../protocol/errors.js';
import { MAXIMUM_WINDOW_SEED, windowSettingsOrThrow } from '../../protocol/window-opening.js';
import { nextWindowStatus, windowProgress, type StudySubmissionProgress } from '../../protocol/window-status.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { CertificationService } from '../certification/certification.service.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { ValidationWindow } from './validation-window.entity.js';
import type { OpenValidationWindowRequest, ValidationWindowResponse } from './validation-windows.dto.js';
import { lockRow, query } from '../../database/sql.js';

/** Submissions flagged for adjudication per statement. */
const FLAG_CHUNK = 500;

interface StudySubmissionRow extends StudySubmissionProgress {
  submissionId: number;
}

/** Validation windows: opened on a rubric version, and moved on by the protocol as scores and adjudications arrive. */
@Injectable()
export class ValidationWindowsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly certification: CertificationService,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens the validation window of a rubric version, which locks the version. 409 when the version
   * already has a window (`window_exists`), another window of the credential is still collecting
   * (`window_collecting`), or there are fewer assessors than readers per submission (`not_enough_assessors`).
   */
  async open(actorId: number, credentialId: number, versionNumber: number, request: OpenValidationWindowRequest): Promise<ValidationWindowResponse> {
    await this.unitOfWork.run(async (manager) => {
      const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
      // One window of a credential collects at a time: openers of the same credential take turns.
      await lockRow(manager, 'credentials', credentialId);
      const versionHasWindow = await manager.existsBy(ValidationWindow, { rubricVersionId: version.id });
      const collecting = await manager.findOneBy(ValidationWindow, { credentialId, status: 'collecting' });
      // With certification required, only the assessors who may read this version count.
      const places = await this.certification.eligibility(manager, credentialId, versionNumber);
      const assessors = [...places.values()].filter((place) => place.eligible).length;
      const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
      const settings = windowSettingsOrThrow({
        versionNumber,
        versionHasWindow,
        collectingWindowId: collecting?.id ?? null,
        assessors,
        request,
        drawSeed: () => randomInt(0, MAXIMUM_WINDOW_SEED),
      });
      const window = {
        credentialId,
        rubricVersionId: version.id,
        ...settings,
        status: 'collecting' as const,
        openedById: actorId,
        openedAt: this.clock.isoNow(),
        adjudicatingAt: null,
        completedAt: null,
        readersCertified: Boolean(credential.requiresCertification),
      };
      const inserted = await manager.insert(ValidationWindow, window);
      await this.auditLog.record(manager, {
        actorId,
        action: 'validation_window.opened',
        entityType: 'validation_window',
        entityId: insertedId(inserted),
        details: { version: versionNumber, ...pick(window, ['credentialId', 'targetSubmissions', 'readersPerSubmission', 'threshold', 'minimumPaired', 'seed']) },
      });
    });
    return this.get(credentialId, versionNumber);
  }

  /** The window's status and progress; its seed only when `withSeed` (the caller designs or runs the study). */
  async get(credentialId: number, versionNumber: number, withSeed = true): Promise<ValidationWindowResponse> {
    const manager = this.dataSource.manager;
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const window = await manager.findOneBy(ValidationWindow, { rubricVersionId: version.id });
    if (!window) throw new NotFoundError(`rubric version ${versionNumber} has no validation window`);
    const submissions = await this.studySubmissions(manager, window.id);
    const [{ awaiting }] = await query<{ awaiting: number }>(
      manager,
      `SELECT COUNT(*) AS "awaiting" FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
        WHERE s."window_id" = ? AND a."status" = 'pending' AND a."awaiting_reader_since" IS NOT NULL`,
      [window.id],
    );
    return {
      id: window.id,
      credentialId,
      rubricVersion: version.version,
      status: window.status,
      targetSubmissions: window.targetSubmissions,
      readersPerSubmission: window.readersPerSubmission,
      threshold: window.threshold,
      minimumPaired: window.minimumPaired,
      seed: withSeed ? window.seed : null,
      readersCertified: Boolean(window.readersCertified),
      openedAt: window.openedAt,
      adjudicatingAt: window.adjudicatingAt,
      completedAt: window.completedAt,
      progress: windowProgress({ status: window.status, targetSubmissions: window.targetSubmissions, submissions }),
      awaitingReader: Number(awaiting),
    };
  }

  /**
   * Locks the window's row until the transaction ends and raises its data epoch: the first step of
   * every write that changes what the window's report says (a study submission, a score, an
   * adjudication, an import). Writers of one window take turns on any number of instances, each
   * deciding on what the one before committed; the epoch keys the report cache and its ETag.
   * Returns the window as locked.
   */
  async lockForChange(manager: EntityManager, windowId: number): Promise<ValidationWindow> {
    await query(manager, `UPDATE "validation_windows" SET "data_epoch" = "data_epoch" + 1 WHERE "id" = ?`, [windowId]);
    return manager.findOneByOrFail(ValidationWindow, { id: windowId });
  }

  /**
   * Moves a window on when the protocol says so, inside the caller's transaction: when the target
   * submissions carry all their scores, flags every submission whose readers disagree on a row
   * (the adjudication queue) and moves to `adjudicating`; when every flagged submission is
   * adjudicated, moves to `complete`. Each move is written to the audit log as the system's act.
   * The caller holds the window's row (`lockForChange`), so the window moves exactly once.
   */
  async settle(manager: EntityManager, windowId: number, triggeredByUserId: number): Promise<void> {
    const window = await manager.findOneBy(ValidationWindow, { id: windowId });
    if (!window || window.status === 'complete') return;
    let submissions = await this.studySubmissions(manager, window.id);
    const input = { status: window.status, targetSubmissions: window.targetSubmissions, submissions };
    if (window.status === 'collecting' && nextWindowStatus(input) !== 'collecting') {
      submissions = await this.flagDisagreements(manager, window.id, submissions);
    }
    const status = nextWindowStatus({ ...input, submissions });
    if (status === window.status) return;
    const now = this.clock.isoNow();
    const changes: Partial<ValidationWindow> = { status };
    if (window.status === 'collecting') changes.adjudicatingAt = now;
    if (status === 'complete') changes.completedAt = now;
    await manager.update(ValidationWindow, { id: window.id }, changes);
    const progress = windowProgress({ status, targetSubmissions: window.targetSubmissions, submissions });
    if (window.status === 'collecting') {
      await this.auditLog.record(manager, {
        actorId: null,
        action: 'validation_window.adjudicating',
        entityType: 'validation_window',
        entityId: window.id,
        details: {
          triggeredByUserId,
          queued: submissions.filter((submission) => submission.needsAdjudication).map((submission) => submission.submissionId),
        },
      });
    }
    if (status === 'complete') {
      await this.auditLog.record(manager, {
        actorId: null,
        action: 'validation_window.completed',
        entityType: 'validation_window',
        entityId: window.id,
        details: { triggeredByUserId, progress },
      });
    }
  }

  /**
   * Flags the submissions whose readers disagree, reading their levels a chunk of submissions at a
   * time (a window of 10,000 imported submissions holds 120,000 levels), the event loop running
   * between two chunks.
   */
  private async flagDisagreements(manager: EntityManager, windowId: number, submissions: StudySubmissionRow[]): Promise<StudySubmissionRow[]> {
    const flagged: StudySubmissionRow[] = [];
    for (let start = 0; start < submissions.length; start += FLAG_CHUNK) {
      const chunk = submissions.slice(start, start + FLAG_CHUNK);
      const levels: Array<{ submissionId: number; scoreId: number; rowKey: string; level: string }> = await query(
        manager,
        `SELECT s."submission_id" AS "submissionId", s."id" AS "scoreId", l."row_key" AS "rowKey", l."level" AS "level"
           FROM "scores" s JOIN "score_levels" l ON l."score_id" = s."id"
          WHERE s."submission_id" IN (${chunk.map(() => '?').join(', ')})`,
        chunk.map((submission) => submission.submissionId),
      );
      const scoresBySubmission = new Map<number, Map<number, Record<string, string>>>();
      for (const row of levels) {
        const submissionId = Number(row.submissionId);
        const scores = scoresBySubmission.get(submissionId) ?? new Map<number, Record<string, string>>();
        const score = scores.get(row.scoreId) ?? {};
        score[row.rowKey] = row.level;
        scores.set(row.scoreId, score);
        scoresBySubmission.set(submissionId, scores);
      }
      for (const submission of chunk) {
        const scores: ScoreLevels[] = [...(scoresBySubmission.get(submission.submissionId)?.values() ?? [])];
        flagged.push({ ...submission, needsAdjudication: needsAdjudication(scores) });
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const queued = flagged.filter((submission) => submission.needsAdjudication).map((submission) => submission.submissionId);
    for (let start = 0; start < queued.length; start += FLAG_CHUNK) {
      const chunk = queued.slice(start, start + FLAG_CHUNK);
      await query(manager, `UPDATE "submissions" SET "needs_adjudication" = TRUE WHERE "id" IN (${chunk.map(() => '?').join(', ')})`, chunk);
    }
    return flagged;
  }

  private async studySubmissions(manager: EntityManager, windowId: number): Promise<StudySubmissionRow[]> {
    const rows: Array<Record<string, number>> = await query(manager, 
      `SELECT s."id" AS "submissionId", s."readers_required" AS "readersRequired", s."needs_adjudication" AS "needsAdjudication",
              (SELECT COUNT(*) FROM "scores" sc WHERE sc."submission_id" = s."id") AS "scoresReceived",
              EXISTS (SELECT 1 FROM "adjudications" a WHERE a."submission_id" = s."id") AS "adjudicated"
         FROM "submissions" s
        WHERE s."window_id" = ?
        ORDER BY s."study_sequence"`,
      [windowId],
    );
    return rows.map((row) => ({
      submissionId: Number(row.submissionId),
      readersRequired: Number(row.readersRequired),
      scoresReceived: Number(row.scoresReceived),
      needsAdjudication: Boolean(row.needsAdjudication),
      adjudicated: Boolean(row.adjudicated),
    }));
  }
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}
