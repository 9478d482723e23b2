import { Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../../http/error-response.js';
import { Authenticated, Public } from './auth.decorators.js';
import { LoginRequest, LoginResponse } from './auth.dto.js';
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
  @ApiTooManyRequestsResponse({
    description: 'too many attempts from this client address, or too many failures in a row for this email; `Retry-After` says how many seconds to wait',
    type: ErrorResponse,
  })
  login(@Body() request: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(request.email, request.password);
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the bearer token used for this request' })
  @ApiNoContentResponse()
  logout(@Headers('authorization') authorization: string): Promise<void> {
    return this.auth.logout(bearerTokenOf(authorization) ?? '');
  }
}
