import type { EntityManager } from 'typeorm';
import { query } from '../../database/sql.js';
import type { SetJudgement } from '../../protocol/qualification.js';
import type { RubricRow } from '../../protocol/rubric-rules.js';
import { CalibrationAnswer, CalibrationAttemptItem, type CalibrationAttempt } from './calibration-attempt.entity.js';
import { itemRows } from './calibration-queries.js';
import type { AttemptItemResponse, AttemptSummaryResponse, ItemFeedbackRowResponse, JudgementResponse } from './certification.dto.js';

/** Attempts as responses: counts, the judgement, and item-by-item feedback when it may be shown. */

export async function attemptSummaries(manager: EntityManager, attempts: readonly CalibrationAttempt[]): Promise<AttemptSummaryResponse[]> {
  if (attempts.length === 0) return [];
  const ids = attempts.map((attempt) => attempt.id);
  const marks = ids.map(() => '?').join(', ');
  const counts: Array<{ attemptId: number; items: number; scored: number }> = await query(
    manager,
    `SELECT "attempt_id" AS "attemptId", COUNT(*) AS "items", COUNT("scored_at") AS "scored"
       FROM "calibration_attempt_items" WHERE "attempt_id" IN (${marks}) GROUP BY "attempt_id"`,
    ids,
  );
  const versions: Array<{ id: number; version: number }> = await query(
    manager,
    `SELECT "id", "version" FROM "rubric_versions" WHERE "id" IN (${[...new Set(attempts.map((a) => a.rubricVersionId))].map(() => '?').join(', ')})`,
    [...new Set(attempts.map((attempt) => attempt.rubricVersionId))],
  );
  const versionOf = new Map(versions.map((row) => [Number(row.id), Number(row.version)]));
  const countOf = new Map(counts.map((row) => [Number(row.attemptId), row]));
  return attempts.map((attempt) => ({
    id: attempt.id,
    credentialId: attempt.credentialId,
    rubricVersion: versionOf.get(attempt.rubricVersionId) ?? 0,
    kind: attempt.kind,
    label: attempt.label,
    status: attempt.status,
    judgedRows: JSON.parse(attempt.judgedRows) as string[],
    items: Number(countOf.get(attempt.id)?.items ?? 0),
    scored: Number(countOf.get(attempt.id)?.scored ?? 0),
    startedAt: attempt.startedAt,
    finishedAt: attempt.finishedAt,
    note: attempt.note,
    judgement: judgementResponse(attempt.judgement),
  }));
}

export function judgementResponse(stored: string | null): JudgementResponse | null {
  if (stored === null) return null;
  const judgement = JSON.parse(stored) as SetJudgement & { levelValues?: Record<string, string[]> };
  return {
    passed: judgement.passed,
    decisions: judgement.decisions,
    exact: judgement.exact,
    pooledRate: judgement.pooledRate,
    pooledRequired: judgement.pooledRequired,
    failures: judgement.failures,
    rows: judgement.rows.map((row) => ({
      key: row.key,
      levelValues: judgement.levelValues?.[row.key] ?? [],
      threshold: row.threshold,
      floor: row.floor,
      decisions: row.decisions,
      exact: row.exact,
      adjacent: row.adjacent,
      nonAdjacent: row.nonAdjacent,
      exactRate: row.exactRate,
      meetsFloor: row.meetsFloor,
      withinNonAdjacent: row.withinNonAdjacent,
      confusion: row.confusion,
    })),
  };
}

/** Every answer of an attempt: attempt item id -> row key -> level. */
export async function answersOf(manager: EntityManager, attemptItemIds: readonly number[]): Promise<Map<number, Map<string, CalibrationAnswer>>> {
  const out = new Map<number, Map<string, CalibrationAnswer>>();
  if (attemptItemIds.length === 0) return out;
  const answers = await manager.createQueryBuilder(CalibrationAnswer, 'answer').where('answer.attemptItemId IN (:...ids)', { ids: [...attemptItemIds] }).getMany();
  for (const answer of answers) {
    const rows = out.get(answer.attemptItemId) ?? new Map<string, CalibrationAnswer>();
    rows.set(answer.rowKey, answer);
    out.set(answer.attemptItemId, rows);
  }
  return out;
}

/**
 * The items of an attempt in the order served. Feedback (true level, rationale, the answer and how
 * far it was) shows on a practice item once it is scored, and on every item of a qualifying or
 * calibration set once the set is judged, never before; `showAll` (trainers) shows it once judged too.
 */
export async function attemptItems(manager: EntityManager, attempt: CalibrationAttempt, rubric: readonly RubricRow[]): Promise<AttemptItemResponse[]> {
  const items = await manager.find(CalibrationAttemptItem, { where: { attemptId: attempt.id }, order: { position: 'ASC' } });
  const truths = await itemRows(manager, items.map((item) => item.itemId));
  const answers = await answersOf(manager, items.map((item) => item.id));
  const judged = attempt.status !== 'in_progress';
  const judgedRows = new Set(JSON.parse(attempt.judgedRows) as string[]);
  return items.map((item) => {
    const scored = item.scoredAt !== null;
    const show = attempt.kind === 'practice' ? scored : judged;
    return {
      assignmentId: item.id,
      position: item.position,
      status: scored ? 'scored' : 'pending',
      feedback: show ? feedbackRows(rubric.filter((row) => judgedRows.has(row.key)), truths.get(item.itemId) ?? [], answers.get(item.id)) : null,
    };
  });
}

function feedbackRows(
  rubric: readonly RubricRow[],
  truths: ReadonlyArray<{ rowKey: string; trueLevel: string | null; rationale: string | null }>,
  answers: Map<string, CalibrationAnswer> | undefined,
): ItemFeedbackRowResponse[] {
  return rubric.map((row) => {
    const truth = truths.find((entry) => entry.rowKey === row.key);
    const answer = answers?.get(row.key)?.level ?? null;
    const values = row.levels.map((level) => level.value);
    const distance = answer === null ? null : Math.abs(values.indexOf(answer) - values.indexOf(truth?.trueLevel ?? ''));
    const match: ItemFeedbackRowResponse['match'] =
      distance === null ? 'unanswered' : distance === 0 ? 'exact' : distance === 1 && row.scale === 'ordinal' ? 'adjacent' : 'non_adjacent';
    return { key: row.key, trueLevel: truth?.trueLevel ?? '', rationale: truth?.rationale ?? null, answer, match };
  });
}
