import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { query } from '../../database/sql.js';
import type { AdjudicationReason } from '../../protocol/study-report.js';
import type { Credential } from '../credentials/credential.entity.js';
import type { RubricRowResponse } from '../credentials/credentials.dto.js';
import type { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';

/** Where a report's data lives, and the epochs of that data. */
export interface ReportLocation {
  windowId: number | null;
  /**
   * The data epochs behind the report: the window's and, when the previous version has a window,
   * that one's (`none` otherwise), as `<window id>@<epoch>|...`. Null when the version has no window.
   */
  epochs: string | null;
  /** the previous version, when it has a window to compare with */
  comparedVersion: number | null;
}

export interface SubmissionRow {
  id: number;
  sequence: number;
}

/** One level given by one reader on one rubric row. */
export interface ScoreLevelRow {
  submissionId: number;
  readerSlot: number;
  assessorId: number;
  rowKey: string;
  level: string;
  comment: string | null;
}

/** One level settled by adjudication on one rubric row. */
export interface AdjudicationLevelRow {
  submissionId: number;
  rowKey: string;
  level: string;
  reason: AdjudicationReason | null;
  note: string | null;
}

/** Everything a report is computed from, as loaded. */
export interface ReportSources {
  credential: Credential;
  version: RubricVersion;
  window: ValidationWindow;
  /** the version's rows in rubric order, levels in level order */
  rubric: RubricRowResponse[];
  /** the window's study submissions in order of arrival */
  submissions: SubmissionRow[];
  scoreLevels: ScoreLevelRow[];
  adjudicationLevels: AdjudicationLevelRow[];
  /** user id -> name, for the assessors who scored */
  assessorNames: Map<number, string>;
  /** submissions that need adjudication and have none yet */
  awaitingAdjudication: number;
}

interface LocationRow {
  versionId: number;
  windowId: number | null;
  windowEpoch: number | null;
  previousVersion: number | null;
  /** null when there is no previous version or it had no window */
  previousWindowId: number | null;
  previousWindowEpoch: number | null;
}

/** The reads a report needs, straight from the data source (reports never write). */
@Injectable()
export class ReportQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubricVersions: RubricVersionsService,
  ) {}

  /**
   * One query resolves the version, its window and the previous version's window, with the data
   * epoch of each window; null when the credential has no such version.
   */
  async locate(credentialId: number, versionNumber: number): Promise<ReportLocation | null> {
    const [row] = await query<LocationRow>(
      this.dataSource,
      `SELECT v."id" AS "versionId", w."id" AS "windowId", w."data_epoch" AS "windowEpoch", pv."version" AS "previousVersion",
              pw."id" AS "previousWindowId", pw."data_epoch" AS "previousWindowEpoch"
         FROM "rubric_versions" v
         LEFT JOIN "validation_windows" w ON w."rubric_version_id" = v."id"
         LEFT JOIN "rubric_versions" pv ON pv."credential_id" = v."credential_id" AND pv."version" = v."previous_version"
         LEFT JOIN "validation_windows" pw ON pw."rubric_version_id" = pv."id"
        WHERE v."credential_id" = ? AND v."version" = ?`,
      [credentialId, versionNumber],
    );
    if (!row) return null;
    const previous = row.previousWindowId === null ? 'none' : `${row.previousWindowId}@${row.previousWindowEpoch}`;
    return {
      windowId: row.windowId,
      epochs: row.windowId === null ? null : `${row.windowId}@${row.windowEpoch}|${previous}`,
      comparedVersion: row.previousWindowId === null || row.previousVersion === null ? null : row.previousVersion,
    };
  }

  /** The credential, or a 404 saying it does not exist. */
  async credentialOrThrow(credentialId: number): Promise<Credential> {
    return this.rubricVersions.credentialOrThrow(this.dataSource.manager, credentialId);
  }

  /** Everything the report of a version's window is computed from. */
  async sources(credentialId: number, versionNumber: number, windowId: number): Promise<ReportSources> {
    const manager = this.dataSource.manager;
    const credential = await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const version = await this.rubricVersions.versionOrThrow(manager, credentialId, versionNumber);
    const window = await manager.findOneByOrFail(ValidationWindow, { id: windowId });
    const rubric = await this.rubricVersions.rowsWithFlagsOf(manager, version.id);
    const submissions: SubmissionRow[] = (
      await query(manager, `SELECT "id", "study_sequence" AS "sequence" FROM "submissions" WHERE "window_id" = ? ORDER BY "study_sequence"`, [window.id])
    ).map((row: Record<string, unknown>) => ({ id: Number(row.id), sequence: Number(row.sequence) }));
    const scoreLevels: ScoreLevelRow[] = await query(manager, 
      `SELECT sc."submission_id" AS "submissionId", sc."reader_slot" AS "readerSlot", sc."assessor_id" AS "assessorId",
              l."row_key" AS "rowKey", l."level" AS "level", l."comment" AS "comment"
         FROM "scores" sc
         JOIN "submissions" s ON s."id" = sc."submission_id"
         JOIN "score_levels" l ON l."score_id" = sc."id"
        WHERE s."window_id" = ?`,
      [window.id],
    );
    const adjudicationLevels: AdjudicationLevelRow[] = await query(manager, 
      `SELECT a."submission_id" AS "submissionId", r."row_key" AS "rowKey", r."level" AS "level", r."reason" AS "reason", r."note" AS "note"
         FROM "adjudications" a
         JOIN "submissions" s ON s."id" = a."submission_id"
         JOIN "adjudication_rows" r ON r."adjudication_id" = a."id"
        WHERE s."window_id" = ?`,
      [window.id],
    );
    const assessorIds = [...new Set(scoreLevels.map((level) => Number(level.assessorId)))];
    const assessorNames = new Map<number, string>();
    if (assessorIds.length) {
      const users: Array<{ id: number; name: string }> = await query(manager, 
        `SELECT "id", "name" FROM "users" WHERE "id" IN (${assessorIds.map(() => '?').join(',')})`,
        assessorIds,
      );
      for (const user of users) assessorNames.set(Number(user.id), user.name);
    }
    const [awaiting]: Array<{ n: number }> = await query(manager, 
      `SELECT COUNT(*) AS "n" FROM "submissions" s WHERE s."window_id" = ? AND s."needs_adjudication" = TRUE
          AND NOT EXISTS (SELECT 1 FROM "adjudications" a WHERE a."submission_id" = s."id")`,
      [window.id],
    );
    return { credential, version, window, rubric, submissions, scoreLevels, adjudicationLevels, assessorNames, awaitingAdjudication: Number(awaiting.n) };
  }
}
