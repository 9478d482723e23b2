import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, MaxLength, Min } from 'class-validator';
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

  @ApiPropertyOptional({ example: 3, description: 'only what this user did' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  actorId?: number;

  @ApiPropertyOptional({ example: '2025-01-01T00:00:00.000Z', description: 'only entries at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2025-02-01T00:00:00.000Z', description: 'only entries before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEntryResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null when the system acted on its own' }) actorId!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace', description: 'the name of the person who acted; null when the system acted' }) actorName!: string | null;
  @ApiProperty({ example: '2025-01-31T10:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 'score.submitted' }) action!: string;
  @ApiProperty({ example: 'score' }) entityType!: string;
  @ApiProperty({ example: '12' }) entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class AuditPageResponse extends PageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items!: AuditEntryResponse[];
}

export function toAuditEntryResponse(entry: AuditEntry, actorNames: ReadonlyMap<number, string> = new Map()): AuditEntryResponse {
  return {
    id: entry.id,
    actorId: entry.actorId,
    actorName: entry.actorId === null ? null : (actorNames.get(entry.actorId) ?? null),
    at: entry.at,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details,
  };
}
