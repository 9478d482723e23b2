/**
 * Certification on the demo (issue 9): the material the demo confirms meets the pools' and sets'
 * rules, every set drawn for a demo assessor meets the coverage rule and leaves out what they
 * scored or adjudicated live, the statuses are the ones the README describes, and version 2's
 * readers were drawn from certified assessors only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../backend/src/demo/demo-seed.js';
import { coverageOf, type PoolItem } from '../backend/src/protocol/calibration-pools.js';
import { bearer, login, startApi, type ApiHarness } from './support/api-harness.js';

const DEMO = 'fixtures/demo';
let api: ApiHarness;
let trainer: string;

interface Row {
  key: string;
  levels: Array<{ value: string }>;
}

let rubric: Row[];

beforeAll(async () => {
  api = await startApi('certification-demo');
  expect(await seedDemo(api.app, DEMO)).not.toBeNull();
  trainer = await login(api.http, 'trainer@demo.concord', 'concord-demo');
  rubric = (await api.http().get('/api/credentials/1/rubric-versions/1').set(bearer(trainer)).expect(200)).body.rows;
}, 120_000);

afterAll(async () => {
  await api?.close();
});

/** The true levels of every confirmed item of version 1, by item id, read as the trainer reads them. */
async function trueLevels(): Promise<Map<number, PoolItem>> {
  const items = new Map<number, PoolItem>();
  for (let page = 1; ; page++) {
    const body = (await api.http().get(`/api/credentials/1/rubric-versions/1/calibration/candidates?status=confirmed&pageSize=200&page=${page}`).set(bearer(trainer)).expect(200)).body;
    for (const item of body.items as Array<{ id: number; borderline: boolean; rows: Array<{ key: string; trueLevel: string }> }>) {
      items.set(item.id, { itemKey: item.id, borderline: item.borderline, trueLevels: Object.fromEntries(item.rows.map((row) => [row.key, row.trueLevel])) });
    }
    if (page * 200 >= body.total) return items;
  }
}

const material = () => rubric.map((row) => ({ key: row.key, levels: row.levels.map((level) => level.value) }));

