import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { query } from '../database/sql.js';
import { CalibrationAttemptsService } from '../modules/certification/attempts.service.js';
import { CertificationService } from '../modules/certification/certification.service.js';
import { CalibrationMaterialService } from '../modules/certification/material.service.js';
import type { AdjudicationReason } from '../protocol/study-report.js';
import { ConflictError } from '../protocol/errors.js';
import { seededRandom, shuffled } from '../protocol/seeded-random.js';
import { ScoringService } from '../modules/scoring/scoring.service.js';
import { SubmissionsService } from '../modules/submissions/submissions.service.js';

/** The demo's certification: which assessor answers how, by email. */
const QUALIFIED_WITH_MISSES = new Map<string, number>([
  ['alex.moreno@demo.concord', 1],
  ['bea.nwosu@demo.concord', 0],
  ['carl.jensen@demo.concord', 3],
  ['dana.kim@demo.concord', 2],
  ['eli.haddad@demo.concord', 0],
  ['fay.ortiz@demo.concord', 4],
  ['gil.adams@demo.concord', 1],
]);
/** Fails set A by a one-row misconception, then is certified on probation. */
const ON_PROBATION = 'hui.lin@demo.concord';
/** Joined after version 1; fails sets A and B and is not qualified. */
const NOT_QUALIFIED = 'jon.reyes@demo.concord';
/** Candidates of version 1 left for the trainer to confirm in the dashboard. */
const LEFT_UNCONFIRMED = 4;
/** The pools' seed, so the demo draws the same pools every time. */
const POOL_SEED = 'demo-2026';

export interface CertificationSeed {
  credentialId: number;
  trainer: number;
  admin: number;
  /** the adjudicator's reasons and notes per submission reference and row */
  notes: Map<string, Record<string, { level: string; reason: AdjudicationReason; note: string }>>;
  /** submission id by reference */
  submissionRefs: Map<string, number>;
  expertPanelCsv: string;
  assessorIds: Map<string, number>;
}

/**
 * Certification in the demo, through the same services the API uses: the version-1 window's
 * submissions become candidates, the trainer confirms all but a few (rationales from the
 * adjudicator's notes; one item made ambiguous and settled by the admin, one left ambiguous),
 * an expert panel's 30 items are imported and confirmed, the pools are drawn; then seven
 * assessors pass qualifying set A (with a few misses), one fails it and is certified on
 * probation, one joins later and fails sets A and B, and one joins later and has done nothing
 * yet. Finally the credential requires certification, so version 2's window draws from the
 * qualified and probation assessors only.
 */
