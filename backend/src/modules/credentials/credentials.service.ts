import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Credential } from './credential.entity.js';
import type { CreateCredentialRequest, CredentialDetailResponse, CredentialResponse } from './credentials.dto.js';
import { RubricVersion } from './rubric-version.entity.js';
import { RubricVersionsService } from './rubric-versions.service.js';

@Injectable()
export class CredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly clock: Clock,
  ) {}

  async create(actorId: number, request: CreateCredentialRequest): Promise<CredentialResponse> {
    const credentialId = await this.unitOfWork.run(async (manager) => {
      const inserted = await manager.insert(Credential, {
        title: request.title,
        description: (request.description ?? '').trim(),
        createdById: actorId,
        createdAt: this.clock.isoNow(),
      });
      const id = insertedId(inserted);
      await this.auditLog.record(manager, {
        actorId,
        action: 'credential.created',
        entityType: 'credential',
        entityId: id,
        details: { title: request.title },
      });
      return id;
    });
    const { versions: _versions, ...credential } = await this.get(credentialId);
    return credential;
  }

  async list(query: PageQuery): Promise<Page<CredentialResponse>> {
    const [credentials, total] = await this.dataSource.manager.findAndCount(Credential, {
      order: { id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const latest = await this.latestVersions(credentials.map((credential) => credential.id));
    return pageOf(
      credentials.map((credential) => toCredentialResponse(credential, latest.get(credential.id) ?? null)),
      total,
      query,
    );
  }

  async get(credentialId: number): Promise<CredentialDetailResponse> {
    const credential = await this.rubricVersions.credentialOrThrow(this.dataSource.manager, credentialId);
    const versions = await this.rubricVersions.list(credentialId);
    return { ...toCredentialResponse(credential, versions.at(-1)?.version ?? null), versions };
  }

  private async latestVersions(credentialIds: number[]): Promise<Map<number, number>> {
    if (credentialIds.length === 0) return new Map();
    const rows: Array<{ credentialId: number; latest: number }> = await this.dataSource.manager
      .createQueryBuilder(RubricVersion, 'version')
      .select('version.credentialId', 'credentialId')
      .addSelect('MAX(version.version)', 'latest')
      .where({ credentialId: In(credentialIds) })
      .groupBy('version.credentialId')
      .getRawMany();
    return new Map(rows.map((row) => [Number(row.credentialId), Number(row.latest)]));
  }
}

function toCredentialResponse(credential: Credential, latestVersion: number | null): CredentialResponse {
  return {
    id: credential.id,
    title: credential.title,
    description: credential.description,
    createdAt: credential.createdAt,
    latestVersion,
  };
}
