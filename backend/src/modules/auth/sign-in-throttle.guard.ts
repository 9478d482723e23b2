import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config.js';
import { TooManyRequestsException } from '../../http/too-many-requests.js';
import { SignInThrottleStore } from './sign-in-throttle.store.js';

/**
 * @nestjs/throttler's guard on sign-in, per client address (`request.ip`: behind a proxy, set
 * Express's `trust proxy` so that it is the client's): `perAddress` attempts per window, then 429
 * with `Retry-After` until the window ends. The counts live in the database (SignInThrottleStore),
 * so several instances share them. It runs before the password is hashed.
 */
@Injectable()
export class SignInThrottleGuard extends ThrottlerGuard {
  private initialised: Promise<void> | null = null;

  // every parameter named: the parent's injection tokens (module options, storage) would be inherited otherwise
  constructor(@Inject(AppConfig) config: AppConfig, @Inject(SignInThrottleStore) store: SignInThrottleStore, @Inject(Reflector) reflector: Reflector) {
    const window = config.signIn.addressWindowMs;
    super({ throttlers: [{ name: 'default', ttl: window, limit: config.signIn.perAddress, blockDuration: window }] }, store, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    this.initialised ??= this.onModuleInit();
    await this.initialised;
    return super.canActivate(context);
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new TooManyRequestsException(
      detail.timeToBlockExpire,
      `too many sign-in attempts from this address: try again in ${Math.max(1, detail.timeToBlockExpire)} s`,
      'too_many_sign_ins',
    );
  }
}
