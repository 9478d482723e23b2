import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorResponse } from '../../http/error-response.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, Roles } from '../auth/auth.decorators.js';
import { EstimateResponse, ReportQuery, ReportResponse } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiExtraModels(EstimateResponse)
@Authenticated()
@Roles('researcher', 'designer', 'trainer', 'admin')
@Controller('credentials/:id/rubric-versions/:v/report')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Header('Cache-Control', 'private, no-cache')
  @ApiOperation({
    summary: 'The reliability report of the version: per rubric row every agreement measure, its verdict and evidence, the disagreement trend and more',
    description: '`?format=csv` gives the per-row table as CSV. Rows are compared with the previous version when there is one.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReportResponse })
  @ApiNotFoundResponse({ description: 'no such credential or version, or no validation window yet', type: ErrorResponse })
  async get(
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (query.format === 'csv') {
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="report-credential-${credentialId}-v${version}.csv"`);
      return this.reports.reportCsv(credentialId, version);
    }
    const { json, etag } = await this.reports.reportJson(credentialId, version);
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('ETag', etag);
    return json;
  }
}
