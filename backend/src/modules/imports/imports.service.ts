import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockRow } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { parseScoreImport } from '../../io/score-import.js';
import { InvalidError } from '../../protocol/errors.js';
import { assertImportable, firstProblems, importIssues, importProblems, type ImportProblems } from '../../protocol/import-rules.js';
import { normaliseEmail } from '../users/users.service.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';
import { ValidationWindowsService } from '../validation-windows/validation-windows.service.js';
import { ImportQueries } from './import-queries.js';
import { ImportWriter, type ImportPlan } from './import-writer.js';
import type { ImportResultResponse } from './imports.dto.js';

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
    private readonly queries: ImportQueries,
    private readonly writer: ImportWriter,
    private readonly windows: ValidationWindowsService,
  ) {}

  /**
   * The file is parsed and checked on the read connection, outside any write transaction, so a
   * long file holds up no other write; then one short transaction locks the window, checks again
   * what may have changed meanwhile (the window's status and room), and writes set-based.
   */
  async importScores(actorId: number, credentialId: number, versionNumber: number, csv: string, dryRun: boolean): Promise<ImportResultResponse> {
    const { plan, problems, truncated } = await this.check(this.dataSource.manager, credentialId, versionNumber, csv);
    if (dryRun) return result(true, false, plan, { problems, truncated }, plan.window.status);
    if (problems.length) throw InvalidError.fromIssues(importIssues(problems));
    return this.unitOfWork.run(async (manager) => {
      // the credential's row before the window's, the order every writer takes them in
      await lockRow(manager, 'credentials', credentialId);
      const window = await this.windows.lockForChange(manager, plan.window.id);
      assertImportable(versionNumber, window);
      const changed = importProblems({
        ...this.facts(plan),
        window: { targetSubmissions: window.targetSubmissions, readersPerSubmission: window.readersPerSubmission, studySubmissions: window.studySubmissions },
        existingSubmissions: new Set(),
      });
      if (changed.length) throw InvalidError.fromIssues(importIssues(changed));
      await this.writer.write(manager, actorId, credentialId, { ...plan, window });
      await this.windows.settle(manager, window.id, actorId);
      const settled = await manager.findOneByOrFail(ValidationWindow, { id: window.id });
      return result(false, true, plan, { problems: [], truncated: false }, settled.status);
    });
  }

  /** Checks the whole file against the rubric, the accounts and the window; writes nothing. */
  private async check(manager: EntityManager, credentialId: number, versionNumber: number, csv: string): Promise<ImportProblems & { plan: ImportPlan }> {
    const { version, window } = await this.queries.versionAndWindow(manager, credentialId, versionNumber);
    assertImportable(versionNumber, window);
    const parsed = await parseScoreImport(csv, await this.queries.rubricRows(manager, version.id));
    const emails = [...new Set(parsed.scores.map((score) => normaliseEmail(score.assessor)))];
    const assessorIds = await this.queries.assessorIdsByEmail(manager, emails);
    const existingSubmissions = await this.queries.existingSubmissions(manager, credentialId, parsed.submissions);
    const plan = { window, rubricVersionId: version.id, scores: parsed.scores, submissions: parsed.submissions, assessorIds, ratings: parsed.ratings };
    const more = importProblems({
      ...this.facts(plan),
      window: { targetSubmissions: window.targetSubmissions, readersPerSubmission: window.readersPerSubmission, studySubmissions: window.studySubmissions },
      existingSubmissions,
    });
    return { plan, ...firstProblems(parsed, more) };
  }

  /** What the import rules need to know of a plan besides the window and the submissions held. */
  private facts(plan: ImportPlan) {
    return { scores: plan.scores, submissions: plan.submissions, accountKey: normaliseEmail, assessorAccounts: new Set(plan.assessorIds.keys()) };
  }
}

function result(dryRun: boolean, applied: boolean, plan: ImportPlan, found: ImportProblems, windowStatus: string): ImportResultResponse {
  return {
    dryRun,
    applied,
    submissions: plan.submissions.length,
    scores: plan.scores.length,
    ratings: plan.ratings,
    problems: found.problems,
    truncated: found.truncated,
    windowStatus,
  };
}
