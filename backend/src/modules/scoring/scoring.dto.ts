import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery, PageResponse } from '../../http/pagination.js';
import type { AssignmentStatus } from '../submissions/assignment.entity.js';

const assignmentStatuses = ['pending', 'scored'] as const;

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

export { BlindAssignmentResponse, EvidenceResponse, OwnScoreResponse, ScoreReceiptResponse, SubmitScoreRequest } from '../blind-form/blind-form.dto.js';
