import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import {
  adjudicationIssues,
  disagreeingRowKeys,
  finalRows,
  type AdjudicatedRowInput,
} from '../../protocol/adjudication-rules.js';
import { AppConfig } from '../../config/app-config.js';
import { forUpdate, query } from '../../database/sql.js';
import { normaliseOrganisation } from '../../protocol/assignment-planning.js';
import { adjudicationCaseOrThrow, assertNotAdjudicated, assertNotClaimedByAnother, claimLapsesAt } from '../../protocol/adjudicator-eligibility.js';
import { throwIfIssues } from '../../protocol/errors.js';
import { readerLabel } from '../../protocol/reader-slots.js';
import type { RubricRow } from '../../protocol/rubric-rules.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Credential } from '../credentials/credential.entity.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { Score } from '../scoring/score.entity.js';
import { ScoreLevel } from '../scoring/score-level.entity.js';
import { Assignment } from '../submissions/assignment.entity.js';
import { Submission } from '../submissions/submission.entity.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';
import { ValidationWindowsService } from '../validation-windows/validation-windows.service.js';
import { AdjudicationRow } from './adjudication-row.entity.js';
import { Adjudication } from './adjudication.entity.js';
import type {
  AdjudicationCaseResponse,
  AdjudicationClaimResponse,
  AdjudicationQueueItemResponse,
  ReaderScoringResponse,
  RecordAdjudicationRequest,
  RecordedAdjudicationResponse,
  RecordedCaseResponse,
} from './adjudication.dto.js';

