import { Injectable } from '@nestjs/common';
import { And, DataSource, LessThan, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { query as sqlQuery } from '../../database/sql.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import { AuditEntry } from './audit-entry.entity.js';

export interface AuditRecord {
  /** who acted; null when the system acted on its own */
  actorId: number | null;
  /** what happened, `entity.verb` in the past tense: `score.submitted` */
  action: string;
  entityType: string;
  entityId: number | string;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: number;
  /** at or after this instant (ISO 8601) */
  from?: string;
  /** before this instant (ISO 8601) */
  to?: string;
}

/** Instants are stored as ISO 8601 in UTC (`2025-01-31T10:00:00.000Z`), so they compare as text. */
function instant(value: string): string {
  return new Date(value).toISOString();
}

/** Writes the append-only audit log (always inside the caller's transaction) and reads it back. */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Appends one entry using the caller's transaction, so the entry and the change commit together. */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const entry = manager.create(AuditEntry, {
      actorId: record.actorId,
      at: this.clock.isoNow(),
      action: record.action,
      entityType: record.entityType,
      entityId: String(record.entityId),
    });
    entry.details = record.details ?? {};
    await manager.save(AuditEntry, entry, { transaction: false, reload: false });
  }

  /** Newest first. */
  async list(query: PageQuery, filter: AuditFilter = {}): Promise<Page<AuditEntry>> {
    const where: FindOptionsWhere<AuditEntry> = {};
    if (filter.action) where.action = filter.action;
    if (filter.entityType) where.entityType = filter.entityType;
    if (filter.entityId) where.entityId = filter.entityId;
    if (filter.actorId !== undefined) where.actorId = filter.actorId;
    if (filter.from && filter.to) where.at = And(MoreThanOrEqual(instant(filter.from)), LessThan(instant(filter.to)));
    else if (filter.from) where.at = MoreThanOrEqual(instant(filter.from));
    else if (filter.to) where.at = LessThan(instant(filter.to));
    const [items, total] = await this.dataSource.manager.findAndCount(AuditEntry, {
      where,
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /** The names of the people who acted, by id (the users table is read by name: users sit above audit). */
  async actorNames(actorIds: readonly (number | null)[]): Promise<Map<number, string>> {
    const ids = [...new Set(actorIds.filter((id): id is number => id !== null))];
    if (ids.length === 0) return new Map();
    const rows = await sqlQuery<{ id: number; name: string }>(this.dataSource, `SELECT "id", "name" FROM "users" WHERE "id" IN (${ids.map(() => '?').join(', ')})`, ids);
    return new Map(rows.map((row) => [Number(row.id), row.name]));
  }
}
