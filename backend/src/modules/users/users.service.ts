import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { isUniqueViolation } from '../../database/errors.js';
import { lockRow, query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import { badRequest } from '../../http/validation.js';
import { normaliseOrganisation } from '../../protocol/assignment-planning.js';
import { UNBLINDED_ROLES } from '../../protocol/certification.js';
import { ConflictError, NotFoundError } from '../../protocol/errors.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { PasswordHasher } from '../auth/password-hashing.js';
import { ConflictOfInterest } from './conflict-of-interest.entity.js';
import { passwordIssue } from './password-policy.js';
import { ReaderWithdrawals } from './reader-withdrawals.js';
import { roles as allRoles, type Role } from './roles.js';
import { User } from './user.entity.js';
import { UserRole } from './user-role.entity.js';
import type { CreateUserRequest, UserResponse } from './users.dto.js';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: readonly Role[];
  conflictOrganisations?: readonly string[];
  /** the person must choose their own password at their first sign-in */
  temporaryPassword?: boolean;
}

export interface UserFilters {
  /** a text the name or the email contains, in any case */
  search?: string;
  role?: Role;
}

/** People, their roles and their declared conflicts of interest. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
    private readonly passwords: PasswordHasher,
    private readonly withdrawals: ReaderWithdrawals,
  ) {}

  /**
   * Creates a user; 400 naming `password` when the password fails the policy (password-policy.ts),
   * 409 (`duplicate_email`) when the email is taken. `actorId` null: the system. With
   * `temporaryPassword`, the person must choose their own password at their first sign-in.
   */
  async create(actorId: number | null, request: CreateUserRequest | NewUser): Promise<UserResponse> {
    const weak = passwordIssue(request.password, request);
    if (weak) throw badRequest([weak]);
    const passwordHash = await this.passwords.hash(request.password);
    const email = normaliseEmail(request.email);
    const duplicate = () => new ConflictError(`a user with email ${email} already exists`, 'duplicate_email');
    const userId = await this.unitOfWork.run(async (manager) => {
      if (await manager.existsBy(User, { email })) throw duplicate();
      const now = this.clock.isoNow();
      const temporaryPassword = request.temporaryPassword === true;
      const inserted = await manager.insert(User, { email, name: request.name.trim(), passwordHash, createdAt: now, mustChangePassword: temporaryPassword });
      const id = insertedId(inserted);
      const roles = allRoles.filter((role) => request.roles.includes(role));
      await manager.insert(UserRole, roles.map((role) => ({ userId: id, role })));
      // conflicts given when the account is made are recorded by the admin (or the system): only an admin removes them
      await this.replaceConflicts(manager, id, request.conflictOrganisations ?? [], true);
      await this.auditLog.record(manager, {
        actorId,
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        details: { email, roles, conflictOrganisations: request.conflictOrganisations ?? [], temporaryPassword },
      });
      return id;
    }).catch((error: unknown) => {
      // the same email created at the same moment through another instance
      throw isUniqueViolation(error) ? duplicate() : error;
    });
    return this.get(userId);
  }

  /** Creates the first administrator from the configuration, unless a user already has that email; a password the policy refuses stops the start. */
  async ensureAdministrator(email: string, password: string): Promise<boolean> {
    if (await this.dataSource.manager.existsBy(User, { email: normaliseEmail(email) })) return false;
    const weak = passwordIssue(password, { email, name: 'Administrator' });
    if (weak) throw new Error(`CONCORD_ADMIN_PASSWORD cannot be used: ${weak.message}`);
    try {
      await this.create(null, { email, name: 'Administrator', password, roles: ['admin'] });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  async get(userId: number): Promise<UserResponse> {
    const user = await this.dataSource.manager.findOneBy(User, { id: userId });
    if (!user) throw new NotFoundError(`user ${userId} does not exist`);
    const [response] = await this.describe([user]);
    return response;
  }

  /** A page of users, oldest first, narrowed to those whose name or email contains `search` (any case) and who hold `role`. */
  async list(query: PageQuery & UserFilters): Promise<Page<UserResponse>> {
    const found = this.dataSource.manager.createQueryBuilder(User, 'u');
    const search = query.search?.trim().toLowerCase();
    if (search) {
      // the text taken literally: `%`, `_` and the escape character itself match only themselves
      const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      found.andWhere(`(LOWER(u."name") LIKE :pattern ESCAPE '\\' OR u."email" LIKE :pattern ESCAPE '\\')`, { pattern });
    }
    if (query.role) {
      found.andWhere(`EXISTS (SELECT 1 FROM "user_roles" r WHERE r."user_id" = u."id" AND r."role" = :role)`, { role: query.role });
    }
    const [users, total] = await found
      .orderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(await this.describe(users), total, query);
  }

  /**
   * Disables an account: no sign-in, and every token of the person revoked at once (deleted, so
   * every instance refuses them on the next request); their open assignments pass to other
   * readers (`ReaderWithdrawals`). An administrator cannot disable themselves.
   */
  async disable(actorId: number, userId: number): Promise<UserResponse> {
    if (actorId === userId) throw new ConflictError('an administrator cannot disable their own account', 'cannot_disable_self');
    await this.unitOfWork.run(async (manager) => {
      const user = await this.lockUser(manager, userId);
      if (user.disabledAt !== null) return;
      await manager.update(User, { id: userId }, { disabledAt: this.clock.isoNow() });
      const tokensRevoked = await revokeTokens(manager, userId);
      await this.auditLog.record(manager, { actorId, action: 'user.disabled', entityType: 'user', entityId: userId, details: { tokensRevoked } });
      await this.withdrawals.withdrawn(manager, { userId, actorId, reason: 'account_disabled', credentialId: null });
    });
    return this.get(userId);
  }

  /** Enables a disabled account again; the person signs in anew. */
  async enable(actorId: number, userId: number): Promise<UserResponse> {
    await this.unitOfWork.run(async (manager) => {
      const user = await this.lockUser(manager, userId);
      if (user.disabledAt === null) return;
      await manager.update(User, { id: userId }, { disabledAt: null });
      await this.auditLog.record(manager, { actorId, action: 'user.enabled', entityType: 'user', entityId: userId, details: {} });
      await this.withdrawals.returned(manager, { userId, credentialId: null });
    });
    return this.get(userId);
  }

  /**
   * Replaces a person's roles (audited with the roles before and after); an administrator cannot
   * take their own admin role away. A person who loses the assessor role, or gains one that sees
   * earners or other readers' scores (`UNBLINDED_ROLES`), hands their open assignments to other
   * readers (`ReaderWithdrawals`).
   */
  async changeRoles(actorId: number, userId: number, wanted: readonly Role[]): Promise<UserResponse> {
    if (actorId === userId && !wanted.includes('admin')) {
      throw new ConflictError('an administrator cannot take away their own admin role', 'cannot_remove_own_admin');
    }
    await this.unitOfWork.run(async (manager) => {
      await this.lockUser(manager, userId);
      const before = sortRoles((await manager.find(UserRole, { where: { userId } })).map((row) => row.role));
      const after = allRoles.filter((role) => wanted.includes(role));
      if (before.join(',') === after.join(',')) return;
      await manager.delete(UserRole, { userId });
      await manager.insert(UserRole, after.map((role) => ({ userId, role })));
      await this.auditLog.record(manager, { actorId, action: 'user.roles_changed', entityType: 'user', entityId: userId, details: { before, after } });
      // a blind reader holds the assessor role and none that sees earners or other readers' scores
      const blindReader = (roles: readonly string[]) => roles.includes('assessor') && !roles.some((role) => UNBLINDED_ROLES.includes(role));
      if (blindReader(before) && !blindReader(after)) {
        const reason = after.includes('assessor') ? 'unblinded_role_added' : 'assessor_role_removed';
        await this.withdrawals.withdrawn(manager, { userId, actorId, reason, credentialId: null });
      }
      if (!blindReader(before) && blindReader(after)) await this.withdrawals.returned(manager, { userId, credentialId: null });
    });
    return this.get(userId);
  }

  /**
   * Sets a temporary password (the same policy as any password; 400 naming `password`): every
   * token of the person is revoked, and after the next sign-in nothing opens until they choose
   * their own. The password is never in the audit log.
   */
  async setTemporaryPassword(actorId: number, userId: number, password: string): Promise<UserResponse> {
    const target = await this.dataSource.manager.findOneBy(User, { id: userId });
    if (!target) throw new NotFoundError(`user ${userId} does not exist`);
    const weak = passwordIssue(password, target);
    if (weak) throw badRequest([weak]);
    const passwordHash = await this.passwords.hash(password);
    await this.unitOfWork.run(async (manager) => {
      await this.lockUser(manager, userId);
      await manager.update(User, { id: userId }, { passwordHash, mustChangePassword: true });
      const tokensRevoked = await revokeTokens(manager, userId);
      await this.auditLog.record(manager, { actorId, action: 'user.temporary_password_set', entityType: 'user', entityId: userId, details: { tokensRevoked } });
    });
    return this.get(userId);
  }

  /**
   * Stores the person's own new password (already checked against the current one and the
   * policy by the caller), clears a temporary password, and revokes every token but `keepTokenHash`.
   */
  async storeOwnPassword(userId: number, newPassword: string, keepTokenHash: string): Promise<void> {
    const passwordHash = await this.passwords.hash(newPassword);
    await this.unitOfWork.run(async (manager) => {
      await this.lockUser(manager, userId);
      await manager.update(User, { id: userId }, { passwordHash, mustChangePassword: false });
      const otherTokensRevoked = await revokeTokens(manager, userId, keepTokenHash);
      await this.auditLog.record(manager, { actorId: userId, action: 'user.password_changed', entityType: 'user', entityId: userId, details: { otherTokensRevoked } });
    });
  }

  async findById(userId: number): Promise<User | null> {
    return this.dataSource.manager.findOneBy(User, { id: userId });
  }

  private async lockUser(manager: EntityManager, userId: number): Promise<User> {
    await lockRow(manager, 'users', userId);
    const user = await manager.findOneBy(User, { id: userId });
    if (!user) throw new NotFoundError(`user ${userId} does not exist`);
    return user;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.dataSource.manager.findOneBy(User, { email: normaliseEmail(email) });
  }

  async rolesOf(userId: number): Promise<Role[]> {
    const rows = await this.dataSource.manager.find(UserRole, { where: { userId } });
    return sortRoles(rows.map((row) => row.role));
  }

  /**
   * Replaces the person's conflicts of interest of one kind, inside the caller's transaction: those
   * an admin recorded (`recordedByAdmin`) or those the person declared. The person's declarations
   * never remove an admin's record; an organisation an admin records that the person had declared
   * becomes the admin's.
   */
  async replaceConflicts(manager: EntityManager, userId: number, organisations: readonly string[], recordedByAdmin: boolean): Promise<void> {
    await manager.delete(ConflictOfInterest, { userId, recordedByAdmin });
    const kept = new Set((await manager.find(ConflictOfInterest, { where: { userId } })).map((row) => row.organisationKey));
    const byKey = new Map<string, string>();
    for (const organisation of organisations) {
      const key = normaliseOrganisation(organisation);
      if (key !== '' && !byKey.has(key)) byKey.set(key, organisation.trim());
    }
    if (recordedByAdmin) {
      if (kept.size > 0 && byKey.size > 0) await manager.delete(ConflictOfInterest, { userId, organisationKey: In([...byKey.keys()]) });
    } else {
      for (const key of kept) byKey.delete(key);
    }
    const declaredAt = this.clock.isoNow();
    if (byKey.size === 0) return;
    await manager.insert(
      ConflictOfInterest,
      [...byKey].map(([organisationKey, organisation]) => ({ userId, organisation, organisationKey, declaredAt, recordedByAdmin })),
    );
  }

  private async describe(users: readonly User[]): Promise<UserResponse[]> {
    const ids = users.map((user) => user.id);
    const [roleRows, conflictRows] = await Promise.all([
      this.dataSource.manager.find(UserRole, { where: { userId: In(ids) } }),
      this.dataSource.manager.find(ConflictOfInterest, { where: { userId: In(ids) }, order: { id: 'ASC' } }),
    ]);
    return users.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      roles: sortRoles(roleRows.filter((row) => row.userId === user.id).map((row) => row.role)),
      conflictOrganisations: conflictRows.filter((row) => row.userId === user.id).map((row) => row.organisation),
      conflictsRecordedByAdmin: conflictRows.filter((row) => row.userId === user.id && Boolean(row.recordedByAdmin)).map((row) => row.organisation),
      createdAt: user.createdAt,
      disabled: user.disabledAt !== null,
      mustChangePassword: Boolean(user.mustChangePassword),
    }));
  }
}

/** Deletes the person's tokens (all, or all but one): revoked on every instance at once, since each request looks its token up. */
async function revokeTokens(manager: EntityManager, userId: number, keepTokenHash: string | null = null): Promise<number> {
  const revoked = await query<{ id: number }>(
    manager,
    keepTokenHash === null
      ? 'DELETE FROM "access_tokens" WHERE "user_id" = ? RETURNING "id"'
      : 'DELETE FROM "access_tokens" WHERE "user_id" = ? AND "token_hash" <> ? RETURNING "id"',
    keepTokenHash === null ? [userId] : [userId, keepTokenHash],
  );
  return revoked.length;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sortRoles(roles: Role[]): Role[] {
  return allRoles.filter((role) => roles.includes(role));
}
