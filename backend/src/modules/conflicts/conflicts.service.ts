import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { conflictsWith } from '../../protocol/recusal.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import type { UserResponse } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { ReassignmentService } from './reassignment.service.js';

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
    private readonly auditLog: AuditLogService,
    private readonly reassignment: ReassignmentService,
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
   * Moves each unscored assignment of the person whose earner is from an organisation they now
   * have a conflict with to another eligible reader (`ReassignmentService.passOn`), or, when nobody
   * may take it, leaves it where it is, marked as waiting for a reader, where scoring it is refused
   * (409 `conflict_of_interest`); audited either way.
   */
  private async recuse(manager: EntityManager, userId: number, actorId: number): Promise<void> {
    const conflicts = (await query<{ organisation: string }>(manager, `SELECT "organisation" FROM "conflicts_of_interest" WHERE "user_id" = ?`, [userId])).map((row) => row.organisation);
    if (conflicts.length === 0) return;
    const open = await this.reassignment.openAssignments(manager, userId);
    for (const assignment of open.filter((entry) => conflictsWith(conflicts, entry.organisation))) {
      await this.reassignment.passOn(manager, assignment, userId, actorId, {
        moved: 'assignment.recused',
        unfilled: 'assignment.recused_unfilled',
        reason: 'conflict of interest declared after the draw',
      });
    }
  }
}
