import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_MINIMUM_PAIRED } from '../../protocol/row-decision.js';
import { DEFAULT_THRESHOLD } from '../../protocol/row-verdict.js';
import { DEFAULT_READERS_PER_SUBMISSION, DEFAULT_TARGET_SUBMISSIONS, MAXIMUM_WINDOW_SEED } from '../../protocol/window-opening.js';
import { windowStatuses, type WindowStatus } from '../../protocol/window-status.js';

export class OpenValidationWindowRequest {
  @ApiPropertyOptional({ default: DEFAULT_TARGET_SUBMISSIONS, minimum: 1, maximum: 10_000, description: 'study submissions (the first N to arrive)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  targetSubmissions?: number;

  @ApiPropertyOptional({ default: DEFAULT_READERS_PER_SUBMISSION, minimum: 2, maximum: 10, description: 'distinct assessors per study submission' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(10)
  readersPerSubmission?: number;

  @ApiPropertyOptional({ default: DEFAULT_THRESHOLD, minimum: 0, maximum: 1, description: 'agreement a row must reach to be validated' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold?: number;

  @ApiPropertyOptional({
    default: DEFAULT_MINIMUM_PAIRED,
    minimum: 1,
    maximum: 10000,
    description: 'submissions scored twice before the report gives a provisional signal for a row (too_early below)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  minimumPaired?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAXIMUM_WINDOW_SEED, description: 'fixes the random draw of assessors; drawn at random when left out' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAXIMUM_WINDOW_SEED)
  seed?: number;
}

export class WindowProgressResponse {
  @ApiProperty({ example: 50 }) targetSubmissions!: number;
  @ApiProperty({ example: 12, description: 'study submissions received so far' }) studySubmissions!: number;
  @ApiProperty({ example: 100 }) scoresExpected!: number;
  @ApiProperty({ example: 21 }) scoresReceived!: number;
  @ApiProperty({ example: 9 }) fullyScoredSubmissions!: number;
  @ApiProperty({ example: 3 }) disagreeingSubmissions!: number;
  @ApiProperty({ example: 1 }) adjudicatedSubmissions!: number;
  @ApiProperty({ example: 2 }) awaitingAdjudication!: number;
}

export class ValidationWindowResponse {
  @ApiProperty() id!: number;
  @ApiProperty() credentialId!: number;
  @ApiProperty({ example: 1 }) rubricVersion!: number;
  @ApiProperty({ enum: windowStatuses }) status!: WindowStatus;
  @ApiProperty({ example: 50 }) targetSubmissions!: number;
  @ApiProperty({ example: 2 }) readersPerSubmission!: number;
  @ApiProperty({ example: 0.8 }) threshold!: number;
  @ApiProperty({ example: 20, description: 'submissions scored twice before the provisional signal' }) minimumPaired!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 20250131,
    description: 'the seed of the reader draw, for researchers, designers and admins only (null to others: with it and the assessor ids every reader pair could be predicted)',
  })
  seed!: number | null;
  @ApiProperty({ description: 'the credential required certified readers when the window opened' }) readersCertified!: boolean;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) adjudicatingAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: WindowProgressResponse }) progress!: WindowProgressResponse;
  @ApiProperty({
    example: 0,
    description:
      "open assignments of the study whose reader can no longer score them (disabled, no longer an assessor, removed, paused, or recused) and that no eligible reader could take: the study waits for a reader (an admin or trainer makes one eligible)",
  })
  awaitingReader!: number;
}
