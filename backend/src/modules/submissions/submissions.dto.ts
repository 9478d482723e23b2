import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageResponse } from '../../http/pagination.js';
import { finalLevelSources, pendingReasons, type FinalLevelSource, type PendingReason } from '../../protocol/submission-result.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateSubmissionRequest {
  @ApiProperty({ example: 'Grace Hopper' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  earnerName!: string;

  @ApiPropertyOptional({ example: 'Northwind College', description: 'assessors with a declared conflict with it are never assigned' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  earnerOrganisation?: string;

  @ApiPropertyOptional({ description: 'the evidence itself; evidenceText or evidenceUrl (or both) is required' })
  @ValidateIf((request: CreateSubmissionRequest) => request.evidenceText !== undefined || !request.evidenceUrl)
  @IsString()
  @IsNotEmpty({ message: 'evidenceText or evidenceUrl is required' })
  @MaxLength(200_000)
  evidenceText?: string;

  @ApiPropertyOptional({ example: 'https://evidence.example.org/portfolio/17' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  evidenceUrl?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 12,
    description:
      'the id of an earlier submission of this credential that this one resubmits: allowed once per submission, only once ' +
      'the earlier one has a final result, and not for a submission that is itself a resubmission',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  resubmissionOf?: number;
}

export class SubmissionReceiptResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 17, description: 'arrival order within the credential' }) sequence!: number;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ description: 'one of the first N submissions of a version under validation' }) inStudy!: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 17 }) studySequence!: number | null;
  @ApiProperty({ example: 2, description: 'assessors assigned to it' }) readersAssigned!: number;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'the submission this one resubmits' }) resubmissionOf!: number | null;
}

export class SubmissionResponse extends SubmissionReceiptResponse {
  @ApiProperty() earnerName!: string;
  @ApiProperty({ type: String, nullable: true }) earnerOrganisation!: string | null;
  @ApiProperty({ example: 1 }) scoresReceived!: number;
  @ApiProperty() needsAdjudication!: boolean;
  @ApiProperty() adjudicated!: boolean;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'the resubmission of this submission, once there is one' })
  resubmittedBy!: number | null;
}

export class SubmissionPageResponse extends PageResponse {
  @ApiProperty({ type: [SubmissionResponse] }) items!: SubmissionResponse[];
}

const resultStatuses = ['pending', 'final'] as const;
const decisions = ['pass', 'fail'] as const;

export class SubmissionResultRowResponse {
  @ApiProperty({ example: 'depth' }) rowKey!: string;
  @ApiProperty({ example: 'Depth of the task' }) title!: string;
  @ApiProperty({ type: String, nullable: true, example: '3', description: 'the final level; null while pending' }) level!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Level 3' }) levelLabel!: string | null;
  @ApiProperty({
    enum: finalLevelSources,
    nullable: true,
    description: 'agreed: every reader gave this level; single_reader: the one reader outside a study; adjudicated: the adjudicator decided',
  })
  source!: FinalLevelSource | null;
  @ApiProperty({ enum: pendingReasons, nullable: true, description: 'what a pending row waits for' }) awaiting!: PendingReason | null;
  @ApiProperty({ example: '3', description: 'the lowest passing level: the highest of a two-level row, the second highest otherwise' })
  passLevel!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null while pending' }) passed!: boolean | null;
}

/** A submission's outcome: its final levels, the decision, and the resubmission links. No earner data. */
export class SubmissionResultResponse {
  @ApiProperty() submissionId!: number;
  @ApiProperty() credentialId!: number;
  @ApiProperty({ example: 17 }) sequence!: number;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty() inStudy!: boolean;
  @ApiProperty({ enum: resultStatuses, description: 'final once every row has a final level' }) status!: (typeof resultStatuses)[number];
  @ApiProperty({ enum: decisions, nullable: true, description: 'pass when every row passes; null while pending' })
  decision!: (typeof decisions)[number] | null;
  @ApiProperty({ type: [SubmissionResultRowResponse] }) rows!: SubmissionResultRowResponse[];
  @ApiProperty({ type: Number, nullable: true, description: 'the submission this one resubmits' }) resubmissionOf!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the resubmission of this submission, once there is one' }) resubmittedBy!: number | null;
}
