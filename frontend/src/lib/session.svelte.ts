/**
 * Who is signed in. The bearer token lives in the API client's token store (sessionStorage); the
 * person (name and roles, for the header and for which views to offer) is kept beside it, so a page
 * reload in the same tab stays signed in and a new tab starts signed out.
 */
import { api } from './api';
import type { Role } from './routes';
import { SITTING_KEY } from './sitting';

/** The part of the API's UserResponse the dashboard uses. */
export interface SessionUser {
  id: number;
  name: string;
  email: string;
  roles: Role[];
  /**
   * The person signed in with a temporary password (set by an admin): until they choose their own,
   * the API answers them nothing but the password change, and the dashboard opens nothing else.
   */
  mustChangePassword?: boolean;
}

const USER_KEY = 'concord.user';

function readStoredUser(): SessionUser | null {
  if (typeof sessionStorage === 'undefined' || !api.tokens.get()) return null;
  try {
    const stored = JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null') as SessionUser | null;
    return stored && typeof stored.name === 'string' && Array.isArray(stored.roles) ? stored : null;
  } catch {
    return null;
  }
}

class Session {
  user = $state<SessionUser | null>(readStoredUser());

  /** Reads the person back from this tab's storage (the app does this when it starts). */
  restore = (): void => {
    this.user = readStoredUser();
  };

  signIn = async (email: string, password: string): Promise<SessionUser> => {
    const answer = await api.post('/api/auth/login', { body: { email, password }, anonymous: true });
    api.tokens.set(answer.token);
    const user: SessionUser = { id: answer.user.id, name: answer.user.name, email: answer.user.email, roles: [...answer.user.roles], mustChangePassword: answer.user.mustChangePassword };
    this.keep(user);
    return user;
  };

  /**
   * Changes the person's own password (the API revokes their other tokens and keeps this one); a
   * temporary password no longer holds them on the password screen.
   */
  changePassword = async (currentPassword: string, newPassword: string): Promise<void> => {
    await api.put('/api/auth/password', { body: { currentPassword, newPassword } });
    if (this.user) this.keep({ ...this.user, mustChangePassword: false });
  };

  private keep(user: SessionUser): void {
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
    this.user = user;
  }

  /** Tells the API to forget the token (best effort), then forgets it here. */
  signOut = async (): Promise<void> => {
    const token = api.tokens.get();
    if (token) await api.post('/api/auth/logout', { params: { header: { authorization: `Bearer ${token}` } } }).catch(() => undefined);
    this.forget();
  };

  /** Forgets the person without asking the API (after a 401, the token is already dead). */
  forget = (): void => {
    api.tokens.set(null);
    sessionStorage.removeItem(USER_KEY);
    sessionStorage.removeItem(SITTING_KEY);
    this.user = null;
  };
}

export const session = new Session();
