import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page } from '../../http/pagination.js';
import { ConflictError, throwIfIssues } from '../../protocol/errors.js';
import { assertNotScored, ownAssignmentOrThrow, scoreIssues } from '../../protocol/scoring-rules.js';
import { assertTakesScores } from '../../protocol/window-status.js';
import { conflictsWith } from '../../protocol/recusal.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { Assignment } from '../submissions/assignment.entity.js';
import { Submission } from '../submissions/submission.entity.js';
import { ValidityService } from '../certification/validity.service.js';
import { ValidationWindowsService } from '../validation-windows/validation-windows.service.js';
import { Score } from './score.entity.js';
import { ScoreLevel } from './score-level.entity.js';
import type {
  BlindAssignmentResponse,
  MyAssignmentResponse,
  MyAssignmentsQuery,
  OwnScoreResponse,
  ScoreReceiptResponse,
  SubmitScoreRequest,
} from './scoring.dto.js';
import { lockRow, query } from '../../database/sql.js';

/** One level of one study score, as a report reads them: in submission order, then reader slot, then row. */
export interface StudyScoreLevel {
  submissionId: number;
  studySequence: number;
  readerSlot: number;
  assessorId: number;
  rowKey: string;
  level: string;
}

/** Assessors' queues, the blind view of an assignment, and sealed scores. */
@Injectable()
export class ScoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly windows: ValidationWindowsService,
    private readonly validity: ValidityService,
    private readonly clock: Clock,
  ) {}

  /**
   * The caller's assignments, oldest first, live work and validity items alike and in the same
   * shape (a validity item's credential and version come from its calibration set). No earner data.
   */
  async myAssignments(assessorId: number, request: MyAssignmentsQuery): Promise<Page<MyAssignmentResponse>> {
    const manager = this.dataSource.manager;
    const from = `FROM "assignments" a
         LEFT JOIN "submissions" s ON s."id" = a."submission_id"
         LEFT JOIN "calibration_attempt_items" ai ON ai."id" = a."calibration_attempt_item_id"
         LEFT JOIN "calibration_attempts" t ON t."id" = ai."attempt_id"
         JOIN "rubric_versions" v ON v."id" = COALESCE(s."rubric_version_id", t."rubric_version_id")
         JOIN "credentials" c ON c."id" = v."credential_id"
        WHERE a."assessor_id" = ?${request.status ? ` AND a."status" = ?` : ''}`;
    const parameters = request.status ? [assessorId, request.status] : [assessorId];
    const [{ total }] = await query<{ total: number }>(manager, `SELECT COUNT(*) AS "total" ${from}`, parameters);
    const rows = await query<Record<string, unknown>>(
      manager,
      `SELECT a."id" AS "assignmentId", c."id" AS "credentialId", c."title" AS "credentialTitle", v."version" AS "rubricVersion",
              a."status" AS "status", a."assigned_at" AS "assignedAt"
         ${from}
        ORDER BY a."id" LIMIT ? OFFSET ?`,
      [...parameters, request.pageSize, (request.page - 1) * request.pageSize],
    );
    const items = rows.map((row) => ({
      assignmentId: Number(row.assignmentId),
      credentialId: Number(row.credentialId),
      credentialTitle: String(row.credentialTitle),
      rubricVersion: Number(row.rubricVersion),
      status: row.status as MyAssignmentResponse['status'],
      assignedAt: String(row.assignedAt),
    }));
    return pageOf(items, Number(total), request);
  }

  /**
   * The blind view of an assignment: 404 when it is not the caller's (missing or someone else's alike).
   * Built field by field from the evidence and the rubric, so no earner data can slip in. A live
   * assignment and a validity item are read with the same number of queries (the assignment, one
   * joined read, the rubric, the own score), so their timing does not tell them apart.
   */
  async blindView(assessorId: number, assignmentId: number): Promise<BlindAssignmentResponse> {
    const manager = this.dataSource.manager;
    const assignment = await this.ownAssignment(manager, assessorId, assignmentId);
    if (assignment.submissionId === null) return this.validity.blindView(manager, assignment);
    const [source] = await query<{ title: string; version: number; versionId: number; text: string | null; url: string | null }>(
      manager,
      `SELECT c."title" AS "title", v."version" AS "version", v."id" AS "versionId", s."evidence_text" AS "text", s."evidence_url" AS "url"
         FROM "submissions" s JOIN "rubric_versions" v ON v."id" = s."rubric_version_id" JOIN "credentials" c ON c."id" = s."credential_id"
        WHERE s."id" = ?`,
      [assignment.submissionId],
    );
    return {
      assignmentId: assignment.id,
      status: assignment.status,
      credentialTitle: source.title,
      rubricVersion: Number(source.version),
      rubric: await this.rubricVersions.rowsWithFlagsOf(manager, Number(source.versionId)),
      evidence: { text: source.text, url: source.url },
      myScore: await this.ownScore(manager, assignment.id),
    };
  }

  /**
   * Seals the caller's score of an assignment. 403 for someone else's assignment; 409 for a second
   * score (`already_scored`) or when the window no longer collects (`window_not_collecting`); 422
   * with field paths when a row is missing or a level is not one the row offers. In the same
   * transaction: the audit entry and, for a study submission, the window's next step.
   */
  async submitScore(assessorId: number, assignmentId: number, request: SubmitScoreRequest): Promise<ScoreReceiptResponse> {
    const delivered = await this.dataSource.manager.findOneBy(Assignment, { id: assignmentId });
    if (delivered && delivered.calibrationAttemptItemId !== null) {
      await this.unitOfWork.run((manager) => this.validity.score(manager, assessorId, assignmentId, request));
      const own = await this.validity.ownScore(this.dataSource.manager, ownAssignmentOrThrow(assignmentId, assessorId, delivered));
      return { assignmentId, ...own! };
    }
    const submittedAt = await this.unitOfWork.run(async (manager) => {
      // The same score posted twice at once, through any instances: the second waits here and then
      // finds the first (409 already_scored). Assignment first, window second, everywhere.
      await lockRow(manager, 'assignments', assignmentId);
      const assignment = await this.ownAssignment(manager, assessorId, assignmentId);
      assertNotScored(assignmentId, assignment.status === 'scored' || (await manager.existsBy(Score, { assignmentId })));
      const submission = await manager.findOneByOrFail(Submission, { id: assignment.submissionId! });
      await this.validity.assertQueueOpen(manager, submission.credentialId, assessorId);
      // a conflict declared after the draw: the assignment passed to another reader, or waits for one
      const conflicts = await query<{ organisation: string }>(manager, `SELECT "organisation" FROM "conflicts_of_interest" WHERE "user_id" = ?`, [assessorId]);
      if (conflictsWith(conflicts.map((row) => row.organisation), submission.earnerOrganisation)) {
        throw new ConflictError(`you have a conflict of interest with the earner of assignment ${assignmentId}: another reader must score it`, 'conflict_of_interest');
      }
      if (submission.windowId !== null) assertTakesScores((await this.windows.lockForChange(manager, submission.windowId)).status);
      const rows = await this.rubricVersions.rowsOf(manager, submission.rubricVersionId);
      const comments = request.comments ?? {};
      throwIfIssues(scoreIssues(rows, request.levels, comments));

      const now = this.clock.isoNow();
      const inserted = await manager.insert(Score, {
        assignmentId,
        submissionId: submission.id,
        assessorId,
        rubricVersionId: submission.rubricVersionId,
        readerSlot: assignment.readerSlot!,
        source: 'assignment',
        submittedAt: now,
      });
      const scoreId = insertedId(inserted);
      await manager.insert(
        ScoreLevel,
        rows.map((row) => ({ scoreId, rowKey: row.key, level: request.levels[row.key], comment: nonEmpty(comments[row.key]) })),
      );
      await manager.update(Assignment, { id: assignmentId }, { status: 'scored' });
      await this.auditLog.record(manager, {
        actorId: assessorId,
        action: 'score.submitted',
        entityType: 'score',
        entityId: scoreId,
        details: { assignmentId, submissionId: submission.id, readerSlot: assignment.readerSlot, levels: request.levels, comments },
      });
      if (submission.windowId !== null) await this.windows.settle(manager, submission.windowId, assessorId);
      return now;
    });
    const own = await this.ownScore(this.dataSource.manager, assignmentId);
    return { assignmentId, ...(own ?? { levels: {}, comments: {}, submittedAt }) };
  }

  /**
   * Every level of every score of a rubric version's study submissions, in submission (study)
   * order, then reader slot, then row: what a reliability report needs, in one indexed query.
   */
  async studyScoreLevels(rubricVersionId: number, manager: EntityManager = this.dataSource.manager): Promise<StudyScoreLevel[]> {
    const rows: Array<Record<string, unknown>> = await query(manager, 
      `SELECT s."id" AS "submissionId", s."study_sequence" AS "studySequence", sc."reader_slot" AS "readerSlot",
              sc."assessor_id" AS "assessorId", l."row_key" AS "rowKey", l."level" AS "level"
         FROM "scores" sc
         JOIN "submissions" s ON s."id" = sc."submission_id"
         JOIN "score_levels" l ON l."score_id" = sc."id"
        WHERE sc."rubric_version_id" = ? AND s."window_id" IS NOT NULL
        ORDER BY s."study_sequence", sc."reader_slot", l."row_key"`,
      [rubricVersionId],
    );
    return rows.map((row) => ({
      submissionId: Number(row.submissionId),
      studySequence: Number(row.studySequence),
      readerSlot: Number(row.readerSlot),
      assessorId: Number(row.assessorId),
      rowKey: String(row.rowKey),
      level: String(row.level),
    }));
  }

  private async ownAssignment(manager: EntityManager, assessorId: number, assignmentId: number): Promise<Assignment> {
    return ownAssignmentOrThrow(assignmentId, assessorId, await manager.findOneBy(Assignment, { id: assignmentId }));
  }

  private async ownScore(manager: EntityManager, assignmentId: number): Promise<OwnScoreResponse | null> {
    const score = await manager.findOneBy(Score, { assignmentId });
    if (!score) return null;
    const levels = await manager.find(ScoreLevel, { where: { scoreId: score.id } });
    const response: OwnScoreResponse = { levels: {}, comments: {}, submittedAt: score.submittedAt };
    for (const level of levels) {
      response.levels[level.rowKey] = level.level;
      if (level.comment !== null) response.comments[level.rowKey] = level.comment;
    }
    return response;
  }
}

function nonEmpty(text: string | undefined): string | null {
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}