/** The third evaluator's queue, the side-by-side view, and recorded final levels. */
@Injectable()
export class AdjudicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly windows: ValidationWindowsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Takes the next case from the queue for the caller alone, for ADJUDICATION_CLAIM_MINUTES: the
   * case the caller holds already, else the first unclaimed (or lapsed) case in study order that the
   * caller did not read. On PostgreSQL the candidate row is locked with `FOR UPDATE SKIP LOCKED`,
   * so adjudicators claiming at once, through any instances, never get the same case; on SQLite
   * the queued write transaction does the same. Null when nothing is waiting.
   */
  async claim(adjudicatorId: number): Promise<AdjudicationClaimResponse | null> {
    return this.unitOfWork.run(async (manager) => {
      const now = this.clock.isoNow();
      const lock = this.config.unsafeQueueClaims ? '' : forUpdate(manager, { of: 's', skipLocked: true });
      const conflicting = await this.conflictingOrganisations(manager, adjudicatorId);
      const [candidate] = await query<{ id: number }>(
        manager,
        `SELECT s."id" FROM "submissions" s JOIN "validation_windows" w ON w."id" = s."window_id"
          WHERE s."needs_adjudication" = TRUE AND w."status" = 'adjudicating'
            AND NOT EXISTS (SELECT 1 FROM "adjudications" j WHERE j."submission_id" = s."id")
            AND NOT EXISTS (SELECT 1 FROM "assignments" a WHERE a."submission_id" = s."id" AND a."assessor_id" = ?)
            AND NOT EXISTS (SELECT 1 FROM "scores" sc WHERE sc."submission_id" = s."id" AND sc."assessor_id" = ?)
            ${conflicting.length ? `AND (s."earner_organisation" IS NULL OR s."earner_organisation" NOT IN (${conflicting.map(() => '?').join(', ')}))` : ''}
            AND (s."adjudication_claimed_by_id" IS NULL OR s."adjudication_claimed_by_id" = ? OR s."adjudication_claimed_until" <= ?)
          ORDER BY CASE WHEN s."adjudication_claimed_by_id" = ? THEN 0 ELSE 1 END, w."id", s."study_sequence"
          LIMIT 1${lock}`,
        [adjudicatorId, adjudicatorId, ...conflicting, adjudicatorId, now, adjudicatorId],
      );
      if (!candidate) return null;
      const submissionId = Number(candidate.id);
      const claimedUntil = claimLapsesAt(now);
      await manager.update(Submission, { id: submissionId }, { adjudicationClaimedById: adjudicatorId, adjudicationClaimedUntil: claimedUntil });
      await this.auditLog.record(manager, {
        actorId: adjudicatorId,
        action: 'adjudication.claimed',
        entityType: 'submission',
        entityId: submissionId,
        details: { claimedUntil },
      });
      const submission = await manager.findOneByOrFail(Submission, { id: submissionId });
      const version = await manager.findOneByOrFail(RubricVersion, { id: submission.rubricVersionId });
      const credential = await manager.findOneByOrFail(Credential, { id: submission.credentialId });
      return {
        submissionId,
        credentialId: credential.id,
        credentialTitle: credential.title,
        rubricVersion: version.version,
        studySequence: submission.studySequence!,
        claimedUntil,
      };
    });
  }

  /**
   * Submissions awaiting adjudication in windows that are adjudicating, in study order, leaving out
   * every submission the caller was assigned to or scored, and those of earners from an organisation
   * the caller declared a conflict of interest with.
   */
  async queue(adjudicatorId: number, query: PageQuery): Promise<Page<AdjudicationQueueItemResponse>> {
    const conflicting = await this.conflictingOrganisations(this.dataSource.manager, adjudicatorId);
    const builder = this.dataSource.manager
      .createQueryBuilder(Submission, 'submission')
      .innerJoin(ValidationWindow, 'window', 'window.id = submission.windowId')
      .innerJoin(RubricVersion, 'version', 'version.id = submission.rubricVersionId')
      .innerJoin(Credential, 'credential', 'credential.id = submission.credentialId')
      .where('submission.needsAdjudication = :yes', { yes: true })
      .andWhere(`window.status = 'adjudicating'`)
      .andWhere('NOT EXISTS (SELECT 1 FROM "adjudications" j WHERE j."submission_id" = submission.id)')
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM "assignments" a WHERE a."submission_id" = submission.id AND a."assessor_id" = :adjudicatorId)',
        { adjudicatorId },
      )
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM "scores" s WHERE s."submission_id" = submission.id AND s."assessor_id" = :adjudicatorId)',
        { adjudicatorId },
      );
    if (conflicting.length) builder.andWhere('(submission.earnerOrganisation IS NULL OR submission.earnerOrganisation NOT IN (:...conflicting))', { conflicting });
    const total = await builder.getCount();
    const rows: Array<Record<string, unknown>> = await builder
      .select('submission.id', 'submissionId')
      .addSelect('credential.id', 'credentialId')
      .addSelect('credential.title', 'credentialTitle')
      .addSelect('version.version', 'rubricVersion')
      .addSelect('submission.studySequence', 'studySequence')
      .orderBy('window.id', 'ASC')
      .addOrderBy('submission.studySequence', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawMany();
    const items = rows.map((row) => ({
      submissionId: Number(row.submissionId),
      credentialId: Number(row.credentialId),
      credentialTitle: String(row.credentialTitle),
      rubricVersion: Number(row.rubricVersion),
      studySequence: Number(row.studySequence),
    }));
    return pageOf(items, total, query);
  }

  /**
   * The cases the caller adjudicated (never another adjudicator's), newest first, each with the
   * final level of every row named from its rubric version. No earner data and no reader.
   */
  async recordedBy(adjudicatorId: number, request: PageQuery): Promise<Page<RecordedCaseResponse>> {
    const manager = this.dataSource.manager;
    const [{ total }] = await query<{ total: number }>(manager, `SELECT COUNT(*) AS "total" FROM "adjudications" WHERE "adjudicator_id" = ?`, [adjudicatorId]);
    const cases = await query<Record<string, unknown>>(
      manager,
      `SELECT j."id" AS "adjudicationId", j."recorded_at" AS "recordedAt", s."id" AS "submissionId", s."study_sequence" AS "studySequence",
              v."id" AS "rubricVersionId", v."version" AS "rubricVersion", c."id" AS "credentialId", c."title" AS "credentialTitle"
         FROM "adjudications" j
         JOIN "submissions" s ON s."id" = j."submission_id"
         JOIN "rubric_versions" v ON v."id" = s."rubric_version_id"
         JOIN "credentials" c ON c."id" = v."credential_id"
        WHERE j."adjudicator_id" = ?
        ORDER BY j."recorded_at" DESC, j."id" DESC LIMIT ? OFFSET ?`,
      [adjudicatorId, request.pageSize, (request.page - 1) * request.pageSize],
    );
    const finals = cases.length === 0 ? [] : await manager.find(AdjudicationRow, { where: { adjudicationId: In(cases.map((entry) => Number(entry.adjudicationId))) } });
    const rubrics = new Map<number, RubricRow[]>();
    const items: RecordedCaseResponse[] = [];
    for (const entry of cases) {
      const versionId = Number(entry.rubricVersionId);
      if (!rubrics.has(versionId)) rubrics.set(versionId, await this.rubricVersions.rowsOf(manager, versionId));
      const rubric = rubrics.get(versionId)!;
      const own = finals.filter((row) => row.adjudicationId === Number(entry.adjudicationId));
      items.push({
        submissionId: Number(entry.submissionId),
        credentialId: Number(entry.credentialId),
        credentialTitle: String(entry.credentialTitle),
        rubricVersion: Number(entry.rubricVersion),
        studySequence: Number(entry.studySequence),
        recordedAt: String(entry.recordedAt),
        rows: rubric.flatMap((row) => {
          const final = own.find((candidate) => candidate.rowKey === row.key);
          if (!final) return [];
          const levelLabel = row.levels.find((level) => level.value === final.level)?.label ?? final.level;
          return [{ rowKey: row.key, rowTitle: row.title, level: final.level, levelLabel, disagreed: final.disagreed, reason: final.reason }];
        }),
      });
    }
    return pageOf(items, Number(total), request);
  }

  /** The scorings side by side (readers A, B, ...); 404 when the submission awaits no adjudication, 403 when the caller read it. */
  async view(adjudicatorId: number, submissionId: number): Promise<AdjudicationCaseResponse> {
    const manager = this.dataSource.manager;
    const submission = await this.caseOrThrow(manager, adjudicatorId, submissionId);
    const scorings = await this.scoringsOf(manager, submission.id);
    const version = await manager.findOneByOrFail(RubricVersion, { id: submission.rubricVersionId });
    const credential = await manager.findOneByOrFail(Credential, { id: submission.credentialId });
    return {
      submissionId: submission.id,
      credentialTitle: credential.title,
      rubricVersion: version.version,
      rubric: await this.rubricVersions.rowsWithFlagsOf(manager, version.id),
      evidence: { text: submission.evidenceText, url: submission.evidenceUrl },
      scorings,
      disagreeingRowKeys: disagreeingRowKeys(scorings.map((scoring) => scoring.levels)),
      adjudication: await this.recorded(manager, submission.id),
    };
  }

  /**
   * Records the final levels once: 404 / 403 as for the view, 409 (`already_adjudicated`) the second
   * time, 422 with field paths when a disagreeing row lacks a level or a reason. In the same
   * transaction: the audit entry and the window's next step (complete when the queue is empty).
   */
  async record(adjudicatorId: number, submissionId: number, request: RecordAdjudicationRequest): Promise<RecordedAdjudicationResponse> {
    await this.unitOfWork.run(async (manager) => {
      const submission = await this.caseOrThrow(manager, adjudicatorId, submissionId);
      await this.windows.lockForChange(manager, submission.windowId!);
      const claim = { claimedById: submission.adjudicationClaimedById, claimedUntil: submission.adjudicationClaimedUntil };
      assertNotClaimedByAnother(submissionId, claim, adjudicatorId, this.clock.isoNow());
      assertNotAdjudicated(submissionId, await manager.existsBy(Adjudication, { submissionId }));
      const rubricRows = await this.rubricVersions.rowsOf(manager, submission.rubricVersionId);
      const scores = (await this.scoringsOf(manager, submissionId)).map((scoring) => scoring.levels);
      const input = normaliseInput(request.rows);
      throwIfIssues(adjudicationIssues(rubricRows, disagreeingRowKeys(scores), input));
      const rows = finalRows(rubricRows, scores, input);
      const inserted = await manager.insert(Adjudication, { submissionId, adjudicatorId, recordedAt: this.clock.isoNow() });
      const adjudicationId = insertedId(inserted);
      await manager.insert(AdjudicationRow, rows.map((row) => ({ adjudicationId, ...row })));
      await this.auditLog.record(manager, {
        actorId: adjudicatorId,
        action: 'adjudication.recorded',
        entityType: 'adjudication',
        entityId: adjudicationId,
        details: { submissionId, rows },
      });
      await this.windows.settle(manager, submission.windowId!, adjudicatorId);
    });
    return (await this.recorded(this.dataSource.manager, submissionId))!;
  }

  private async caseOrThrow(manager: EntityManager, adjudicatorId: number, submissionId: number): Promise<Submission> {
    const submission = await manager.findOneBy(Submission, { id: submissionId });
    const conflicts = await this.conflictKeysOf(manager, adjudicatorId);
    return adjudicationCaseOrThrow({
      submissionId,
      submission,
      assignedToCaller: await manager.existsBy(Assignment, { submissionId, assessorId: adjudicatorId }),
      scoredByCaller: await manager.existsBy(Score, { submissionId, assessorId: adjudicatorId }),
      conflictWithEarner: submission?.earnerOrganisation ? conflicts.has(normaliseOrganisation(submission.earnerOrganisation)) : false,
    });
  }

  /** The organisations the person declared a conflict of interest with, normalised. */
  private async conflictKeysOf(manager: EntityManager, userId: number): Promise<Set<string>> {
    const rows = await query<{ key: string }>(manager, `SELECT "organisation_key" AS "key" FROM "conflicts_of_interest" WHERE "user_id" = ?`, [userId]);
    return new Set(rows.map((row) => row.key));
  }

  /**
   * The earner organisations, as stored on cases awaiting adjudication, that the person declared a
   * conflict with: compared normalised (as for readers), then left out of the queue by their stored text.
   */
  private async conflictingOrganisations(manager: EntityManager, userId: number): Promise<string[]> {
    const keys = await this.conflictKeysOf(manager, userId);
    if (keys.size === 0) return [];
    const organisations = await query<{ organisation: string }>(
      manager,
      `SELECT DISTINCT "earner_organisation" AS "organisation" FROM "submissions" WHERE "needs_adjudication" = TRUE AND "earner_organisation" IS NOT NULL`,
    );
    return organisations.map((row) => row.organisation).filter((organisation) => keys.has(normaliseOrganisation(organisation)));
  }

  private async scoringsOf(manager: EntityManager, submissionId: number): Promise<ReaderScoringResponse[]> {
    const scores = await manager.find(Score, { where: { submissionId }, order: { readerSlot: 'ASC' } });
    const levels = scores.length === 0 ? [] : await manager.find(ScoreLevel, { where: scores.map((score) => ({ scoreId: score.id })) });
    return scores.map((score) => {
      const scoring: ReaderScoringResponse = { reader: readerLabel(score.readerSlot), levels: {}, comments: {} };
      for (const level of levels.filter((entry) => entry.scoreId === score.id)) {
        scoring.levels[level.rowKey] = level.level;
        if (level.comment !== null) scoring.comments[level.rowKey] = level.comment;
      }
      return scoring;
    });
  }

  private async recorded(manager: EntityManager, submissionId: number): Promise<RecordedAdjudicationResponse | null> {
    const adjudication = await manager.findOneBy(Adjudication, { submissionId });
    if (!adjudication) return null;
    const rows = await manager.find(AdjudicationRow, { where: { adjudicationId: adjudication.id } });
    const rubricRows = await this.rubricVersions.rowsOf(manager, (await manager.findOneByOrFail(Submission, { id: submissionId })).rubricVersionId);
    const order = new Map(rubricRows.map((row, index) => [row.key, index]));
    rows.sort((left, right) => (order.get(left.rowKey) ?? 0) - (order.get(right.rowKey) ?? 0));
    return {
      recordedAt: adjudication.recordedAt,
      rows: rows.map((row) => ({ rowKey: row.rowKey, level: row.level, disagreed: row.disagreed, reason: row.reason, note: row.note })),
    };
  }
}

/** Keeps only well-typed parts of each row so the protocol rules see strings or nothing. */
function normaliseInput(rows: Record<string, unknown>): Record<string, AdjudicatedRowInput> {
  const input: Record<string, AdjudicatedRowInput> = {};
  for (const [key, value] of Object.entries(rows)) {
    const row = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    input[key] = {
      level: typeof row.level === 'string' ? row.level : '',
      reason: typeof row.reason === 'string' ? row.reason : null,
      note: typeof row.note === 'string' ? row.note : null,
    };
  }
  return input;
}