describe('certification in the demo', () => {
  it('gives the statuses the README describes, and says why the uncertified are not in the reader pool', async () => {
    const list = (await api.http().get('/api/credentials/1/assessors').set(bearer(trainer)).expect(200)).body;
    expect(list.requiresCertification).toBe(true);
    const byStatus = (status: string) => list.items.filter((item: { status: string }) => item.status === status).map((item: { name: string }) => item.name);
    expect(byStatus('qualified')).toHaveLength(7);
    expect(byStatus('probation')).toEqual(['Hui Lin']);
    expect(byStatus('not_qualified')).toEqual(['Jon Reyes']);
    expect(byStatus('in_training')).toEqual(['Ivy Brooks']);
    for (const item of list.items as Array<{ status: string; eligible: boolean; eligibilityReason: string }>) {
      expect(item.eligible, item.eligibilityReason).toBe(item.status === 'qualified' || item.status === 'probation');
      if (!item.eligible) expect(item.eligibilityReason).toMatch(/not certified/);
    }
  });

  it("draws version 2's readers from qualified and probation assessors only, and its window says so", async () => {
    const readers = await api.sql<{ status: string | null }>(
      `SELECT DISTINCT c."status" AS "status" FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
         LEFT JOIN "certifications" c ON c."assessor_id" = a."assessor_id" AND c."credential_id" = s."credential_id"
        WHERE s."rubric_version_id" = (SELECT "id" FROM "rubric_versions" WHERE "credential_id" = 1 AND "version" = 2)`,
    );
    expect(readers.map((row) => row.status).sort()).toEqual(['probation', 'qualified']);
    const window = (await api.http().get('/api/credentials/1/rubric-versions/2/validation').set(bearer(trainer)).expect(200)).body;
    expect(window.readersCertified).toBe(true);
    const first = (await api.http().get('/api/credentials/1/rubric-versions/1/validation').set(bearer(trainer)).expect(200)).body;
    expect(first.readersCertified).toBe(false);
  });

  it('has anchors for every level of every row, and pools whose qualifying part covers every level', async () => {
    const pools = (await api.http().get('/api/credentials/1/rubric-versions/1/calibration/pools').set(bearer(trainer)).expect(200)).body;
    const anchor = pools.pools.find((pool: { pool: string }) => pool.pool === 'anchor');
    for (const row of anchor.rows as Array<{ key: string; levels: Array<{ level: string; count: number }> }>) {
      for (const level of row.levels) expect(level.count, `${row.key} ${level.level}`).toBeGreaterThanOrEqual(2);
    }
    const qualifying = pools.pools.find((pool: { pool: string }) => pool.pool === 'qualifying');
    expect(qualifying.missing).toEqual([]);
    expect(qualifying.items).toBeGreaterThanOrEqual(20);
    expect(pools.material.ambiguous).toBeGreaterThan(0);
    expect(pools.material.candidate).toBeGreaterThan(0);
  });

  it('draws every set of the demo under the coverage rule, never with an item the assessor scored or adjudicated live', async () => {
    const truths = await trueLevels();
    const sets = await api.sql<{ attemptId: number; assessorId: number; itemId: number; kind: string; sourceSubmissionId: number | null }>(
      `SELECT t."id" AS "attemptId", t."assessor_id" AS "assessorId", ai."item_id" AS "itemId", t."kind" AS "kind", i."source_submission_id" AS "sourceSubmissionId"
         FROM "calibration_attempts" t JOIN "calibration_attempt_items" ai ON ai."attempt_id" = t."id" JOIN "calibration_items" i ON i."id" = ai."item_id"
        WHERE t."kind" <> 'validity'`,
    );
    const attempts = new Map<number, typeof sets>();
    for (const row of sets) attempts.set(Number(row.attemptId), [...(attempts.get(Number(row.attemptId)) ?? []), row]);
    // six assessors passed set A, one failed A and passed B, one failed A, one failed A and B
    expect(attempts.size).toBe(11);
    for (const [attemptId, items] of attempts) {
      expect(items, `set ${attemptId}`).toHaveLength(10);
      const coverage = coverageOf(material(), items.map((item) => truths.get(Number(item.itemId))!));
      expect(coverage.missing, `set ${attemptId}`).toEqual([]);
      expect(coverage.borderline, `set ${attemptId}`).toBeGreaterThanOrEqual(2);
    }
    const live = await api.sql<{ personId: number; submissionId: number }>(
      `SELECT "assessor_id" AS "personId", "submission_id" AS "submissionId" FROM "scores"
       UNION SELECT "adjudicator_id" AS "personId", "submission_id" AS "submissionId" FROM "adjudications"`,
    );
    const tookPart = new Set(live.map((row) => `${row.personId}/${row.submissionId}`));
    for (const row of sets) if (row.sourceSubmissionId !== null) expect(tookPart.has(`${row.assessorId}/${row.sourceSubmissionId}`)).toBe(false);
    const [jon] = await api.sql<{ id: number }>(`SELECT "id" FROM "users" WHERE "email" = 'jon.reyes@demo.concord'`);
    const jonsSets = [...attempts.values()].filter((items) => Number(items[0].assessorId) === Number(jon.id));
    expect(jonsSets).toHaveLength(2);
    const [setA, setB] = jonsSets.map((items) => new Set(items.map((item) => Number(item.itemId))));
    expect([...setA].filter((id) => setB.has(id))).toEqual([]);
  });

  it("draws the newcomer's qualifying set under the coverage rule, and a practice set gives feedback after each item", async () => {
    const ivy = await login(api.http, 'ivy.brooks@demo.concord', 'concord-demo');
    const mine = (await api.http().get('/api/my/calibration').set(bearer(ivy)).expect(200)).body.credentials[0];
    expect(mine.status).toBe('in_training');
    expect(mine.mayStart).toEqual(['practice', 'qualifying']);
    const anchors = (await api.http().get('/api/my/calibration/credentials/1/anchors').set(bearer(ivy)).expect(200)).body;
    expect(anchors.items.length).toBeGreaterThanOrEqual(4);
    expect(anchors.items.every((item: { rows: Array<{ trueLevel: string }> }) => item.rows.every((row) => row.trueLevel !== ''))).toBe(true);

    const practice = (await api.http().post('/api/my/calibration/credentials/1/attempts').set(bearer(ivy)).send({ kind: 'practice' }).expect(201)).body;
    const first = practice.itemList[0];
    expect(first.feedback).toBeNull();
    const form = (await api.http().get(`/api/my/calibration/items/${first.assignmentId}`).set(bearer(ivy)).expect(200)).body;
    const levels = Object.fromEntries(form.rubric.map((row: Row) => [row.key, row.levels[0].value]));
    await api.http().post(`/api/my/calibration/items/${first.assignmentId}/score`).set(bearer(ivy)).send({ levels }).expect(201);
    const after = (await api.http().get(`/api/my/calibration/attempts/${practice.id}`).set(bearer(ivy)).expect(200)).body;
    expect(after.itemList[0].feedback).toHaveLength(rubric.length);
    expect(after.itemList[1].feedback).toBeNull();

    const set = (await api.http().post('/api/my/calibration/credentials/1/attempts').set(bearer(ivy)).send({ kind: 'qualifying' }).expect(201)).body;
    expect(set.label).toBe('A');
    const truths = await trueLevels();
    const items = await api.sql<{ itemId: number }>(`SELECT "item_id" AS "itemId" FROM "calibration_attempt_items" WHERE "attempt_id" = ?`, [set.id]);
    const coverage = coverageOf(material(), items.map((item) => truths.get(Number(item.itemId))!));
    expect(coverage.missing).toEqual([]);
    expect(coverage.borderline).toBeGreaterThanOrEqual(2);
  });

  it("shows an assessor their own live scorings against the final levels, and nothing of the co-reader's", async () => {
    const alex = await login(api.http, 'alex.moreno@demo.concord', 'concord-demo');
    const page = (await api.http().get('/api/my/live-feedback?pageSize=200').set(bearer(alex)).expect(200)).body;
    expect(page.total).toBeGreaterThan(0);
    const own = await api.sql<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM "scores" s JOIN "users" u ON u."id" = s."assessor_id" JOIN "submissions" sub ON sub."id" = s."submission_id"
        JOIN "validation_windows" w ON w."id" = sub."window_id" WHERE u."email" = 'alex.moreno@demo.concord' AND w."status" = 'complete'`,
    );
    expect(page.total).toBe(Number(own[0].n));
    const text = JSON.stringify(page);
    for (const forbidden of ['assessorId', 'comment', 'earner', 'bea.nwosu', 'Bea Nwosu', 'submissionId']) expect(text).not.toContain(forbidden);
    const mismatches = page.items.flatMap((item: { rows: Array<{ matched: boolean; myLevel: string; finalLevel: string }> }) => item.rows.filter((row) => !row.matched));
    expect(mismatches.length).toBeGreaterThan(0);
    for (const row of mismatches) expect(row.myLevel).not.toBe(row.finalLevel);
  });

  it('gives the trainer one assessor drifting lenient, one erratic, one muted and the rest in control on version 1', async () => {
    const list = (await api.http().get('/api/credentials/1/assessors').set(bearer(trainer)).expect(200)).body;
    const certified = list.items.filter((item: { status: string }) => item.status === 'qualified' || item.status === 'probation');
    const profiles = new Map<string, { flags: string[]; validityItems: number; rubricVersion: number; ewma: { firstAlarmSide: string | null }; rasch: { flags: string[]; outfit: number; infit: number; count: number } }>();
    for (const item of certified as Array<{ assessorId: number; name: string }>) {
      profiles.set(item.name, (await api.http().get(`/api/credentials/1/assessors/${item.assessorId}/profile`).set(bearer(trainer)).expect(200)).body);
    }
    expect(profiles.size).toBe(8);
    for (const profile of profiles.values()) {
      expect(profile.rubricVersion).toBe(1);
      // every certified assessor has a validity history, and none was sent back to recalibrate
      expect(profile.validityItems).toBeGreaterThanOrEqual(5);
      expect(profile.flags).not.toContain('recalibration_required');
      expect(profile.rasch.count).toBeGreaterThanOrEqual(30);
    }
    const drifting = profiles.get('Dana Kim')!;
    expect(drifting.flags).toContain('drifting_lenient');
    expect(drifting.ewma.firstAlarmSide).toBe('upper');
    const erratic = profiles.get('Fay Ortiz')!;
    expect(erratic.rasch.outfit).toBeGreaterThan(1.5);
    expect(erratic.rasch.flags).toContain('inconsistent');
    const muted = profiles.get('Bea Nwosu')!;
    expect(Math.min(muted.rasch.infit, muted.rasch.outfit)).toBeLessThan(0.5);
    expect(muted.rasch.flags).toContain('muted');
    // the three also read the ambiguous version-1 scoring-tool row with co-readers below t(k): R4's watch
    for (const name of ['Dana Kim', 'Fay Ortiz', 'Bea Nwosu']) expect(profiles.get(name)!.flags.filter((flag) => flag !== 'watch' && !flag.startsWith('drifting'))).toEqual([]);
    const inControl = [...profiles].filter(([name]) => !['Dana Kim', 'Fay Ortiz', 'Bea Nwosu'].includes(name));
    expect(inControl).toHaveLength(5);
    for (const [name, profile] of inControl) {
      expect({ name, flags: profile.flags, rasch: profile.rasch.flags }).toEqual({ name, flags: [], rasch: [] });
    }
    expect(profiles.get('Fay Ortiz')!.flags.filter((flag) => flag.startsWith('drifting'))).toEqual([]);
    expect(profiles.get('Bea Nwosu')!.flags.filter((flag) => flag.startsWith('drifting'))).toEqual([]);
  });

  it('delivers validity items only from the version of the live work beside them', async () => {
    // version 2 has no validity pool, so its window's queues hold no validity item, and every
    // validity item ever delivered belongs to version 1 and arrived before version 2's first submission
    const [{ delivered, beforeV2 }] = await api.sql<{ delivered: number; beforeV2: number }>(
      `SELECT COUNT(*) AS "delivered",
              SUM(CASE WHEN a."id" < (SELECT MIN(b."id") FROM "assignments" b JOIN "submissions" s ON s."id" = b."submission_id" JOIN "rubric_versions" v ON v."id" = s."rubric_version_id" WHERE v."version" = 2) THEN 1 ELSE 0 END) AS "beforeV2"
         FROM "assignments" a JOIN "calibration_attempt_items" ai ON ai."id" = a."calibration_attempt_item_id"
         JOIN "calibration_attempts" t ON t."id" = ai."attempt_id" JOIN "rubric_versions" v ON v."id" = t."rubric_version_id"
        WHERE v."version" = 1`,
    );
    const [{ total }] = await api.sql<{ total: number }>(`SELECT COUNT(*) AS "total" FROM "assignments" WHERE "calibration_attempt_item_id" IS NOT NULL`);
    expect(Number(delivered)).toBeGreaterThan(40);
    expect(Number(total)).toBe(Number(delivered));
    expect(Number(beforeV2)).toBe(Number(delivered));
  });
});
