import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CalibrationAttemptsService } from './attempts.service.js';
import {
  AssessorCertificationListResponse,
  AttemptDetailResponse,
  CertificationDetailResponse,
  CertificationSettingsRequest,
  CertificationSettingsResponse,
  NoteRequest,
  OverrideRequest,
  ReasonRequest,
} from './certification.dto.js';
import { CertificationService } from './certification.service.js';
import { AssessorProfileResponse, NoteOnlyRequest } from './monitoring.dto.js';
import { MonitoringService } from './monitoring.service.js';

const TRANSITION_ERRORS = { 404: 'no such credential or assessor', 409: 'the assessor’s status does not allow it', 422: 'the reason or note is empty' };

@ApiTags('certification')
@Authenticated()
@Controller('credentials/:id')
export class CertificationController {
  constructor(
    private readonly certification: CertificationService,
    private readonly attempts: CalibrationAttemptsService,
    private readonly monitoring: MonitoringService,
  ) {}

  @Get('certification-settings')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'Whether the credential requires certified readers, and its certification numbers' })
  @ApiOkResponse({ type: CertificationSettingsResponse })
  @ApiErrors({ 404: 'no such credential' })
  settings(@IdParam('id') credentialId: number): Promise<CertificationSettingsResponse> {
    return this.certification.settings(credentialId);
  }

  @Put('certification-settings')
  @Roles('trainer', 'admin')
  @ApiOperation({ summary: 'Require certified readers (once qualifying material exists) and change the certification numbers' })
  @ApiOkResponse({ type: CertificationSettingsResponse })
  @ApiErrors({ 404: 'no such credential', 409: 'no qualifying material yet', 422: 'a number is out of range' })
  updateSettings(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @Body() request: CertificationSettingsRequest,
  ): Promise<CertificationSettingsResponse> {
    return this.certification.updateSettings(actor.id, credentialId, request);
  }

  @Get('assessors')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'Every assessor with their certification status, next action and place in the reader pool' })
  @ApiOkResponse({ type: AssessorCertificationListResponse })
  @ApiErrors({ 404: 'no such credential' })
  assessors(@IdParam('id') credentialId: number): Promise<AssessorCertificationListResponse> {
    return this.certification.list(credentialId);
  }

  @Get('assessors/:assessorId/certification')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: "An assessor's certification: status, attempts with their judgements, and the timeline" })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors({ 404: 'no such credential or assessor' })
  detail(@IdParam('id') credentialId: number, @IdParam('assessorId') assessorId: number): Promise<CertificationDetailResponse> {
    return this.certification.detail(credentialId, assessorId);
  }

  @Get('assessors/:assessorId/certification/attempts/:attemptId')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'One attempt of an assessor, item by item against the true levels once judged' })
  @ApiOkResponse({ type: AttemptDetailResponse })
  @ApiErrors({ 404: 'no such attempt of this assessor' })
  attempt(
    @IdParam('id') credentialId: number,
    @IdParam('assessorId') assessorId: number,
    @IdParam('attemptId') attemptId: number,
  ): Promise<AttemptDetailResponse> {
    return this.attempts.attemptOfAssessor(credentialId, assessorId, attemptId);
  }

  @Post('assessors/:assessorId/certification/remediation')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign remediation to an assessor who is not qualified: a note and the practice set' })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors(TRANSITION_ERRORS)
  remediation(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('assessorId') assessorId: number,
    @Body() request: NoteRequest,
  ): Promise<CertificationDetailResponse> {
    return this.attempts.assignRemediation(actor.id, credentialId, assessorId, request.note);
  }

  @Post('assessors/:assessorId/certification/extra-round')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open one more qualifying round (set C) after remediation; failing it removes the assessor from the credential' })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors(TRANSITION_ERRORS)
  extraRound(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('assessorId') assessorId: number,
    @Body() request: ReasonRequest,
  ): Promise<CertificationDetailResponse> {
    return this.certification.act(actor.id, credentialId, assessorId, { type: 'extra_round' }, request.reason);
  }

  @Post('assessors/:assessorId/certification/probation')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Certify on probation, with a written reason' })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors(TRANSITION_ERRORS)
  async probation(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('assessorId') assessorId: number,
    @Body() request: ReasonRequest,
  ): Promise<CertificationDetailResponse> {
    const version = await this.latestVersion(credentialId);
    return this.certification.act(actor.id, credentialId, assessorId, { type: 'probation', reason: request.reason, version }, request.reason);
  }

  @Post('assessors/:assessorId/certification/override')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Override an assessor's status with a written reason (the only way back from removed)" })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors(TRANSITION_ERRORS)
  async override(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('assessorId') assessorId: number,
    @Body() request: OverrideRequest,
  ): Promise<CertificationDetailResponse> {
    const version = await this.latestVersion(credentialId);
    return this.certification.act(actor.id, credentialId, assessorId, { type: 'override', status: request.status, reason: request.reason, version }, request.reason);
  }

  @Get('assessors/:assessorId/profile')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: "An assessor's monitoring profile: the rules on validity items, CUSUM and EWMA traces, live agreement, Rasch severity and fit beside the others and the experts" })
  @ApiOkResponse({ type: AssessorProfileResponse })
  @ApiErrors({ 404: 'no such credential or assessor' })
  profile(@IdParam('id') credentialId: number, @IdParam('assessorId') assessorId: number): Promise<AssessorProfileResponse> {
    return this.monitoring.profile(credentialId, assessorId, false);
  }

  @Post('assessors/:assessorId/certification/pause')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Pause a certified assessor's live queue (suspended), with a written reason" })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors(TRANSITION_ERRORS)
  pause(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') credentialId: number, @IdParam('assessorId') assessorId: number, @Body() request: ReasonRequest): Promise<CertificationDetailResponse> {
    return this.certification.act(actor.id, credentialId, assessorId, { type: 'suspend', reason: request.reason }, request.reason);
  }

  @Post('assessors/:assessorId/certification/lift')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a pause, with a written reason (a pending recalibration stays required)' })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors(TRANSITION_ERRORS)
  lift(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') credentialId: number, @IdParam('assessorId') assessorId: number, @Body() request: ReasonRequest): Promise<CertificationDetailResponse> {
    return this.certification.act(actor.id, credentialId, assessorId, { type: 'lift', reason: request.reason }, request.reason);
  }

  @Post('assessors/:assessorId/certification/recalibration')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Require a calibration set before the live queue resumes, with a written reason' })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors(TRANSITION_ERRORS)
  recalibration(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('assessorId') assessorId: number,
    @Body() request: ReasonRequest,
  ): Promise<CertificationDetailResponse> {
    return this.certification.act(actor.id, credentialId, assessorId, { type: 'require_recalibration', rule: 'trainer', reason: request.reason }, request.reason);
  }

  @Post('assessors/:assessorId/certification/notes')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Add a note to the assessor's timeline" })
  @ApiOkResponse({ type: CertificationDetailResponse })
  @ApiErrors({ 404: 'no such credential or assessor', 422: 'the note is empty' })
  note(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') credentialId: number, @IdParam('assessorId') assessorId: number, @Body() request: NoteOnlyRequest): Promise<CertificationDetailResponse> {
    return this.certification.note(actor.id, credentialId, assessorId, request.note);
  }

  private async latestVersion(credentialId: number): Promise<number> {
    return (await this.certification.list(credentialId)).latestVersion ?? 1;
  }
}
