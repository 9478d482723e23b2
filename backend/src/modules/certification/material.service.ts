import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { lockRow, query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page } from '../../http/pagination.js';
import { parseExpertPanel } from '../../io/expert-panel.js';
import { candidateFromStudySubmission, confirmItem, type Candidate, type MaterialRow } from '../../protocol/calibration-material.js';
import { assembleSet, coverageOf, POOLS, splitPools, type PoolItem } from '../../protocol/calibration-pools.js';
import { applyCertificationEvent, changedRowsSince, currentStatus, nextSetLabel } from '../../protocol/certification.js';
import { ConflictError, InvalidError, NotFoundError } from '../../protocol/errors.js';
import { importIssues } from '../../protocol/import-rules.js';
import type { RubricRow } from '../../protocol/rubric-rules.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import type { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { CalibrationItem, CalibrationItemRow } from './calibration-item.entity.js';
import { certificationRecord, confirmedPoolItems, itemRows, liveItemIds, liveParticipantIds, namesOf, unservableItemIds } from './calibration-queries.js';
import { CertificationService } from './certification.service.js';
import type {
  AnchorListResponse,
  CalibrationItemResponse,
  CalibrationItemsQuery,
  CandidatesCreatedResponse,
  ConfirmItemRequest,
  ExpertPanelItemRequest,
  PoolsResponse,
  SetAvailabilityResponse,
} from './certification.dto.js';

/** Items inserted per statement when candidates are created. */
const INSERT_CHUNK = 200;

/**
 * Calibration material of a rubric version: candidates from its completed validation window or
 * from an expert panel, confirmed by a trainer who took no part live, drawn into pools.
 */
