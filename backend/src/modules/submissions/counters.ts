import type { EntityManager } from 'typeorm';
import { query } from '../../database/sql.js';

/**
 * Takes the next `count` sequence numbers of a credential's submissions from its counter column
 * (`UPDATE ... RETURNING`), which also locks the credential's row until the transaction ends: two
 * transactions receiving submissions of one credential take turns, on any number of instances.
 * Returns the first number taken (1 for the credential's first submission).
 */
export async function takeSubmissionSequences(manager: EntityManager, credentialId: number, count: number): Promise<number> {
  const [row] = await query<{ received: number }>(
    manager,
    `UPDATE "credentials" SET "submissions_received" = "submissions_received" + ? WHERE "id" = ? RETURNING "submissions_received" AS "received"`,
    [count, credentialId],
  );
  if (!row) throw new Error(`credential ${credentialId} vanished while a submission was received`);
  return Number(row.received) - count + 1;
}

/**
 * Records that `count` more submissions joined a window's study, in its counter column (which
 * gives the next study sequence). The caller holds the window's row locked (`lockForChange`).
 */
export async function countStudyPlaces(manager: EntityManager, windowId: number, count: number): Promise<void> {
  await query(manager, `UPDATE "validation_windows" SET "study_submissions" = "study_submissions" + ? WHERE "id" = ?`, [count, windowId]);
}
