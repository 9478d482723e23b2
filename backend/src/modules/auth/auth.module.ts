import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { RolesGuard } from './roles.guard.js';
import { SignInThrottleGuard } from './sign-in-throttle.guard.js';
import { SignInThrottleStore } from './sign-in-throttle.store.js';

/** Login (throttled per client address and per account), bearer tokens, and the two global guards (authentication first, then roles). */
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    SignInThrottleStore,
    SignInThrottleGuard,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
