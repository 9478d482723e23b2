import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { AllowedWithTemporaryPassword, Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ChangeRolesRequest, CreateUserRequest, TemporaryPasswordRequest, UserListQuery, UserPageResponse, UserResponse } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Authenticated()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Every user, a page at a time, oldest first; narrowed by a text in the name or email and by a role' })
  @ApiOkResponse({ type: UserPageResponse })
  list(@Query() query: UserListQuery): Promise<UserPageResponse> {
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

  @Post(':id/disable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an account: no sign-in, every token of the person revoked at once (audited)' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors({ 409: 'an administrator cannot disable their own account' })
  disable(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') userId: number): Promise<UserResponse> {
    return this.users.disable(actor.id, userId);
  }

  @Post(':id/enable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled account again (audited)' })
  @ApiOkResponse({ type: UserResponse })
  enable(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') userId: number): Promise<UserResponse> {
    return this.users.enable(actor.id, userId);
  }

  @Put(':id/roles')
  @Roles('admin')
  @ApiOperation({ summary: "Replace a person's roles (audited with the roles before and after)" })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors({ 409: 'an administrator cannot take away their own admin role' })
  changeRoles(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') userId: number, @Body() request: ChangeRolesRequest): Promise<UserResponse> {
    return this.users.changeRoles(actor.id, userId, request.roles);
  }

  @Post(':id/temporary-password')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a temporary password: every token revoked, and it must be changed at the next sign-in (audited, without the password)' })
  @ApiOkResponse({ type: UserResponse })
  setTemporaryPassword(@CurrentUser() actor: AuthenticatedUser, @IdParam('id') userId: number, @Body() request: TemporaryPasswordRequest): Promise<UserResponse> {
    return this.users.setTemporaryPassword(actor.id, userId, request.password);
  }

  @Get('me')
  @AllowedWithTemporaryPassword()
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return this.users.get(user.id);
  }

  // after `me`, which would otherwise be read as an id
  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors({ 404: 'no such user' })
  one(@IdParam('id') userId: number): Promise<UserResponse> {
    return this.users.get(userId);
  }
}
