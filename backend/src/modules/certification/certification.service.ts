import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { query, lockRow } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import {
  certificationPolicyOrThrow,
  parseCertificationPolicy,
  type CertificationPolicy,
} from '../../protocol/certification-policy.js';
import {
  applyCertificationEvent,
  changedRowsSince,
  currentStatus,
  eligibility,
  nextAction,
  PAUSE_STATUSES,
  type CertificationEvent as CertificationEventInput,
  type CertificationRecord,
  type CertificationStep,
  type Eligibility,
  type VersionRows,
} from '../../protocol/certification.js';
import { ConflictError, NotFoundError } from '../../protocol/errors.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { Credential } from '../credentials/credential.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { ReaderWithdrawals } from '../users/reader-withdrawals.js';
import { CalibrationAttempt } from './calibration-attempt.entity.js';
import { certificationRecord, namesOf } from './calibration-queries.js';
import { attemptSummaries } from './attempt-views.js';
import { Certification, CertificationEvent } from './certification.entity.js';
import type {
  AssessorCertificationListResponse,
  AssessorCertificationResponse,
  CertificationDetailResponse,
  CertificationSettingsRequest,
  CertificationSettingsResponse,
} from './certification.dto.js';

export interface TransitionInput {
  credentialId: number;
  assessorId: number;
  event: CertificationEventInput;
  /** null when the system acts (a set judged, a certification past its end) */
  actorId: number | null;
  reason?: string | null;
  attemptId?: number | null;
}

/**
 * Assessors' certification per credential: the settings, the status that decides who may be
 * drawn as a reader, and every transition with its reason and actor (timeline and audit log).
 * Writers of one credential's certifications take turns on the credential's row.
 */
