import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { PageQuery } from '../../http/pagination.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import {
  AdjudicatedRowRequest,
  AdjudicationCaseResponse,
  AdjudicationClaimResponse,
  AdjudicationQueuePageResponse,
  RecordAdjudicationRequest,
  RecordedAdjudicationResponse,
  RecordedCasePageResponse,
} from './adjudication.dto.js';
import { AdjudicationService } from './adjudication.service.js';

@ApiTags('adjudication')
@ApiExtraModels(AdjudicatedRowRequest)
@Authenticated()
@Roles('adjudicator')
@Controller('adjudications')
export class AdjudicationController {
  constructor(private readonly adjudication: AdjudicationService) {}

  @Get()
  @ApiOperation({ summary: 'Submissions awaiting adjudication that the caller did not read' })
  @ApiOkResponse({ type: AdjudicationQueuePageResponse })
  queue(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<AdjudicationQueuePageResponse> {
    return this.adjudication.queue(user.id, query);
  }

  // before ':submissionId', which would take "recorded" for an id
  @Get('recorded')
  @ApiOperation({ summary: 'The cases the caller adjudicated, newest first, with the final level of every row (only the caller’s own)' })
  @ApiOkResponse({ type: RecordedCasePageResponse })
  recorded(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<RecordedCasePageResponse> {
    return this.adjudication.recordedBy(user.id, query);
  }

  @Post('claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the next case from the queue, the caller’s alone for 30 minutes (the case already held, if any); 204 when none waits' })
  @ApiOkResponse({ type: AdjudicationClaimResponse })
  @ApiNoContentResponse({ description: 'no case is waiting for the caller' })
  async claim(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<AdjudicationClaimResponse | undefined> {
    const claimed = await this.adjudication.claim(user.id);
    if (claimed === null) response.status(204);
    return claimed ?? undefined;
  }

  @Get(':submissionId')
  @ApiOperation({ summary: 'The scorings of a submission side by side, readers shown as A, B, ...' })
  @ApiOkResponse({ type: AdjudicationCaseResponse })
  @ApiErrors({ 403: 'the caller was assigned to or scored this submission', 404: 'the submission awaits no adjudication' })
  view(@CurrentUser() user: AuthenticatedUser, @IdParam('submissionId') submissionId: number): Promise<AdjudicationCaseResponse> {
    return this.adjudication.view(user.id, submissionId);
  }

  @Post(':submissionId')
  @ApiOperation({ summary: 'Record the final levels, with a reason on every disagreeing row (once)' })
  @ApiCreatedResponse({ type: RecordedAdjudicationResponse })
  @ApiErrors({
    403: 'the caller was assigned to or scored this submission',
    404: 'the submission awaits no adjudication',
    409: 'already adjudicated, or claimed by another adjudicator (claimed_by_another)',
    422: 'a disagreeing row lacks a level or a reason',
  })
  record(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('submissionId') submissionId: number,
    @Body() request: RecordAdjudicationRequest,
  ): Promise<RecordedAdjudicationResponse> {
    return this.adjudication.record(user.id, submissionId, request);
  }
}
