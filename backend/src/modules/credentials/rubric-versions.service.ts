import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { lockRow, query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { NotFoundError, throwIfIssues } from '../../protocol/errors.js';
import { markCarriedOver, reviseRubricRows, rubricRowIssues, type RevisedRubricRow, type RubricRow } from '../../protocol/rubric-rules.js';
import { assertVersionUnlocked, newVersionNumberOrThrow } from '../../protocol/rubric-versioning.js';
import type { WindowStatus } from '../../protocol/window-status.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Credential } from './credential.entity.js';
import type {
  CreateRubricVersionRequest,
  RubricRowInput,
  RubricRowResponse,
  RubricVersionResponse,
  RubricVersionSummaryResponse,
} from './credentials.dto.js';
import { RubricLevelRecord } from './rubric-level.entity.js';
import { RubricRowRecord } from './rubric-row.entity.js';
import { RubricVersion } from './rubric-version.entity.js';

/** Rubric versions: created, revised into v+1, replaced while still a draft, and read by every other feature. */
@Injectable()
export class RubricVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the first version (no `previousVersion`) or revises the latest one into the next.
   * 409 when a first version already exists or when the version revised is not the latest;
   * 422 with field paths when the rows break a rubric rule.
   */
  async create(actorId: number, credentialId: number, request: CreateRubricVersionRequest): Promise<RubricVersionResponse> {
    const version = await this.unitOfWork.run(async (manager) => {
      await this.credentialOrThrow(manager, credentialId);
      // versions of one credential are created, revised and locked one at a time, on any instance
      await lockRow(manager, 'credentials', credentialId);
      const latest = await manager.findOne(RubricVersion, { where: { credentialId }, order: { version: 'DESC' } });
      const incoming = request.rows.map(rowOfInput);
      const previous = request.previousVersion === undefined ? null : await this.versionOrThrow(manager, credentialId, request.previousVersion);
      const previousVersion = previous?.version ?? null;
      const number = newVersionNumberOrThrow({ credentialId, latestVersion: latest?.version ?? null, revisedVersion: previousVersion });
      let rows: RevisedRubricRow[];
      if (previous === null) {
        throwIfIssues(rubricRowIssues(incoming));
        rows = incoming.map((row) => ({ ...row, carriedOver: false }));
      } else {
        rows = reviseRubricRows(await this.rowsOf(manager, previous.id), {
          rows: incoming,
          removedRowKeys: request.removedRowKeys ?? [],
        });
      }
      const inserted = await manager.insert(RubricVersion, {
        credentialId,
        version: number,
        previousVersion,
        createdById: actorId,
        createdAt: this.clock.isoNow(),
      });
      const rubricVersionId = insertedId(inserted);
      await this.insertRows(manager, rubricVersionId, rows);
      await this.auditLog.record(manager, {
        actorId,
        action: previousVersion === null ? 'rubric_version.created' : 'rubric_version.revised',
        entityType: 'rubric_version',
        entityId: rubricVersionId,
        details: { credentialId, version: number, previousVersion, rows },
      });
      return number;
    });
    return this.get(credentialId, version);
  }

  /** Replaces every row of a version that has no validation window yet (409 `rubric_version_locked` otherwise). */
  async replaceRows(actorId: number, credentialId: number, versionNumber: number, rows: readonly RubricRowInput[]): Promise<RubricVersionResponse> {
    await this.unitOfWork.run(async (manager) => {
      const version = await this.versionOrThrow(manager, credentialId, versionNumber);
      await lockRow(manager, 'credentials', credentialId);
      await this.assertUnlocked(manager, version);
      const incoming = rows.map(rowOfInput);
      throwIfIssues(rubricRowIssues(incoming));
      const previousRows =
        version.previousVersion === null
          ? []
          : await this.rowsOf(manager, (await this.versionOrThrow(manager, credentialId, version.previousVersion)).id);
      const marked = markCarriedOver(previousRows, incoming);
      await manager.delete(RubricRowRecord, { rubricVersionId: version.id });
      await this.insertRows(manager, version.id, marked);
      await this.auditLog.record(manager, {
        actorId,
        action: 'rubric_version.rows_replaced',
        entityType: 'rubric_version',
        entityId: version.id,
        details: { credentialId, version: version.version, rows: marked },
      });
    });
    return this.get(credentialId, versionNumber);
  }

  async get(credentialId: number, versionNumber: number): Promise<RubricVersionResponse> {
    const manager = this.dataSource.manager;
    const version = await this.versionOrThrow(manager, credentialId, versionNumber);
    const [summary] = await this.summaries(manager, [version]);
    const rows = await this.rowsWithFlagsOf(manager, version.id);
    return { ...summary, credentialId, rows };
  }

  async list(credentialId: number): Promise<RubricVersionSummaryResponse[]> {
    const manager = this.dataSource.manager;
    await this.credentialOrThrow(manager, credentialId);
    const versions = await manager.find(RubricVersion, { where: { credentialId }, order: { version: 'ASC' } });
    return this.summaries(manager, versions);
  }

  /** The version record, or 404. */
  async versionOrThrow(manager: EntityManager, credentialId: number, versionNumber: number): Promise<RubricVersion> {
    const version = await manager.findOneBy(RubricVersion, { credentialId, version: versionNumber });
    if (!version) throw new NotFoundError(`credential ${credentialId} has no rubric version ${versionNumber}`);
    return version;
  }

  async credentialOrThrow(manager: EntityManager, credentialId: number): Promise<Credential> {
    const credential = await manager.findOneBy(Credential, { id: credentialId });
    if (!credential) throw new NotFoundError(`credential ${credentialId} does not exist`);
    return credential;
  }

  /** The rows of a version in rubric order, levels in level order, as the protocol functions take them. */
  async rowsOf(manager: EntityManager, rubricVersionId: number): Promise<RubricRow[]> {
    return (await this.rowsWithFlagsOf(manager, rubricVersionId)).map(({ carriedOver: _carriedOver, ...row }) => row);
  }

  async rowsWithFlagsOf(manager: EntityManager, rubricVersionId: number): Promise<RubricRowResponse[]> {
    const rows = await manager.find(RubricRowRecord, {
      where: { rubricVersionId },
      relations: { levels: true },
      order: { position: 'ASC', levels: { position: 'ASC' } },
    });
    return rows.map((row) => ({
      key: row.key,
      title: row.title,
      descriptor: row.descriptor,
      scale: row.scale,
      carriedOver: row.carriedOver,
      levels: (row.levels ?? []).map((level) => ({ value: level.value, label: level.label, descriptor: level.descriptor })),
    }));
  }

  private async assertUnlocked(manager: EntityManager, version: RubricVersion): Promise<void> {
    assertVersionUnlocked(version.version, (await query(manager, `SELECT 1 FROM "validation_windows" WHERE "rubric_version_id" = ?`, [version.id])).length > 0);
  }

  private async insertRows(manager: EntityManager, rubricVersionId: number, rows: readonly RevisedRubricRow[]): Promise<void> {
    for (const [position, row] of rows.entries()) {
      const inserted = await manager.insert(RubricRowRecord, {
        rubricVersionId,
        position,
        key: row.key,
        title: row.title,
        descriptor: row.descriptor,
        scale: row.scale,
        carriedOver: row.carriedOver,
      });
      const rubricRowId = insertedId(inserted);
      await manager.insert(
        RubricLevelRecord,
        row.levels.map((level, levelPosition) => ({ rubricRowId, position: levelPosition, ...level })),
      );
    }
  }

  private async summaries(manager: EntityManager, versions: readonly RubricVersion[]): Promise<RubricVersionSummaryResponse[]> {
    if (versions.length === 0) return [];
    // Windows are read by table, not entity: credentials know nothing of the validation-windows feature.
    const windows = await query<{ rubricVersionId: number; status: WindowStatus }>(
      manager,
      `SELECT "rubric_version_id" AS "rubricVersionId", "status" FROM "validation_windows" WHERE "rubric_version_id" IN (${versions.map(() => '?').join(', ')})`,
      versions.map((version) => version.id),
    );
    const statusByVersion = new Map<number, WindowStatus>(windows.map((window) => [Number(window.rubricVersionId), window.status]));
    return versions.map((version) => ({
      version: version.version,
      previousVersion: version.previousVersion,
      createdAt: version.createdAt,
      locked: statusByVersion.has(version.id),
      validationStatus: statusByVersion.get(version.id) ?? null,
    }));
  }
}

function rowOfInput(input: RubricRowInput): RubricRow {
  return {
    key: input.key,
    title: input.title.trim(),
    descriptor: (input.descriptor ?? '').trim(),
    scale: input.scale,
    levels: input.levels.map((level) => ({
      value: level.value,
      label: level.label.trim(),
      descriptor: (level.descriptor ?? '').trim(),
    })),
  };
}
