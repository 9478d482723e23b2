import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertMany } from '../../database/bulk-insert.js';
import { query } from '../../database/sql.js';
import type { ImportedScores } from '../../io/score-import.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { countStudyPlaces, takeSubmissionSequences } from '../submissions/counters.js';
import { normaliseEmail } from '../users/users.service.js';
import type { ValidationWindow } from '../validation-windows/validation-window.entity.js';

/** A checked import: what the file holds and the accounts it names. */
export interface ImportPlan {
  window: ValidationWindow;
  rubricVersionId: number;
  /** the complete scores in compact columns; their submissions are the new submissions, in the file's order */
  scores: ImportedScores;
  /** assessor account ids by normalised email */
  assessorIds: Map<string, number>;
  ratings: number;
}

/** Submissions written per batch: a batch's rows are built, inserted and dropped before the next. */
const SUBMISSIONS_PER_BATCH = 100;

/**
 * Writes a checked import inside the caller's transaction, set-based and a batch of submissions
 * at a time (memory stays bounded whatever the file's size, and the event loop runs between two
 * batches): the study submissions (numbered from the credential's and the window's counters,
 * never from MAX(...)), one scored assignment per assessor in reader-slot order (the order the
 * file names them in), the sealed scores (INSERT ... SELECT from those assignments), the levels
 * and comments, an audit entry per score and one for the import. Rows are written with multi-row
 * statements and found again by their natural keys, never by guessed ids. The caller holds the
 * window's row locked (`lockForChange`).
 */
@Injectable()
export class ImportWriter {
  constructor(
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async write(manager: EntityManager, actorId: number, credentialId: number, plan: ImportPlan): Promise<void> {
    const now = this.clock.isoNow();
    const { scores } = plan;
    const count = scores.submissionCount;
    const firstSequence = await takeSubmissionSequences(manager, credentialId, count);
    const firstStudySequence = plan.window.studySubmissions + 1;
    await countStudyPlaces(manager, plan.window.id, count);
    const accountOf = Array.from({ length: scores.assessorCount }, (_, assessor) => plan.assessorIds.get(normaliseEmail(scores.assessorText(assessor)))!);
    const { starts, order } = scores.bySubmission();
    const rowKeys = scores.rows.map((row) => row.key);

    for (let from = 0; from < count; from += SUBMISSIONS_PER_BATCH) {
      const to = Math.min(count, from + SUBMISSIONS_PER_BATCH);
      await insertMany(
        manager,
        'submissions',
        ['credential_id', 'rubric_version_id', 'sequence', 'window_id', 'study_sequence', 'readers_required', 'earner_name', 'needs_adjudication', 'received_by_id', 'received_at', 'external_ref'],
        Array.from({ length: to - from }, (_, i) => [
          credentialId, plan.rubricVersionId, firstSequence + from + i, plan.window.id, firstStudySequence + from + i,
          plan.window.readersPerSubmission, 'imported submission', false, actorId, now, scores.submissionRef(from + i),
        ]),
      );
      const inThisBatch = `s."credential_id" = ? AND s."sequence" BETWEEN ? AND ?`;
      const range = [credentialId, firstSequence + from, firstSequence + to - 1];
      const submissionIds = new Int32Array(to - from);
      for (const row of await query<{ id: number; sequence: number }>(manager, `SELECT s."id", s."sequence" FROM "submissions" s WHERE ${inThisBatch}`, range)) {
        submissionIds[Number(row.sequence) - firstSequence - from] = Number(row.id);
      }

      const assignmentRows: unknown[][] = [];
      for (let submission = from; submission < to; submission++) {
        for (let at = starts[submission]; at < starts[submission + 1]; at++) {
          assignmentRows.push([submissionIds[submission - from], accountOf[scores.assessorOf(order[at])], at - starts[submission] + 1, 'scored', now]);
        }
      }
      await insertMany(manager, 'assignments', ['submission_id', 'assessor_id', 'reader_slot', 'status', 'assigned_at'], assignmentRows);
      await query(
        manager,
        `INSERT INTO "scores" ("assignment_id", "submission_id", "assessor_id", "rubric_version_id", "reader_slot", "source", "submitted_at")
         SELECT a."id", a."submission_id", a."assessor_id", ?, a."reader_slot", 'import', ?
           FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
          WHERE ${inThisBatch}`,
        [plan.rubricVersionId, now, ...range],
      );
      const scoreIds = new Map(
        (
          await query<{ id: number; submissionId: number; slot: number }>(
            manager,
            `SELECT sc."id", sc."submission_id" AS "submissionId", sc."reader_slot" AS "slot"
               FROM "scores" sc JOIN "submissions" s ON s."id" = sc."submission_id"
              WHERE ${inThisBatch}`,
            range,
          )
        ).map((row) => [`${row.submissionId}/${row.slot}`, Number(row.id)]),
      );

      const levelRows: unknown[][] = [];
      const auditRows: unknown[][] = [];
      for (let submission = from; submission < to; submission++) {
        const submissionId = submissionIds[submission - from];
        for (let at = starts[submission]; at < starts[submission + 1]; at++) {
          const score = order[at];
          const slot = at - starts[submission] + 1;
          const scoreId = scoreIds.get(`${submissionId}/${slot}`)!;
          const { levels, comments, line, submission: externalRef } = scores.score(score);
          for (const key of rowKeys) levelRows.push([scoreId, key, levels[key], comments[key] ?? null]);
          auditRows.push([
            actorId, now, 'score.imported', 'score', String(scoreId),
            JSON.stringify({ submissionId, externalRef, assessorId: accountOf[scores.assessorOf(score)], readerSlot: slot, levels, comments, line }),
          ]);
        }
      }
      await insertMany(manager, 'score_levels', ['score_id', 'row_key', 'level', 'comment'], levelRows);
      await insertMany(manager, 'audit_log', ['actor_id', 'at', 'action', 'entity_type', 'entity_id', 'details'], auditRows);
      // other requests go between two batches
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await this.auditLog.record(manager, {
      actorId,
      action: 'scores.imported',
      entityType: 'validation_window',
      entityId: plan.window.id,
      details: { submissions: count, scores: scores.count, ratings: plan.ratings },
    });
  }
}