export async function seedCertification(app: INestApplication, seed: CertificationSeed): Promise<void> {
  const material = app.get(CalibrationMaterialService);
  const attempts = app.get(CalibrationAttemptsService);
  const certification = app.get(CertificationService);
  const dataSource = app.get(DataSource);
  const { credentialId, trainer } = seed;

  await material.candidatesFromWindow(trainer, credentialId, 1);
  const referenceOf = new Map([...seed.submissionRefs].map(([reference, id]) => [id, reference]));
  const candidates = await query<{ id: number; submissionId: number }>(
    dataSource,
    `SELECT "id", "source_submission_id" AS "submissionId" FROM "calibration_items" WHERE "credential_id" = ? ORDER BY "id"`,
    [credentialId],
  );
  const toConfirm = candidates.slice(0, candidates.length - LEFT_UNCONFIRMED);
  for (const [index, candidate] of toConfirm.entries()) {
    const item = await material.get(trainer, credentialId, 1, Number(candidate.id));
    const notes = seed.notes.get(referenceOf.get(Number(candidate.submissionId)) ?? '') ?? {};
    const levels = Object.fromEntries(item.rows.map((row) => [row.key, row.finalLevel]));
    const rationales = Object.fromEntries(
      item.rows.filter((row) => row.disagreed).map((row) => [row.key, notes[row.key]?.note || `The readers split; the evidence fits level ${row.finalLevel} as its descriptor reads.`]),
    );
    // Two items the trainer reads differently on the scoring-tool row: ambiguous, one settled by a second trainer.
    const doubted = index === 3 || index === 11;
    if (doubted) {
      const row = item.rows.find((entry) => entry.key === 'scoring_tool')!;
      levels.scoring_tool = row.finalLevel === '2' ? '3' : '2';
      rationales.scoring_tool = 'The levels of this scoring tool read as observable to me, against the final level.';
    }
    await material.confirm(trainer, credentialId, 1, item.id, { levels, rationales });
    if (index === 3) {
      await material.confirm(seed.admin, credentialId, 1, item.id, {
        levels: Object.fromEntries(item.rows.map((row) => [row.key, row.finalLevel])),
        rationales: { ...rationales, scoring_tool: 'The levels are vague in two places; the final level stands.' },
      });
    }
  }
  const panel = await material.importExpertItems(trainer, credentialId, 1, seed.expertPanelCsv);
  const panelItems = await query<{ id: number }>(dataSource, `SELECT "id" FROM "calibration_items" WHERE "credential_id" = ? AND "provenance" = 'expert_panel' ORDER BY "id"`, [credentialId]);
  for (const { id } of panelItems.slice(0, panel.created)) {
    const item = await material.get(trainer, credentialId, 1, Number(id));
    await material.confirm(trainer, credentialId, 1, item.id, {
      levels: Object.fromEntries(item.rows.map((row) => [row.key, row.finalLevel])),
      rationales: Object.fromEntries(item.rows.map((row) => [row.key, row.rationale ?? ''])),
    });
  }
  await material.drawPools(trainer, credentialId, 1, POOL_SEED);

  for (const [email, misses] of QUALIFIED_WITH_MISSES) {
    // the erratic assessor fails set A by misses on every row and passes set B
    if (VALIDITY_STYLES.get(email) === 'erratic') await takeQualifyingSet(seed.assessorIds.get(email)!, 10, undefined, true);
    await takeQualifyingSet(seed.assessorIds.get(email)!, misses, undefined, VALIDITY_STYLES.get(email) === 'erratic');
  }
  const probation = seed.assessorIds.get(ON_PROBATION)!;
  await takeQualifyingSet(probation, 4, 'feedback_plan');
  await certification.act(trainer, credentialId, probation, { type: 'probation', reason: 'Exact on every row but the feedback plan; certified on probation while that row is watched.', version: 1 }, 'Exact on every row but the feedback plan; certified on probation while that row is watched.');
  const notQualified = seed.assessorIds.get(NOT_QUALIFIED)!;
  await takeQualifyingSet(notQualified, 8);
  await takeQualifyingSet(notQualified, 7);
  await certification.updateSettings(trainer, credentialId, { requiresCertification: true });

  /**
   * The assessor starts their next qualifying set and answers it: true levels but for `misses`
   * answers two levels off on ordinal rows (all on `row` when given, else spread over the rows),
   * or at the far end of the scale when `far`.
   */
  async function takeQualifyingSet(assessorId: number, misses: number, row?: string, far = false): Promise<void> {
    const attempt = await attempts.start(assessorId, credentialId, { kind: 'qualifying' });
    const truths = await query<{ attemptItemId: number; rowKey: string; level: string }>(
      dataSource,
      `SELECT ai."id" AS "attemptItemId", r."row_key" AS "rowKey", r."true_level" AS "level"
         FROM "calibration_attempt_items" ai JOIN "calibration_item_rows" r ON r."item_id" = ai."item_id"
        WHERE ai."attempt_id" = ? ORDER BY ai."position", r."row_key"`,
      [attempt.id],
    );
    const ordinal = ['learning_targets', 'task_authenticity', 'scoring_tool', 'feedback_plan'];
    let left = misses;
    for (const [position, entry] of attempt.itemList.entries()) {
      const levels = Object.fromEntries(truths.filter((truth) => Number(truth.attemptItemId) === entry.assignmentId).map((truth) => [truth.rowKey, truth.level]));
      if (left > 0) {
        const key = row ?? ordinal[position % ordinal.length];
        const level = Number(levels[key]);
        levels[key] = far ? (level <= 2 ? '4' : '1') : String(level <= 2 ? level + 2 : level - 2);
        left--;
      }
      await attempts.scoreItem(assessorId, entry.assignmentId, { levels });
    }
  }
}

