import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { ImportRow } from '../../io/score-import.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import type { RubricVersion } from '../credentials/rubric-version.entity.js';
import { User } from '../users/user.entity.js';
import { UserRole } from '../users/user-role.entity.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';
import { query } from '../../database/sql.js';

/** Values bound per statement when a lookup names many rows. */
const CHUNK = 500;

/** The reads an import's checks need, each inside the caller's transaction (or on the data source for a dry run). */
@Injectable()
export class ImportQueries {
  constructor(private readonly rubricVersions: RubricVersionsService) {}

  /** The rubric version (404 when it does not exist) and its validation window, if any. */
  async versionAndWindow(
    manager: EntityManager,
    credentialId: number,
    versionNumber: number,
  ): Promise<{ version: RubricVersion; window: ValidationWindow | null }> {
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const window = await manager.findOneBy(ValidationWindow, { rubricVersionId: version.id });
    return { version, window };
  }

  /** The version's rows as the file is checked against them: key and level values. */
  async rubricRows(manager: EntityManager, versionId: number): Promise<ImportRow[]> {
    const rows = await this.rubricVersions.rowsOf(manager, versionId);
    return rows.map((row) => ({ key: row.key, levels: row.levels.map((level) => level.value) }));
  }

  /** Account ids by email of the accounts among `emails` (normalised) that have the assessor role. */
  async assessorIdsByEmail(manager: EntityManager, emails: readonly string[]): Promise<Map<string, number>> {
    const assessorIds = new Map<string, number>();
    for (let i = 0; i < emails.length; i += CHUNK) {
      const users = await manager.find(User, { where: { email: In(emails.slice(i, i + CHUNK)) } });
      const assessorRoles = users.length
        ? await manager.find(UserRole, { where: { userId: In(users.map((user) => user.id)), role: 'assessor' } })
        : [];
      const isAssessor = new Set(assessorRoles.map((role) => role.userId));
      for (const user of users) if (isAssessor.has(user.id)) assessorIds.set(user.email, user.id);
    }
    return assessorIds;
  }

  /** The references among the file's `count` (`refOf(0)`, `refOf(1)`, ...) that the credential already has a submission for. */
  async existingSubmissions(manager: EntityManager, credentialId: number, count: number, refOf: (index: number) => string): Promise<Set<string>> {
    const existing = new Set<string>();
    for (let i = 0; i < count; i += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, count - i) }, (_, j) => refOf(i + j));
      const found: Array<{ ref: string }> = await query(manager, 
        `SELECT "external_ref" AS "ref" FROM "submissions" WHERE "credential_id" = ? AND "external_ref" IN (${chunk.map(() => '?').join(',')})`,
        [credentialId, ...chunk],
      );
      for (const row of found) existing.add(row.ref);
    }
    return existing;
  }

}
