import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import type { Request } from 'express';
import { IdParam } from '../../http/id-param.js';
import { EXPERT_PANEL_BODY_LIMIT, uploadText } from '../../http/upload-body.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import {
  CalibrationItemPageResponse,
  CalibrationItemResponse,
  CalibrationItemsQuery,
  CandidatesCreatedResponse,
  ConfirmItemRequest,
  DrawPoolsRequest,
  ExpertPanelItemRequest,
  PoolsResponse,
  SetAvailabilityResponse,
  SetsQuery,
} from './certification.dto.js';
import { CalibrationMaterialService } from './material.service.js';

@ApiTags('calibration')
@Authenticated()
@Controller('credentials/:id/rubric-versions/:v/calibration')
export class CalibrationController {
  constructor(private readonly material: CalibrationMaterialService) {}

  @Get('candidates')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'Calibration material of a rubric version (candidates, ambiguous and confirmed items), a page at a time' })
  @ApiOkResponse({ type: CalibrationItemPageResponse })
  @ApiErrors({ 404: 'no such credential or version' })
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Query() query: CalibrationItemsQuery,
  ): Promise<CalibrationItemPageResponse> {
    return this.material.list(caller.id, credentialId, version, query);
  }

  @Post('candidates/from-window')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Make a candidate of every study submission of the version's completed window (final levels and provenance)" })
  @ApiOkResponse({ type: CandidatesCreatedResponse })
  @ApiErrors({ 404: 'no such credential, version or window', 409: 'the window is not complete' })
  fromWindow(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') credentialId: number, @IdParam('v') version: number): Promise<CandidatesCreatedResponse> {
    return this.material.candidatesFromWindow(actor.id, credentialId, version);
  }

  @Post('candidates')
  @Roles('trainer', 'admin')
  @ApiOperation({ summary: "Add an expert panel's item: the evidence and the panel's level per row (a candidate to confirm)" })
  @ApiCreatedResponse({ type: CalibrationItemResponse })
  @ApiErrors({ 404: 'no such credential or version', 409: 'the reference is taken', 422: 'a level is missing or unknown, or there is no evidence' })
  addExpertItem(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Body() request: ExpertPanelItemRequest,
  ): Promise<CalibrationItemResponse> {
    return this.material.addExpertItem(actor.id, credentialId, version, request);
  }

  @Post('candidates/import')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: "Add an expert panel's items from CSV, all or nothing",
    description:
      'Body: CSV with the header item,criterion,level and optionally rationale,evidence_text,evidence_url (any case and order), one line per item and rubric row; ' +
      'evidence on any line of the item. Every problem comes back with its line and column (422) and nothing is written. ' +
      'Up to 10 MB, read once the token and the role are checked.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'item,criterion,level,rationale,evidence_text\nEP-01,learning_targets,3,Every target is measured.,"A unit plan..."\n' } })
  @ApiOkResponse({ type: CandidatesCreatedResponse })
  @ApiErrors({ 404: 'no such credential or version', 413: 'the file is larger than 10 MB', 422: 'the file has problems (line and column in each)' })
  async importExpertItems(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Req() request: Request,
  ): Promise<CandidatesCreatedResponse> {
    return this.material.importExpertItems(actor.id, credentialId, version, await uploadText(request, EXPERT_PANEL_BODY_LIMIT));
  }

  @Get('candidates/:itemId')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'One calibration item with its rows, levels and rationales' })
  @ApiOkResponse({ type: CalibrationItemResponse })
  @ApiErrors({ 404: 'no such item in this version' })
  get(
    @CurrentUser() caller: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @IdParam('itemId') itemId: number,
  ): Promise<CalibrationItemResponse> {
    return this.material.get(caller.id, credentialId, version, itemId);
  }

  @Post('candidates/:itemId/confirm')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: "Confirm each row's true level with rationales; a differing level makes the item ambiguous until a second trainer settles it",
  })
  @ApiOkResponse({ type: CalibrationItemResponse })
  @ApiErrors({
    403: 'the caller scored or adjudicated this submission live',
    404: 'no such item in this version',
    409: 'already confirmed, or the same trainer tries to settle their own ambiguity',
    422: 'a level is missing or unknown, or a rationale is missing on a disagreed row',
  })
  confirm(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @IdParam('itemId') itemId: number,
    @Body() request: ConfirmItemRequest,
  ): Promise<CalibrationItemResponse> {
    return this.material.confirm(actor.id, credentialId, version, itemId, request);
  }

  @Get('pools')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'The pools of the version with the coverage of every level of every row' })
  @ApiOkResponse({ type: PoolsResponse })
  @ApiErrors({ 404: 'no such credential or version' })
  pools(@IdParam('id') credentialId: number, @IdParam('v') version: number): Promise<PoolsResponse> {
    return this.material.pools(credentialId, version);
  }

  @Post('pools')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Draw the confirmed items not yet pooled into anchor, practice, qualifying, calibration and validity pools (seeded)' })
  @ApiOkResponse({ type: PoolsResponse })
  @ApiErrors({ 404: 'no such credential or version', 409: 'no confirmed item is waiting for a pool' })
  drawPools(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Body() request: DrawPoolsRequest,
  ): Promise<PoolsResponse> {
    return this.material.drawPools(actor.id, credentialId, version, request.seed);
  }

  @Get('sets')
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'Whether a qualifying and a calibration set can be drawn for an assessor now, and if not which row and level is missing' })
  @ApiOkResponse({ type: [SetAvailabilityResponse] })
  @ApiErrors({ 404: 'no such credential, version or assessor' })
  sets(@IdParam('id') credentialId: number, @IdParam('v') version: number, @Query() query: SetsQuery): Promise<SetAvailabilityResponse[]> {
    return this.material.setAvailability(credentialId, version, query.assessorId);
  }
}
