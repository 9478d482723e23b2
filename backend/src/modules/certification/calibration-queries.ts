import type { EntityManager } from 'typeorm';
import { query } from '../../database/sql.js';
import type { PoolItem } from '../../protocol/calibration-pools.js';
import { NEW_CERTIFICATION, type CertificationRecord } from '../../protocol/certification.js';
import type { JudgedRow } from '../../protocol/qualification.js';
import type { RubricRow } from '../../protocol/rubric-rules.js';
import { CalibrationItem, CalibrationItemRow } from './calibration-item.entity.js';
import { Certification } from './certification.entity.js';

/** Reads shared by the certification services: plain functions over a manager (a transaction's, or the reader's). */

/** The confirmed items of a version with their true levels, as pools and sets see them. */
export async function confirmedPoolItems(manager: EntityManager, rubricVersionId: number): Promise<Array<PoolItem & { pool: CalibrationItem['pool'] }>> {
  const rows: Array<{ id: number; pool: CalibrationItem['pool']; borderline: unknown; rowKey: string; level: string }> = await query(
    manager,
    `SELECT i."id" AS "id", i."pool" AS "pool", i."borderline" AS "borderline", r."row_key" AS "rowKey", r."true_level" AS "level"
       FROM "calibration_items" i JOIN "calibration_item_rows" r ON r."item_id" = i."id"
      WHERE i."rubric_version_id" = ? AND i."status" = 'confirmed'
      ORDER BY i."id"`,
    [rubricVersionId],
  );
  const items = new Map<number, PoolItem & { pool: CalibrationItem['pool'] }>();
  for (const row of rows) {
    const id = Number(row.id);
    const item = items.get(id) ?? { itemKey: id, pool: row.pool, borderline: Boolean(row.borderline), trueLevels: {} };
    (item.trueLevels as Record<string, string>)[row.rowKey] = row.level;
    items.set(id, item);
  }
  return [...items.values()];
}

/** Items of a credential whose submission the person scored or adjudicated live: never shown to them. */
export async function liveItemIds(manager: EntityManager, credentialId: number, personId: number): Promise<Set<number>> {
  const rows: Array<{ id: number }> = await query(
    manager,
    `SELECT i."id" AS "id" FROM "calibration_items" i
      WHERE i."credential_id" = ? AND i."source_submission_id" IS NOT NULL
        AND (EXISTS (SELECT 1 FROM "scores" s WHERE s."submission_id" = i."source_submission_id" AND s."assessor_id" = ?)
          OR EXISTS (SELECT 1 FROM "adjudications" a WHERE a."submission_id" = i."source_submission_id" AND a."adjudicator_id" = ?))`,
    [credentialId, personId, personId],
  );
  return new Set(rows.map((row) => Number(row.id)));
}

/** Items an assessor may not be served in a qualifying or calibration set: live ones, and every item of an earlier set. */
export async function unservableItemIds(manager: EntityManager, credentialId: number, assessorId: number): Promise<Set<number>> {
  const served: Array<{ id: number }> = await query(
    manager,
    `SELECT ai."item_id" AS "id" FROM "calibration_attempt_items" ai JOIN "calibration_attempts" t ON t."id" = ai."attempt_id"
      WHERE t."credential_id" = ? AND t."assessor_id" = ?`,
    [credentialId, assessorId],
  );
  const hidden = await liveItemIds(manager, credentialId, assessorId);
  for (const row of served) hidden.add(Number(row.id));
  return hidden;
}

/** People who scored or adjudicated an item's submission live (none for expert-panel items). */
export async function liveParticipantIds(manager: EntityManager, sourceSubmissionId: number | null): Promise<number[]> {
  if (sourceSubmissionId === null) return [];
  const rows: Array<{ id: number }> = await query(
    manager,
    `SELECT "assessor_id" AS "id" FROM "scores" WHERE "submission_id" = ?
     UNION SELECT "adjudicator_id" AS "id" FROM "adjudications" WHERE "submission_id" = ?`,
    [sourceSubmissionId, sourceSubmissionId],
  );
  return rows.map((row) => Number(row.id));
}

export async function itemRows(manager: EntityManager, itemIds: readonly number[]): Promise<Map<number, CalibrationItemRow[]>> {
  const out = new Map<number, CalibrationItemRow[]>();
  if (itemIds.length === 0) return out;
  const rows = await manager
    .createQueryBuilder(CalibrationItemRow, 'row')
    .where('row.itemId IN (:...ids)', { ids: [...itemIds] })
    .getMany();
  for (const row of rows) out.set(row.itemId, [...(out.get(row.itemId) ?? []), row]);
  return out;
}

/** An assessor's certification record for a credential; the starting record when none is stored. */
export async function certificationRecord(manager: EntityManager, credentialId: number, assessorId: number): Promise<CertificationRecord & { stored: Certification | null }> {
  const stored = await manager.findOneBy(Certification, { credentialId, assessorId });
  if (!stored) return { ...NEW_CERTIFICATION, stored: null };
  return {
    status: stored.status,
    round: stored.round,
    failedInRound: stored.failedInRound,
    remediationAssigned: Boolean(stored.remediationAssigned),
    certifiedVersion: stored.certifiedVersion,
    certifiedAt: stored.certifiedAt,
    expiresAt: stored.expiresAt,
    heldStatus: stored.heldStatus,
    recalibrationPending: Boolean(stored.recalibrationPending),
    stored,
  };
}

/** Rubric rows as the qualification rule judges them, restricted to `keys` when given. */
export function judgedRows(rows: readonly RubricRow[], keys?: readonly string[]): JudgedRow[] {
  return rows
    .filter((row) => !keys || keys.includes(row.key))
    .map((row) => ({ key: row.key, scale: row.scale, levels: row.levels.map((level) => level.value) }));
}

/** People's names by id, for responses that name who acted. */
export async function namesOf(manager: EntityManager, ids: ReadonlyArray<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows: Array<{ id: number; name: string }> = await query(manager, `SELECT "id", "name" FROM "users" WHERE "id" IN (${wanted.map(() => '?').join(', ')})`, wanted);
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}
