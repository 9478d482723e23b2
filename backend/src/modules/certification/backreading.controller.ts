import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BackreadingDrawResponse, BackreadingPageResponse, BackreadingQuery, BackreadingResponse, DrawBackreadingRequest, ReviewBackreadingRequest } from './backreading.dto.js';
import { BackreadingService } from './backreading.service.js';

@ApiTags('certification')
@Authenticated()
@Controller('credentials/:id/backreading')
export class BackreadingController {
  constructor(private readonly backreading: BackreadingService) {}

  @Get()
  @Roles('trainer', 'researcher', 'admin')
  @ApiOperation({ summary: 'Live scores queued for backreading, a page at a time' })
  @ApiOkResponse({ type: BackreadingPageResponse })
  @ApiErrors({ 404: 'no such credential' })
  list(@IdParam('id') credentialId: number, @Query() query: BackreadingQuery): Promise<BackreadingPageResponse> {
    return this.backreading.list(credentialId, query);
  }

  @Post('draw')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Draw a week's backreading: 5% of each assessor's live scores (all while on probation), reproducibly" })
  @ApiOkResponse({ type: BackreadingDrawResponse })
  @ApiErrors({ 404: 'no such credential', 422: 'not a week of that year' })
  draw(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') credentialId: number, @Body() request: DrawBackreadingRequest): Promise<BackreadingDrawResponse> {
    return this.backreading.draw(actor.id, credentialId, request.week);
  }

  @Post(':backreadingId')
  @Roles('trainer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a backreading: corrected levels of the rows read differently, with a reason' })
  @ApiOkResponse({ type: BackreadingResponse })
  @ApiErrors({ 403: "the trainer's own score", 404: 'no such backreading', 409: 'already recorded', 422: 'a row or level the rubric does not have' })
  review(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('backreadingId') backreadingId: number,
    @Body() request: ReviewBackreadingRequest,
  ): Promise<BackreadingResponse> {
    return this.backreading.review(actor.id, credentialId, backreadingId, request);
  }
}
