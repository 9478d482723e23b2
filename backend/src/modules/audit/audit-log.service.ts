import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
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
    const where: Partial<Pick<AuditEntry, 'action' | 'entityType' | 'entityId'>> = {};
    if (filter.action) where.action = filter.action;
    if (filter.entityType) where.entityType = filter.entityType;
    if (filter.entityId) where.entityId = filter.entityId;
    const [items, total] = await this.dataSource.manager.findAndCount(AuditEntry, {
      where,
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }
}
