import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../../http/error-response.js';
import { IdParam } from '../../http/id-param.js';
import { PageQuery } from '../../http/pagination.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CreateSubmissionRequest, SubmissionPageResponse, SubmissionReceiptResponse } from './submissions.dto.js';
import { SubmissionsService } from './submissions.service.js';

@ApiTags('submissions')
@Authenticated()
@Controller('credentials/:id/submissions')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post()
  @Roles('admin', 'designer', 'trainer', 'researcher')
  @ApiOperation({ summary: 'Receive a submission; it is numbered and its readers are assigned at once' })
  @ApiCreatedResponse({ type: SubmissionReceiptResponse })
  @ApiConflictResponse({ description: 'no rubric yet, or too few eligible assessors', type: ErrorResponse })
  receive(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @Body() request: CreateSubmissionRequest,
  ): Promise<SubmissionReceiptResponse> {
    return this.submissions.receive(actor.id, credentialId, request);
  }

  @Get()
  @Roles('admin', 'designer', 'trainer', 'researcher')
  @ApiOperation({ summary: "A credential's submissions in arrival order (with earner details: not for assessors)" })
  @ApiOkResponse({ type: SubmissionPageResponse })
  list(@IdParam('id') credentialId: number, @Query() query: PageQuery): Promise<SubmissionPageResponse> {
    return this.submissions.list(credentialId, query);
  }
}