@Injectable()
export class CertificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly auditLog: AuditLogService,
    private readonly rubricVersions: RubricVersionsService,
    private readonly clock: Clock,
    private readonly withdrawals: ReaderWithdrawals,
  ) {}

  async policyOf(manager: EntityManager, credentialId: number): Promise<CertificationPolicy> {
    const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
    return parseCertificationPolicy(credential.certificationPolicy);
  }

  async settings(credentialId: number): Promise<CertificationSettingsResponse> {
    const manager = this.dataSource.manager;
    const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
    return {
      credentialId,
      requiresCertification: Boolean(credential.requiresCertification),
      policy: parseCertificationPolicy(credential.certificationPolicy),
      qualifyingMaterial: await this.hasQualifyingMaterial(manager, credentialId, parseCertificationPolicy(credential.certificationPolicy)),
    };
  }

  /**
   * Changes the requirement and the policy. Requiring certification needs qualifying material:
   * 409 `no_qualifying_material` while no rubric version has a qualifying pool of two sets.
   */
  async updateSettings(actorId: number, credentialId: number, request: CertificationSettingsRequest): Promise<CertificationSettingsResponse> {
    await this.unitOfWork.run(async (manager) => {
      await lockRow(manager, 'credentials', credentialId);
      const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
      const current = parseCertificationPolicy(credential.certificationPolicy);
      const policy = request.policy ? certificationPolicyOrThrow(request.policy, current) : current;
      const requiresCertification = request.requiresCertification ?? Boolean(credential.requiresCertification);
      if (requiresCertification && !credential.requiresCertification && !(await this.hasQualifyingMaterial(manager, credentialId, policy))) {
        throw new ConflictError(
          'certification cannot be required before qualifying material exists: confirm material and draw the pools of a rubric version first',
          'no_qualifying_material',
        );
      }
      await manager.update(Credential, { id: credentialId }, { requiresCertification, certificationPolicy: JSON.stringify(policy) });
      await this.auditLog.record(manager, {
        actorId,
        action: 'credential.certification_settings_changed',
        entityType: 'credential',
        entityId: credentialId,
        details: { requiresCertification, policy },
      });
    });
    return this.settings(credentialId);
  }

  /** Every assessor with their status for the credential, next action and place in the reader pool. */
  async list(credentialId: number): Promise<AssessorCertificationListResponse> {
    const manager = this.dataSource.manager;
    const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const latest = await this.latestVersion(manager, credentialId);
    const assessors: Array<{ id: number; name: string }> = await query(
      manager,
      `SELECT u."id" AS "id", u."name" AS "name" FROM "users" u JOIN "user_roles" r ON r."user_id" = u."id" AND r."role" = 'assessor' ORDER BY u."name", u."id"`,
    );
    const eligibilities = latest === null ? new Map<number, Eligibility>() : await this.eligibility(manager, credentialId, latest);
    const attempts: Array<{ assessorId: number; count: number }> = await query(
      manager,
      `SELECT "assessor_id" AS "assessorId", COUNT(*) AS "count" FROM "calibration_attempts" WHERE "credential_id" = ? GROUP BY "assessor_id"`,
      [credentialId],
    );
    const attemptCount = new Map(attempts.map((row) => [Number(row.assessorId), Number(row.count)]));
    const items: AssessorCertificationResponse[] = [];
    for (const assessor of assessors) {
      const record = await certificationRecord(manager, credentialId, Number(assessor.id));
      items.push(this.summary(Number(assessor.id), assessor.name, record, eligibilities.get(Number(assessor.id)), attemptCount.get(Number(assessor.id)) ?? 0));
    }
    return { credentialId, requiresCertification: Boolean(credential.requiresCertification), latestVersion: latest, items };
  }

  async detail(credentialId: number, assessorId: number): Promise<CertificationDetailResponse> {
    const manager = this.dataSource.manager;
    await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const name = await this.assessorNameOrThrow(manager, assessorId);
    const record = await certificationRecord(manager, credentialId, assessorId);
    const latest = await this.latestVersion(manager, credentialId);
    const eligibilities = latest === null ? new Map<number, Eligibility>() : await this.eligibility(manager, credentialId, latest, [assessorId]);
    const attempts = await manager.find(CalibrationAttempt, { where: { credentialId, assessorId }, order: { id: 'ASC' } });
    const events = await manager.find(CertificationEvent, { where: { credentialId, assessorId }, order: { id: 'ASC' } });
    const names = await namesOf(manager, events.map((event) => event.actorId));
    return {
      ...this.summary(assessorId, name, record, eligibilities.get(assessorId), attempts.length),
      credentialId,
      round: record.round,
      failedInRound: record.failedInRound,
      remediationAssigned: record.remediationAssigned,
      remediationNote: record.stored?.remediationNote ?? null,
      attemptList: await attemptSummaries(manager, attempts),
      timeline: events.map((event) => ({
        at: event.at,
        from: event.fromStatus,
        to: event.toStatus,
        action: event.action,
        reason: event.reason,
        actor: event.actorId === null ? null : { id: event.actorId, name: names.get(event.actorId) ?? '' },
        attemptId: event.attemptId,
      })),
    };
  }

  /** A trainer's act on an assessor's certification (extra round, probation, override), in its own transaction. */
  async act(actorId: number, credentialId: number, assessorId: number, event: CertificationEventInput, reason: string | null): Promise<CertificationDetailResponse> {
    await this.unitOfWork.run(async (manager) => {
      await this.rubricVersions.credentialOrThrow(manager, credentialId);
      await this.assessorNameOrThrow(manager, assessorId);
      await this.transition(manager, { credentialId, assessorId, event, actorId, reason });
    });
    return this.detail(credentialId, assessorId);
  }

  /** A trainer's note in the assessor's timeline (and the audit log); the status does not move. */
  async note(actorId: number, credentialId: number, assessorId: number, note: string): Promise<CertificationDetailResponse> {
    await this.unitOfWork.run(async (manager) => {
      await this.rubricVersions.credentialOrThrow(manager, credentialId);
      await this.assessorNameOrThrow(manager, assessorId);
      await lockRow(manager, 'credentials', credentialId);
      const status = currentStatus(await certificationRecord(manager, credentialId, assessorId), this.clock.isoNow());
      await manager.insert(CertificationEvent, { credentialId, assessorId, fromStatus: status, toStatus: status, action: 'note', reason: note, actorId, attemptId: null, at: this.clock.isoNow() });
      await this.auditLog.record(manager, { actorId, action: 'certification.note', entityType: 'certification', entityId: `${credentialId}/${assessorId}`, details: { credentialId, assessorId, note } });
    });
    return this.detail(credentialId, assessorId);
  }

  /**
   * Applies one event to an assessor's certification inside the caller's transaction: takes the
   * credential's row, records a certification that ended since it was last touched as expired
   * (the system's act), then the event, each as a timeline entry and an audit entry. An assessor
   * removed or paused hands open work of the credential to other readers (`ReaderWithdrawals`:
   * on a pause, the validation studies' assignments only); one who returns takes back what waited.
   */
  async transition(manager: EntityManager, input: TransitionInput): Promise<CertificationStep> {
    await lockRow(manager, 'credentials', input.credentialId);
    const policy = await this.policyOf(manager, input.credentialId);
    const now = this.clock.isoNow();
    let { stored, ...record } = await certificationRecord(manager, input.credentialId, input.assessorId);
    if (record.status !== currentStatus(record, now)) {
      const expired = applyCertificationEvent(record, { type: 'expire' }, now, policy);
      stored = await this.store(manager, input, stored, expired, { actorId: null, reason: 'the certification reached its end', attemptId: null });
      record = expired.record;
    }
    const step = applyCertificationEvent(record, input.event, now, policy);
    await this.store(manager, input, stored, step, { actorId: input.actorId, reason: input.reason ?? null, attemptId: input.attemptId ?? null });
    const paused = (status: string) => (PAUSE_STATUSES as readonly string[]).includes(status);
    const [before, after] = [record.status, step.record.status];
    const reader = { userId: input.assessorId, credentialId: input.credentialId };
    if (after === 'removed' && before !== 'removed') await this.withdrawals.withdrawn(manager, { ...reader, actorId: input.actorId, reason: 'certification_removed' });
    else if (paused(after) && !paused(before) && before !== 'removed') await this.withdrawals.withdrawn(manager, { ...reader, actorId: input.actorId, reason: 'queue_paused' });
    else if (after !== 'removed' && !paused(after) && (before === 'removed' || paused(before))) await this.withdrawals.returned(manager, reader);
    return step;
  }

  /**
   * Whether each assessor may be drawn as a reader of `versionNumber` of the credential, and why
   * not: removed never; when certification is required, only qualified and probation, calibrated
   * on the rows the version changed when it has calibration material for them.
   */
  async eligibility(manager: EntityManager, credentialId: number, versionNumber: number, assessorIds?: readonly number[]): Promise<Map<number, Eligibility>> {
    const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const ids =
      assessorIds ??
      (await query<{ id: number }>(manager, `SELECT "user_id" AS "id" FROM "user_roles" WHERE "role" = 'assessor'`)).map((row) => Number(row.id));
    const stored = await manager.findBy(Certification, { credentialId });
    const byAssessor = new Map(stored.map((row) => [row.assessorId, row]));
    const versions = await this.versionRows(manager, credentialId);
    const [{ calibration }] = await query<{ calibration: number }>(
      manager,
      `SELECT COUNT(*) AS "calibration" FROM "calibration_items" i JOIN "rubric_versions" v ON v."id" = i."rubric_version_id"
        WHERE v."credential_id" = ? AND v."version" = ? AND i."pool" = 'calibration' AND i."status" = 'confirmed'`,
      [credentialId, versionNumber],
    );
    const roleRows = await query<{ id: number; role: string }>(manager, `SELECT "user_id" AS "id", "role" FROM "user_roles"`);
    const disabled = new Set((await query<{ id: number }>(manager, `SELECT "id" FROM "users" WHERE "disabled_at" IS NOT NULL`)).map((row) => Number(row.id)));
    const rolesOf = (id: number) => roleRows.filter((row) => Number(row.id) === id).map((row) => row.role);
    const now = this.clock.isoNow();
    const out = new Map<number, Eligibility>();
    for (const id of ids) {
      const row = byAssessor.get(id);
      const record: CertificationRecord = row
        ? { ...row, remediationAssigned: Boolean(row.remediationAssigned), recalibrationPending: Boolean(row.recalibrationPending) }
        : { status: 'in_training', round: 1, failedInRound: 0, remediationAssigned: false, certifiedVersion: null, certifiedAt: null, expiresAt: null };
      const certified = record.certifiedVersion;
      out.set(
        id,
        eligibility({
          roles: rolesOf(id),
          record,
          now,
          required: Boolean(credential.requiresCertification),
          version: versionNumber,
          changedRows: certified === null ? [] : changedRowsSince(versions, certified, versionNumber),
          calibrationAvailable: Number(calibration) > 0,
          disabled: disabled.has(id),
        }),
      );
    }
    return out;
  }

  /** Every version of the credential with its rows and whether each was carried over. */
  async versionRows(manager: EntityManager, credentialId: number): Promise<VersionRows[]> {
    const rows: Array<{ version: number; key: string; carriedOver: unknown }> = await query(
      manager,
      `SELECT v."version" AS "version", r."key" AS "key", r."carried_over" AS "carriedOver"
         FROM "rubric_versions" v JOIN "rubric_rows" r ON r."rubric_version_id" = v."id"
        WHERE v."credential_id" = ? ORDER BY v."version", r."position"`,
      [credentialId],
    );
    const versions = new Map<number, VersionRows>();
    for (const row of rows) {
      const version = versions.get(Number(row.version)) ?? { version: Number(row.version), rows: [] };
      (version.rows as Array<{ key: string; carriedOver: boolean }>).push({ key: row.key, carriedOver: Boolean(row.carriedOver) });
      versions.set(Number(row.version), version);
    }
    return [...versions.values()];
  }

  async assessorNameOrThrow(manager: EntityManager, assessorId: number): Promise<string> {
    const [row] = await query<{ name: string }>(
      manager,
      `SELECT u."name" AS "name" FROM "users" u JOIN "user_roles" r ON r."user_id" = u."id" AND r."role" = 'assessor' WHERE u."id" = ?`,
      [assessorId],
    );
    if (!row) throw new NotFoundError(`no assessor ${assessorId}`);
    return row.name;
  }

  private async latestVersion(manager: EntityManager, credentialId: number): Promise<number | null> {
    const [row] = await query<{ version: number | null }>(manager, `SELECT MAX("version") AS "version" FROM "rubric_versions" WHERE "credential_id" = ?`, [credentialId]);
    return row?.version === null || row?.version === undefined ? null : Number(row.version);
  }

  private async hasQualifyingMaterial(manager: EntityManager, credentialId: number, policy: CertificationPolicy): Promise<boolean> {
    const rows = await query<{ items: number }>(
      manager,
      `SELECT COUNT(*) AS "items" FROM "calibration_items" WHERE "credential_id" = ? AND "pool" = 'qualifying' AND "status" = 'confirmed'
        GROUP BY "rubric_version_id"`,
      [credentialId],
    );
    return rows.some((row) => Number(row.items) >= 2 * policy.setSize);
  }

  private summary(
    assessorId: number,
    name: string,
    record: CertificationRecord,
    place: Eligibility | undefined,
    attempts: number,
  ): AssessorCertificationResponse {
    const now = this.clock.isoNow();
    return {
      assessorId,
      name,
      status: currentStatus(record, now),
      certifiedVersion: record.certifiedVersion,
      certifiedAt: record.certifiedAt,
      expiresAt: record.expiresAt,
      nextAction: nextAction(record, now),
      eligible: place?.eligible ?? false,
      eligibilityReason: place?.reason ?? 'the credential has no rubric version yet',
      attempts,
    };
  }

  private async store(
    manager: EntityManager,
    input: TransitionInput,
    stored: Certification | null,
    step: CertificationStep,
    entry: { actorId: number | null; reason: string | null; attemptId: number | null },
  ): Promise<Certification> {
    const now = this.clock.isoNow();
    const values = {
      status: step.record.status,
      round: step.record.round,
      failedInRound: step.record.failedInRound,
      remediationAssigned: step.record.remediationAssigned,
      remediationNote: input.event.type === 'remediation' ? input.event.note : step.record.remediationAssigned ? (stored?.remediationNote ?? null) : null,
      certifiedVersion: step.record.certifiedVersion,
      certifiedAt: step.record.certifiedAt,
      expiresAt: step.record.expiresAt,
      heldStatus: step.record.heldStatus ?? null,
      recalibrationPending: step.record.recalibrationPending ?? false,
      updatedAt: now,
    };
    if (stored) await manager.update(Certification, { id: stored.id }, values);
    else await manager.insert(Certification, { credentialId: input.credentialId, assessorId: input.assessorId, ...values });
    await manager.insert(CertificationEvent, {
      credentialId: input.credentialId,
      assessorId: input.assessorId,
      fromStatus: step.from,
      toStatus: step.to,
      action: step.action,
      reason: entry.reason,
      actorId: entry.actorId,
      attemptId: entry.attemptId,
      at: now,
    });
    await this.auditLog.record(manager, {
      actorId: entry.actorId,
      action: `certification.${step.action}`,
      entityType: 'certification',
      entityId: `${input.credentialId}/${input.assessorId}`,
      details: { credentialId: input.credentialId, assessorId: input.assessorId, from: step.from, to: step.to, reason: entry.reason, attemptId: entry.attemptId },
    });
    return (await manager.findOneByOrFail(Certification, { credentialId: input.credentialId, assessorId: input.assessorId }));
  }
}
