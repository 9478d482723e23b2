import type { Role } from '../users/roles.js';

/** The person behind a valid bearer token, attached to the request by the AuthenticationGuard. */
export interface AuthenticatedUser {
  id: number;
  email: string;
  name: string;
  roles: Role[];
}

export function hasAnyRole(user: AuthenticatedUser, wanted: readonly Role[]): boolean {
  return user.roles.some((role) => wanted.includes(role));
}
