import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { ReadMemo } from '../../database/read-memo.js';
import { query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { TooManyRequestsException } from '../../http/too-many-requests.js';
import { badRequest } from '../../http/validation.js';
import { passwordIssue } from '../users/password-policy.js';
import { UsersService } from '../users/users.service.js';
import { AccessToken } from './access-token.entity.js';
import { roles as allRoles } from '../users/roles.js';
import { hashAccessToken, newAccessToken } from './access-tokens.js';
import type { LoginResponse } from './auth.dto.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { PasswordHasher } from './password-hashing.js';
import { SignInThrottleStore } from './sign-in-throttle.store.js';

/** Logs people in with email and password, and recognises their bearer tokens. */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly passwords: PasswordHasher,
    private readonly throttle: SignInThrottleStore,
  ) {
    this.tokens = new ReadMemo(unitOfWork);
  }

  /** Token hash -> its user and expiry (see `authenticate`). */
  private readonly tokens: ReadMemo<{ user: AuthenticatedUser; expiresAt: string } | null>;

  /**
   * A new token for a correct email and password; 401 (the same answer) for an unknown email or a
   * wrong password. After `freeFailures` failures in a row for one email, known or not, each
   * further attempt must wait (429 with Retry-After, the wait doubling with each failure) and is
   * refused before any hashing; the attempt is counted before the password is checked, so that
   * attempts at the same moment cannot all slip through.
   */
  async login(email: string, password: string): Promise<LoginResponse> {
    const wait = await this.throttle.beginAttempt(email);
    if (wait > 0) throw accountDelayed(wait);
    const user = await this.users.findByEmail(email);
    const matches = await this.passwords.verify(password, user?.passwordHash ?? this.passwords.unusableHash);
    if (!user || !matches) {
      throw new UnauthorizedException({ statusCode: 401, message: 'the email or the password is wrong', code: 'bad_credentials' });
    }
    await this.throttle.recordSuccess(email);
    if (user.disabledAt !== null) {
      throw new ForbiddenException({ statusCode: 403, message: 'this account is disabled: ask an administrator', code: 'account_disabled' });
    }
    const { token, tokenHash } = newAccessToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.tokenLifetimeHours * 3_600_000).toISOString();
    await this.unitOfWork.run(async (manager) => {
      await manager.delete(AccessToken, { userId: user.id, expiresAt: LessThanOrEqual(now.toISOString()) });
      await manager.insert(AccessToken, { userId: user.id, tokenHash, createdAt: now.toISOString(), expiresAt });
    });
    return { token, expiresAt, user: await this.users.get(user.id) };
  }

  /**
   * The person behind a token, or null when the token is unknown or expired or the account disabled. One indexed query,
   * asked of the database on every request on PostgreSQL (a logout through any instance is refused
   * by every instance at once); on SQLite, where this process makes every write, kept until the
   * next write (`ReadMemo`).
   */
  async authenticate(token: string): Promise<AuthenticatedUser | null> {
    const tokenHash = hashAccessToken(token);
    const found = await this.tokens.get(tokenHash, async () => {
      const rows = await query<{ id: number; email: string; name: string; roles: string | null; expiresAt: string; mustChangePassword: boolean | number }>(
        this.dataSource,
        `SELECT u."id" AS "id", u."email" AS "email", u."name" AS "name", string_agg(r."role", ',') AS "roles", t."expires_at" AS "expiresAt",
                u."must_change_password" AS "mustChangePassword"
           FROM "access_tokens" t
           JOIN "users" u ON u."id" = t."user_id"
           LEFT JOIN "user_roles" r ON r."user_id" = u."id"
          WHERE t."token_hash" = ? AND u."disabled_at" IS NULL
          GROUP BY u."id", u."email", u."name", t."expires_at", u."must_change_password"`,
        [tokenHash],
      );
      if (rows.length === 0) return null;
      const [row] = rows;
      const held = new Set((row.roles ?? '').split(',').filter(Boolean));
      const user: AuthenticatedUser = {
        id: Number(row.id),
        email: row.email,
        name: row.name,
        roles: allRoles.filter((role) => held.has(role)),
        mustChangePassword: row.mustChangePassword === true || Number(row.mustChangePassword) === 1,
        tokenHash,
      };
      return { user, expiresAt: row.expiresAt };
    });
    return found !== null && found.expiresAt > this.clock.isoNow() ? found.user : null;
  }

  /**
   * Changes the caller's own password: the current one must be right (counted like a sign-in
   * attempt of the account, so a stolen token cannot guess it faster; 400 naming
   * `currentPassword` when wrong), the new one must pass the policy and differ (400 naming
   * `newPassword`). Every other token of the person is revoked; this one stays valid.
   */
  async changeOwnPassword(caller: AuthenticatedUser, currentPassword: string, newPassword: string): Promise<void> {
    const wait = await this.throttle.beginAttempt(caller.email);
    if (wait > 0) throw accountDelayed(wait);
    const user = await this.users.findById(caller.id);
    if (!user || !(await this.passwords.verify(currentPassword, user.passwordHash))) {
      throw badRequest([{ field: 'currentPassword', message: 'currentPassword is wrong' }]);
    }
    await this.throttle.recordSuccess(caller.email);
    if (newPassword === currentPassword) throw badRequest([{ field: 'newPassword', message: 'newPassword must differ from the current password' }]);
    const weak = passwordIssue(newPassword, user, 'newPassword');
    if (weak) throw badRequest([weak]);
    await this.users.storeOwnPassword(user.id, newPassword, caller.tokenHash);
  }

  /** Forgets a token; later requests with it get 401. */
  async logout(token: string): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      await manager.delete(AccessToken, { tokenHash: hashAccessToken(token) });
    });
  }
}

function accountDelayed(seconds: number): TooManyRequestsException {
  return new TooManyRequestsException(seconds, `too many failed sign-ins for this account: try again in ${Math.max(1, Math.ceil(seconds))} s`, 'sign_in_delayed');
}
