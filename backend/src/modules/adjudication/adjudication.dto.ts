import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { ADJUDICATION_REASONS, type AdjudicationReason } from '../../protocol/adjudication-rules.js';
import { PageResponse } from '../../http/pagination.js';
import { RubricRowResponse } from '../credentials/credentials.dto.js';
import { EvidenceResponse } from '../scoring/scoring.dto.js';

export class AdjudicatedRowRequest {
  @ApiProperty({ example: 'proficient' }) level!: string;
  @ApiPropertyOptional({ enum: ADJUDICATION_REASONS, description: 'required on a row the readers disagree on' }) reason?: AdjudicationReason;
  @ApiPropertyOptional({ description: 'required when the reason is other' }) note?: string;
}

export class RecordAdjudicationRequest {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/AdjudicatedRowRequest' },
    example: { 'task-clarity': { level: 'proficient', reason: 'rubric_unclear', note: 'levels 2 and 3 overlap' } },
    description: 'final levels keyed by row key: every disagreeing row is required; agreeing rows keep the agreed level when left out',
  })
  @IsObject()
  rows!: Record<string, AdjudicatedRowRequest>;
}

export class AdjudicationQueueItemResponse {
  @ApiProperty() submissionId!: number;
  @ApiProperty() credentialId!: number;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ example: 7, description: 'position in the study' }) studySequence!: number;
}

/** A case taken from the queue: the caller's alone until `claimedUntil`. */
export class AdjudicationClaimResponse extends AdjudicationQueueItemResponse {
  @ApiProperty({ description: 'when the claim lapses and the queue offers the case to others again (ISO 8601)' }) claimedUntil!: string;
}

export class AdjudicationQueuePageResponse extends PageResponse {
  @ApiProperty({ type: [AdjudicationQueueItemResponse] }) items!: AdjudicationQueueItemResponse[];
}

/** One row of a recorded adjudication as its adjudicator's list shows it: the final level, named. */
export class RecordedCaseRowResponse {
  @ApiProperty() rowKey!: string;
  @ApiProperty() rowTitle!: string;
  @ApiProperty() level!: string;
  @ApiProperty({ description: "the level's label in the rubric version" }) levelLabel!: string;
  @ApiProperty({ description: 'true when the readers chose different levels on this row' }) disagreed!: boolean;
  @ApiProperty({ enum: ADJUDICATION_REASONS, nullable: true }) reason!: AdjudicationReason | null;
}

/** A case the caller adjudicated: when, and the final level of every row. No earner data, no reader. */
export class RecordedCaseResponse extends AdjudicationQueueItemResponse {
  @ApiProperty({ description: 'when the final levels were recorded (ISO 8601)' }) recordedAt!: string;
  @ApiProperty({ type: [RecordedCaseRowResponse], description: 'in the order of the rubric' }) rows!: RecordedCaseRowResponse[];
}

export class RecordedCasePageResponse extends PageResponse {
  @ApiProperty({ type: [RecordedCaseResponse] }) items!: RecordedCaseResponse[];
}

export class ReaderScoringResponse {
  @ApiProperty({ example: 'A', description: 'readers are shown by slot, never by name' }) reader!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) levels!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) comments!: Record<string, string>;
}

export class FinalRowResponse {
  @ApiProperty() rowKey!: string;
  @ApiProperty() level!: string;
  @ApiProperty() disagreed!: boolean;
  @ApiProperty({ enum: ADJUDICATION_REASONS, nullable: true }) reason!: AdjudicationReason | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class RecordedAdjudicationResponse {
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: [FinalRowResponse] }) rows!: FinalRowResponse[];
}

/** The scorings of a disagreeing submission side by side, readers labelled A, B, ...; no earner data. */
export class AdjudicationCaseResponse {
  @ApiProperty() submissionId!: number;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ type: [RubricRowResponse] }) rubric!: RubricRowResponse[];
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ type: [ReaderScoringResponse] }) scorings!: ReaderScoringResponse[];
  @ApiProperty({ type: [String] }) disagreeingRowKeys!: string[];
  @ApiProperty({ type: RecordedAdjudicationResponse, nullable: true }) adjudication!: RecordedAdjudicationResponse | null;
}
