import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { lockRow, query } from '../../database/sql.js';
import { passesOn, replacementReader, type WithdrawalReason } from '../../protocol/recusal.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { CertificationService } from '../certification/certification.service.js';
import { ReaderWithdrawals, type ReaderWithdrawalListener, type WithdrawnReader } from '../users/reader-withdrawals.js';

/** An unscored assignment of a submission, as a reassignment needs it. */
export interface OpenAssignment {
  assignmentId: number;
  submissionId: number;
  credentialId: number;
  version: number;
  organisation: string | null;
  /** the submission belongs to a validation study (double-blind, two readers or more) */
  inStudy: boolean;
}

/** How a reassignment is written to the audit log: its action when it moved, when nobody could take it, and why. */
export interface ReassignmentAudit {
  moved: string;
  unfilled: string;
  reason: string;
}

const WITHDRAWAL_TEXT: Record<WithdrawalReason, string> = {
  account_disabled: 'the reader’s account was disabled',
  assessor_role_removed: 'the reader no longer holds the assessor role',
  unblinded_role_added: 'the reader now holds a role that sees earners or other readers’ scores, so they can no longer read blind',
  certification_removed: 'the reader was removed from the credential',
  queue_paused: 'the reader’s live queue was paused (recalibration or suspension); a validation study cannot wait',
};

/**
 * Passes open assignments to other readers: those of a reader recused by a late conflict of
 * interest (`ConflictsService`), and those of a reader who can no longer score them
 * (`ReaderWithdrawals`: disabled, no longer an assessor, removed from the credential, or paused,
 * when only the validation studies' assignments pass on; see `passesOn`). The replacement is the
 * one `replacementReader` chooses among the readers eligible for the submission's version; each
 * move is audited. When nobody may take the assignment, it stays where it is and is marked as
 * waiting for a reader (`awaiting_reader_since`, counted in the window's status), audited too.
 */
@Injectable()
export class ReassignmentService implements ReaderWithdrawalListener, OnModuleInit {
  constructor(
    private readonly withdrawals: ReaderWithdrawals,
    private readonly certification: CertificationService,
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.withdrawals.register(this);
  }

  /** The person's unscored assignments of submissions (validity items are theirs alone), of one credential or all, oldest first. */
  async openAssignments(manager: EntityManager, userId: number, credentialId: number | null = null): Promise<OpenAssignment[]> {
    const rows = await query<{ assignmentId: number; submissionId: number; credentialId: number; version: number; organisation: string | null; windowId: number | null }>(
      manager,
      `SELECT a."id" AS "assignmentId", s."id" AS "submissionId", s."credential_id" AS "credentialId", v."version" AS "version",
              s."earner_organisation" AS "organisation", s."window_id" AS "windowId"
         FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id" JOIN "rubric_versions" v ON v."id" = s."rubric_version_id"
        WHERE a."assessor_id" = ? AND a."status" = 'pending'${credentialId === null ? '' : ' AND s."credential_id" = ?'}
        ORDER BY a."id"`,
      credentialId === null ? [userId] : [userId, credentialId],
    );
    return rows.map((row) => ({
      assignmentId: Number(row.assignmentId),
      submissionId: Number(row.submissionId),
      credentialId: Number(row.credentialId),
      version: Number(row.version),
      organisation: row.organisation,
      inStudy: row.windowId !== null,
    }));
  }

  /** A reader withdrew: each open assignment that `passesOn` for the reason goes to another reader. */
  async withdrawn(manager: EntityManager, reader: WithdrawnReader): Promise<void> {
    const open = await this.openAssignments(manager, reader.userId, reader.credentialId);
    for (const assignment of open.filter((entry) => passesOn(reader.reason, entry.inStudy))) {
      await this.passOn(manager, assignment, reader.userId, reader.actorId, {
        moved: 'assignment.reassigned',
        unfilled: 'assignment.reassignment_unfilled',
        reason: WITHDRAWAL_TEXT[reader.reason],
      });
    }
  }

  /** A reader came back (enabled, assessor again, out of a pause): what waited in their queue for another reader is theirs again. */
  async returned(manager: EntityManager, reader: { userId: number; credentialId: number | null }): Promise<void> {
    const scope = reader.credentialId === null ? '' : ` AND "submission_id" IN (SELECT "id" FROM "submissions" WHERE "credential_id" = ?)`;
    await query(
      manager,
      `UPDATE "assignments" SET "awaiting_reader_since" = NULL WHERE "assessor_id" = ? AND "status" = 'pending' AND "awaiting_reader_since" IS NOT NULL${scope}`,
      reader.credentialId === null ? [reader.userId] : [reader.userId, reader.credentialId],
    );
  }

  /**
   * Moves one open assignment from `fromUserId` to the reader `replacementReader` chooses, or marks
   * it as waiting for a reader when nobody may take it; audited either way. Returns the new reader,
   * or null.
   */
  async passOn(manager: EntityManager, assignment: OpenAssignment, fromUserId: number, actorId: number | null, audit: ReassignmentAudit): Promise<number | null> {
    // the order of every writer of the credential: its row, then the assignment's
    await lockRow(manager, 'credentials', assignment.credentialId);
    await lockRow(manager, 'assignments', assignment.assignmentId);
    const [still] = await query<{ status: string; assessorId: number }>(manager, `SELECT "status", "assessor_id" AS "assessorId" FROM "assignments" WHERE "id" = ?`, [assignment.assignmentId]);
    if (!still || still.status !== 'pending' || Number(still.assessorId) !== fromUserId) return null;
    const assigned = (await query<{ id: number }>(manager, `SELECT "assessor_id" AS "id" FROM "assignments" WHERE "submission_id" = ?`, [assignment.submissionId])).map((row) => Number(row.id));
    const places = await this.certification.eligibility(manager, assignment.credentialId, assignment.version);
    const loads = new Map(
      (await query<{ id: number; load: number }>(manager, `SELECT "assessor_id" AS "id", COUNT(*) AS "load" FROM "assignments" WHERE "status" = 'pending' GROUP BY "assessor_id"`)).map((row) => [Number(row.id), Number(row.load)]),
    );
    const conflictRows = await query<{ id: number; organisation: string }>(manager, `SELECT "user_id" AS "id", "organisation" FROM "conflicts_of_interest"`);
    const replacement = replacementReader({
      earnerOrganisation: assignment.organisation ?? '',
      assignedAssessorIds: assigned,
      candidates: [...places].map(([assessorId, place]) => ({
        assessorId,
        eligible: place.eligible,
        load: loads.get(assessorId) ?? 0,
        conflictOrganisations: conflictRows.filter((row) => Number(row.id) === assessorId).map((row) => row.organisation),
      })),
    });
    if (replacement !== null) {
      await query(manager, `UPDATE "assignments" SET "assessor_id" = ?, "awaiting_reader_since" = NULL WHERE "id" = ?`, [replacement, assignment.assignmentId]);
    } else {
      await query(manager, `UPDATE "assignments" SET "awaiting_reader_since" = COALESCE("awaiting_reader_since", ?) WHERE "id" = ?`, [this.clock.isoNow(), assignment.assignmentId]);
    }
    await this.auditLog.record(manager, {
      actorId,
      action: replacement === null ? audit.unfilled : audit.moved,
      entityType: 'assignment',
      entityId: assignment.assignmentId,
      details: { submissionId: assignment.submissionId, from: fromUserId, to: replacement, reason: audit.reason },
    });
    return replacement;
  }
}
