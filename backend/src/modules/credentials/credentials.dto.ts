import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageResponse } from '../../http/pagination.js';
import { windowStatuses, type WindowStatus } from '../../protocol/window-status.js';
import type { Scale } from '../../stats/types.js';

const scales = ['nominal', 'ordinal'] as const;
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateCredentialRequest {
  @ApiProperty({ example: 'Performance Assessment Design' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ example: 'Designs a performance assessment with a valid, reliable rubric.' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;
}

export class RubricLevelInput {
  @ApiProperty({ example: 'proficient', description: 'what a score records; unique within the row' })
  @IsString()
  @Length(1, 100)
  value!: string;

  @ApiProperty({ example: 'Proficient' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiPropertyOptional({ example: 'States the task, the conditions and the standard.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  descriptor?: string;
}

export class RubricRowInput {
  @ApiProperty({ example: 'task-clarity', description: 'letters, digits, - and _; unique within the version' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'key must be 1 to 64 letters, digits, - or _, starting with a letter or digit' })
  key!: string;

  @ApiProperty({ example: 'Task clarity' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ example: 'The task tells the candidate what to do and how it is judged.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  descriptor?: string;

  @ApiProperty({ enum: scales })
  @IsIn(scales)
  scale!: Scale;

  @ApiProperty({ type: [RubricLevelInput], description: 'in order, lowest first on an ordinal scale' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RubricLevelInput)
  levels!: RubricLevelInput[];
}

export class CreateRubricVersionRequest {
  @ApiPropertyOptional({
    example: 1,
    description:
      'the version to revise (the latest). Without it the rows form the first version. With it, rows replace ' +
      'the rows with the same key or are appended, and every other row is carried over.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  previousVersion?: number;

  @ApiProperty({ type: [RubricRowInput] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RubricRowInput)
  rows!: RubricRowInput[];

  @ApiPropertyOptional({ type: [String], description: 'keys of rows of the previous version to drop' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  removedRowKeys?: string[];
}

export class ReplaceRubricRowsRequest {
  @ApiProperty({ type: [RubricRowInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RubricRowInput)
  rows!: RubricRowInput[];
}

export class RubricLevelResponse {
  @ApiProperty({ example: 'proficient' }) value!: string;
  @ApiProperty({ example: 'Proficient' }) label!: string;
  @ApiProperty() descriptor!: string;
}

export class RubricRowResponse {
  @ApiProperty({ example: 'task-clarity' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() descriptor!: string;
  @ApiProperty({ enum: scales }) scale!: Scale;
  @ApiProperty({ description: 'copied unchanged from the previous version' }) carriedOver!: boolean;
  @ApiProperty({ type: [RubricLevelResponse] }) levels!: RubricLevelResponse[];
}

export class RubricVersionSummaryResponse {
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) previousVersion!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'true once a validation window is open: the version can no longer change' }) locked!: boolean;
  @ApiProperty({ enum: windowStatuses, nullable: true }) validationStatus!: WindowStatus | null;
}

export class RubricVersionResponse extends RubricVersionSummaryResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty({ type: [RubricRowResponse] }) rows!: RubricRowResponse[];
}

export class CredentialResponse {
  @ApiProperty() id!: number;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the newest rubric version, null before the first' }) latestVersion!: number | null;
}

export class CredentialDetailResponse extends CredentialResponse {
  @ApiProperty({ type: [RubricVersionSummaryResponse] }) versions!: RubricVersionSummaryResponse[];
}

export class CredentialPageResponse extends PageResponse {
  @ApiProperty({ type: [CredentialResponse] }) items!: CredentialResponse[];
}
