import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertMany } from '../../database/bulk-insert.js';
import { query } from '../../database/sql.js';
import type { ImportedScore } from '../../io/score-import.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { countStudyPlaces, takeSubmissionSequences } from '../submissions/counters.js';
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
 * Writes a checked import inside the caller's transaction, set-based: the study submissions
 * (numbered from the credential's and the window's counters, never from MAX(...)), one scored
 * assignment per assessor in reader-slot order, the sealed scores (INSERT ... SELECT from those
 * assignments), the levels and comments, an audit entry per score and one for the import. Rows
 * are written with multi-row statements and found again by their natural keys, never by guessed
 * ids. The caller holds the window's row locked (`lockForChange`).
 */
@Injectable()
export class ImportWriter {
  constructor(
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async write(manager: EntityManager, actorId: number, credentialId: number, plan: ImportPlan): Promise<void> {
    const now = this.clock.isoNow();
    const count = plan.submissions.length;
    const firstSequence = await takeSubmissionSequences(manager, credentialId, count);
    const firstStudySequence = plan.window.studySubmissions + 1;
    await countStudyPlaces(manager, plan.window.id, count);
    await insertMany(
      manager,
      'submissions',
      ['credential_id', 'rubric_version_id', 'sequence', 'window_id', 'study_sequence', 'readers_required', 'earner_name', 'needs_adjudication', 'received_by_id', 'received_at', 'external_ref'],
      plan.submissions.map((ref, index) => [
        credentialId, plan.rubricVersionId, firstSequence + index, plan.window.id, firstStudySequence + index,
        plan.window.readersPerSubmission, 'imported submission', false, actorId, now, ref,
      ]),
    );
    const inThisImport = `s."credential_id" = ? AND s."sequence" BETWEEN ? AND ?`;
    const range = [credentialId, firstSequence, firstSequence + count - 1];
    const submissionIds = new Map(
      (await query<{ id: number; ref: string }>(manager, `SELECT s."id", s."external_ref" AS "ref" FROM "submissions" s WHERE ${inThisImport}`, range)).map(
        (row) => [row.ref, Number(row.id)],
      ),
    );

    const slots = new Map<string, number>();
    const placed = plan.scores.map((score) => {
      const slot = (slots.get(score.submission) ?? 0) + 1;
      slots.set(score.submission, slot);
      return { score, submissionId: submissionIds.get(score.submission)!, slot, assessorId: plan.assessorIds.get(normaliseEmail(score.assessor))! };
    });
    await insertMany(
      manager,
      'assignments',
      ['submission_id', 'assessor_id', 'reader_slot', 'status', 'assigned_at'],
      placed.map(({ submissionId, assessorId, slot }) => [submissionId, assessorId, slot, 'scored', now]),
    );
    await query(
      manager,
      `INSERT INTO "scores" ("assignment_id", "submission_id", "assessor_id", "rubric_version_id", "reader_slot", "source", "submitted_at")
       SELECT a."id", a."submission_id", a."assessor_id", ?, a."reader_slot", 'import', ?
         FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
        WHERE ${inThisImport}`,
      [plan.rubricVersionId, now, ...range],
    );
    const scoreIds = new Map(
      (
        await query<{ id: number; submissionId: number; slot: number }>(
          manager,
          `SELECT sc."id", sc."submission_id" AS "submissionId", sc."reader_slot" AS "slot"
             FROM "scores" sc JOIN "submissions" s ON s."id" = sc."submission_id"
            WHERE ${inThisImport}`,
          range,
        )
      ).map((row) => [`${row.submissionId}/${row.slot}`, Number(row.id)]),
    );

    const levelRows: unknown[][] = [];
    const auditRows: unknown[][] = [];
    for (const { score, submissionId, slot, assessorId } of placed) {
      const scoreId = scoreIds.get(`${submissionId}/${slot}`)!;
      for (const [rowKey, level] of Object.entries(score.levels)) levelRows.push([scoreId, rowKey, level, score.comments[rowKey] ?? null]);
      auditRows.push([
        actorId, now, 'score.imported', 'score', String(scoreId),
        JSON.stringify({ submissionId, externalRef: score.submission, assessorId, readerSlot: slot, levels: score.levels, comments: score.comments, line: score.line }),
      ]);
    }
    await insertMany(manager, 'score_levels', ['score_id', 'row_key', 'level', 'comment'], levelRows);
    await insertMany(manager, 'audit_log', ['actor_id', 'at', 'action', 'entity_type', 'entity_id', 'details'], auditRows);
    await this.auditLog.record(manager, {
      actorId,
      action: 'scores.imported',
      entityType: 'validation_window',
      entityId: plan.window.id,
      details: { submissions: count, scores: plan.scores.length, ratings: plan.ratings },
    });
  }
}
