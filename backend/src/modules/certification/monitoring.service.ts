import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { query } from '../../database/sql.js';
import { pageOf, type Page, type PageQuery } from '../../http/pagination.js';
import { currentStatus } from '../../protocol/certification.js';
import { evaluateMonitoring, severitySigma0, type CoReaderComparison, type ValidityObservation } from '../../protocol/monitoring-rules.js';
import { chooseValidityItem } from '../../protocol/validity-seeding.js';
import { wilsonInterval } from '../../stats/intervals.js';
import { isDisconnected, manyFacetRasch, MfrmInputError, raterFlags, type MfrmRating } from '../../stats/mfrm.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { certificationRecord, liveItemIds, namesOf } from './calibration-queries.js';
import { CertificationService } from './certification.service.js';
import type { AssessorProfileResponse, RaschProfileResponse, ValidityFeedbackResponse } from './monitoring.dto.js';
import { ValidityService } from './validity.service.js';

/** The rater id of the expert panel in the Rasch analysis: the true levels of calibration items. */
const EXPERT = 'expert';

/**
 * One profile per assessor and credential: the monitoring rules on their validity items (R1 window,
 * the CUSUM with its h, the EWMA with its limits), live agreement with co-readers (R4), validity
 * performance per row with intervals, and the many-facet Rasch severity and fit beside the other
 * assessors and the expert panel (anchored at 0). Read-only; the rules move a certification when
 * a validity item is scored (ValidityService).
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubricVersions: RubricVersionsService,
    private readonly certification: CertificationService,
    private readonly validity: ValidityService,
    private readonly clock: Clock,
  ) {}

  /** The profile as staff see it, or as the assessor sees their own (`forSelf`: other assessors unnamed). */
  async profile(credentialId: number, assessorId: number, forSelf: boolean): Promise<AssessorProfileResponse> {
    const manager = this.dataSource.manager;
    await this.rubricVersions.credentialOrThrow(manager, credentialId);
    const name = await this.certification.assessorNameOrThrow(manager, assessorId);
    const now = this.clock.isoNow();
    const record = await certificationRecord(manager, credentialId, assessorId);
    const version = await this.validity.validityVersion(manager, credentialId);
    const scoredObservations = version ? await this.validity.observations(manager, version.id, assessorId) : [];
    // The assessor sees a validity item in their own profile only once its feedback is due, so
    // nothing there tells which live-queue item was one before then.
    const observations = forSelf ? await this.withFeedbackDue(manager, scoredObservations, now) : scoredObservations;
    const coReads = version ? await this.coReads(manager, version.id, assessorId) : [];
    const [restart] = await query<{ at: string | null }>(
      manager,
      `SELECT MAX("at") AS "at" FROM "certification_events" WHERE "credential_id" = ? AND "assessor_id" = ? AND "action" = 'recalibration_passed'`,
      [credentialId, assessorId],
    );
    const sigma0 = version ? await this.sigma0(manager, version.id) : 0.25;
    const report = evaluateMonitoring({ observations, coReads, restartedAt: restart?.at ?? null, sigma0, certificationPolicy: await this.certification.policyOf(manager, credentialId) });
    const pool = version ? await this.validity.validityPool(manager, version.id) : [];
    const choice = version
      ? chooseValidityItem({
          seed: `${credentialId}/validity`,
          assessorId,
          deliveryNumber: 0,
          pool,
          shown: await this.validity.shown(manager, credentialId, assessorId),
          scoredLive: [...(await liveItemIds(manager, credentialId, assessorId))],
          qualifying: [],
          now,
        })
      : null;
    return {
      credentialId,
      assessorId,
      name,
      status: currentStatus(record, now),
      rubricVersion: version?.version ?? null,
      flags: report.flags,
      findings: report.findings.map((finding) => ({ rule: finding.rule, flag: finding.flag, reason: finding.reason })),
      validityItems: new Set(observations.map((observation) => observation.itemId)).size,
      unseenValidityItems: choice ? choice.unseenLeft : null,
      poolWarning: forSelf ? null : (choice?.warning ?? null),
      validityRows: this.validityRows(observations),
      window: {
        items: report.window.items.length,
        full: report.window.full,
        decisions: report.window.decisions,
        pooledRate: report.window.pooledRate,
        limit: report.window.limit,
        nonAdjacentMisses: report.window.nonAdjacentMisses.length,
      },
      cusum: { h: report.cusum.h, S: report.cusum.trace.S, alarmIndex: report.cusum.trace.alarm_index },
      ewma: {
        sigma0: report.ewma.sigma0,
        lambda: report.ewma.lambda,
        L: report.ewma.L,
        z: report.ewma.trace.z,
        ucl: report.ewma.trace.ucl,
        lcl: report.ewma.trace.lcl,
        firstAlarmIndex: report.ewma.trace.first_alarm?.index ?? null,
        firstAlarmSide: report.ewma.trace.first_alarm?.side ?? null,
      },
      live: { rows: report.live.rows.length, full: report.live.full, rate: report.live.rate, required: report.live.required },
      rasch: version ? await this.rasch(manager, credentialId, version, assessorId, forSelf) : emptyRasch('no rubric version has validity items yet'),
    };
  }

  /** The observations of the validity items whose feedback is due at `now`. */
  private async withFeedbackDue(manager: EntityManager, observations: ValidityObservation[], now: string): Promise<ValidityObservation[]> {
    const ids = [...new Set(observations.map((observation) => Number(observation.itemId)))];
    if (ids.length === 0) return observations;
    const due = await query<{ id: number }>(
      manager,
      `SELECT "id" FROM "calibration_attempt_items" WHERE "id" IN (${ids.map(() => '?').join(', ')}) AND "feedback_at" <= ?`,
      [...ids, now],
    );
    const shown = new Set(due.map((row) => Number(row.id)));
    return observations.filter((observation) => shown.has(Number(observation.itemId)));
  }

  /** The caller's validity items whose feedback time has come: evidence, own level, true level and rationale. */
  async validityFeedback(assessorId: number, page: PageQuery): Promise<Page<ValidityFeedbackResponse>> {
    const manager = this.dataSource.manager;
    const now = this.clock.isoNow();
    const where = `FROM "assignments" a JOIN "calibration_attempt_items" ai ON ai."id" = a."calibration_attempt_item_id"
         JOIN "calibration_attempts" t ON t."id" = ai."attempt_id" JOIN "calibration_items" i ON i."id" = ai."item_id"
         JOIN "rubric_versions" v ON v."id" = t."rubric_version_id" JOIN "credentials" c ON c."id" = t."credential_id"
        WHERE a."assessor_id" = ? AND ai."scored_at" IS NOT NULL AND ai."feedback_at" <= ?`;
    const [{ total }] = await query<{ total: number }>(manager, `SELECT COUNT(*) AS "total" ${where}`, [assessorId, now]);
    const items = await query<{ assignmentId: number; attemptItemId: number; itemId: number; credentialId: number; title: string; version: number; scoredAt: string; text: string | null; url: string | null }>(
      manager,
      `SELECT a."id" AS "assignmentId", ai."id" AS "attemptItemId", ai."item_id" AS "itemId", c."id" AS "credentialId", c."title" AS "title", v."version" AS "version",
              ai."scored_at" AS "scoredAt", i."evidence_text" AS "text", i."evidence_url" AS "url"
         ${where} ORDER BY ai."scored_at" DESC, a."id" LIMIT ? OFFSET ?`,
      [assessorId, now, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const out: ValidityFeedbackResponse[] = [];
    for (const item of items) {
      const rows = await query<{ key: string; myLevel: string; trueLevel: string; rationale: string | null }>(
        manager,
        `SELECT an."row_key" AS "key", an."level" AS "myLevel", r."true_level" AS "trueLevel", r."rationale" AS "rationale"
           FROM "calibration_answers" an JOIN "calibration_item_rows" r ON r."item_id" = ? AND r."row_key" = an."row_key"
          WHERE an."attempt_item_id" = ? ORDER BY an."row_key"`,
        [item.itemId, item.attemptItemId],
      );
      out.push({
        assignmentId: Number(item.assignmentId),
        credentialId: Number(item.credentialId),
        credentialTitle: item.title,
        rubricVersion: Number(item.version),
        scoredAt: item.scoredAt,
        evidence: { text: item.text, url: item.url },
        rows: rows.map((row) => ({ ...row, matched: row.myLevel === row.trueLevel })),
      });
    }
    return pageOf(out, Number(total), page);
  }

  /**
   * The many-facet Rasch analysis of the version for the profile: the rows of its most common number
   * of levels, live scores and set and validity answers as the assessors' ratings, the true levels
   * of every calibration item an assessor answered as the expert panel's, anchored at 0.
   */
  private async rasch(manager: EntityManager, credentialId: number, version: RubricVersion, assessorId: number, forSelf: boolean): Promise<RaschProfileResponse> {
    const rubric = await this.rubricVersions.rowsOf(manager, version.id);
    const byLevels = new Map<number, string[]>();
    for (const row of rubric) byLevels.set(row.levels.length, [...(byLevels.get(row.levels.length) ?? []), row.key]);
    const [levels, keys] = [...byLevels].sort((a, b) => b[1].length - a[1].length || b[0] - a[0])[0];
    const position = new Map(rubric.map((row) => [row.key, new Map(row.levels.map((level, index) => [level.value, index]))]));
    const ratings: MfrmRating[] = [];
    const add = (submission: string, row: string, rater: string, level: string) => {
      const category = position.get(row)?.get(level);
      if (keys.includes(row) && category !== undefined) ratings.push({ submission, row, rater, category });
    };
    const live = await query<{ submissionId: number; assessorId: number; rowKey: string; level: string }>(
      manager,
      `SELECT s."submission_id" AS "submissionId", s."assessor_id" AS "assessorId", l."row_key" AS "rowKey", l."level" AS "level"
         FROM "scores" s JOIN "score_levels" l ON l."score_id" = s."id" WHERE s."rubric_version_id" = ?`,
      [version.id],
    );
    for (const row of live) add(`s${row.submissionId}`, row.rowKey, String(row.assessorId), row.level);
    const answered = await query<{ itemId: number; assessorId: number; rowKey: string; level: string; trueLevel: string | null }>(
      manager,
      `SELECT ai."item_id" AS "itemId", t."assessor_id" AS "assessorId", an."row_key" AS "rowKey", an."level" AS "level", r."true_level" AS "trueLevel"
         FROM "calibration_attempts" t JOIN "calibration_attempt_items" ai ON ai."attempt_id" = t."id"
         JOIN "calibration_answers" an ON an."attempt_item_id" = ai."id"
         JOIN "calibration_item_rows" r ON r."item_id" = ai."item_id" AND r."row_key" = an."row_key"
        WHERE t."rubric_version_id" = ? AND t."kind" <> 'practice'
          AND (t."kind" <> 'validity' OR t."assessor_id" <> ? OR ai."feedback_at" <= ?)`,
      // to the assessor: their own validity answers only once their feedback is due
      [version.id, forSelf ? assessorId : 0, this.clock.isoNow()],
    );
    const expertRated = new Set<string>();
    for (const row of answered) {
      add(`i${row.itemId}`, row.rowKey, String(row.assessorId), row.level);
      const key = `${row.itemId}/${row.rowKey}`;
      if (row.trueLevel !== null && !expertRated.has(key)) {
        expertRated.add(key);
        add(`i${row.itemId}`, row.rowKey, EXPERT, row.trueLevel);
      }
    }
    const own = String(assessorId);
    if (!ratings.some((rating) => rating.rater === own)) return emptyRasch('no ratings of this assessor on these rows yet', keys);
    let result;
    try {
      result = manyFacetRasch(ratings, { categories: levels, anchor: expertRated.size > 0 ? { rater: EXPERT, value: 0 } : null });
    } catch (error) {
      if (error instanceof MfrmInputError) return emptyRasch(error.message, keys);
      throw error;
    }
    if (isDisconnected(result)) return emptyRasch(`the ratings fall into ${result.components.length} groups that share no submission, so no common scale`, keys);
    const mine = result.raters[own];
    if (!mine) return emptyRasch('every rating of this assessor was extreme, so no estimate', keys);
    const names = await namesOf(manager, Object.keys(result.raters).filter((id) => id !== EXPERT).map(Number));
    return {
      rows: keys,
      severity: mine.measure,
      se: mine.se,
      infit: mine.infit,
      outfit: mine.outfit,
      fairAverage: mine.fair_average,
      count: mine.count,
      flags: raterFlags(mine),
      ruler: Object.entries(result.raters)
        .map(([id, rater]) => ({
          label: id === EXPERT ? 'Expert panel' : id === own ? (names.get(Number(id)) ?? id) : forSelf ? 'Another assessor' : (names.get(Number(id)) ?? id),
          severity: rater.measure,
          se: rater.se,
          self: id === own,
          expert: id === EXPERT,
        }))
        .sort((left, right) => left.severity - right.severity),
      problem: null,
    };
  }

  private validityRows(observations: readonly ValidityObservation[]) {
    const rows = new Map<string, { exact: number; adjacent: number; n: number; ordinal: boolean }>();
    for (const observation of observations) {
      const row = rows.get(observation.row) ?? { exact: 0, adjacent: 0, n: 0, ordinal: observation.scale === 'ordinal' };
      row.n++;
      if (observation.level === observation.trueLevel) row.exact++;
      if (Math.abs(observation.level - observation.trueLevel) <= 1) row.adjacent++;
      rows.set(observation.row, row);
    }
    const rate = (successes: number, n: number) => ({ value: n ? successes / n : null, n, interval: wilsonInterval(successes, n) });
    return [...rows].map(([key, row]) => ({ key, exact: rate(row.exact, row.n), adjacent: row.ordinal ? rate(row.adjacent, row.n) : rate(0, 0) }));
  }

  /** The assessor's live rows double-scored with a co-reader on the version, in time order. */
  private async coReads(manager: EntityManager, rubricVersionId: number, assessorId: number): Promise<CoReaderComparison[]> {
    const rows = await query<{ submissionId: number; rowKey: string; level: string; coLevel: string; mine: string; theirs: string }>(
      manager,
      `SELECT s."submission_id" AS "submissionId", l."row_key" AS "rowKey", l."level" AS "level", l2."level" AS "coLevel",
              s."submitted_at" AS "mine", s2."submitted_at" AS "theirs"
         FROM "scores" s JOIN "score_levels" l ON l."score_id" = s."id"
         JOIN "scores" s2 ON s2."submission_id" = s."submission_id" AND s2."assessor_id" <> s."assessor_id"
         JOIN "score_levels" l2 ON l2."score_id" = s2."id" AND l2."row_key" = l."row_key"
        WHERE s."rubric_version_id" = ? AND s."assessor_id" = ?`,
      [rubricVersionId, assessorId],
    );
    const rubric = new Map((await this.rubricVersions.rowsOf(manager, rubricVersionId)).map((row) => [row.key, row.levels.map((level) => level.value)]));
    return rows
      .flatMap((row) => {
        const values = rubric.get(row.rowKey);
        if (!values) return [];
        const at = row.mine > row.theirs ? row.mine : row.theirs;
        return [{ submissionId: Number(row.submissionId), row: row.rowKey, k: values.length, level: values.indexOf(row.level) + 1, coLevel: values.indexOf(row.coLevel) + 1, at }];
      })
      .sort((left, right) => left.at.localeCompare(right.at) || Number(left.submissionId) - Number(right.submissionId) || left.row.localeCompare(right.row));
  }

  /** sigma0 of the EWMA: the pooled SD of the normalised deviations of every assessor on the version. */
  private async sigma0(manager: EntityManager, rubricVersionId: number): Promise<number> {
    const assessors = await query<{ assessorId: number }>(manager, `SELECT DISTINCT "assessor_id" AS "assessorId" FROM "calibration_attempts" WHERE "rubric_version_id" = ? AND "kind" = 'validity'`, [rubricVersionId]);
    const groups: number[][] = [];
    for (const { assessorId } of assessors) {
      const observations = await this.validity.observations(manager, rubricVersionId, Number(assessorId));
      groups.push(observations.filter((o) => o.scale === 'ordinal').map((o) => (o.level - o.trueLevel) / (o.k - 1)));
    }
    return severitySigma0(groups).sigma0;
  }
}

function emptyRasch(problem: string, rows: string[] = []): RaschProfileResponse {
  return { rows, severity: null, se: null, infit: null, outfit: null, fairAverage: null, count: 0, flags: [], ruler: [], problem };
}

