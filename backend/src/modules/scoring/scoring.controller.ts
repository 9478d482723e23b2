import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import {
  BlindAssignmentResponse,
  MyAssignmentPageResponse,
  MyAssignmentsQuery,
  ScoreReceiptResponse,
  SubmitScoreRequest,
} from './scoring.dto.js';
import { ScoringService } from './scoring.service.js';

@ApiTags('scoring')
@Authenticated()
@Roles('assessor')
@Controller()
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  @Get('my/assignments')
  @ApiOperation({ summary: "The caller's assignments (blind: no earner data)" })
  @ApiOkResponse({ type: MyAssignmentPageResponse })
  myAssignments(@CurrentUser() user: AuthenticatedUser, @Query() query: MyAssignmentsQuery): Promise<MyAssignmentPageResponse> {
    return this.scoring.myAssignments(user.id, query);
  }

  @Get('assignments/:id')
  @ApiOperation({ summary: 'The blind view of an assignment: evidence and rubric, never the earner or another score' })
  @ApiOkResponse({ type: BlindAssignmentResponse })
  @ApiErrors({ 404: "no such assignment in the caller's queue (another assessor's answers the same)" })
  blindView(@CurrentUser() user: AuthenticatedUser, @IdParam('id') assignmentId: number): Promise<BlindAssignmentResponse> {
    return this.scoring.blindView(user.id, assignmentId);
  }

  @Post('assignments/:id/score')
  @ApiOperation({ summary: 'Seal a score: one level for every rubric row (cannot be changed afterwards)' })
  @ApiCreatedResponse({ type: ScoreReceiptResponse })
  @ApiErrors({
    404: "no such assignment in the caller's queue (another assessor's answers the same)",
    409: 'already scored, or the window no longer collects scores',
    422: 'a row is missing or a level is not one the row offers',
  })
  submitScore(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') assignmentId: number,
    @Body() request: SubmitScoreRequest,
  ): Promise<ScoreReceiptResponse> {
    return this.scoring.submitScore(user.id, assignmentId, request);
  }
}
