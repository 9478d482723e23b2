import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ScoreLevels } from '../../protocol/adjudication-rules.js';
import { NotFoundError } from '../../protocol/errors.js';
import type { RubricRow } from '../../protocol/rubric-rules.js';
import { finalLevels, passDecision, passLevelOf, rowPasses, type FinalLevel } from '../../protocol/submission-result.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { Submission } from './submission.entity.js';
import type { SubmissionResultResponse } from './submissions.dto.js';
import { query } from '../../database/sql.js';

/** What the protocol says of a submission now: its rows, their final levels, the decision. */
export interface SubmissionOutcome {
  rows: RubricRow[];
  finals: FinalLevel[];
  decision: 'pass' | 'fail' | null;
}

/** Submissions' outcomes: final levels from agreeing scores or the adjudication, and the pass/fail decision. */
@Injectable()
export class SubmissionResultsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubricVersions: RubricVersionsService,
  ) {}

  /** The result of a submission of a credential; 404 when the credential has no such submission. */
  async result(credentialId: number, submissionId: number): Promise<SubmissionResultResponse> {
    const manager = this.dataSource.manager;
    await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const submission = await manager.findOneBy(Submission, { id: submissionId, credentialId });
    if (!submission) throw new NotFoundError(`credential ${credentialId} has no submission ${submissionId}`);
    const { rows, finals, decision } = await this.outcomeOf(manager, submission);
    const version = await manager.findOneByOrFail(RubricVersion, { id: submission.rubricVersionId });
    const resubmission = await manager.findOne(Submission, { where: { resubmissionOfId: submission.id }, select: { id: true } });
    const finalByRow = new Map(finals.map((final) => [final.rowKey, final]));
    return {
      submissionId: submission.id,
      credentialId,
      sequence: submission.sequence,
      rubricVersion: version.version,
      inStudy: submission.windowId !== null,
      status: decision === null ? 'pending' : 'final',
      decision,
      rows: rows.map((row) => {
        const final = finalByRow.get(row.key)!;
        return {
          rowKey: row.key,
          title: row.title,
          level: final.level,
          levelLabel: final.level === null ? null : (row.levels.find((level) => level.value === final.level)?.label ?? null),
          source: final.source,
          awaiting: final.awaiting,
          passLevel: passLevelOf(row),
          passed: final.level === null ? null : rowPasses(row, final.level),
        };
      }),
      resubmissionOf: submission.resubmissionOfId,
      resubmittedBy: resubmission?.id ?? null,
    };
  }

  /** The outcome of a submission, read through `manager` (inside a transaction when the caller is in one). */
  async outcomeOf(manager: EntityManager, submission: Submission): Promise<SubmissionOutcome> {
    const rows = await this.rubricVersions.rowsOf(manager, submission.rubricVersionId);
    const finals = finalLevels({
      rows,
      readersRequired: submission.readersRequired,
      scores: await this.scoresOf(manager, submission.id),
      adjudication: await this.adjudicationOf(manager, submission.id),
    });
    return { rows, finals, decision: passDecision(rows, finals) };
  }

  private async scoresOf(manager: EntityManager, submissionId: number): Promise<ScoreLevels[]> {
    const levels: Array<{ scoreId: number; rowKey: string; level: string }> = await query(manager, 
      `SELECT l."score_id" AS "scoreId", l."row_key" AS "rowKey", l."level" AS "level"
         FROM "scores" s JOIN "score_levels" l ON l."score_id" = s."id"
        WHERE s."submission_id" = ?
        ORDER BY s."reader_slot"`,
      [submissionId],
    );
    const scores = new Map<number, Record<string, string>>();
    for (const row of levels) {
      const score = scores.get(Number(row.scoreId)) ?? {};
      score[row.rowKey] = row.level;
      scores.set(Number(row.scoreId), score);
    }
    return [...scores.values()];
  }

  private async adjudicationOf(manager: EntityManager, submissionId: number): Promise<ScoreLevels | null> {
    const rows: Array<{ rowKey: string; level: string }> = await query(manager, 
      `SELECT r."row_key" AS "rowKey", r."level" AS "level"
         FROM "adjudications" j JOIN "adjudication_rows" r ON r."adjudication_id" = j."id"
        WHERE j."submission_id" = ?`,
      [submissionId],
    );
    return rows.length === 0 ? null : Object.fromEntries(rows.map((row) => [row.rowKey, row.level]));
  }
}
