import { Body, Controller, Headers, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../../http/error-response.js';
import { ApiErrors } from '../../http/api-errors.js';
import { AllowedWithTemporaryPassword, Authenticated, CurrentUser, Public } from './auth.decorators.js';
import { ChangePasswordRequest, LoginRequest, LoginResponse } from './auth.dto.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { AuthService } from './auth.service.js';
import { bearerTokenOf } from './authentication.guard.js';
import { SignInThrottleGuard } from './sign-in-throttle.guard.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @UseGuards(SignInThrottleGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'wrong email or password', type: ErrorResponse })
  @ApiErrors({ 403: 'the account is disabled (the password was right)' })
  @ApiTooManyRequestsResponse({
    description: 'too many attempts from this client address, or too many failures in a row for this email; `Retry-After` says how many seconds to wait',
    type: ErrorResponse,
  })
  login(@Body() request: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(request.email, request.password);
  }

  @Put('password')
  @Authenticated()
  @AllowedWithTemporaryPassword()
  @HttpCode(204)
  @ApiOperation({ summary: "Change the caller's own password; every other token of theirs is revoked (audited)" })
  @ApiNoContentResponse()
  @ApiErrors({ 400: 'the current password is wrong, or the new one fails the policy' })
  @ApiTooManyRequestsResponse({ description: 'too many wrong current passwords in a row; `Retry-After` says how many seconds to wait', type: ErrorResponse })
  changePassword(@CurrentUser() user: AuthenticatedUser, @Body() request: ChangePasswordRequest): Promise<void> {
    return this.auth.changeOwnPassword(user, request.currentPassword, request.newPassword);
  }

  @Post('logout')
  @Authenticated()
  @AllowedWithTemporaryPassword()
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the bearer token used for this request' })
  @ApiNoContentResponse()
  logout(@Headers('authorization') authorization: string): Promise<void> {
    return this.auth.logout(bearerTokenOf(authorization) ?? '');
  }
}
