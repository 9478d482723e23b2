import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { PageQuery } from '../../http/pagination.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BlindAssignmentResponse, ScoreReceiptResponse, SubmitScoreRequest } from '../blind-form/blind-form.dto.js';
import { CalibrationAttemptsService } from './attempts.service.js';
import { AnchorListResponse, AttemptDetailResponse, LiveFeedbackPageResponse, MyCalibrationResponse, StartAttemptRequest } from './certification.dto.js';
import { CalibrationMaterialService } from './material.service.js';
import { MyProfileResponse, ValidityFeedbackPageResponse } from './monitoring.dto.js';
import { MonitoringService } from './monitoring.service.js';

@ApiTags('my calibration')
@Authenticated()
@Roles('assessor')
@Controller('my')
export class MyCalibrationController {
  constructor(
    private readonly attempts: CalibrationAttemptsService,
    private readonly material: CalibrationMaterialService,
    private readonly monitoring: MonitoringService,
  ) {}

  @Get('calibration')
  @ApiOperation({ summary: "The caller's certification per credential: status, next step, the sets they may start and their attempts" })
  @ApiOkResponse({ type: MyCalibrationResponse })
  mine(@CurrentUser() user: AuthenticatedUser): Promise<MyCalibrationResponse> {
    return this.attempts.myCalibration(user.id);
  }

  @Post('calibration/credentials/:id/attempts')
  @ApiOperation({ summary: 'Start a practice, qualifying or calibration set, drawn for the caller' })
  @ApiCreatedResponse({ type: AttemptDetailResponse })
  @ApiErrors({ 404: 'no such credential or version', 409: 'a set is open, the status does not allow it, or no valid set can be drawn (the row and level missing)' })
  start(@CurrentUser() user: AuthenticatedUser, @IdParam('id') credentialId: number, @Body() request: StartAttemptRequest): Promise<AttemptDetailResponse> {
    return this.attempts.start(user.id, credentialId, request);
  }

  @Get('calibration/credentials/:id/anchors')
  @ApiOperation({ summary: 'The anchor exemplars of the credential’s calibration material, with true levels and rationales' })
  @ApiOkResponse({ type: AnchorListResponse })
  @ApiErrors({ 404: 'no such credential, or no calibration material' })
  async anchors(@CurrentUser() user: AuthenticatedUser, @IdParam('id') credentialId: number): Promise<AnchorListResponse> {
    return this.material.anchors(user.id, credentialId, await this.attempts.materialVersionNumber(credentialId));
  }

  @Get('calibration/attempts/:attemptId')
  @ApiOperation({ summary: 'One of the caller’s sets: its items, and feedback when it may be shown' })
  @ApiOkResponse({ type: AttemptDetailResponse })
  @ApiErrors({ 404: 'not one of the caller’s sets' })
  attempt(@CurrentUser() user: AuthenticatedUser, @IdParam('attemptId') attemptId: number): Promise<AttemptDetailResponse> {
    return this.attempts.attemptDetail(user.id, attemptId);
  }

  @Get('calibration/items/:itemId')
  @ApiOperation({ summary: 'The blind form of a set’s item: the same shape as a live assignment' })
  @ApiOkResponse({ type: BlindAssignmentResponse })
  @ApiErrors({ 404: "no such item in the caller's sets (another assessor's answers the same)" })
  item(@CurrentUser() user: AuthenticatedUser, @IdParam('itemId') itemId: number): Promise<BlindAssignmentResponse> {
    return this.attempts.itemView(user.id, itemId);
  }

  @Post('calibration/items/:itemId/score')
  @ApiOperation({ summary: 'Seal the caller’s levels for a set’s item; the last item judges the set' })
  @ApiCreatedResponse({ type: ScoreReceiptResponse })
  @ApiErrors({ 404: "no such item in the caller's sets (another assessor's answers the same)", 409: 'already scored, or the set is closed', 422: 'a row is missing or a level is not one the row offers' })
  score(@CurrentUser() user: AuthenticatedUser, @IdParam('itemId') itemId: number, @Body() request: SubmitScoreRequest): Promise<ScoreReceiptResponse> {
    return this.attempts.scoreItem(user.id, itemId, request);
  }

  @Get('profile/credentials/:id')
  @ApiOperation({ summary: "The caller's own monitoring profile (other assessors unnamed)" })
  @ApiOkResponse({ type: MyProfileResponse })
  @ApiErrors({ 404: 'no such credential' })
  async profile(@CurrentUser() user: AuthenticatedUser, @IdParam('id') credentialId: number): Promise<MyProfileResponse> {
    const { assessorId: _assessorId, name: _name, poolWarning: _poolWarning, ...own } = await this.monitoring.profile(credentialId, user.id, true);
    return own;
  }

  @Get('validity-feedback')
  @ApiOperation({ summary: "The caller's validity items with their true levels and rationales, once the feedback delay has passed (24 hours by default)" })
  @ApiOkResponse({ type: ValidityFeedbackPageResponse })
  validityFeedback(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<ValidityFeedbackPageResponse> {
    return this.monitoring.validityFeedback(user.id, query);
  }

  @Get('live-feedback')
  @ApiOperation({ summary: 'The caller’s scorings in completed validation windows against the final levels (never a co-reader’s identity or comments)' })
  @ApiOkResponse({ type: LiveFeedbackPageResponse })
  liveFeedback(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<LiveFeedbackPageResponse> {
    return this.attempts.liveFeedback(user.id, query);
  }
}