/** Every assessor's id by email. */
export async function assessorIdsByEmail(dataSource: DataSource): Promise<Map<string, number>> {
  const rows = await query<{ id: number; email: string }>(
    dataSource,
    `SELECT u."id" AS "id", u."email" AS "email" FROM "users" u JOIN "user_roles" r ON r."user_id" = u."id" AND r."role" = 'assessor'`,
  );
  return new Map(rows.map((row) => [row.email, Number(row.id)]));
}

/** How each assessor answers the validity items of the live period, by email; the rest answer in control. */
const VALIDITY_STYLES = new Map<string, ValidityStyle>([
  ['dana.kim@demo.concord', 'drifting_lenient'],
  ['fay.ortiz@demo.concord', 'erratic'],
  ['bea.nwosu@demo.concord', 'muted'],
]);
type ValidityStyle = 'in_control' | 'drifting_lenient' | 'erratic' | 'muted';
/** Submissions received while version 1 was live, between its study and version 2's. */
const LIVE_PERIOD_SUBMISSIONS = 240;

export interface LiveHistorySeed {
  credentialId: number;
  researcher: number;
  /** earners to draw names, organisations and evidence from */
  earners: ReadonlyArray<Record<string, string>>;
  /** plausible whole-rubric scorings (the study's first readings), reused in turn for the live period */
  scorings: ReadonlyArray<Record<string, string>>;
  assessorIds: Map<string, number>;
}

/**
 * Version 1's live period, through the services the API uses: earners' submissions arrive outside
 * any study and are each scored by one certified assessor, and the validity items the seeded
 * schedule slips into their queues are answered in each assessor's style. The trainer then sees,
 * on version 1's monitoring profiles, one assessor drifting lenient (their late answers a level
 * high: the EWMA leaves its upper limit), one erratic (misses either way, some by two levels:
 * outfit above 1.5), one muted (only the inner levels: infit below 0.5) and the rest in control.
 */
export async function seedLiveHistory(app: INestApplication, seed: LiveHistorySeed): Promise<void> {
  const submissions = app.get(SubmissionsService);
  const scoring = app.get(ScoringService);
  const dataSource = app.get(DataSource);
  const styleOf = new Map([...seed.assessorIds].map(([email, id]) => [id, VALIDITY_STYLES.get(email) ?? 'in_control']));
  const answered = new Map<number, number>();
  const random = seededRandom('demo-live-period');
  for (let index = 0; index < LIVE_PERIOD_SUBMISSIONS; index++) {
    const first = seed.earners[index % seed.earners.length];
    const last = seed.earners[(index * 7 + 3) % seed.earners.length];
    const receipt = await submissions.receive(seed.researcher, seed.credentialId, {
      earnerName: `${first.earner_name.split(' ')[0]} ${last.earner_name.split(' ').at(-1)}`,
      earnerOrganisation: seed.earners[(index * 3 + 1) % seed.earners.length].organisation,
      evidenceText: `Unit assessment portfolio ${seed.earners.length + index + 1}: task brief, scoring tool, three samples of student work, feedback record and a reflection.`,
    });
    const pending = await query<{ id: number; assessorId: number; validity: number | null }>(
      dataSource,
      `SELECT "id", "assessor_id" AS "assessorId", "calibration_attempt_item_id" AS "validity" FROM "assignments"
        WHERE "status" = 'pending' AND ("submission_id" = ? OR ("submission_id" IS NULL AND "assessor_id" IN (SELECT "assessor_id" FROM "assignments" WHERE "submission_id" = ?)))
        ORDER BY "id"`,
      [receipt.id, receipt.id],
    );
    for (const assignment of pending) {
      const assessorId = Number(assignment.assessorId);
      if (assignment.validity === null) {
        // an assessor whose queue a rule paused leaves their live work waiting until they recalibrate
        const style = styleOf.get(assessorId) ?? 'in_control';
        const levels = liveInStyle(style, seed.scorings[index % seed.scorings.length], random);
        await scoring.submitScore(assessorId, Number(assignment.id), { levels }).catch((error: unknown) => {
          if (!(error instanceof ConflictError && error.code === 'queue_paused')) throw error;
        });
        continue;
      }
      const nth = answered.get(assessorId) ?? 0;
      answered.set(assessorId, nth + 1);
      const truths = await query<{ rowKey: string; level: string }>(
        dataSource,
        `SELECT r."row_key" AS "rowKey", r."true_level" AS "level" FROM "calibration_attempt_items" ai JOIN "calibration_item_rows" r ON r."item_id" = ai."item_id" WHERE ai."id" = ?`,
        [Number(assignment.validity)],
      );
      const levels = answersInStyle(styleOf.get(assessorId) ?? 'in_control', nth, Object.fromEntries(truths.map((truth) => [truth.rowKey, truth.level])));
      await scoring.submitScore(assessorId, Number(assignment.id), { levels });
    }
  }
}

