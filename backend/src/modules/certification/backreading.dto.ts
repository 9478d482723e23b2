import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery, PageResponse } from '../../http/pagination.js';
import { EvidenceResponse } from '../blind-form/blind-form.dto.js';
import { BACKREADING_STATUSES, type BackreadingStatus } from './backreading.entity.js';
import { PersonResponse } from './certification.dto.js';

const WEEK = /^\d{4}-W\d{2}$/;

export class DrawBackreadingRequest {
  @ApiPropertyOptional({ example: '2026-W49', description: 'the ISO week whose live scores are drawn; the current week when left out' })
  @IsOptional()
  @Matches(WEEK, { message: 'week must be an ISO week such as 2026-W49' })
  week?: string;
}

export class BackreadingQuery extends PageQuery {
  @ApiPropertyOptional({ enum: BACKREADING_STATUSES })
  @IsOptional()
  @IsIn(BACKREADING_STATUSES)
  status?: BackreadingStatus;

  @ApiPropertyOptional({ example: '2026-W49' })
  @IsOptional()
  @Matches(WEEK, { message: 'week must be an ISO week such as 2026-W49' })
  week?: string;
}

export class ReviewBackreadingRequest {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'corrected levels of the rows the trainer reads differently (none: agreed)' })
  @IsObject()
  levels!: Record<string, string>;

  @ApiProperty({ example: 'The scoring tool has observable levels on page 3.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason!: string;
}

export class BackreadingRowResponse {
  @ApiProperty() key!: string;
  @ApiProperty() level!: string;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the trainer's corrected level" }) corrected!: string | null;
}

export class BackreadingResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ type: PersonResponse }) assessor!: PersonResponse;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty() week!: string;
  @ApiProperty({ enum: BACKREADING_STATUSES }) status!: BackreadingStatus;
  @ApiProperty() queuedAt!: string;
  @ApiProperty() scoredAt!: string;
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ type: [BackreadingRowResponse] }) rows!: BackreadingRowResponse[];
  @ApiProperty({ type: PersonResponse, nullable: true }) reviewer!: PersonResponse | null;
  @ApiProperty({ type: String, nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class BackreadingPageResponse extends PageResponse {
  @ApiProperty({ type: [BackreadingResponse] }) items!: BackreadingResponse[];
}

export class BackreadingDrawResponse {
  @ApiProperty() week!: string;
  @ApiProperty({ description: 'scores queued now' }) queued!: number;
  @ApiProperty({ description: 'scores of the week already queued' }) alreadyQueued!: number;
  @ApiProperty({ type: [String], description: 'per assessor, how the draw went, in words' }) reasons!: string[];
}
