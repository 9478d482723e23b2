import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { PageQuery, PageResponse } from '../../http/pagination.js';
import { RubricRowResponse } from '../credentials/credentials.dto.js';
import type { AssignmentStatus } from '../submissions/assignment.entity.js';

const assignmentStatuses = ['pending', 'scored'] as const;

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

export class MyAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: assignmentStatuses, description: 'both when left out' })
  @IsOptional()
  @IsIn(assignmentStatuses)
  status?: AssignmentStatus;
}

export class MyAssignmentResponse {
  @ApiProperty() assignmentId!: number;
  @ApiProperty() credentialId!: number;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ enum: assignmentStatuses }) status!: AssignmentStatus;
  @ApiProperty() assignedAt!: string;
}

export class MyAssignmentPageResponse extends PageResponse {
  @ApiProperty({ type: [MyAssignmentResponse] }) items!: MyAssignmentResponse[];
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
  @ApiProperty({ enum: assignmentStatuses }) status!: AssignmentStatus;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ type: [RubricRowResponse] }) rubric!: RubricRowResponse[];
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ type: OwnScoreResponse, nullable: true }) myScore!: OwnScoreResponse | null;
}

export class ScoreReceiptResponse extends OwnScoreResponse {
  @ApiProperty() assignmentId!: number;
}
