import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { PageQuery } from '../../http/pagination.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CreateUserRequest, UserPageResponse, UserResponse } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Authenticated()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Every user, a page at a time' })
  @ApiOkResponse({ type: UserPageResponse })
  list(@Query() query: PageQuery): Promise<UserPageResponse> {
    return this.users.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user with roles (and declared conflicts of interest)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors({ 409: 'the email is taken' })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() request: CreateUserRequest): Promise<UserResponse> {
    return this.users.create(actor.id, request);
  }

  @Get('me')
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return this.users.get(user.id);
  }
}
