import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ALLOWED_WITH_TEMPORARY_PASSWORD, PUBLIC_ROUTE } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';

/**
 * Global guard: every non-public route needs `Authorization: Bearer <token>` with a valid,
 * unexpired token of an enabled account (401); a person with a temporary password reaches only
 * the routes marked @AllowedWithTemporaryPassword() (403 otherwise).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authService: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const token = bearerTokenOf(request.headers.authorization);
    const user = token === null ? null : await this.authService.authenticate(token);
    if (!user) {
      throw new UnauthorizedException({ statusCode: 401, message: 'a valid bearer token is required', code: 'unauthenticated' });
    }
    const allowedWithTemporaryPassword = this.reflector.getAllAndOverride<boolean>(ALLOWED_WITH_TEMPORARY_PASSWORD, [context.getHandler(), context.getClass()]);
    if (user.mustChangePassword && !allowedWithTemporaryPassword) {
      throw new ForbiddenException({ statusCode: 403, message: 'your password is temporary: change it first (PUT /api/auth/password)', code: 'password_change_required' });
    }
    request.user = user;
    return true;
  }
}

export function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
