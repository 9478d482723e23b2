import type { Role } from '../users/roles.js';

/** The person behind a valid bearer token, attached to the request by the AuthenticationGuard. */
export interface AuthenticatedUser {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  /** a temporary password is set: only routes marked @AllowedWithTemporaryPassword() open */
  mustChangePassword: boolean;
  /** the SHA-256 of the bearer token of this request */
  tokenHash: string;
}

export function hasAnyRole(user: AuthenticatedUser, wanted: readonly Role[]): boolean {
  return user.roles.some((role) => wanted.includes(role));
}
