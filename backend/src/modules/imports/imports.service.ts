import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockRow } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { parseScoreImport, type ImportedScores } from '../../io/score-import.js';
import { InvalidError } from '../../protocol/errors.js';
import {
  assertImportable,
  firstProblems,
  importIssues,
  importProblems,
  MAX_IMPORT_PROBLEMS,
  type ImportProblems,
  type ImportWindow,
} from '../../protocol/import-rules.js';
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
 * then written in one transaction, so a failure part-way leaves nothing behind. The dry run and
 * the import run the same checks and list every problem of one pass.
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
   * The file is read as it arrives (`body`: the request's chunks), parsed into compact columns and
   * checked on the read connection, outside any write transaction, so a long upload holds up no
   * other write; then one transaction locks the window, checks again what may have changed
   * meanwhile (the window's status and room), and writes set-based, a batch at a time.
   */
  async importScores(actorId: number, credentialId: number, versionNumber: number, body: AsyncIterable<Buffer>, dryRun: boolean): Promise<ImportResultResponse> {
    const { plan, problems, truncated } = await this.check(this.dataSource.manager, credentialId, versionNumber, body, dryRun);
    if (dryRun) return result(true, false, plan, { problems, truncated }, plan.window.status);
    if (problems.length) throw InvalidError.fromIssues(importIssues(problems));
    return this.unitOfWork.run(async (manager) => {
      // the credential's row before the window's, the order every writer takes them in
      await lockRow(manager, 'credentials', credentialId);
      const window = await this.windows.lockForChange(manager, plan.window.id);
      assertImportable(versionNumber, window);
      const changed = importProblems({ ...this.facts(plan), window: windowFacts(window), existingSubmissions: new Set() }, MAX_IMPORT_PROBLEMS);
      if (changed.length) throw InvalidError.fromIssues(importIssues(firstProblems({ problems: [], truncated: false }, changed).problems));
      await this.writer.write(manager, actorId, credentialId, { ...plan, window });
      await this.windows.settle(manager, window.id, actorId);
      const settled = await manager.findOneByOrFail(ValidationWindow, { id: window.id });
      return result(false, true, plan, { problems: [], truncated: false }, settled.status);
    });
  }

  /** Checks the whole file against the rubric, the accounts and the window; writes nothing. The version and its window are checked before a byte of the body is read. */
  private async check(
    manager: EntityManager,
    credentialId: number,
    versionNumber: number,
    body: AsyncIterable<Buffer>,
    dryRun: boolean,
  ): Promise<ImportProblems & { plan: ImportPlan }> {
    const { version, window } = await this.queries.versionAndWindow(manager, credentialId, versionNumber);
    assertImportable(versionNumber, window);
    const parsed = await parseScoreImport(body, await this.queries.rubricRows(manager, version.id), { keepComments: !dryRun });
    const { scores } = parsed;
    const emails = [...new Set(Array.from({ length: scores.assessorCount }, (_, assessor) => normaliseEmail(scores.assessorText(assessor))))];
    const assessorIds = await this.queries.assessorIdsByEmail(manager, emails);
    const existingSubmissions = await this.queries.existingSubmissions(manager, credentialId, scores.submissionCount, (index) => scores.submissionRef(index));
    const plan: ImportPlan = { window, rubricVersionId: version.id, scores, assessorIds, ratings: parsed.ratings };
    const more = importProblems({ ...this.facts(plan), window: windowFacts(window), existingSubmissions }, MAX_IMPORT_PROBLEMS);
    return { plan, ...firstProblems(parsed, more) };
  }

  /** What the import rules need to know of a plan besides the window and the submissions held. */
  private facts(plan: ImportPlan): { scores: ImportedScores; accountKey: (email: string) => string; assessorAccounts: Set<string> } {
    return { scores: plan.scores, accountKey: normaliseEmail, assessorAccounts: new Set(plan.assessorIds.keys()) };
  }
}

function windowFacts(window: ValidationWindow): ImportWindow {
  return { targetSubmissions: window.targetSubmissions, readersPerSubmission: window.readersPerSubmission, studySubmissions: window.studySubmissions };
}

function result(dryRun: boolean, applied: boolean, plan: ImportPlan, found: ImportProblems, windowStatus: string): ImportResultResponse {
  return {
    dryRun,
    applied,
    submissions: plan.scores.submissionCount,
    scores: plan.scores.count,
    ratings: plan.ratings,
    problems: found.problems,
    truncated: found.truncated,
    windowStatus,
  };
}
