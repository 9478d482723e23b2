import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertedId } from '../../database/inserted-id.js';
import { isUniqueViolation } from '../../database/errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import { badRequest } from '../../http/validation.js';
import { normaliseOrganisation } from '../../protocol/assignment-planning.js';
import { ConflictError, NotFoundError } from '../../protocol/errors.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { PasswordHasher } from '../auth/password-hashing.js';
import { ConflictOfInterest } from './conflict-of-interest.entity.js';
import { passwordIssue } from './password-policy.js';
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
  ) {}

  /**
   * Creates a user; 400 naming `password` when the password fails the policy (password-policy.ts),
   * 409 (`duplicate_email`) when the email is taken. `actorId` null: the system.
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
      const inserted = await manager.insert(User, { email, name: request.name.trim(), passwordHash, createdAt: now });
      const id = insertedId(inserted);
      const roles = allRoles.filter((role) => request.roles.includes(role));
      await manager.insert(UserRole, roles.map((role) => ({ userId: id, role })));
      await this.replaceConflicts(manager, id, request.conflictOrganisations ?? []);
      await this.auditLog.record(manager, {
        actorId,
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        details: { email, roles, conflictOrganisations: request.conflictOrganisations ?? [] },
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

  async list(query: PageQuery): Promise<Page<UserResponse>> {
    const [users, total] = await this.dataSource.manager.findAndCount(User, {
      order: { id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return pageOf(await this.describe(users), total, query);
  }

  /** Replaces the caller's declared conflicts of interest; they apply to every later assignment. */
  async declareConflicts(userId: number, organisations: readonly string[]): Promise<UserResponse> {
    await this.unitOfWork.run(async (manager) => {
      await this.replaceConflicts(manager, userId, organisations);
      await this.auditLog.record(manager, {
        actorId: userId,
        action: 'user.conflicts_declared',
        entityType: 'user',
        entityId: userId,
        details: { organisations },
      });
    });
    return this.get(userId);
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.dataSource.manager.findOneBy(User, { email: normaliseEmail(email) });
  }

  async rolesOf(userId: number): Promise<Role[]> {
    const rows = await this.dataSource.manager.find(UserRole, { where: { userId } });
    return sortRoles(rows.map((row) => row.role));
  }

  private async replaceConflicts(manager: EntityManager, userId: number, organisations: readonly string[]): Promise<void> {
    await manager.delete(ConflictOfInterest, { userId });
    const byKey = new Map<string, string>();
    for (const organisation of organisations) {
      const key = normaliseOrganisation(organisation);
      if (key !== '' && !byKey.has(key)) byKey.set(key, organisation.trim());
    }
    const declaredAt = this.clock.isoNow();
    if (byKey.size === 0) return;
    await manager.insert(
      ConflictOfInterest,
      [...byKey].map(([organisationKey, organisation]) => ({ userId, organisation, organisationKey, declaredAt })),
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
      createdAt: user.createdAt,
    }));
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sortRoles(roles: Role[]): Role[] {
  return allRoles.filter((role) => roles.includes(role));
}
