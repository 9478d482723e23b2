import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { query } from '../database/sql.js';
import { CalibrationAttemptsService } from '../modules/certification/attempts.service.js';
import { CertificationService } from '../modules/certification/certification.service.js';
import { CalibrationMaterialService } from '../modules/certification/material.service.js';
import type { AdjudicationReason } from '../protocol/study-report.js';

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

  for (const [email, misses] of QUALIFIED_WITH_MISSES) await takeQualifyingSet(seed.assessorIds.get(email)!, misses);
  const probation = seed.assessorIds.get(ON_PROBATION)!;
  await takeQualifyingSet(probation, 4, 'feedback_plan');
  await certification.act(trainer, credentialId, probation, { type: 'probation', reason: 'Exact on every row but the feedback plan; certified on probation while that row is watched.', version: 1 }, 'Exact on every row but the feedback plan; certified on probation while that row is watched.');
  const notQualified = seed.assessorIds.get(NOT_QUALIFIED)!;
  await takeQualifyingSet(notQualified, 8);
  await takeQualifyingSet(notQualified, 7);
  await certification.updateSettings(trainer, credentialId, { requiresCertification: true });

  /**
   * The assessor starts their next qualifying set and answers it: true levels but for `misses`
   * answers two levels off on ordinal rows (all on `row` when given, else spread over the rows).
   */
  async function takeQualifyingSet(assessorId: number, misses: number, row?: string): Promise<void> {
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
        levels[key] = String(level <= 2 ? level + 2 : level - 2);
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
