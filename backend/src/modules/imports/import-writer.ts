import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertMany, maxId } from '../../database/bulk-insert.js';
import type { ImportedScore } from '../../io/score-import.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { normaliseEmail } from '../users/users.service.js';
import type { ValidationWindow } from '../validation-windows/validation-window.entity.js';

/** A checked import: what the file holds and the accounts it names. */
export interface ImportPlan {
  window: ValidationWindow;
  rubricVersionId: number;
  scores: ImportedScore[];
  /** references of the new submissions, in the file's order */
  submissions: string[];
  /** assessor account ids by normalised email */
  assessorIds: Map<string, number>;
  ratings: number;
}

/**
 * Writes a checked import inside the caller's transaction with multi-row inserts: the study
 * submissions (numbered after those held), one scored assignment and one sealed score per
 * assessor in reader-slot order, the levels and comments, an audit entry per score and one for
 * the import.
 */
@Injectable()
export class ImportWriter {
  constructor(
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async write(manager: EntityManager, actorId: number, credentialId: number, plan: ImportPlan): Promise<void> {
    const now = this.clock.isoNow();
    const [{ n: sequenceMax }]: Array<{ n: number | null }> = await manager.query(
      `SELECT MAX("sequence") AS "n" FROM "submissions" WHERE "credential_id" = ?`,
      [credentialId],
    );
    const [{ n: studyMax }]: Array<{ n: number | null }> = await manager.query(
      `SELECT MAX("study_sequence") AS "n" FROM "submissions" WHERE "window_id" = ?`,
      [plan.window.id],
    );
    let submissionId = await maxId(manager, 'submissions');
    let assignmentId = await maxId(manager, 'assignments');
    let scoreId = await maxId(manager, 'scores');
    const submissionIds = new Map<string, number>();
    const submissionRows = plan.submissions.map((ref, i) => {
      submissionId += 1;
      submissionIds.set(ref, submissionId);
      return [
        submissionId, credentialId, plan.rubricVersionId, Number(sequenceMax ?? 0) + i + 1, plan.window.id, Number(studyMax ?? 0) + i + 1,
        plan.window.readersPerSubmission, 'imported submission', null, null, null, 0, actorId, now, ref, null,
      ];
    });
    await insertMany(
      manager,
      'submissions',
      ['id', 'credential_id', 'rubric_version_id', 'sequence', 'window_id', 'study_sequence', 'readers_required', 'earner_name',
        'earner_organisation', 'evidence_text', 'evidence_url', 'needs_adjudication', 'received_by_id', 'received_at', 'external_ref', 'resubmission_of_id'],
      submissionRows,
    );
    const slots = new Map<string, number>();
    const assignmentRows: unknown[][] = [];
    const scoreRows: unknown[][] = [];
    const levelRows: unknown[][] = [];
    const auditRows: unknown[][] = [];
    for (const score of plan.scores) {
      const submission = submissionIds.get(score.submission)!;
      const slot = (slots.get(score.submission) ?? 0) + 1;
      slots.set(score.submission, slot);
      const assessorId = plan.assessorIds.get(normaliseEmail(score.assessor))!;
      assignmentId += 1;
      scoreId += 1;
      assignmentRows.push([assignmentId, submission, assessorId, slot, 'scored', now]);
      scoreRows.push([scoreId, assignmentId, submission, assessorId, plan.rubricVersionId, slot, 'import', now]);
      for (const [rowKey, level] of Object.entries(score.levels)) levelRows.push([scoreId, rowKey, level, score.comments[rowKey] ?? null]);
      auditRows.push([
        actorId, now, 'score.imported', 'score', String(scoreId),
        JSON.stringify({ submissionId: submission, externalRef: score.submission, assessorId, readerSlot: slot, levels: score.levels, comments: score.comments, line: score.line }),
      ]);
    }
    await insertMany(manager, 'assignments', ['id', 'submission_id', 'assessor_id', 'reader_slot', 'status', 'assigned_at'], assignmentRows);
    await insertMany(manager, 'scores', ['id', 'assignment_id', 'submission_id', 'assessor_id', 'rubric_version_id', 'reader_slot', 'source', 'submitted_at'], scoreRows);
    await insertMany(manager, 'score_levels', ['score_id', 'row_key', 'level', 'comment'], levelRows);
    await insertMany(manager, 'audit_log', ['actor_id', 'at', 'action', 'entity_type', 'entity_id', 'details'], auditRows);
    await this.auditLog.record(manager, {
      actorId,
      action: 'scores.imported',
      entityType: 'validation_window',
      entityId: plan.window.id,
      details: { submissions: plan.submissions.length, scores: plan.scores.length, ratings: plan.ratings },
    });
  }
}
