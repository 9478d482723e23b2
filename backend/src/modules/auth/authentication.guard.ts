import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_ROUTE } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';

/** Global guard: every non-public route needs `Authorization: Bearer <token>` with a valid, unexpired token (401). */
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
    request.user = user;
    return true;
  }
}

export function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
