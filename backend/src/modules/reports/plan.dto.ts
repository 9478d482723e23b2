import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

export class PlanQuery {
  @ApiProperty({ description: 'the true agreement the row is expected to have (above the threshold)', example: 0.9 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  expected!: number;

  @ApiPropertyOptional({ description: 'the agreement a row needs (default 0.8)', example: 0.8 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold?: number;

  @ApiPropertyOptional({ description: 'the wanted probability that the row is validated (default 0.8)', example: 0.8 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  power?: number;

  @ApiPropertyOptional({ description: 'readers per submission (default 2; with more, a conservative figure)', example: 2 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(20)
  readers?: number;

  @ApiPropertyOptional({ description: "a window's planned number of submissions: its power is added to `powerAt`", example: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  at?: number;
}

export class PowerPointResponse {
  @ApiProperty() submissions!: number;
  @ApiProperty() power!: number;
}

export class SampleSizePlanResponse {
  @ApiProperty() expected!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty() power!: number;
  @ApiProperty() readers!: number;
  @ApiProperty({ description: 'the error of the lower bound that decides validated (0.025)' }) alpha!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'the smallest number of submissions from which power stays at `power` or more (checked up to `checkedTo`); null beyond 100,000' })
  submissions!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the first number of submissions whose power reaches `power` (power is a sawtooth in n)' })
  firstReaching!: number | null;
  @ApiProperty({ type: Number, nullable: true }) checkedTo!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'power at `submissions`' }) powerAtSubmissions!: number | null;
  @ApiProperty({ type: [PowerPointResponse], description: 'power at 25, 50, 100 and 200 submissions, and at `at` when asked' }) powerAt!: PowerPointResponse[];
  @ApiProperty({ enum: ['exact_binomial', 'exact_binomial_conservative'] }) method!: string;
  @ApiProperty({ type: [String] }) notes!: string[];
}
