import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../users/roles.js';
import { REQUIRED_ROLES } from './auth.decorators.js';
import { hasAnyRole, type AuthenticatedUser } from './authenticated-user.js';

/** Global guard, after authentication: a route marked @Roles(...) needs one of those roles (403). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user && hasAnyRole(user, required)) return true;
    throw new ForbiddenException({
      statusCode: 403,
      message: `this requires one of the roles: ${required.join(', ')}`,
      code: 'role_required',
    });
  }
}
