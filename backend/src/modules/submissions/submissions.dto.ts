import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';
import { PageResponse } from '../../http/pagination.js';

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
}

export class SubmissionReceiptResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 17, description: 'arrival order within the credential' }) sequence!: number;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ description: 'one of the first N submissions of a version under validation' }) inStudy!: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 17 }) studySequence!: number | null;
  @ApiProperty({ example: 2, description: 'assessors assigned to it' }) readersAssigned!: number;
  @ApiProperty() receivedAt!: string;
}

export class SubmissionResponse extends SubmissionReceiptResponse {
  @ApiProperty() earnerName!: string;
  @ApiProperty({ type: String, nullable: true }) earnerOrganisation!: string | null;
  @ApiProperty({ example: 1 }) scoresReceived!: number;
  @ApiProperty() needsAdjudication!: boolean;
  @ApiProperty() adjudicated!: boolean;
}

export class SubmissionPageResponse extends PageResponse {
  @ApiProperty({ type: [SubmissionResponse] }) items!: SubmissionResponse[];
}
