import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, Roles } from '../auth/auth.decorators.js';
import { RowEvidenceQuery, VersionEvidenceResponse } from './row-evidence.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Authenticated()
@Controller('credentials/:id/rubric-versions/:v/evidence')
export class RowEvidenceController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Roles('researcher', 'designer', 'admin')
  @ApiOperation({
    summary: "What a designer revising a row reads: each submission the readers split on, grouped by the levels they split between, with each reader slot's level and comment and the adjudication's level, reason and note",
    description: 'Readers are named by slot (A, B, ...), never by person; `?row=` limits the answer to one rubric row.',
  })
  @ApiOkResponse({ type: VersionEvidenceResponse })
  @ApiErrors({ 404: 'no such credential, version or row, or no validation window yet' })
  get(@IdParam('id') credentialId: number, @IdParam('v') version: number, @Query() query: RowEvidenceQuery): Promise<VersionEvidenceResponse> {
    return this.reports.evidence(credentialId, version, query.row ?? null);
  }
}