@Injectable()
export class CalibrationMaterialService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly certification: CertificationService,
    private readonly clock: Clock,
  ) {}

  async list(callerId: number, credentialId: number, versionNumber: number, request: CalibrationItemsQuery): Promise<Page<CalibrationItemResponse>> {
    const manager = this.dataSource.manager;
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const where = { rubricVersionId: version.id, ...(request.status ? { status: request.status } : {}), ...(request.pool ? { pool: request.pool } : {}) };
    const [items, total] = await manager.findAndCount(CalibrationItem, {
      where,
      order: { id: 'ASC' },
      skip: (request.page - 1) * request.pageSize,
      take: request.pageSize,
    });
    return pageOf(await this.responses(manager, callerId, version, items), total, request);
  }

  async get(callerId: number, credentialId: number, versionNumber: number, itemId: number): Promise<CalibrationItemResponse> {
    const manager = this.dataSource.manager;
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const item = await this.itemOrThrow(manager, version, itemId);
    return (await this.responses(manager, callerId, version, [item]))[0];
  }

  /**
   * Makes a candidate of every study submission of the version's completed window that has final
   * levels (agreed, or adjudicated) and is not a candidate yet. 409 `window_not_complete`.
   */
  async candidatesFromWindow(actorId: number, credentialId: number, versionNumber: number): Promise<CandidatesCreatedResponse> {
    return this.unitOfWork.run(async (manager) => {
      await lockRow(manager, 'credentials', credentialId);
      const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
      const [window] = await query<{ id: number; status: string }>(manager, `SELECT "id", "status" FROM "validation_windows" WHERE "rubric_version_id" = ?`, [version.id]);
      if (!window) throw new NotFoundError(`rubric version ${versionNumber} has no validation window`);
      if (window.status !== 'complete') {
        throw new ConflictError(`the validation window of version ${versionNumber} is ${window.status}: candidates come from a completed window`, 'window_not_complete');
      }
      const rows = materialRows(await this.rubricVersions.rowsOf(manager, version.id));
      const outcomes = await this.studyOutcomes(manager, Number(window.id));
      const existing = new Set(
        (await query<{ id: number }>(manager, `SELECT "source_submission_id" AS "id" FROM "calibration_items" WHERE "rubric_version_id" = ? AND "source_submission_id" IS NOT NULL`, [version.id])).map((row) => Number(row.id)),
      );
      const now = this.clock.isoNow();
      let created = 0;
      let skipped = 0;
      for (const [submissionId, outcome] of outcomes) {
        const candidate = existing.has(submissionId) ? null : candidateFromStudySubmission(rows, outcome);
        if (!candidate) {
          skipped++;
          continue;
        }
        await this.insertCandidate(manager, actorId, version, candidate, { sourceSubmissionId: submissionId, externalRef: null, evidenceText: outcome.evidenceText, evidenceUrl: outcome.evidenceUrl }, now);
        created++;
      }
      await this.auditLog.record(manager, {
        actorId,
        action: 'calibration.candidates_created',
        entityType: 'rubric_version',
        entityId: version.id,
        details: { credentialId, version: versionNumber, source: 'validation_window', windowId: Number(window.id), created, skipped },
      });
      return { created, skipped };
    });
  }

  /** Adds one expert-panel candidate: the evidence and the panel's level per row. */
  async addExpertItem(actorId: number, credentialId: number, versionNumber: number, request: ExpertPanelItemRequest): Promise<CalibrationItemResponse> {
    const id = await this.unitOfWork.run(async (manager) => {
      const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
      const rows = await this.rubricVersions.rowsOf(manager, version.id);
      const issues = [];
      if (!request.evidenceText && !request.evidenceUrl) issues.push({ field: 'evidenceText', message: 'an item needs evidence: evidenceText or evidenceUrl' });
      for (const row of rows) {
        const level = request.levels[row.key];
        if (level === undefined) issues.push({ field: `levels.${row.key}`, message: 'a level is required for every row' });
        else if (!row.levels.some((entry) => entry.value === level)) issues.push({ field: `levels.${row.key}`, message: `must be one of ${row.levels.map((entry) => entry.value).join(', ')}` });
      }
      for (const key of Object.keys(request.levels)) if (!rows.some((row) => row.key === key)) issues.push({ field: `levels.${key}`, message: 'the rubric has no such row' });
      if (issues.length) throw InvalidError.fromIssues(issues);
      if (request.externalRef !== undefined && (await manager.existsBy(CalibrationItem, { rubricVersionId: version.id, externalRef: request.externalRef }))) {
        throw new ConflictError(`item ${request.externalRef} is already in this version's material`, 'duplicate');
      }
      const itemId = await this.insertCandidate(
        manager,
        actorId,
        version,
        { provenance: 'expert_panel', finalLevels: request.levels, disagreedRows: [] },
        { sourceSubmissionId: null, externalRef: request.externalRef ?? null, evidenceText: request.evidenceText ?? null, evidenceUrl: request.evidenceUrl ?? null, rationales: request.rationales },
        this.clock.isoNow(),
      );
      await this.auditLog.record(manager, {
        actorId,
        action: 'calibration.candidates_created',
        entityType: 'rubric_version',
        entityId: version.id,
        details: { credentialId, version: versionNumber, source: 'expert_panel', itemIds: [itemId] },
      });
      return itemId;
    });
    return this.get(actorId, credentialId, versionNumber, id);
  }

  /** Adds the expert-panel items of a CSV file, all or nothing; 422 with line and column for every problem. */
  async importExpertItems(actorId: number, credentialId: number, versionNumber: number, csv: string): Promise<CandidatesCreatedResponse> {
    return this.unitOfWork.run(async (manager) => {
      const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
      const rows = materialRows(await this.rubricVersions.rowsOf(manager, version.id));
      const { items, problems } = parseExpertPanel(csv, rows);
      if (problems.length) throw InvalidError.fromIssues(importIssues(problems));
      const taken = new Set(
        (await query<{ ref: string }>(manager, `SELECT "external_ref" AS "ref" FROM "calibration_items" WHERE "rubric_version_id" = ? AND "external_ref" IS NOT NULL`, [version.id])).map((row) => row.ref),
      );
      const clashes = items.filter((item) => taken.has(item.externalRef));
      if (clashes.length) {
        throw InvalidError.fromIssues(clashes.slice(0, 20).map((item) => ({ field: `line ${item.line}, item`, message: `item ${item.externalRef} is already in this version's material` })));
      }
      const now = this.clock.isoNow();
      const ids: number[] = [];
      for (const item of items) {
        ids.push(
          await this.insertCandidate(manager, actorId, version, { provenance: 'expert_panel', finalLevels: item.levels, disagreedRows: [] }, { ...item, sourceSubmissionId: null }, now),
        );
      }
      await this.auditLog.record(manager, {
        actorId,
        action: 'calibration.candidates_created',
        entityType: 'rubric_version',
        entityId: version.id,
        details: { credentialId, version: versionNumber, source: 'expert_panel_csv', itemIds: ids },
      });
      return { created: ids.length, skipped: 0 };
    });
  }

  /**
   * A trainer confirms each row's true level with rationales; a level that differs from the final
   * one makes the item ambiguous until a second trainer settles it (see `confirmItem`).
   */
  async confirm(actorId: number, credentialId: number, versionNumber: number, itemId: number, request: ConfirmItemRequest): Promise<CalibrationItemResponse> {
    await this.unitOfWork.run(async (manager) => {
      await lockRow(manager, 'credentials', credentialId);
      const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
      await lockRow(manager, 'calibration_items', itemId);
      const item = await this.itemOrThrow(manager, version, itemId);
      const rows = (await itemRows(manager, [item.id])).get(item.id) ?? [];
      const rubric = materialRows(await this.rubricVersions.rowsOf(manager, version.id));
      const outcome = confirmItem(
        rubric,
        {
          status: item.status,
          provenance: item.provenance,
          finalLevels: Object.fromEntries(rows.map((row) => [row.rowKey, row.finalLevel])),
          disagreedRows: rows.filter((row) => row.disagreed).map((row) => row.rowKey),
          confirmedById: item.confirmedById,
          liveParticipantIds: await liveParticipantIds(manager, item.sourceSubmissionId),
        },
        { actorId, levels: request.levels, rationales: request.rationales ?? {} },
      );
      const now = this.clock.isoNow();
      const settling = item.status === 'ambiguous';
      for (const row of rubric) {
        // A first confirmation keeps the expert panel's rationale where the trainer writes none;
        // a settling trainer's rationales replace the first trainer's.
        const kept = settling ? null : (rows.find((entry) => entry.rowKey === row.key)?.rationale ?? null);
        await manager.update(
          CalibrationItemRow,
          { itemId, rowKey: row.key },
          {
            ...(settling ? {} : { confirmedLevel: request.levels[row.key] }),
            trueLevel: outcome.status === 'confirmed' ? outcome.trueLevels[row.key] : null,
            rationale: outcome.rationales[row.key] ?? kept,
          },
        );
      }
      await manager.update(
        CalibrationItem,
        { id: itemId },
        settling ? { status: outcome.status, settledById: actorId, settledAt: now } : { status: outcome.status, confirmedById: actorId, confirmedAt: now },
      );
      await this.auditLog.record(manager, {
        actorId,
        action: settling ? 'calibration.item_settled' : outcome.status === 'ambiguous' ? 'calibration.item_ambiguous' : 'calibration.item_confirmed',
        entityType: 'calibration_item',
        entityId: itemId,
        details: { credentialId, version: versionNumber, levels: request.levels, differingRows: outcome.differingRows },
      });
    });
    return this.get(actorId, credentialId, versionNumber, itemId);
  }

  async pools(credentialId: number, versionNumber: number): Promise<PoolsResponse> {
    const manager = this.dataSource.manager;
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const rows = materialRows(await this.rubricVersions.rowsOf(manager, version.id));
    const confirmed = await confirmedPoolItems(manager, version.id);
    const counts = await query<{ status: string; count: number }>(
      manager,
      `SELECT "status", COUNT(*) AS "count" FROM "calibration_items" WHERE "rubric_version_id" = ? GROUP BY "status"`,
      [version.id],
    );
    const countOf = (status: string) => Number(counts.find((row) => row.status === status)?.count ?? 0);
    return {
      rubricVersion: versionNumber,
      material: { candidate: countOf('candidate'), ambiguous: countOf('ambiguous'), confirmed: countOf('confirmed'), unpooled: confirmed.filter((item) => item.pool === null).length },
      pools: POOLS.map((pool) => ({ pool, ...coverageOf(rows, confirmed.filter((item) => item.pool === pool)) })),
    };
  }

  /** Draws the confirmed items not yet pooled into pools (seeded); pooled items stay. 409 `nothing_to_pool`. */
  async drawPools(actorId: number, credentialId: number, versionNumber: number, seed: string | undefined): Promise<PoolsResponse> {
    await this.unitOfWork.run(async (manager) => {
      await lockRow(manager, 'credentials', credentialId);
      const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
      const rows = materialRows(await this.rubricVersions.rowsOf(manager, version.id));
      const confirmed = await confirmedPoolItems(manager, version.id);
      const unpooled = confirmed.filter((item) => item.pool === null);
      if (unpooled.length === 0) throw new ConflictError('every confirmed item is already in a pool: confirm more material first', 'nothing_to_pool');
      const drawSeed = seed ?? randomUUID();
      const split = splitPools({
        rows,
        pooled: confirmed.filter((item) => item.pool !== null).map((item) => ({ ...item, pool: item.pool! })),
        unpooled,
        seed: drawSeed,
        policy: await this.certification.policyOf(manager, credentialId),
      });
      for (const pool of POOLS) {
        const ids = [...split].filter(([, target]) => target === pool).map(([id]) => id);
        for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
          await manager.update(CalibrationItem, { id: In(ids.slice(start, start + INSERT_CHUNK)), pool: IsNull() }, { pool });
        }
      }
      await this.auditLog.record(manager, {
        actorId,
        action: 'calibration.pools_drawn',
        entityType: 'rubric_version',
        entityId: version.id,
        details: { credentialId, version: versionNumber, seed: drawSeed, pools: Object.fromEntries(POOLS.map((pool) => [pool, [...split.values()].filter((p) => p === pool).length])) },
      });
    });
    return this.pools(credentialId, versionNumber);
  }

  /**
   * Which sets could be drawn for an assessor now, from the items they may see (never scored or
   * adjudicated by them live, never served before), and when not, why: the assessor's status does
   * not allow the set, or the row and level missing.
   */
  async setAvailability(credentialId: number, versionNumber: number, assessorId: number): Promise<SetAvailabilityResponse[]> {
    const manager = this.dataSource.manager;
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    await this.certification.assessorNameOrThrow(manager, assessorId);
    const rubric = await this.rubricVersions.rowsOf(manager, version.id);
    const record = await certificationRecord(manager, credentialId, assessorId);
    const changed = changedRowsSince(await this.certification.versionRows(manager, credentialId), record.certifiedVersion, versionNumber);
    const policy = await this.certification.policyOf(manager, credentialId);
    const now = this.clock.isoNow();
    const status = currentStatus(record, now);
    const out: SetAvailabilityResponse[] = [];
    for (const [kind, label, rows] of [
      ['qualifying', nextSetLabel(record), rubric],
      ['calibration', null, rubric.filter((row) => changed.includes(row.key))],
    ] as const) {
      const available = await this.servableItems(manager, credentialId, version.id, kind, assessorId);
      let problem: string | null = null;
      try {
        // as when the set is drawn: the status must allow it before the material is looked at
        if (kind === 'qualifying') applyCertificationEvent(record, { type: 'start_qualifying' }, now, policy);
        else if (status !== 'qualified' && status !== 'probation') throw new ConflictError(`a calibration set is for a certified assessor (the assessor is ${status.replace('_', ' ')})`);
        if (rows.length === 0) throw new ConflictError('no rows changed since the assessor was certified');
        assembleSet({ rows: materialRows(rows), available, seed: 'availability', label: kind === 'qualifying' ? `qualifying set ${label}` : 'calibration set', policy });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        problem = error.message;
      }
      out.push({ kind, label, unseenItems: available.length, available: problem === null, problem });
    }
    return out;
  }

  /** The anchor exemplars of a version with true levels and rationales, leaving out items the assessor took part in live. */
  async anchors(assessorId: number, credentialId: number, versionNumber: number): Promise<AnchorListResponse> {
    const manager = this.dataSource.manager;
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const hidden = await liveItemIds(manager, credentialId, assessorId);
    const items = (await manager.find(CalibrationItem, { where: { rubricVersionId: version.id, pool: 'anchor', status: 'confirmed' }, order: { id: 'ASC' } })).filter(
      (item) => !hidden.has(item.id),
    );
    const rows = await itemRows(manager, items.map((item) => item.id));
    const order = (await this.rubricVersions.rowsOf(manager, version.id)).map((row) => row.key);
    return {
      credentialId,
      rubricVersion: versionNumber,
      items: items.map((item) => ({
        id: item.id,
        evidence: { text: item.evidenceText, url: item.evidenceUrl },
        rows: order.map((key) => {
          const row = rows.get(item.id)?.find((entry) => entry.rowKey === key);
          return { key, trueLevel: row?.trueLevel ?? '', rationale: row?.rationale ?? null };
        }),
      })),
    };
  }

  /** The confirmed items of a pool an assessor may be served: practice leaves out only what they took part in live. */
  async servableItems(manager: EntityManager, credentialId: number, rubricVersionId: number, pool: 'practice' | 'qualifying' | 'calibration', assessorId: number): Promise<PoolItem[]> {
    const hidden = pool === 'practice' ? await liveItemIds(manager, credentialId, assessorId) : await unservableItemIds(manager, credentialId, assessorId);
    return (await confirmedPoolItems(manager, rubricVersionId)).filter((item) => item.pool === pool && !hidden.has(item.itemKey));
  }

  private async itemOrThrow(manager: EntityManager, version: RubricVersion, itemId: number): Promise<CalibrationItem> {
    const item = await manager.findOneBy(CalibrationItem, { id: itemId, rubricVersionId: version.id });
    if (!item) throw new NotFoundError(`rubric version ${version.version} has no calibration item ${itemId}`);
    return item;
  }

  private async insertCandidate(
    manager: EntityManager,
    actorId: number,
    version: RubricVersion,
    candidate: Candidate,
    source: { sourceSubmissionId: number | null; externalRef: string | null; evidenceText: string | null; evidenceUrl: string | null; rationales?: Record<string, string> },
    now: string,
  ): Promise<number> {
    const inserted = await manager.insert(CalibrationItem, {
      credentialId: version.credentialId,
      rubricVersionId: version.id,
      provenance: candidate.provenance,
      sourceSubmissionId: source.sourceSubmissionId,
      externalRef: source.externalRef,
      evidenceText: source.evidenceText,
      evidenceUrl: source.evidenceUrl,
      status: 'candidate',
      borderline: candidate.disagreedRows.length > 0,
      pool: null,
      createdById: actorId,
      createdAt: now,
      confirmedById: null,
      confirmedAt: null,
      settledById: null,
      settledAt: null,
    });
    const itemId = insertedId(inserted);
    await manager.insert(
      CalibrationItemRow,
      Object.entries(candidate.finalLevels).map(([rowKey, finalLevel]) => ({
        itemId,
        rowKey,
        finalLevel,
        disagreed: candidate.disagreedRows.includes(rowKey),
        confirmedLevel: null,
        trueLevel: null,
        rationale: source.rationales?.[rowKey]?.trim() || null,
      })),
    );
    return itemId;
  }

  private async studyOutcomes(manager: EntityManager, windowId: number) {
    const submissions = await query<{ id: number; readersRequired: number; evidenceText: string | null; evidenceUrl: string | null }>(
      manager,
      `SELECT "id", "readers_required" AS "readersRequired", "evidence_text" AS "evidenceText", "evidence_url" AS "evidenceUrl"
         FROM "submissions" WHERE "window_id" = ? ORDER BY "study_sequence"`,
      [windowId],
    );
    const levels = await query<{ submissionId: number; scoreId: number; rowKey: string; level: string }>(
      manager,
      `SELECT s."submission_id" AS "submissionId", s."id" AS "scoreId", l."row_key" AS "rowKey", l."level" AS "level"
         FROM "scores" s JOIN "score_levels" l ON l."score_id" = s."id" JOIN "submissions" sub ON sub."id" = s."submission_id"
        WHERE sub."window_id" = ?`,
      [windowId],
    );
    const adjudicated = await query<{ submissionId: number; rowKey: string; level: string }>(
      manager,
      `SELECT a."submission_id" AS "submissionId", r."row_key" AS "rowKey", r."level" AS "level"
         FROM "adjudications" a JOIN "adjudication_rows" r ON r."adjudication_id" = a."id" JOIN "submissions" sub ON sub."id" = a."submission_id"
        WHERE sub."window_id" = ?`,
      [windowId],
    );
    const scores = new Map<number, Map<number, Record<string, string>>>();
    for (const row of levels) {
      const bySubmission = scores.get(Number(row.submissionId)) ?? new Map<number, Record<string, string>>();
      const score = bySubmission.get(Number(row.scoreId)) ?? {};
      score[row.rowKey] = row.level;
      bySubmission.set(Number(row.scoreId), score);
      scores.set(Number(row.submissionId), bySubmission);
    }
    const adjudications = new Map<number, Record<string, string>>();
    for (const row of adjudicated) {
      const rows = adjudications.get(Number(row.submissionId)) ?? {};
      rows[row.rowKey] = row.level;
      adjudications.set(Number(row.submissionId), rows);
    }
    return new Map(
      submissions.map((submission) => [
        Number(submission.id),
        {
          scores: [...(scores.get(Number(submission.id))?.values() ?? [])],
          adjudication: adjudications.get(Number(submission.id)) ?? null,
          readersRequired: Number(submission.readersRequired),
          evidenceText: submission.evidenceText,
          evidenceUrl: submission.evidenceUrl,
        },
      ]),
    );
  }

  private async responses(manager: EntityManager, callerId: number, version: RubricVersion, items: readonly CalibrationItem[]): Promise<CalibrationItemResponse[]> {
    const rows = await itemRows(manager, items.map((item) => item.id));
    const order = (await this.rubricVersions.rowsOf(manager, version.id)).map((row) => row.key);
    const names = await namesOf(manager, items.flatMap((item) => [item.confirmedById, item.settledById]));
    const tookPart = await liveItemIds(manager, version.credentialId, callerId);
    const person = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? '' });
    return items.map((item) => ({
      id: item.id,
      rubricVersion: version.version,
      provenance: item.provenance,
      status: item.status,
      borderline: Boolean(item.borderline),
      pool: item.pool,
      externalRef: item.externalRef,
      evidence: { text: item.evidenceText, url: item.evidenceUrl },
      rows: order.flatMap((key) => {
        const row = rows.get(item.id)?.find((entry) => entry.rowKey === key);
        return row ? [{ key, finalLevel: row.finalLevel, disagreed: Boolean(row.disagreed), confirmedLevel: row.confirmedLevel, trueLevel: row.trueLevel, rationale: row.rationale }] : [];
      }),
      confirmedBy: person(item.confirmedById),
      confirmedAt: item.confirmedAt,
      settledBy: person(item.settledById),
      settledAt: item.settledAt,
      createdAt: item.createdAt,
      callerTookPart: tookPart.has(item.id),
    }));
  }
}

/** Rubric rows as material sees them: keys and level values. */
export function materialRows(rows: readonly RubricRow[]): MaterialRow[] {
  return rows.map((row) => ({ key: row.key, levels: row.levels.map((level) => level.value) }));
}
