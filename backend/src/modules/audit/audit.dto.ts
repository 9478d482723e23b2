import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery, PageResponse } from '../../http/pagination.js';
import type { AuditEntry } from './audit-entry.entity.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'score.submitted' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'score' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional({ example: '12' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;
}

export class AuditEntryResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null when the system acted on its own' }) actorId!: number | null;
  @ApiProperty({ example: '2025-01-31T10:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 'score.submitted' }) action!: string;
  @ApiProperty({ example: 'score' }) entityType!: string;
  @ApiProperty({ example: '12' }) entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class AuditPageResponse extends PageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items!: AuditEntryResponse[];
}

export function toAuditEntryResponse(entry: AuditEntry): AuditEntryResponse {
  return {
    id: entry.id,
    actorId: entry.actorId,
    at: entry.at,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details,
  };
}
