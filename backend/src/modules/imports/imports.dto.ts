import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { windowStatuses } from '../../protocol/window-status.js';

export class ImportQuery {
  @ApiPropertyOptional({ default: false, description: 'check the file and report what would happen, without writing anything' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportProblemResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'line in the file (the header is line 1)' })
  line!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'column at fault' })
  field!: string | null;
  @ApiProperty()
  message!: string;
}

export class ImportResultResponse {
  @ApiProperty({ description: 'true when nothing was written' })
  dryRun!: boolean;
  @ApiProperty({ description: 'true when the scores were stored (all of them)' })
  applied!: boolean;
  @ApiProperty({ description: 'new study submissions the file creates' })
  submissions!: number;
  @ApiProperty({ description: 'complete scores (one assessor, every rubric row, one submission)' })
  scores!: number;
  @ApiProperty({ description: 'lines with a level' })
  ratings!: number;
  @ApiProperty({ type: [ImportProblemResponse], description: 'the first problems found; nothing is written while there is one' })
  problems!: ImportProblemResponse[];
  @ApiProperty({ description: 'more problems exist than are listed' })
  truncated!: boolean;
  @ApiProperty({ enum: windowStatuses, description: "the window's status after the import" })
  windowStatus!: string;
}
