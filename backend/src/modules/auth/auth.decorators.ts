import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../../http/error-response.js';
import { ROLES_EXTENSION } from '../../http/openapi.js';
import type { Role } from '../users/roles.js';
import type { AuthenticatedUser } from './authenticated-user.js';

export const PUBLIC_ROUTE = 'concord:public-route';
export const REQUIRED_ROLES = 'concord:required-roles';
export const ALLOWED_WITH_TEMPORARY_PASSWORD = 'concord:allowed-with-temporary-password';

/** The route needs no bearer token (login). Every other route does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The route opens to a person whose password is temporary (set by an administrator): reading who
 * they are, changing the password, signing out. Every other route answers them 403
 * (`password_change_required`).
 */
export const AllowedWithTemporaryPassword = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_WITH_TEMPORARY_PASSWORD, true);

/** The route needs a bearer token: documents it (401) in the OpenAPI document. */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no valid bearer token', type: ErrorResponse }),
  );
}

/**
 * The caller must hold at least one of these roles (403 otherwise). A method's roles replace its
 * class's. Documented as the operation's 403 and its `x-roles` list in the OpenAPI document.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiForbiddenResponse({ description: `requires one of the roles: ${roles.join(', ')}`, type: ErrorResponse }),
    ApiExtension(ROLES_EXTENSION, roles),
  );
}

/** The authenticated caller, in a handler: `@CurrentUser() user: AuthenticatedUser`. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
  if (!request.user) throw new Error('CurrentUser used on a public route');
  return request.user;
});
