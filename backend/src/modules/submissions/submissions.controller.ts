import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { PageQuery } from '../../http/pagination.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { SubmissionResultsService } from './submission-results.service.js';
import {
  CreateSubmissionRequest,
  SubmissionPageResponse,
  SubmissionReceiptResponse,
  SubmissionResultResponse,
} from './submissions.dto.js';
import { SubmissionsService } from './submissions.service.js';

@ApiTags('submissions')
@Authenticated()
@Roles('admin', 'designer', 'trainer', 'researcher')
@Controller('credentials/:id/submissions')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly results: SubmissionResultsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Receive a submission; it is numbered and its readers are assigned at once',
    description:
      'While a validation window of the credential is collecting and its study is not full, the submission joins the study ' +
      'and gets the window\'s readers per submission; otherwise one assessor scores it outside the study. A resubmission ' +
      '(`resubmissionOf`) is routed by exactly the same rules, so it joins a collecting study with room like any other ' +
      'submission, and is linked to the submission it resubmits. One resubmission is allowed per submission (409 ' +
      '`already_resubmitted`; 409 `is_resubmission` for resubmitting a resubmission), and only once the original has a final ' +
      'result (409 `no_result_yet`).',
  })
  @ApiCreatedResponse({ type: SubmissionReceiptResponse })
  @ApiErrors({
    404: 'no such credential',
    409: 'no rubric yet, too few eligible assessors, or a resubmission the rules refuse (already_resubmitted, is_resubmission, no_result_yet)',
    422: 'resubmissionOf is not a submission of this credential',
  })
  receive(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @Body() request: CreateSubmissionRequest,
  ): Promise<SubmissionReceiptResponse> {
    return this.submissions.receive(actor.id, credentialId, request);
  }

  @Get()
  @ApiOperation({ summary: "A credential's submissions in arrival order (with earner details: not for assessors)" })
  @ApiOkResponse({ type: SubmissionPageResponse })
  @ApiErrors({ 404: 'no such credential' })
  list(@IdParam('id') credentialId: number, @Query() query: PageQuery): Promise<SubmissionPageResponse> {
    return this.submissions.list(credentialId, query);
  }

  @Get(':submissionId/result')
  @ApiOperation({
    summary: "A submission's result: the final level of every rubric row, and pass or fail once every row has one",
    description:
      'A row\'s final level is the level every reader gave, or the adjudicated level when the readers differ (or when the ' +
      'adjudicator revised an agreed row); it is null while a score or the adjudication is missing, and the result is then ' +
      '`pending`. A row passes at or above its pass level (the highest level of a two-level row, the second highest ' +
      'otherwise); the submission passes when every row passes.',
  })
  @ApiOkResponse({ type: SubmissionResultResponse })
  @ApiErrors({ 404: 'no such credential, or no such submission of it' })
  result(@IdParam('id') credentialId: number, @IdParam('submissionId') submissionId: number): Promise<SubmissionResultResponse> {
    return this.results.result(credentialId, submissionId);
  }
}
