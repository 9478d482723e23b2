import { Body, Controller, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { DeclareConflictsRequest, UserResponse } from '../users/users.dto.js';
import { ConflictsService } from './conflicts.service.js';

@ApiTags('users')
@Authenticated()
@Controller('users')
export class ConflictsController {
  constructor(private readonly conflicts: ConflictsService) {}

  @Put('me/conflicts')
  @Roles('assessor', 'adjudicator')
  @ApiOperation({
    summary:
      "Declare the organisations the caller has a conflict of interest with (replaces the caller's earlier declarations; an admin's records stay). Unscored assignments of earners from those organisations pass to another reader.",
  })
  @ApiOkResponse({ type: UserResponse })
  declare(@CurrentUser() user: AuthenticatedUser, @Body() request: DeclareConflictsRequest): Promise<UserResponse> {
    return this.conflicts.declare(user.id, request.organisations);
  }

  @Put(':id/conflicts')
  @Roles('admin')
  @ApiOperation({
    summary:
      "Record a person's conflicts of interest as an admin (replaces the admin's earlier records; only an admin removes them). Unscored assignments of earners from those organisations pass to another reader.",
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors({ 404: 'no such user' })
  record(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') userId: number, @Body() request: DeclareConflictsRequest): Promise<UserResponse> {
    return this.conflicts.record(actor.id, userId, request.organisations);
  }
}
