import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { RubricRowResponse } from '../credentials/credentials.dto.js';

/**
 * The blind form: what an assessor sees and sends when scoring, the same for a live assignment
 * and for an item of a calibration set, so nothing in the shape tells them apart.
 */

/** An item of the blind form is waiting for its levels, or sealed. */
export const BLIND_FORM_STATUSES = ['pending', 'scored'] as const;
export type BlindFormStatus = (typeof BLIND_FORM_STATUSES)[number];

export class SubmitScoreRequest {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'task-clarity': 'proficient', alignment: 'yes' },
    description: 'one level value for every row of the rubric, keyed by row key',
  })
  @IsObject()
  levels!: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'task-clarity': 'The conditions are implied, not stated.' },
    description: 'optional comments, keyed by row key',
  })
  @IsOptional()
  @IsObject()
  comments?: Record<string, string>;
}

export class EvidenceResponse {
  @ApiProperty({ type: String, nullable: true }) text!: string | null;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
}

export class OwnScoreResponse {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) levels!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) comments!: Record<string, string>;
  @ApiProperty() submittedAt!: string;
}

/**
 * What an assessor sees of an assignment: the evidence and the rubric, and their own score once
 * sealed. Never the earner's name, organisation or any identifier, never another reader's score.
 */
export class BlindAssignmentResponse {
  @ApiProperty() assignmentId!: number;
  @ApiProperty({ enum: BLIND_FORM_STATUSES }) status!: BlindFormStatus;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ type: [RubricRowResponse] }) rubric!: RubricRowResponse[];
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ type: OwnScoreResponse, nullable: true }) myScore!: OwnScoreResponse | null;
}

export class ScoreReceiptResponse extends OwnScoreResponse {
  @ApiProperty() assignmentId!: number;
}
