import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { reportCsv } from '../../io/report-csv.js';
import { NotFoundError } from '../../protocol/errors.js';
import { ReadMemo } from '../../database/read-memo.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { rowEvidence } from '../../protocol/row-evidence.js';
import { REPORT_CACHE_SIZE, ReportCache, type CachedReport } from './report-cache.js';
import { assembleReport, studyInputOf } from './report-assembly.js';
import { ReportQueries, type ReportLocation } from './report-queries.js';
import type { ReportResponse } from './reports.dto.js';
import type { VersionEvidenceResponse } from './row-evidence.dto.js';

/**
 * The reliability report of a rubric version's validation window, computed from the scores on
 * demand and cached by the data epochs of the windows it was computed from (raised in the same
 * transaction as every write that changes them). A report is never stored as the truth.
 *
 * This service only orchestrates: `ReportQueries` loads, `assembleReport` computes,
 * `ReportCache` keeps the serialised result with its ETag, `reportCsv` writes the CSV.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly queries: ReportQueries,
    private readonly cache: ReportCache,
    private readonly clock: Clock,
    unitOfWork: UnitOfWork,
  ) {
    this.locations = new ReadMemo(unitOfWork, REPORT_CACHE_SIZE);
  }

  /** Route -> where its data lives and its epochs; kept until the next write on SQLite, read every time on PostgreSQL. */
  private readonly locations: ReadMemo<ReportLocation | null>;

  async report(credentialId: number, versionNumber: number): Promise<ReportResponse> {
    return (await this.cached(credentialId, versionNumber)).report;
  }

  /** The report as JSON text, serialised once per change of the data behind it, with its ETag. */
  async reportJson(credentialId: number, versionNumber: number): Promise<{ json: string; etag: string }> {
    const { json, etag } = await this.cached(credentialId, versionNumber);
    return { json, etag };
  }

  /** The per-row table as CSV (one line per rubric row). */
  async reportCsv(credentialId: number, versionNumber: number): Promise<string> {
    return reportCsv((await this.report(credentialId, versionNumber)).rows);
  }

  /**
   * The disagreements of a version's rows, case by case (`rowKey`: one row, null: every row),
   * computed from the same loaded data as the report; readers by slot, never by person.
   */
  async evidence(credentialId: number, versionNumber: number, rowKey: string | null): Promise<VersionEvidenceResponse> {
    const location = await this.located(credentialId, versionNumber);
    const sources = await this.queries.sources(credentialId, versionNumber, location.windowId);
    const rows = rowKey === null ? sources.rubric : sources.rubric.filter((row) => row.key === rowKey);
    if (rows.length === 0) throw new NotFoundError(`rubric version ${versionNumber} has no row "${rowKey}"`);
    const { submissions } = studyInputOf(sources);
    return {
      credentialId,
      rubricVersion: versionNumber,
      windowStatus: sources.window.status,
      awaitingAdjudication: sources.awaitingAdjudication,
      rows: rows.map((row) => ({ ...rowEvidence({ key: row.key, title: row.title, levels: row.levels.map((level) => level.value) }, submissions), levels: row.levels })),
    };
  }

  /** Where the version's report data lives, or a 404 naming what is missing. */
  private async located(credentialId: number, versionNumber: number): Promise<{ windowId: number; epochs: string; comparedVersion: number | null }> {
    const route = `${credentialId}:${versionNumber}`;
    const location = await this.locations.get(route, () => this.queries.locate(credentialId, versionNumber));
    if (!location) {
      await this.queries.credentialOrThrow(credentialId);
      throw new NotFoundError(`credential ${credentialId} has no rubric version ${versionNumber}`);
    }
    if (location.windowId === null || location.epochs === null) {
      throw new NotFoundError(`rubric version ${versionNumber} has no validation window yet, so there is nothing to report`);
    }
    return { windowId: location.windowId, epochs: location.epochs, comparedVersion: location.comparedVersion };
  }

  /**
   * One query locates the data and reads its epochs (none on SQLite while nothing was written);
   * only new epochs recompute the report (after the previous version's, which it is compared with).
   */
  private async cached(credentialId: number, versionNumber: number): Promise<CachedReport> {
    const route = `${credentialId}:${versionNumber}`;
    const location = await this.located(credentialId, versionNumber);
    const hit = this.cache.find(route, location.epochs);
    if (hit) return hit;
    const sources = await this.queries.sources(credentialId, versionNumber, location.windowId);
    const previous = location.comparedVersion === null ? null : await this.report(credentialId, location.comparedVersion);
    return this.cache.store(route, location.epochs, assembleReport(sources, previous, this.clock.isoNow()));
  }
}
