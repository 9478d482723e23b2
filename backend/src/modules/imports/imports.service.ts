import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { insertMany, maxId } from '../../database/bulk-insert.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { parseScoreImport, type ImportProblem, type ImportedScore } from '../../io/score-import.js';
import { ConflictError, InvalidError, NotFoundError } from '../../protocol/errors.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { User } from '../users/user.entity.js';
import { UserRole } from '../users/user-role.entity.js';
import { normaliseEmail } from '../users/users.service.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';
import { ValidationWindowsService } from '../validation-windows/validation-windows.service.js';
import type { ImportResultResponse } from './imports.dto.js';

/** Problems listed in a dry run. */
const MAX_PROBLEMS = 20;

interface Plan {
  window: ValidationWindow;
  rubricVersionId: number;
  scores: ImportedScore[];
  submissions: string[];
  assessorIds: Map<string, number>;
  ratings: number;
}

/**
 * Imports the scores of a validation study from a CSV file (the long format of `concord
 * analyze`, assessors named by their account email, submissions by their reference in the
 * system they came from). All or nothing: the file is checked whole first, and the scores are
 * then written in one transaction, so a failure part-way leaves nothing behind.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly rubricVersions: RubricVersionsService,
    private readonly windows: ValidationWindowsService,
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async importScores(actorId: number, credentialId: number, versionNumber: number, csv: string, dryRun: boolean): Promise<ImportResultResponse> {
    if (dryRun) {
      const { plan, problems, truncated } = await this.check(this.dataSource.manager, credentialId, versionNumber, csv);
      return this.result(true, false, plan, problems, truncated, plan.window.status);
    }
    return this.unitOfWork.run(async (manager) => {
      const { plan, problems } = await this.check(manager, credentialId, versionNumber, csv);
      if (problems.length) {
        throw InvalidError.fromIssues(
          problems.map((p) => ({ field: [p.line === null ? null : `line ${p.line}`, p.field].filter(Boolean).join(', ') || 'file', message: p.message })),
        );
      }
      await this.write(manager, actorId, credentialId, plan);
      await this.windows.settle(manager, plan.window.id, actorId);
      const window = await manager.findOneByOrFail(ValidationWindow, { id: plan.window.id });
      return this.result(false, true, plan, [], false, window.status);
    });
  }

  private result(dryRun: boolean, applied: boolean, plan: Plan, problems: ImportProblem[], truncated: boolean, status: string): ImportResultResponse {
    return {
      dryRun,
      applied,
      submissions: plan.submissions.length,
      scores: plan.scores.length,
      ratings: plan.ratings,
      problems,
      truncated,
      windowStatus: status,
    };
  }

  /** Checks the whole file against the rubric, the accounts and the window; writes nothing. */
  private async check(manager: EntityManager, credentialId: number, versionNumber: number, csv: string) {
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const window = await manager.findOneBy(ValidationWindow, { rubricVersionId: version.id });
    if (!window) throw new NotFoundError(`rubric version ${versionNumber} has no validation window: open one before importing its scores`);
    if (window.status !== 'collecting') {
      throw new ConflictError(`the validation window is ${window.status}: it no longer takes scores`, 'window_not_collecting');
    }
    const rows = await this.rubricVersions.rowsOf(manager, version.id);
    const parsed = parseScoreImport(csv, rows.map((r) => ({ key: r.key, levels: r.levels.map((l) => l.value) })), MAX_PROBLEMS);
    const problems = [...parsed.problems];
    let truncated = parsed.truncated;
    const problem = (line: number | null, field: string | null, message: string) => {
      if (problems.length < MAX_PROBLEMS) problems.push({ line, field, message });
      else truncated = true;
    };

    // Assessors: accounts with the assessor role, by email.
    const emails = [...new Set(parsed.scores.map((s) => normaliseEmail(s.assessor)))];
    const assessorIds = new Map<string, number>();
    for (let i = 0; i < emails.length; i += 500) {
      const users = await manager.find(User, { where: { email: In(emails.slice(i, i + 500)) } });
      const assessorRoles = users.length
        ? await manager.find(UserRole, { where: { userId: In(users.map((u) => u.id)), role: 'assessor' } })
        : [];
      const isAssessor = new Set(assessorRoles.map((r) => r.userId));
      for (const user of users) if (isAssessor.has(user.id)) assessorIds.set(user.email, user.id);
    }
    const reported = new Set<string>();
    for (const score of parsed.scores) {
      const email = normaliseEmail(score.assessor);
      if (!assessorIds.has(email) && !reported.has(email)) {
        reported.add(email);
        problem(score.line, 'assessor', `no assessor account has the email "${score.assessor}"`);
      }
    }

    // Submissions: new to this credential, each with exactly the window's readers, within the study's room.
    const existing = new Set<string>();
    for (let i = 0; i < parsed.submissions.length; i += 500) {
      const chunk = parsed.submissions.slice(i, i + 500);
      const found: Array<{ ref: string }> = await manager.query(
        `SELECT "external_ref" AS "ref" FROM "submissions" WHERE "credential_id" = ? AND "external_ref" IN (${chunk.map(() => '?').join(',')})`,
        [credentialId, ...chunk],
      );
      for (const f of found) existing.add(f.ref);
    }
    const scoresBySubmission = new Map<string, ImportedScore[]>();
    for (const score of parsed.scores) {
      const list = scoresBySubmission.get(score.submission) ?? [];
      list.push(score);
      scoresBySubmission.set(score.submission, list);
    }
    const [{ n: studyCount }]: Array<{ n: number }> = await manager.query(`SELECT COUNT(*) AS "n" FROM "submissions" WHERE "window_id" = ?`, [window.id]);
    const room = window.targetSubmissions - Number(studyCount);
    parsed.submissions.forEach((ref, i) => {
      const scores = scoresBySubmission.get(ref) ?? [];
      const line = scores[0]?.line ?? null;
      if (existing.has(ref)) problem(line, 'submission', `submission "${ref}" is already in Concord for this credential; an import adds new submissions only`);
      else if (i >= room) problem(line, 'submission', `the study has room for ${Math.max(room, 0)} more submission${room === 1 ? '' : 's'} (target ${window.targetSubmissions}); "${ref}" is one too many`);
      else if (scores.length > 0 && scores.length !== window.readersPerSubmission) {
        problem(line, 'assessor', `submission "${ref}" has ${scores.length} score${scores.length === 1 ? '' : 's'}; each study submission needs ${window.readersPerSubmission}, by different assessors`);
      }
    });
    return {
      plan: { window, rubricVersionId: version.id, scores: parsed.scores, submissions: parsed.submissions, assessorIds, ratings: parsed.ratings },
      problems,
      truncated,
    };
  }

  private async write(manager: EntityManager, actorId: number, credentialId: number, plan: Plan): Promise<void> {
    const now = this.clock.isoNow();
    const [{ n: sequenceMax }]: Array<{ n: number | null }> = await manager.query(
      `SELECT MAX("sequence") AS "n" FROM "submissions" WHERE "credential_id" = ?`,
      [credentialId],
    );
    const [{ n: studyMax }]: Array<{ n: number | null }> = await manager.query(
      `SELECT MAX("study_sequence") AS "n" FROM "submissions" WHERE "window_id" = ?`,
      [plan.window.id],
    );
    let submissionId = await maxId(manager, 'submissions');
    let assignmentId = await maxId(manager, 'assignments');
    let scoreId = await maxId(manager, 'scores');
    const submissionIds = new Map<string, number>();
    const submissionRows = plan.submissions.map((ref, i) => {
      submissionId += 1;
      submissionIds.set(ref, submissionId);
      return [
        submissionId, credentialId, plan.rubricVersionId, Number(sequenceMax ?? 0) + i + 1, plan.window.id, Number(studyMax ?? 0) + i + 1,
        plan.window.readersPerSubmission, 'imported submission', null, null, null, 0, actorId, now, ref, null,
      ];
    });
    await insertMany(
      manager,
      'submissions',
      ['id', 'credential_id', 'rubric_version_id', 'sequence', 'window_id', 'study_sequence', 'readers_required', 'earner_name',
        'earner_organisation', 'evidence_text', 'evidence_url', 'needs_adjudication', 'received_by_id', 'received_at', 'external_ref', 'resubmission_of_id'],
      submissionRows,
    );
    const slots = new Map<string, number>();
    const assignmentRows: unknown[][] = [];
    const scoreRows: unknown[][] = [];
    const levelRows: unknown[][] = [];
    const auditRows: unknown[][] = [];
    for (const score of plan.scores) {
      const submission = submissionIds.get(score.submission)!;
      const slot = (slots.get(score.submission) ?? 0) + 1;
      slots.set(score.submission, slot);
      const assessorId = plan.assessorIds.get(normaliseEmail(score.assessor))!;
      assignmentId += 1;
      scoreId += 1;
      assignmentRows.push([assignmentId, submission, assessorId, slot, 'scored', now]);
      scoreRows.push([scoreId, assignmentId, submission, assessorId, plan.rubricVersionId, slot, 'import', now]);
      for (const [rowKey, level] of Object.entries(score.levels)) levelRows.push([scoreId, rowKey, level, score.comments[rowKey] ?? null]);
      auditRows.push([
        actorId, now, 'score.imported', 'score', String(scoreId),
        JSON.stringify({ submissionId: submission, externalRef: score.submission, assessorId, readerSlot: slot, levels: score.levels, comments: score.comments, line: score.line }),
      ]);
    }
    await insertMany(manager, 'assignments', ['id', 'submission_id', 'assessor_id', 'reader_slot', 'status', 'assigned_at'], assignmentRows);
    await insertMany(manager, 'scores', ['id', 'assignment_id', 'submission_id', 'assessor_id', 'rubric_version_id', 'reader_slot', 'source', 'submitted_at'], scoreRows);
    await insertMany(manager, 'score_levels', ['score_id', 'row_key', 'level', 'comment'], levelRows);
    await insertMany(manager, 'audit_log', ['actor_id', 'at', 'action', 'entity_type', 'entity_id', 'details'], auditRows);
    await this.auditLog.record(manager, {
      actorId,
      action: 'scores.imported',
      entityType: 'validation_window',
      entityId: plan.window.id,
      details: { submissions: plan.submissions.length, scores: plan.scores.length, ratings: plan.ratings },
    });
  }
}
