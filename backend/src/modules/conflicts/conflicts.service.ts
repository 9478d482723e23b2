import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { lockRow, query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { conflictsWith, replacementReader } from '../../protocol/recusal.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { CertificationService } from '../certification/certification.service.js';
import type { UserResponse } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';

/**
 * Conflicts of interest: the person's own declarations and an admin's records (which only an admin
 * removes). A conflict that arrives after a person was drawn recuses them: each of their unscored
 * live assignments of an earner from that organisation passes to another eligible reader, audited.
 */
@Injectable()
export class ConflictsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
    private readonly certification: CertificationService,
    private readonly auditLog: AuditLogService,
  ) {}

  /** Replaces the caller's own declarations; an admin's records stay. */
  async declare(userId: number, organisations: readonly string[]): Promise<UserResponse> {
    await this.unitOfWork.run(async (manager) => {
      await this.users.replaceConflicts(manager, userId, organisations, false);
      await this.auditLog.record(manager, { actorId: userId, action: 'user.conflicts_declared', entityType: 'user', entityId: userId, details: { organisations } });
      await this.recuse(manager, userId, userId);
    });
    return this.users.get(userId);
  }

  /** Replaces the conflicts an admin recorded for a person; 404 for no such person. */
  async record(actorId: number, userId: number, organisations: readonly string[]): Promise<UserResponse> {
    await this.users.get(userId);
    await this.unitOfWork.run(async (manager) => {
      await this.users.replaceConflicts(manager, userId, organisations, true);
      await this.auditLog.record(manager, { actorId, action: 'user.conflicts_recorded', entityType: 'user', entityId: userId, details: { organisations } });
      await this.recuse(manager, userId, actorId);
    });
    return this.users.get(userId);
  }

  /**
   * Moves each unscored live assignment of the person whose earner is from an organisation they now
   * have a conflict with to another eligible reader (`replacementReader`), or, when nobody may take
   * it, leaves it where it is, where scoring it is refused (409 `conflict_of_interest`); audited either way.
   */
  private async recuse(manager: EntityManager, userId: number, actorId: number): Promise<void> {
    const conflicts = (await query<{ organisation: string }>(manager, `SELECT "organisation" FROM "conflicts_of_interest" WHERE "user_id" = ?`, [userId])).map((row) => row.organisation);
    if (conflicts.length === 0) return;
    const open = await query<{ assignmentId: number; submissionId: number; credentialId: number; version: number; organisation: string | null }>(
      manager,
      `SELECT a."id" AS "assignmentId", s."id" AS "submissionId", s."credential_id" AS "credentialId", v."version" AS "version", s."earner_organisation" AS "organisation"
         FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id" JOIN "rubric_versions" v ON v."id" = s."rubric_version_id"
        WHERE a."assessor_id" = ? AND a."status" = 'pending' ORDER BY a."id"`,
      [userId],
    );
    for (const assignment of open.filter((entry) => conflictsWith(conflicts, entry.organisation))) {
      const credentialId = Number(assignment.credentialId);
      // the order of every writer of the credential: its row, then the assignment's
      await lockRow(manager, 'credentials', credentialId);
      await lockRow(manager, 'assignments', Number(assignment.assignmentId));
      const [still] = await query<{ status: string; assessorId: number }>(manager, `SELECT "status", "assessor_id" AS "assessorId" FROM "assignments" WHERE "id" = ?`, [assignment.assignmentId]);
      if (!still || still.status !== 'pending' || Number(still.assessorId) !== userId) continue;
      const assigned = (await query<{ id: number }>(manager, `SELECT "assessor_id" AS "id" FROM "assignments" WHERE "submission_id" = ?`, [assignment.submissionId])).map((row) => Number(row.id));
      const places = await this.certification.eligibility(manager, credentialId, Number(assignment.version));
      const loads = new Map(
        (await query<{ id: number; load: number }>(manager, `SELECT "assessor_id" AS "id", COUNT(*) AS "load" FROM "assignments" WHERE "status" = 'pending' GROUP BY "assessor_id"`)).map((row) => [Number(row.id), Number(row.load)]),
      );
      const conflictRows = await query<{ id: number; organisation: string }>(manager, `SELECT "user_id" AS "id", "organisation" FROM "conflicts_of_interest"`);
      const replacement = replacementReader({
        earnerOrganisation: assignment.organisation!,
        assignedAssessorIds: assigned,
        candidates: [...places].map(([assessorId, place]) => ({
          assessorId,
          eligible: place.eligible,
          load: loads.get(assessorId) ?? 0,
          conflictOrganisations: conflictRows.filter((row) => Number(row.id) === assessorId).map((row) => row.organisation),
        })),
      });
      if (replacement !== null) await query(manager, `UPDATE "assignments" SET "assessor_id" = ? WHERE "id" = ?`, [replacement, assignment.assignmentId]);
      await this.auditLog.record(manager, {
        actorId,
        action: replacement === null ? 'assignment.recused_unfilled' : 'assignment.recused',
        entityType: 'assignment',
        entityId: Number(assignment.assignmentId),
        details: { submissionId: Number(assignment.submissionId), from: userId, to: replacement, reason: 'conflict of interest declared after the draw' },
      });
    }
  }
}
