import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { lockRow, query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page } from '../../http/pagination.js';
import { currentStatus } from '../../protocol/certification.js';
import { ConflictError, ForbiddenError, NotFoundError, throwIfIssues, type FieldIssue } from '../../protocol/errors.js';
import { isoWeek, isoWeekBounds } from '../../protocol/iso-week.js';
import { backreadingSample } from '../../protocol/monitoring-rules.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { Backreading } from './backreading.entity.js';
import type { BackreadingDrawResponse, BackreadingQuery, BackreadingResponse, ReviewBackreadingRequest } from './backreading.dto.js';
import { certificationRecord, namesOf } from './calibration-queries.js';

/**
 * Backreading (R5): each week a random 5% of each assessor's live scores on a credential (all of
 * them while on probation), drawn reproducibly, queued to trainers, who read the submission again
 * and may record corrected levels with a reason. Earner identity stays hidden.
 */
@Injectable()
export class BackreadingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly clock: Clock,
  ) {}

  /** Draws the week's backreading for every assessor of the credential; drawing again adds nothing already queued. */
  async draw(actorId: number, credentialId: number, week: string | undefined): Promise<BackreadingDrawResponse> {
    const chosenWeek = week ?? isoWeek(this.clock.isoNow());
    const [start, end] = isoWeekBounds(chosenWeek);
    return this.unitOfWork.run(async (manager) => {
      await this.rubricVersions.credentialOrThrow(manager, credentialId);
      await lockRow(manager, 'credentials', credentialId);
      const scores = await query<{ scoreId: number; assessorId: number; queued: number | null }>(
        manager,
        `SELECT s."id" AS "scoreId", s."assessor_id" AS "assessorId", b."id" AS "queued"
           FROM "scores" s JOIN "submissions" sub ON sub."id" = s."submission_id"
           LEFT JOIN "backreadings" b ON b."score_id" = s."id"
          WHERE sub."credential_id" = ? AND s."source" = 'assignment' AND s."submitted_at" >= ? AND s."submitted_at" < ?
          ORDER BY s."id"`,
        [credentialId, start, end],
      );
      const byAssessor = new Map<number, Array<{ scoreId: number; queued: boolean }>>();
      for (const row of scores) byAssessor.set(Number(row.assessorId), [...(byAssessor.get(Number(row.assessorId)) ?? []), { scoreId: Number(row.scoreId), queued: row.queued !== null }]);
      const now = this.clock.isoNow();
      const names = await namesOf(manager, [...byAssessor.keys()]);
      let queued = 0;
      let alreadyQueued = 0;
      const reasons: string[] = [];
      for (const [assessorId, list] of byAssessor) {
        const onProbation = currentStatus(await certificationRecord(manager, credentialId, assessorId), now) === 'probation';
        const sample = backreadingSample({ seed: `${credentialId}/backreading`, assessorId, week: chosenWeek, submissions: list.map((entry) => entry.scoreId), onProbation });
        reasons.push(`${names.get(assessorId) ?? assessorId}: ${sample.reason}`);
        for (const scoreId of sample.submissionIds.map(Number)) {
          if (list.find((entry) => entry.scoreId === scoreId)?.queued) {
            alreadyQueued++;
            continue;
          }
          await manager.insert(Backreading, { credentialId, assessorId, scoreId, week: chosenWeek, status: 'pending', queuedAt: now, reviewerId: null, reviewedAt: null, correctedLevels: null, reason: null });
          queued++;
        }
      }
      await this.auditLog.record(manager, { actorId, action: 'backreading.drawn', entityType: 'credential', entityId: credentialId, details: { week: chosenWeek, queued, alreadyQueued } });
      return { week: chosenWeek, queued, alreadyQueued, reasons };
    });
  }

  async list(credentialId: number, request: BackreadingQuery): Promise<Page<BackreadingResponse>> {
    const manager = this.dataSource.manager;
    await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const where = { credentialId, ...(request.status ? { status: request.status } : {}), ...(request.week ? { week: request.week } : {}) };
    const [items, total] = await manager.findAndCount(Backreading, { where, order: { id: 'ASC' }, skip: (request.page - 1) * request.pageSize, take: request.pageSize });
    return pageOf(await Promise.all(items.map((item) => this.response(item))), total, request);
  }

  /**
   * A trainer records the backreading: corrected levels for the rows read differently (none when
   * agreeing) and a reason. 403 for the assessor's own score, 409 when already reviewed, 422 for a
   * row or level the rubric does not have.
   */
  async review(actorId: number, credentialId: number, backreadingId: number, request: ReviewBackreadingRequest): Promise<BackreadingResponse> {
    await this.unitOfWork.run(async (manager) => {
      await lockRow(manager, 'credentials', credentialId);
      const item = await manager.findOneBy(Backreading, { id: backreadingId, credentialId });
      if (!item) throw new NotFoundError(`credential ${credentialId} has no backreading ${backreadingId}`);
      if (item.assessorId === actorId) throw new ForbiddenError('a trainer does not backread their own scores', 'own_score');
      if (item.status === 'reviewed') throw new ConflictError(`backreading ${backreadingId} is already recorded`, 'already_reviewed');
      const [score] = await query<{ rubricVersionId: number }>(manager, `SELECT "rubric_version_id" AS "rubricVersionId" FROM "scores" WHERE "id" = ?`, [item.scoreId]);
      const rows = await this.rubricVersions.rowsOf(manager, Number(score.rubricVersionId));
      const issues: FieldIssue[] = [];
      for (const [key, level] of Object.entries(request.levels)) {
        const row = rows.find((entry) => entry.key === key);
        if (!row) issues.push({ field: `levels.${key}`, message: 'the rubric has no such row' });
        else if (!row.levels.some((entry) => entry.value === level)) issues.push({ field: `levels.${key}`, message: `must be one of ${row.levels.map((entry) => entry.value).join(', ')}` });
      }
      throwIfIssues(issues);
      const corrected = Object.keys(request.levels).length ? JSON.stringify(request.levels) : null;
      await manager.update(Backreading, { id: item.id }, { status: 'reviewed', reviewerId: actorId, reviewedAt: this.clock.isoNow(), correctedLevels: corrected, reason: request.reason.trim() });
      await this.auditLog.record(manager, {
        actorId,
        action: 'backreading.reviewed',
        entityType: 'backreading',
        entityId: item.id,
        details: { credentialId, assessorId: item.assessorId, scoreId: item.scoreId, correctedLevels: request.levels, reason: request.reason.trim() },
      });
    });
    const item = await this.dataSource.manager.findOneByOrFail(Backreading, { id: backreadingId });
    return this.response(item);
  }

  private async response(item: Backreading): Promise<BackreadingResponse> {
    const manager = this.dataSource.manager;
    const [score] = await query<{ scoredAt: string; version: number; text: string | null; url: string | null }>(
      manager,
      `SELECT s."submitted_at" AS "scoredAt", v."version" AS "version", sub."evidence_text" AS "text", sub."evidence_url" AS "url"
         FROM "scores" s JOIN "submissions" sub ON sub."id" = s."submission_id" JOIN "rubric_versions" v ON v."id" = s."rubric_version_id"
        WHERE s."id" = ?`,
      [item.scoreId],
    );
    const levels = await query<{ key: string; level: string; comment: string | null }>(
      manager,
      `SELECT l."row_key" AS "key", l."level" AS "level", l."comment" AS "comment" FROM "score_levels" l WHERE l."score_id" = ? ORDER BY l."row_key"`,
      [item.scoreId],
    );
    const corrected = item.correctedLevels ? (JSON.parse(item.correctedLevels) as Record<string, string>) : {};
    const names = await namesOf(manager, [item.assessorId, item.reviewerId]);
    return {
      id: item.id,
      assessor: { id: item.assessorId, name: names.get(item.assessorId) ?? '' },
      rubricVersion: Number(score.version),
      week: item.week,
      status: item.status,
      queuedAt: item.queuedAt,
      scoredAt: score.scoredAt,
      evidence: { text: score.text, url: score.url },
      rows: levels.map((row) => ({ ...row, corrected: corrected[row.key] ?? null })),
      reviewer: item.reviewerId === null ? null : { id: item.reviewerId, name: names.get(item.reviewerId) ?? '' },
      reviewedAt: item.reviewedAt,
      reason: item.reason,
    };
  }
}
