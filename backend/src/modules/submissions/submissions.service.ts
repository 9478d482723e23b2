import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import { planAssignments, type PoolAssessor } from '../../protocol/assignment-planning.js';
import { resubmittedDecisionOrThrow } from '../../protocol/resubmission-rules.js';
import { routeSubmission, versionOutsideStudy, type SubmissionRoute } from '../../protocol/submission-routing.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { insertedId } from '../../database/inserted-id.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';
import { CertificationService } from '../certification/certification.service.js';
import { ValidityService } from '../certification/validity.service.js';
import { ValidationWindowsService } from '../validation-windows/validation-windows.service.js';
import { Assignment } from './assignment.entity.js';
import { SubmissionResultsService } from './submission-results.service.js';
import { Submission } from './submission.entity.js';
import type { CreateSubmissionRequest, SubmissionReceiptResponse, SubmissionResponse } from './submissions.dto.js';
import { query } from '../../database/sql.js';
import { countStudyPlaces, takeSubmissionSequences } from './counters.js';

/** Where a new submission goes (see `routeSubmission`), with the rubric version it is scored on. */
interface Destination extends SubmissionRoute {
  rubricVersion: RubricVersion;
}

/** Receives submissions in order and assigns their readers. */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly results: SubmissionResultsService,
    private readonly windows: ValidationWindowsService,
    private readonly certification: CertificationService,
    private readonly validity: ValidityService,
    private readonly clock: Clock,
  ) {}

  /**
   * Receives a submission. While a window of the credential is collecting and its study is not
   * full, the submission joins the study and gets `readersPerSubmission` distinct assessors,
   * drawn by `planAssignments` from the window's seed and the study loads; otherwise it is scored
   * outside the study by one assessor (the least loaded). Everything (sequence numbers, loads,
   * the plan, the inserts) happens in one transaction that first takes the credential's counter
   * (locking its row) and then the window's row, so submissions posted in parallel, through any
   * number of instances, are numbered and assigned exactly as if posted one by one; unique
   * indexes on (submission, assessor) and (window, study sequence) stand behind it.
   *
   * A resubmission (`resubmissionOf`) is routed by the same rules as any new submission and is
   * linked to the submission it resubmits: 422 when that is not a submission of the credential,
   * 409 when it was resubmitted already (`already_resubmitted`), is itself a resubmission
   * (`is_resubmission`), or has no final result yet (`no_result_yet`).
   */
  async receive(actorId: number, credentialId: number, request: CreateSubmissionRequest): Promise<SubmissionReceiptResponse> {
    return this.unitOfWork.run(async (manager) => {
      await this.rubricVersions.credentialOrThrow(manager, credentialId);
      // Taking the number locks the credential's row: its submissions are received one at a time.
      const sequence = await takeSubmissionSequences(manager, credentialId, 1);
      const original = request.resubmissionOf === undefined ? null : await this.resubmittableOrThrow(manager, credentialId, request.resubmissionOf);
      const destination = await this.destinationOf(manager, credentialId, sequence);
      // Only assessors the credential's certification lets read this version are drawn (removed ones never).
      const places = await this.certification.eligibility(manager, credentialId, destination.rubricVersion.version);
      const pool = (await this.assessorPool(manager, destination.windowId)).filter((assessor) => places.get(assessor.assessorId)?.eligible);
      const plan = planAssignments({
        submissions: [{ submissionKey: sequence, sequence: destination.drawSequence, earnerOrganisation: request.earnerOrganisation || null }],
        pool,
        readersPerSubmission: destination.readers,
        seed: destination.seed,
      });
      const assessorIds = plan.assignments[0].assessorIds;
      const receivedAt = this.clock.isoNow();
      const inserted = await manager.insert(Submission, {
        credentialId,
        rubricVersionId: destination.rubricVersion.id,
        sequence,
        windowId: destination.windowId,
        studySequence: destination.studySequence,
        readersRequired: destination.readers,
        earnerName: request.earnerName,
        earnerOrganisation: request.earnerOrganisation || null,
        evidenceText: request.evidenceText?.length ? request.evidenceText : null,
        evidenceUrl: request.evidenceUrl || null,
        needsAdjudication: false,
        receivedById: actorId,
        receivedAt,
        resubmissionOfId: original?.submission.id ?? null,
      });
      const submissionId = insertedId(inserted);
      // Validity items due to these readers come first in their queues; the live assignment counts as a delivery.
      await this.validity.deliverDue(manager, credentialId, destination.rubricVersion.id, assessorIds);
      await manager.insert(
        Assignment,
        assessorIds.map((assessorId, index) => ({ submissionId, assessorId, readerSlot: index + 1, status: 'pending' as const, assignedAt: receivedAt })),
      );
      await this.auditLog.record(manager, {
        actorId,
        action: 'submission.received',
        entityType: 'submission',
        entityId: submissionId,
        details: {
          credentialId,
          sequence,
          rubricVersion: destination.rubricVersion.version,
          windowId: destination.windowId,
          studySequence: destination.studySequence,
          assessorIds,
          resubmissionOf: original?.submission.id ?? null,
        },
      });
      if (original) {
        await this.auditLog.record(manager, {
          actorId,
          action: 'submission.resubmitted',
          entityType: 'submission',
          entityId: original.submission.id,
          details: { credentialId, resubmissionId: submissionId, originalDecision: original.decision },
        });
      }
      return {
        id: submissionId,
        sequence,
        rubricVersion: destination.rubricVersion.version,
        inStudy: destination.windowId !== null,
        studySequence: destination.studySequence,
        readersAssigned: assessorIds.length,
        receivedAt,
        resubmissionOf: original?.submission.id ?? null,
      };
    });
  }

  /** The submission a resubmission names, once checked against the rules (see `receive`). */
  private async resubmittableOrThrow(
    manager: EntityManager,
    credentialId: number,
    originalId: number,
  ): Promise<{ submission: Submission; decision: 'pass' | 'fail' }> {
    const submission = await manager.findOneBy(Submission, { id: originalId, credentialId });
    const candidate = submission && {
      resubmissionOfId: submission.resubmissionOfId,
      resubmittedById: (await manager.findOneBy(Submission, { resubmissionOfId: originalId }))?.id ?? null,
      decision: (await this.results.outcomeOf(manager, submission)).decision,
    };
    const decision = resubmittedDecisionOrThrow(credentialId, originalId, candidate);
    return { submission: submission!, decision };
  }

  async list(credentialId: number, page: PageQuery): Promise<Page<SubmissionResponse>> {
    const manager = this.dataSource.manager;
    await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const total = await manager.countBy(Submission, { credentialId });
    const rows: Array<Record<string, unknown>> = await query(manager, 
      `SELECT s."id", s."sequence", v."version" AS "rubricVersion", s."window_id" AS "windowId", s."study_sequence" AS "studySequence",
              s."received_at" AS "receivedAt", s."earner_name" AS "earnerName", s."earner_organisation" AS "earnerOrganisation",
              s."needs_adjudication" AS "needsAdjudication", s."resubmission_of_id" AS "resubmissionOf",
              (SELECT r."id" FROM "submissions" r WHERE r."resubmission_of_id" = s."id") AS "resubmittedBy",
              (SELECT COUNT(*) FROM "assignments" a WHERE a."submission_id" = s."id") AS "readersAssigned",
              (SELECT COUNT(*) FROM "scores" sc WHERE sc."submission_id" = s."id") AS "scoresReceived",
              EXISTS (SELECT 1 FROM "adjudications" j WHERE j."submission_id" = s."id") AS "adjudicated"
         FROM "submissions" s JOIN "rubric_versions" v ON v."id" = s."rubric_version_id"
        WHERE s."credential_id" = ?
        ORDER BY s."sequence"
        LIMIT ? OFFSET ?`,
      [credentialId, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const items = rows.map((row) => ({
      id: Number(row.id),
      sequence: Number(row.sequence),
      rubricVersion: Number(row.rubricVersion),
      inStudy: row.windowId !== null,
      studySequence: row.studySequence === null ? null : Number(row.studySequence),
      readersAssigned: Number(row.readersAssigned),
      receivedAt: String(row.receivedAt),
      earnerName: String(row.earnerName),
      earnerOrganisation: row.earnerOrganisation === null ? null : String(row.earnerOrganisation),
      scoresReceived: Number(row.scoresReceived),
      needsAdjudication: Boolean(row.needsAdjudication),
      adjudicated: Boolean(row.adjudicated),
      resubmissionOf: row.resubmissionOf === null ? null : Number(row.resubmissionOf),
      resubmittedBy: row.resubmittedBy === null ? null : Number(row.resubmittedBy),
    }));
    return pageOf(items, total, page);
  }

  /**
   * Routes the submission; when a window collects, its row is locked first (`lockForChange`) and
   * the study's place is taken from its counter, so concurrent submissions never share a place.
   */
  private async destinationOf(manager: EntityManager, credentialId: number, sequence: number): Promise<Destination> {
    const collecting = await manager.findOne(ValidationWindow, { where: { credentialId, status: 'collecting' }, order: { id: 'ASC' } });
    const window = collecting && (await this.windows.lockForChange(manager, collecting.id));
    const collectingWindow = window && window.status === 'collecting' ? window : null;
    const route = routeSubmission({ credentialId, sequence, collectingWindow });
    if (window && route.windowId === window.id) await countStudyPlaces(manager, window.id, 1);
    const rubricVersion =
      window && route.windowId === window.id
        ? await manager.findOneByOrFail(RubricVersion, { id: window.rubricVersionId })
        : await this.versionOutsideStudy(manager, credentialId);
    return { ...route, rubricVersion };
  }

  /** The version a submission outside any study is scored on (see `versionOutsideStudy`). */
  private async versionOutsideStudy(manager: EntityManager, credentialId: number): Promise<RubricVersion> {
    const validated: RubricVersion | null = await manager
      .createQueryBuilder(RubricVersion, 'version')
      .innerJoin(ValidationWindow, 'window', 'window.rubricVersionId = version.id')
      .where('version.credentialId = :credentialId', { credentialId })
      .orderBy('version.version', 'DESC')
      .getOne();
    const newest = validated ?? (await manager.findOne(RubricVersion, { where: { credentialId }, order: { version: 'DESC' } }));
    return versionOutsideStudy(credentialId, validated, newest);
  }

  /**
   * Every assessor whose account is enabled, with declared conflicts and current load: within the window's study for a
   * study submission (so the study is balanced), unscored assignments otherwise.
   */
  private async assessorPool(manager: EntityManager, windowId: number | null): Promise<PoolAssessor[]> {
    const assessors: Array<{ id: number }> = await query(manager, 
      `SELECT r."user_id" AS "id" FROM "user_roles" r JOIN "users" u ON u."id" = r."user_id"
        WHERE r."role" = 'assessor' AND u."disabled_at" IS NULL ORDER BY r."user_id"`,
    );
    const conflicts: Array<{ userId: number; organisation: string }> = await query(manager, 
      `SELECT c."user_id" AS "userId", c."organisation" AS "organisation"
         FROM "conflicts_of_interest" c JOIN "user_roles" r ON r."user_id" = c."user_id" AND r."role" = 'assessor'`,
    );
    const loads: Array<{ assessorId: number; load: number }> = windowId !== null
      ? await query(manager, 
          `SELECT a."assessor_id" AS "assessorId", COUNT(*) AS "load"
             FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
            WHERE s."window_id" = ? GROUP BY a."assessor_id"`,
          [windowId],
        )
      : await query(manager, 
          `SELECT "assessor_id" AS "assessorId", COUNT(*) AS "load" FROM "assignments" WHERE "status" = 'pending' GROUP BY "assessor_id"`,
        );
    const loadOf = new Map(loads.map((row) => [Number(row.assessorId), Number(row.load)]));
    return assessors.map(({ id }) => ({
      assessorId: Number(id),
      load: loadOf.get(Number(id)) ?? 0,
      conflictOrganisations: conflicts.filter((row) => Number(row.userId) === Number(id)).map((row) => row.organisation),
    }));
  }

}
