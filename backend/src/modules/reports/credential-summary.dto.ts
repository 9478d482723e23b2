import { ApiProperty } from '@nestjs/swagger';
import { CredentialResponse, RubricVersionSummaryResponse } from '../credentials/credentials.dto.js';
import { ValidationWindowResponse } from '../validation-windows/validation-windows.dto.js';
import { ReportSummaryResponse } from './reports.dto.js';

export class VersionOverviewResponse extends RubricVersionSummaryResponse {
  @ApiProperty({ type: ValidationWindowResponse, nullable: true, description: 'the validation window with its settings and progress; null before one opens' })
  window!: ValidationWindowResponse | null;

  @ApiProperty({
    type: ReportSummaryResponse,
    nullable: true,
    description: "the rows validated, inconclusive and needing revision, as the version's report counts them; null before a window opens",
  })
  verdicts!: ReportSummaryResponse | null;
}

export class CredentialSummaryResponse extends CredentialResponse {
  @ApiProperty({ type: [VersionOverviewResponse], description: 'oldest first' }) versions!: VersionOverviewResponse[];
}
