import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, Roles } from '../auth/auth.decorators.js';
import { CredentialSummaryResponse } from './credential-summary.dto.js';
import { CredentialSummaryService } from './credential-summary.service.js';

@ApiTags('credentials')
@Authenticated()
@Controller('credentials/:id/summary')
export class CredentialSummaryController {
  constructor(private readonly summaries: CredentialSummaryService) {}

  @Get()
  @Roles('researcher', 'designer', 'trainer', 'admin')
  @ApiOperation({ summary: "A credential's rubric versions, each with its validation window's settings and progress and its report's verdict counts" })
  @ApiOkResponse({ type: CredentialSummaryResponse })
  @ApiErrors({ 404: 'no such credential' })
  get(@IdParam('id') credentialId: number): Promise<CredentialSummaryResponse> {
    return this.summaries.summary(credentialId);
  }
}
