import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ADJUDICATION_REASONS } from '../../protocol/adjudication-rules.js';
import { windowStatuses } from '../../protocol/window-status.js';
import { LevelResponse } from './reports.dto.js';

export class RowEvidenceQuery {
  @ApiPropertyOptional({ example: 'scoring_tool', description: 'the key of one rubric row; every row when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  row?: string;
}

export class EvidenceReadingResponse {
  @ApiProperty({ example: 'A', description: 'reader slot: A, B, ... (never the person)' }) reader!: string;
  @ApiProperty({ example: '2', description: 'the level value the reader gave' }) level!: string;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
}

export class EvidenceCaseResponse {
  @ApiProperty({ description: 'study sequence of the submission' }) sequence!: number;
  @ApiProperty({ type: [EvidenceReadingResponse] }) readings!: EvidenceReadingResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'the level adjudication settled on; null while the case waits for the adjudicator' })
  finalLevel!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ADJUDICATION_REASONS }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the adjudicator's note" }) note!: string | null;
}

export class EvidenceGroupResponse {
  @ApiProperty({ type: [String], example: ['2', '3'], description: 'the distinct levels the readers gave, lowest first: the confused pair with two readers' })
  levels!: string[];
  @ApiProperty({ type: [EvidenceCaseResponse] }) cases!: EvidenceCaseResponse[];
  @ApiProperty({ description: 'cases with at least one comment' }) commented!: number;
  @ApiProperty({ description: 'cases not adjudicated yet' }) pending!: number;
}

export class RowEvidenceResponse {
  @ApiProperty({ description: 'the rubric row key' }) criterion!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [LevelResponse], description: "the row's levels in that version, lowest first" }) levels!: LevelResponse[];
  @ApiProperty({ description: 'study submissions scored by two readers or more on the row' }) paired!: number;
  @ApiProperty({ description: 'of which the readers split' }) disagreeing!: number;
  @ApiProperty({ type: [EvidenceGroupResponse], description: 'most cases first' }) groups!: EvidenceGroupResponse[];
}

export class VersionEvidenceResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty({ enum: windowStatuses }) windowStatus!: string;
  @ApiProperty({ description: 'study submissions waiting for the adjudicator' }) awaitingAdjudication!: number;
  @ApiProperty({ type: [RowEvidenceResponse], description: 'in rubric order' }) rows!: RowEvidenceResponse[];
}