const ORDINAL_LEVELS = ['1', '2', '3', '4'];

/**
 * An assessor's answers to their `nth` validity item, given its true levels: the drifting
 * assessor answers a level high on two rows from their fourth item on; the erratic one, from
 * their second item on, misses two rows a level apart in opposite directions (one up, one down,
 * so no drift); the muted one and those in control answer true but for a rare miss on one row
 * that alternates in direction.
 */
function answersInStyle(style: ValidityStyle, nth: number, truths: Record<string, string>): Record<string, string> {
  const levels = { ...truths };
  /** moves `row` one level in `direction`, or the other way at the end of the scale; the direction taken */
  const nudge = (row: string, direction: 1 | -1): 1 | -1 => {
    const position = ORDINAL_LEVELS.indexOf(truths[row]);
    const taken = position + direction < 0 || position + direction > 3 ? (-direction as 1 | -1) : direction;
    levels[row] = ORDINAL_LEVELS[position + taken];
    return taken;
  };
  if (style === 'drifting_lenient' && nth >= 3) {
    for (const row of ['task_authenticity', 'scoring_tool']) levels[row] = ORDINAL_LEVELS[Math.min(3, ORDINAL_LEVELS.indexOf(truths[row]) + 1)];
  } else if (style === 'erratic' && nth > 0) {
    const [first, second] = nth % 2 === 0 ? ['feedback_plan', 'learning_targets'] : ['scoring_tool', 'task_authenticity'];
    const taken = nudge(first, nth % 4 < 2 ? 1 : -1);
    const position = ORDINAL_LEVELS.indexOf(truths[second]);
    if (position - taken >= 0 && position - taken <= 3) levels[second] = ORDINAL_LEVELS[position - taken];
  } else if (style !== 'drifting_lenient' && nth % 3 === 2) {
    nudge('task_authenticity', nth % 2 === 0 ? 1 : -1);
  }
  return levels;
}

/**
 * An assessor's live scoring of a submission that a typical reader scored `typical`: the erratic
 * one strays either way, the muted one gives every ordinal row the same level (a halo).
 */
function liveInStyle(style: ValidityStyle, typical: Record<string, string>, random: () => number): Record<string, string> {
  const levels = { ...typical };
  const ordinal = Object.keys(levels).filter((key) => ORDINAL_LEVELS.includes(levels[key]));
  if (style === 'muted') {
    const positions = ordinal.map((key) => ORDINAL_LEVELS.indexOf(levels[key])).sort((a, b) => a - b);
    const halo = ORDINAL_LEVELS[positions[Math.floor(positions.length / 2)]];
    for (const key of ordinal) levels[key] = halo;
  }
  if (style === 'erratic') {
    // on every submission two rows go to the far end of the scale, on half of them a third too
    for (const key of shuffled(ordinal, random).slice(0, random() < 0.5 ? 3 : 2)) levels[key] = Number(levels[key]) <= 2 ? '4' : '1';
  }
  return levels;
}
