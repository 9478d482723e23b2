import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { bearer, login, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';
import { adjudicate, createCredential, openWindow, submitWork, windowOf } from './support/builders.js';
import {
  answerSet,
  attemptOf,
  balancedLevels,
  auditOf,
  calibrationPath,
  candidates,
  certificationOf,
  confirmCandidates,
  drawPools,
  evidenceOfItem,
  evidenceOfSet,
  expertPanelCsv,
  importPanel,
  panelItems,
  panelMaterial,
  setPolicy,
  startSet,
  takeQualifyingSet,
  truthByEvidence,
  wrongLevels,
  type Levels,
  type PoolsResponse,
  type Truth,
} from './support/calibration.js';

/**
 * Assessor certification (issue 9) through the HTTP API only: calibration material from a
 * completed window and from an expert panel, confirmation by a trainer who took no part live,
 * pools and sets, qualifying attempts and the status they lead to, feedback, the leak rules, the
 * blind form, and the reader pool of a credential that requires certification. Each describe
 * builds its own API and state; the tests of a describe read it or add to it without depending
 * on one another. Right and wrong answers come from the true levels a trainer reads, matched to
 * the items served by their evidence text.
 */

/** Assignment id by evidence text, for every assignment of the assessor. */
async function assignmentsByEvidence(api: ApiHarness, assessor: TestUser): Promise<Map<string, number>> {
  const byEvidence = new Map<string, number>();
  const queue = await api.http().get('/api/my/assignments?pageSize=200').set(bearer(assessor.token)).expect(200);
  for (const item of queue.body.items as Array<{ assignmentId: number }>) {
    const view = await api.http().get(`/api/assignments/${item.assignmentId}`).set(bearer(assessor.token)).expect(200);
    byEvidence.set(view.body.evidence.text, item.assignmentId);
  }
  return byEvidence;
}

/** Every key path of a JSON value, array elements merged: `rubric[].levels[].value`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((entry) => keyPaths(entry, `${prefix}[]`)))].sort();
  if (value === null || typeof value !== 'object') return [];
  const paths = Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...keyPaths(inner, path)];
  });
  return [...new Set(paths)].sort();
}

/** Every key of every object in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

/** The pool holds at least `least[row]` items of every level of each row (what the sets drawn from it need). */
function expectCoverage(pools: PoolsResponse, name: string, least: Record<string, number>): void {
  const pool = pools.pools.find((entry) => entry.pool === name)!;
  for (const row of pool.rows) for (const level of row.levels) expect(level.count, `${name} pool: ${row.key} ${level.level}`).toBeGreaterThanOrEqual(least[row.key]);
}

const sortedFields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((issue) => issue.field).sort();

/** Rows as feedback and candidates list them, reduced to row key -> value. */
const byKey = (rows: ReadonlyArray<{ key: string }>, field: string) => Object.fromEntries(rows.map((row) => [row.key, (row as Record<string, unknown>)[field]]));

describe('calibration candidates from a completed validation window', () => {
  const STUDY = [1, 2, 3, 4, 5, 6, 7, 8];
  /** the level each study submission ends with live (agreed, or the adjudicator's) */
  const FINAL: Record<number, Levels> = {
    1: { aim: 'yes', depth: '1' },
    2: { aim: 'no', depth: '2' },
    3: { aim: 'yes', depth: '3' },
    4: { aim: 'no', depth: '4' },
    5: { aim: 'yes', depth: '2' },
    6: { aim: 'yes', depth: '4' },
    7: { aim: 'no', depth: '3' },
    8: { aim: 'yes', depth: '1' },
  };
  /** the second reader's levels where the readers disagree; the adjudicator restores FINAL */
  const DISAGREEING: Record<number, Levels> = {
    2: { aim: 'no', depth: '3' },
    5: { aim: 'yes', depth: '1' },
    7: { aim: 'yes', depth: '4' },
  };
  const ADJUDICATED = new Set([2, 5, 7]);
  const evidence = (n: number) => `window response ${n}`;

  let api: ApiHarness;
  let designer: TestUser;
  let trainer: TestUser;
  let secondTrainer: TestUser;
  let trainerAssessor: TestUser;
  let researcher: TestUser;
  let adjudicator: TestUser;
  let assessors: TestUser[];
  let credentialId: number;
  /** study submission -> its readers; (reader id, submission) -> assignment id and the levels given */
  const readersOf = new Map<number, TestUser[]>();
  const assignmentOf = new Map<string, number>();
  const givenLevels = new Map<string, Levels>();
  let firstFromWindow: { created: number; skipped: number };
  let submissionIds: Map<number, number>;

  const itemShowing = async (n: number) => (await candidates(api, trainer, credentialId)).find((item) => item.evidence.text === evidence(n))!;
  const confirmPath = (itemId: number) => `${calibrationPath(credentialId)}/candidates/${itemId}/confirm`;

  beforeAll(async () => {
    api = await startApi('certification-window');
    designer = await api.createUser('ZZPERSON Designer', ['designer']);
    trainer = await api.createUser('ZZPERSON Trainer One', ['trainer']);
    secondTrainer = await api.createUser('ZZPERSON Trainer Two', ['trainer']);
    researcher = await api.createUser('ZZPERSON Researcher', ['researcher']);
    adjudicator = await api.createUser('ZZPERSON Adjudicator', ['adjudicator']);
    // an assessor who reads the study and becomes a trainer afterwards (a trainer is never drawn as a reader)
    trainerAssessor = await api.createUser('ZZPERSON Trainer Assessor', ['assessor']);
    assessors = [await api.createUser('ZZPERSON Assessor One', ['assessor']), await api.createUser('ZZPERSON Assessor Two', ['assessor']), trainerAssessor];
    credentialId = await createCredential(api, designer, 'Window material');
    await openWindow(api, designer, credentialId, { targetSubmissions: STUDY.length, readersPerSubmission: 2, seed: 5 });
    submissionIds = new Map();
    for (const n of STUDY) {
      const receipt = await submitWork(api, trainer, credentialId, { earnerName: `ZZEARNER-${n}`, earnerOrganisation: `ZZORG-${n}`, evidenceText: evidence(n) });
      submissionIds.set(n, receipt.body.id);
    }
    for (const assessor of assessors) {
      for (const [text, assignmentId] of await assignmentsByEvidence(api, assessor)) {
        const n = Number(/(\d+)$/.exec(text)![1]);
        readersOf.set(n, [...(readersOf.get(n) ?? []), assessor]);
        assignmentOf.set(`${assessor.id}/${n}`, assignmentId);
      }
    }
    for (const n of STUDY) {
      const readers = readersOf.get(n)!;
      expect(readers).toHaveLength(2);
      for (const [slot, reader] of readers.entries()) {
        const levels = slot === 1 && DISAGREEING[n] ? DISAGREEING[n] : FINAL[n];
        givenLevels.set(`${reader.id}/${n}`, levels);
        await api
          .http()
          .post(`/api/assignments/${assignmentOf.get(`${reader.id}/${n}`)}/score`)
          .set(bearer(reader.token))
          .send({ levels, comments: { depth: `ZZNOTE-${reader.id}-${n}` } })
          .expect(201);
      }
    }
    for (const n of ADJUDICATED) {
      const rows = Object.fromEntries(
        Object.keys(FINAL[n])
          .filter((key) => FINAL[n][key] !== DISAGREEING[n][key])
          .map((key) => [key, { level: FINAL[n][key], reason: 'assessor_error' }]),
      );
      await adjudicate(api, adjudicator, submissionIds.get(n)!, rows);
    }
    expect((await windowOf(api, designer, credentialId)).status).toBe('complete');
    await api.write(`INSERT INTO "user_roles" ("user_id", "role") VALUES (?, 'trainer')`, [trainerAssessor.id]);
    firstFromWindow = (await api.http().post(`${calibrationPath(credentialId)}/candidates/from-window`).set(bearer(trainer.token)).expect(200)).body;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('refuses candidates before the window completes (409 window_not_complete), while collecting and while adjudicating', async () => {
    const small = await startApi('certification-early');
    try {
      const smallDesigner = await small.createUser('Designer', ['designer']);
      const smallTrainer = await small.createUser('Trainer', ['trainer']);
      const smallAdjudicator = await small.createUser('Adjudicator', ['adjudicator']);
      const readers = [await small.createUser('Reader One', ['assessor']), await small.createUser('Reader Two', ['assessor'])];
      const smallCredential = await createCredential(small, smallDesigner, 'Early');
      const fromWindow = () => small.http().post(`${calibrationPath(smallCredential)}/candidates/from-window`).set(bearer(smallTrainer.token));
      expect((await fromWindow().expect(404)).body.message).toMatch(/no validation window/);
      await openWindow(small, smallDesigner, smallCredential, { targetSubmissions: 2, readersPerSubmission: 2, seed: 1 });
      const agreed = (await submitWork(small, smallTrainer, smallCredential, { earnerName: 'E1', evidenceText: 'early 1' })).body.id;
      const disputed = (await submitWork(small, smallTrainer, smallCredential, { earnerName: 'E2', evidenceText: 'early 2' })).body.id;
      expect(agreed).toBeGreaterThan(0);
      for (const reader of readers) {
        const mine = await assignmentsByEvidence(small, reader);
        await small.http().post(`/api/assignments/${mine.get('early 1')}/score`).set(bearer(reader.token)).send({ levels: { aim: 'yes', depth: '2' } }).expect(201);
      }
      const collecting = await fromWindow().expect(409);
      expect(collecting.body).toMatchObject({ code: 'window_not_complete', message: expect.stringMatching(/collecting/) });
      for (const [index, reader] of readers.entries()) {
        const mine = await assignmentsByEvidence(small, reader);
        await small
          .http()
          .post(`/api/assignments/${mine.get('early 2')}/score`)
          .set(bearer(reader.token))
          .send({ levels: { aim: 'yes', depth: index === 0 ? '2' : '3' } })
          .expect(201);
      }
      const adjudicating = await fromWindow().expect(409);
      expect(adjudicating.body).toMatchObject({ code: 'window_not_complete', message: expect.stringMatching(/adjudicating/) });
      // no live feedback either before the window completes
      expect((await small.http().get('/api/my/live-feedback').set(bearer(readers[0].token)).expect(200)).body.total).toBe(0);
      expect((await candidates(small, smallTrainer, smallCredential)).length).toBe(0);

      await adjudicate(small, smallAdjudicator, disputed, { depth: { level: '3', reason: 'evidence_ambiguous' } });
      expect((await fromWindow().expect(200)).body).toEqual({ created: 2, skipped: 0 });
      expect((await small.http().get('/api/my/live-feedback').set(bearer(readers[0].token)).expect(200)).body.total).toBe(2);
    } finally {
      await small.close();
    }
  });

  it('makes one candidate per study submission with its final levels, provenance and borderline flag; a second call adds none', async () => {
    expect(firstFromWindow).toEqual({ created: STUDY.length, skipped: 0 });
    const items = await candidates(api, trainer, credentialId);
    expect(items).toHaveLength(STUDY.length);
    for (const n of STUDY) {
      const item = items.find((candidate) => candidate.evidence.text === evidence(n))!;
      expect(item, `submission ${n}`).toMatchObject({ provenance: ADJUDICATED.has(n) ? 'adjudicated' : 'agreed', borderline: ADJUDICATED.has(n), pool: null, externalRef: null });
      expect(byKey(item.rows, 'finalLevel'), `submission ${n}`).toEqual(FINAL[n]);
      expect(byKey(item.rows, 'disagreed'), `submission ${n}`).toEqual({ aim: n === 7, depth: ADJUDICATED.has(n) });
    }
    const again = await api.http().post(`${calibrationPath(credentialId)}/candidates/from-window`).set(bearer(secondTrainer.token)).expect(200);
    expect(again.body).toEqual({ created: 0, skipped: STUDY.length });
    expect(await candidates(api, researcher, credentialId)).toHaveLength(STUDY.length);
    const audit = await auditOf(api, researcher, 'calibration.candidates_created');
    expect(audit.map((entry) => [entry.actorId, entry.details.source, entry.details.created])).toEqual([
      [secondTrainer.id, 'validation_window', 0],
      [trainer.id, 'validation_window', STUDY.length],
    ]);
  });

  it('refuses confirmation by a trainer who scored the submission live (403 live_participant), but not of the others', async () => {
    const scoredByTrainer = STUDY.filter((n) => readersOf.get(n)!.includes(trainerAssessor));
    const notScored = STUDY.filter((n) => !scoredByTrainer.includes(n));
    expect(scoredByTrainer.length).toBeGreaterThan(0);
    const seenByTrainerAssessor = await candidates(api, trainerAssessor, credentialId);
    for (const item of seenByTrainerAssessor) {
      expect(item.callerTookPart, item.evidence.text!).toBe(scoredByTrainer.some((n) => evidence(n) === item.evidence.text));
    }
    expect((await candidates(api, trainer, credentialId)).every((item) => !item.callerTookPart)).toBe(true);

    const own = await itemShowing(scoredByTrainer[0]);
    const refused = await api
      .http()
      .post(confirmPath(own.id))
      .set(bearer(trainerAssessor.token))
      .send({ levels: FINAL[scoredByTrainer[0]], rationales: { aim: 'seen it', depth: 'seen it' } })
      .expect(403);
    expect(refused.body.code).toBe('live_participant');
    expect((await itemShowing(scoredByTrainer[0])).confirmedBy).toBeNull();

    const other = notScored.find((n) => !ADJUDICATED.has(n) && n !== 1)!;
    expect(other, 'an agreed submission the trainer-assessor did not read').toBeDefined();
    const confirmed = await api.http().post(confirmPath((await itemShowing(other)).id)).set(bearer(trainerAssessor.token)).send({ levels: FINAL[other] }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedBy: { id: trainerAssessor.id, name: trainerAssessor.name } });
  });

  it('asks for a rationale on every row disagreed live (422 rationales.<row>), then confirms with the trainer’s levels', async () => {
    const item = await itemShowing(7);
    const missing = await api.http().post(confirmPath(item.id)).set(bearer(trainer.token)).send({ levels: FINAL[7] }).expect(422);
    expect(sortedFields(missing.body)).toEqual(['rationales.aim', 'rationales.depth']);
    const half = await api.http().post(confirmPath(item.id)).set(bearer(trainer.token)).send({ levels: FINAL[7], rationales: { aim: 'The aim is not stated.' } }).expect(422);
    expect(half.body.errors).toEqual([{ field: 'rationales.depth', message: expect.stringMatching(/rationale is required/) }]);
    const unknown = await api
      .http()
      .post(confirmPath(item.id))
      .set(bearer(trainer.token))
      .send({ levels: { aim: 'no', depth: '9', tone: 'warm' }, rationales: { aim: 'a', depth: 'b' } })
      .expect(422);
    expect(sortedFields(unknown.body)).toEqual(['levels.depth', 'levels.tone']);
    expect((await itemShowing(7)).status).toBe('candidate');

    const rationales = { aim: '  The aim is not stated anywhere.  ', depth: 'Tasks reach analysis but not evaluation.' };
    const confirmed = await api.http().post(confirmPath(item.id)).set(bearer(trainer.token)).send({ levels: FINAL[7], rationales }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedBy: { id: trainer.id, name: trainer.name }, settledBy: null });
    expect(byKey(confirmed.body.rows, 'trueLevel')).toEqual(FINAL[7]);
    expect(byKey(confirmed.body.rows, 'rationale')).toEqual({ aim: 'The aim is not stated anywhere.', depth: rationales.depth });
    const twice = await api.http().post(confirmPath(item.id)).set(bearer(secondTrainer.token)).send({ levels: FINAL[7], rationales }).expect(409);
    expect(twice.body.code).toBe('already_confirmed');
    const audit = await auditOf(api, researcher, 'calibration.item_confirmed', `&entityType=calibration_item&entityId=${item.id}`);
    expect(audit).toEqual([expect.objectContaining({ actorId: trainer.id, details: expect.objectContaining({ credentialId, levels: FINAL[7], differingRows: [] }) })]);
  });

  it('makes an item ambiguous when the trainer’s level differs, and lets only a second trainer settle it, with their levels', async () => {
    const item = await itemShowing(1);
    const differing = await api.http().post(confirmPath(item.id)).set(bearer(trainer.token)).send({ levels: { aim: 'yes', depth: '2' } }).expect(200);
    expect(differing.body).toMatchObject({ status: 'ambiguous', confirmedBy: { id: trainer.id } });
    expect(differing.body.rows).toEqual([
      { key: 'aim', finalLevel: 'yes', disagreed: false, confirmedLevel: 'yes', trueLevel: null, rationale: null },
      { key: 'depth', finalLevel: '1', disagreed: false, confirmedLevel: '2', trueLevel: null, rationale: null },
    ]);
    const pools = await api.http().get(`${calibrationPath(credentialId)}/pools`).set(bearer(researcher.token)).expect(200);
    expect(pools.body.material.ambiguous).toBe(1);
    const ambiguous = await candidates(api, trainer, credentialId, 'status=ambiguous');
    expect(ambiguous.map((entry) => entry.id)).toEqual([item.id]);

    const sameTrainer = await api.http().post(confirmPath(item.id)).set(bearer(trainer.token)).send({ levels: { aim: 'yes', depth: '2' }, rationales: { depth: 'I insist.' } }).expect(409);
    expect(sameTrainer.body.code).toBe('second_trainer_required');
    const noRationale = await api.http().post(confirmPath(item.id)).set(bearer(secondTrainer.token)).send({ levels: { aim: 'yes', depth: '3' } }).expect(422);
    expect(noRationale.body.errors).toEqual([{ field: 'rationales.depth', message: expect.any(String) }]);
    const settled = await api
      .http()
      .post(confirmPath(item.id))
      .set(bearer(secondTrainer.token))
      .send({ levels: { aim: 'yes', depth: '3' }, rationales: { depth: 'Three tasks ask for analysis.' } })
      .expect(200);
    expect(settled.body).toMatchObject({ status: 'confirmed', confirmedBy: { id: trainer.id }, settledBy: { id: secondTrainer.id, name: secondTrainer.name } });
    expect(settled.body.rows).toEqual([
      { key: 'aim', finalLevel: 'yes', disagreed: false, confirmedLevel: 'yes', trueLevel: 'yes', rationale: null },
      { key: 'depth', finalLevel: '1', disagreed: false, confirmedLevel: '2', trueLevel: '3', rationale: 'Three tasks ask for analysis.' },
    ]);
    const entity = `&entityType=calibration_item&entityId=${item.id}`;
    expect((await auditOf(api, researcher, 'calibration.item_ambiguous', entity)).map((entry) => [entry.actorId, entry.details.differingRows])).toEqual([[trainer.id, ['depth']]]);
    expect((await auditOf(api, api.adminToken, 'calibration.item_settled', entity)).map((entry) => entry.actorId)).toEqual([secondTrainer.id]);
  });

  it('shows each assessor their own live levels against the final ones, never a co-reader’s identity or comments', async () => {
    const everyone = [designer, trainer, secondTrainer, researcher, adjudicator, ...assessors];
    for (const assessor of assessors) {
      const feedback = await api.http().get('/api/my/live-feedback?pageSize=200').set(bearer(assessor.token)).expect(200);
      const read = STUDY.filter((n) => readersOf.get(n)!.includes(assessor));
      expect(feedback.body.total, assessor.name).toBe(read.length);
      for (const n of read) {
        const entry = feedback.body.items.find((item: { assignmentId: number }) => item.assignmentId === assignmentOf.get(`${assessor.id}/${n}`));
        expect(entry, `${assessor.name}: submission ${n}`).toMatchObject({ credentialTitle: 'Window material', rubricVersion: 1 });
        const mine = givenLevels.get(`${assessor.id}/${n}`)!;
        expect(byKey(entry.rows, 'myLevel')).toEqual(mine);
        expect(byKey(entry.rows, 'finalLevel')).toEqual(FINAL[n]);
        expect(byKey(entry.rows, 'matched')).toEqual({ aim: mine.aim === FINAL[n].aim, depth: mine.depth === FINAL[n].depth });
      }
      const text = feedback.text;
      expect(text).not.toMatch(/ZZNOTE|ZZEARNER|ZZORG/);
      for (const person of everyone.filter((other) => other !== assessor)) {
        expect(text, assessor.name).not.toContain(person.name);
        expect(text, assessor.name).not.toContain(person.email);
      }
      for (const hidden of ['assessorId', 'submissionId', 'earnerName', 'comments', 'adjudicatorId']) expect(keysOf(feedback.body)).not.toContain(hidden);
    }
  });

  it('says in the window and its report that the first window’s readers were not yet certified', async () => {
    expect(await windowOf(api, researcher, credentialId)).toMatchObject({ status: 'complete', readersCertified: false });
    const report = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/report`).set(bearer(researcher.token)).expect(200);
    expect(report.body.window.readersCertified).toBe(false);
    const settings = await api.http().get(`/api/credentials/${credentialId}/certification-settings`).set(bearer(researcher.token)).expect(200);
    expect(settings.body).toMatchObject({ requiresCertification: false, qualifyingMaterial: false });
  });
});

describe('expert panel items, one at a time or from a CSV file', () => {
  let api: ApiHarness;
  let trainer: TestUser;
  let researcher: TestUser;
  let assessor: TestUser;
  let credentialId: number;
  const count = async () => (await candidates(api, trainer, credentialId)).length;

  beforeAll(async () => {
    api = await startApi('certification-panel');
    const designer = await api.createUser('Designer', ['designer']);
    trainer = await api.createUser('Trainer', ['trainer']);
    researcher = await api.createUser('Researcher', ['researcher']);
    assessor = await api.createUser('Assessor', ['assessor']);
    credentialId = await createCredential(api, designer, 'Panel material');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('adds one item with its evidence and the panel’s levels, and refuses levels the rubric does not offer (422, nothing written)', async () => {
    const path = `${calibrationPath(credentialId)}/candidates`;
    const before = await count();
    const added = await api
      .http()
      .post(path)
      .set(bearer(trainer.token))
      .send({ externalRef: 'json-1', evidenceText: 'JSON panel response', levels: { aim: 'yes', depth: '4' }, rationales: { depth: 'All four tasks ask for evaluation.' } })
      .expect(201);
    expect(added.body).toMatchObject({ provenance: 'expert_panel', status: 'candidate', borderline: false, pool: null, externalRef: 'json-1', evidence: { text: 'JSON panel response', url: null } });
    expect(added.body.rows).toEqual([
      { key: 'aim', finalLevel: 'yes', disagreed: false, confirmedLevel: null, trueLevel: null, rationale: null },
      { key: 'depth', finalLevel: '4', disagreed: false, confirmedLevel: null, trueLevel: null, rationale: 'All four tasks ask for evaluation.' },
    ]);

    const bad = await api.http().post(path).set(bearer(trainer.token)).send({ externalRef: 'json-2', levels: { aim: 'maybe', tone: 'warm' } }).expect(422);
    expect(sortedFields(bad.body)).toEqual(['evidenceText', 'levels.aim', 'levels.depth', 'levels.tone']);
    const duplicate = await api.http().post(path).set(bearer(trainer.token)).send({ externalRef: 'json-1', evidenceText: 'again', levels: { aim: 'no', depth: '1' } }).expect(409);
    expect(duplicate.body).toMatchObject({ code: 'duplicate', message: expect.stringMatching(/json-1 is already/) });
    await api.http().post(path).set(bearer(assessor.token)).send({ evidenceText: 'x', levels: { aim: 'no', depth: '1' } }).expect(403);
    expect(await count()).toBe(before + 1);
    const audit = await auditOf(api, researcher, 'calibration.candidates_created');
    expect(audit.filter((entry) => entry.details.source === 'expert_panel').map((entry) => entry.details.itemIds)).toEqual([[added.body.id]]);
  });

  it('imports a CSV file whole: one item per reference, with levels, rationales and evidence', async () => {
    const items = panelItems('csv', 3);
    const imported = await importPanel(api, trainer, credentialId, expertPanelCsv(items));
    expect(imported.body).toEqual({ created: 3, skipped: 0 });
    const listed = await candidates(api, researcher, credentialId);
    for (const item of items) {
      const found = listed.find((entry) => entry.externalRef === item.ref)!;
      expect(found).toMatchObject({ provenance: 'expert_panel', status: 'candidate', borderline: false, evidence: { text: item.evidence, url: null } });
      expect(byKey(found.rows, 'finalLevel')).toEqual(item.levels);
      expect(byKey(found.rows, 'rationale')).toEqual({ aim: `${item.rationale} (aim)`, depth: `${item.rationale} (depth)` });
    }
    const audit = await auditOf(api, researcher, 'calibration.candidates_created');
    const fromFile = audit.find((entry) => entry.details.source === 'expert_panel_csv')!;
    expect(fromFile).toMatchObject({ actorId: trainer.id, entityType: 'rubric_version' });
    expect(fromFile.details.itemIds).toHaveLength(3);
  });

  it('refuses a file with a bad level, naming its line and column, and writes nothing of it', async () => {
    const before = await count();
    const csv = [
      'item,criterion,level,rationale,evidence_text',
      'bad-1,aim,yes,,Bad response 1',
      'bad-1,depth,7,,Bad response 1',
      'bad-2,aim,no,,Bad response 2',
      'bad-2,tone,2,,Bad response 2',
      'bad-2,depth,2,,Bad response 2',
      'good-3,aim,no,,Good response 3',
      'good-3,depth,3,,Good response 3',
    ].join('\n');
    const refused = await importPanel(api, trainer, credentialId, csv, 422);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'line 3, level', message: expect.stringMatching(/"7" is not a level of depth/) },
        { field: 'line 5, criterion', message: expect.stringMatching(/no row "tone"/) },
      ]),
    );
    const noLevelColumn = await importPanel(api, trainer, credentialId, 'item,criterion,score,evidence_text\nx,aim,yes,text\n', 422);
    expect(noLevelColumn.body.errors).toEqual([{ field: 'line 1, level', message: expect.stringMatching(/no "level" column/) }]);
    const incomplete = await importPanel(api, trainer, credentialId, 'item,criterion,level,evidence_text\nhalf-1,aim,yes,Half response\n', 422);
    expect(incomplete.body.errors).toEqual([{ field: 'line 2, criterion', message: expect.stringMatching(/no level for depth/) }]);
    const taken = await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('taken', 1)));
    expect(taken.body.created).toBe(1);
    const again = await importPanel(api, trainer, credentialId, expertPanelCsv([...panelItems('fresh', 1), ...panelItems('taken', 1)]), 422);
    expect(again.body.errors).toEqual([{ field: 'line 4, item', message: expect.stringMatching(/taken-1 is already in this version’s material|taken-1 is already in this version's material/) }]);
    const notCsv = await api.http().post(`${calibrationPath(credentialId)}/candidates/import`).set(bearer(trainer.token)).send({ csv: 'item' }).expect(422);
    expect(notCsv.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/text\/csv/) }]);
    expect(await count()).toBe(before + 1);
    expect((await candidates(api, trainer, credentialId)).some((item) => item.externalRef === 'fresh-1' || item.externalRef === 'good-3')).toBe(false);
  });

  it('keeps the panel’s rationale when a trainer confirms the panel’s levels without writing another', async () => {
    const [item] = panelItems('kept', 1);
    await importPanel(api, trainer, credentialId, expertPanelCsv([item]));
    const candidate = (await candidates(api, trainer, credentialId)).find((entry) => entry.externalRef === item.ref)!;
    const confirmed = await api.http().post(`${calibrationPath(credentialId)}/candidates/${candidate.id}/confirm`).set(bearer(trainer.token)).send({ levels: item.levels }).expect(200);
    expect(confirmed.body.status).toBe('confirmed');
    expect(byKey(confirmed.body.rows, 'trueLevel')).toEqual(item.levels);
    expect(byKey(confirmed.body.rows, 'rationale')).toEqual({ aim: `${item.rationale} (aim)`, depth: `${item.rationale} (depth)` });
    const rewritten = (await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('rewritten', 1)))).body;
    expect(rewritten.created).toBe(1);
    const other = (await candidates(api, trainer, credentialId)).find((entry) => entry.externalRef === 'rewritten-1')!;
    const own = await api
      .http()
      .post(`${calibrationPath(credentialId)}/candidates/${other.id}/confirm`)
      .set(bearer(trainer.token))
      .send({ levels: Object.fromEntries(other.rows.map((row) => [row.key, row.finalLevel])), rationales: { depth: 'The trainer’s own words.' } })
      .expect(200);
    expect(byKey(own.body.rows, 'rationale')).toEqual({ aim: 'Panel rationale for rewritten 1 (aim)', depth: 'The trainer’s own words.' });
  });
});

describe('pools and set availability', () => {
  let api: ApiHarness;
  let designer: TestUser;
  let trainer: TestUser;
  let researcher: TestUser;
  let assessor: TestUser;

  beforeAll(async () => {
    api = await startApi('certification-pools');
    designer = await api.createUser('Designer', ['designer']);
    trainer = await api.createUser('Trainer', ['trainer']);
    researcher = await api.createUser('Researcher', ['researcher']);
    assessor = await api.createUser('Assessor', ['assessor']);
  });

  afterAll(async () => {
    await api?.close();
  });

  const setsFor = async (credentialId: number, who: TestUser) =>
    (await api.http().get(`${calibrationPath(credentialId)}/sets?assessorId=${who.id}`).set(bearer(researcher.token)).expect(200)).body as Array<{
      kind: string;
      label: string | null;
      unseenItems: number;
      available: boolean;
      problem: string | null;
    }>;

  it('draws confirmed material into pools by seed, reports the coverage of every level, and never moves a pooled item', async () => {
    const credentialId = await createCredential(api, designer, 'Pools');
    const nothing = await api.http().post(`${calibrationPath(credentialId)}/pools`).set(bearer(trainer.token)).send({ seed: 'empty' }).expect(409);
    expect(nothing.body.code).toBe('nothing_to_pool');

    await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('pool', 24)));
    await confirmCandidates(api, trainer, credentialId);
    const drawn = await drawPools(api, trainer, credentialId, 'pilot');
    expect(drawn.material).toEqual({ candidate: 0, ambiguous: 0, confirmed: 24, unpooled: 0 });
    expect(drawn.pools.map((pool) => pool.pool)).toEqual(['anchor', 'practice', 'qualifying', 'calibration', 'validity']);
    const size = Object.fromEntries(drawn.pools.map((pool) => [pool.pool, pool.items]));
    expect(Object.values(size).reduce((sum, items) => sum + items, 0)).toBe(24);
    expect(size.practice).toBe(5);
    expect(size.qualifying).toBeGreaterThanOrEqual(size.calibration);
    expect(size.qualifying).toBeGreaterThanOrEqual(size.validity);
    const anchor = drawn.pools[0];
    expect(anchor.missing).toEqual([]);
    expect(anchor.rows.map((row) => [row.key, row.levels.map((level) => level.level)])).toEqual([
      ['aim', ['no', 'yes']],
      ['depth', ['1', '2', '3', '4']],
    ]);
    for (const row of anchor.rows) for (const level of row.levels) expect(level.count, `${row.key} ${level.level}`).toBeGreaterThanOrEqual(2);
    for (const pool of drawn.pools) {
      for (const row of pool.rows) expect(row.levels.reduce((sum, level) => sum + level.count, 0), `${pool.pool} ${row.key}`).toBe(pool.items);
      expect((await candidates(api, researcher, credentialId, `pool=${pool.pool}`)).length, pool.pool).toBe(pool.items);
    }
    expect((await api.http().get(`${calibrationPath(credentialId)}/pools`).set(bearer(researcher.token)).expect(200)).body).toEqual(drawn);
    const [audit] = await auditOf(api, researcher, 'calibration.pools_drawn');
    expect(audit).toMatchObject({ actorId: trainer.id, entityType: 'rubric_version', details: { credentialId, version: 1, seed: 'pilot', pools: size } });

    const again = await api.http().post(`${calibrationPath(credentialId)}/pools`).set(bearer(trainer.token)).send({ seed: 'again' }).expect(409);
    expect(again.body.code).toBe('nothing_to_pool');
    const poolOf = new Map((await candidates(api, trainer, credentialId)).map((item) => [item.id, item.pool]));
    await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('late', 4)));
    await confirmCandidates(api, trainer, credentialId);
    const topped = await drawPools(api, trainer, credentialId, 'later');
    expect(topped.material).toEqual({ candidate: 0, ambiguous: 0, confirmed: 28, unpooled: 0 });
    const after = await candidates(api, trainer, credentialId);
    for (const item of after) if (poolOf.has(item.id)) expect(item.pool, `item ${item.id}`).toBe(poolOf.get(item.id));
    expect(after.every((item) => item.pool !== null)).toBe(true);
  });

  it('says which row and level is missing when the material cannot make a qualifying set, and refuses to start one (409 set_incomplete)', async () => {
    const credentialId = await createCredential(api, designer, 'No depth 4');
    await panelMaterial(api, trainer, credentialId, {
      prefix: 'short',
      count: 12,
      levelsOf: (index) => ({ aim: index % 2 === 0 ? 'yes' : 'no', depth: String(1 + (index % 3)) }),
      policy: { setSize: 4, minBorderline: 0, anchorsPerLevel: 0, practiceSize: 2 },
    });
    const pools = (await api.http().get(`${calibrationPath(credentialId)}/pools`).set(bearer(trainer.token)).expect(200)).body;
    expect(pools.pools.find((pool: { pool: string }) => pool.pool === 'qualifying').missing).toEqual([{ rowKey: 'depth', level: '4' }]);
    const [qualifying, calibration] = await setsFor(credentialId, assessor);
    expect(qualifying).toMatchObject({ kind: 'qualifying', label: 'A', available: false, problem: expect.stringMatching(/row depth level 4 is missing/) });
    expect(calibration).toMatchObject({ kind: 'calibration', label: null, available: false, problem: expect.stringMatching(/calibration set is for a certified assessor \(the assessor is in training\)/) });
    const refused = await startSet(api, assessor, credentialId, 'qualifying', 409);
    expect(refused.body).toMatchObject({ code: 'set_incomplete', message: expect.stringMatching(/qualifying set A.*row depth level 4/) });
    const status = await certificationOf(api, trainer, credentialId, assessor);
    expect(status).toMatchObject({ status: 'in_training', attempts: 0, timeline: [] });
    await api.http().get(`${calibrationPath(credentialId)}/sets?assessorId=${trainer.id}`).set(bearer(researcher.token)).expect(404);
  });

  it('asks for borderline items (disagreed or adjudicated live) in every set unless the policy says otherwise', async () => {
    const credentialId = await createCredential(api, designer, 'No borderline');
    await panelMaterial(api, trainer, credentialId, { prefix: 'calm', count: 16, policy: { setSize: 4, anchorsPerLevel: 0, practiceSize: 0 } });
    const [before] = await setsFor(credentialId, assessor);
    expect(before).toMatchObject({ available: false, problem: expect.stringMatching(/0 of the items this assessor may see were disagreed or adjudicated live, and a set needs 2/) });
    await setPolicy(api, trainer, credentialId, { minBorderline: 0 });
    const [after] = await setsFor(credentialId, assessor);
    expect(after).toMatchObject({ kind: 'qualifying', label: 'A', available: true, problem: null });
    expect(after.unseenItems).toBeGreaterThanOrEqual(8);
  });
});

describe('qualifying attempts and the certification status', () => {
  const START = new Date('2026-03-02T09:00:00.000Z');
  const clock = new FixedClock(START);
  const POLICY = { setSize: 4, minBorderline: 0, anchorsPerLevel: 1, practiceSize: 3 };
  let api: ApiHarness;
  let designer: TestUser;
  let trainer: TestUser;
  let researcher: TestUser;
  let credentialId: number;
  let truths: Map<string, Truth>;
  let fresh = 0;

  const newAssessor = () => api.createUser(`Candidate ${++fresh}`, ['assessor']);
  const certificationPath = (assessor: TestUser, action = '') => `/api/credentials/${credentialId}/assessors/${assessor.id}/certification${action}`;
  const myCalibration = async (assessor: TestUser) =>
    (await api.http().get('/api/my/calibration').set(bearer(assessor.token)).expect(200)).body.credentials.find((entry: { credentialId: number }) => entry.credentialId === credentialId);
  const entity = (assessor: TestUser) => `&entityType=certification&entityId=${credentialId}/${assessor.id}`;

  /** Sets A and B failed: not qualified. */
  async function failFirstRound(assessor: TestUser) {
    const a = await takeQualifyingSet(api, assessor, credentialId, truths, 'fail');
    const b = await takeQualifyingSet(api, assessor, credentialId, truths, 'fail');
    return [a, b];
  }

  /** Sets A and B failed, remediation, the extra round, set C failed: removed. */
  async function removeAssessor(assessor: TestUser) {
    await failFirstRound(assessor);
    await api.http().post(certificationPath(assessor, '/remediation')).set(bearer(trainer.token)).send({ note: 'Study the depth anchors.' }).expect(200);
    await api.http().post(certificationPath(assessor, '/extra-round')).set(bearer(trainer.token)).send({ reason: 'Remediation done.' }).expect(200);
    return takeQualifyingSet(api, assessor, credentialId, truths, 'fail');
  }

  beforeAll(async () => {
    api = await startApi('certification-attempts', { clock });
    designer = await api.createUser('Designer', ['designer']);
    trainer = await api.createUser('Trainer', ['trainer']);
    researcher = await api.createUser('Researcher', ['researcher']);
    credentialId = await createCredential(api, designer, 'Attempts');
    // the seed gives a qualifying pool with at least 4 items of every depth level and 6 of each aim level: sets A, B and C for one assessor
    const pools = await panelMaterial(api, trainer, credentialId, { prefix: 'attempt', count: 40, policy: POLICY, seed: 'attempts-15', levelsOf: balancedLevels });
    expectCoverage(pools, 'qualifying', { aim: 6, depth: 4 });
    truths = await truthByEvidence(api, trainer, credentialId);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('fails set A, then set B (disjoint from A): not_qualified, each step in the timeline and the audit log', async () => {
    const assessor = await newAssessor();
    expect(await myCalibration(assessor)).toMatchObject({ status: 'in_training', rubricVersion: 1, mayStart: ['practice', 'qualifying'] });
    const started = await startSet(api, assessor, credentialId, 'qualifying');
    expect(started.body).toMatchObject({ kind: 'qualifying', label: 'A', status: 'in_progress', items: POLICY.setSize, scored: 0, judgement: null });
    expect(await certificationOf(api, trainer, credentialId, assessor)).toMatchObject({ status: 'qualifying', nextAction: 'take qualifying set A' });
    const open = await startSet(api, assessor, credentialId, 'qualifying', 409);
    expect(open.body.code).toBe('attempt_in_progress');
    const setA = await answerSet(api, assessor, started.body.id, truths, wrongLevels);
    expect(setA).toMatchObject({ status: 'failed', scored: POLICY.setSize, judgement: { passed: false, pooledRate: 0 } });
    expect(setA.judgement!.failures.length).toBeGreaterThan(0);
    expect(await certificationOf(api, trainer, credentialId, assessor)).toMatchObject({ status: 'qualifying', failedInRound: 1, nextAction: 'take qualifying set B' });

    const setB = await takeQualifyingSet(api, assessor, credentialId, truths, 'fail');
    expect(setB.label).toBe('B');
    const evidenceA = await evidenceOfSet(api, assessor, setA.id);
    const evidenceB = await evidenceOfSet(api, assessor, setB.id);
    expect(evidenceA.filter((text) => evidenceB.includes(text))).toEqual([]);

    const status = await certificationOf(api, researcher, credentialId, assessor);
    expect(status).toMatchObject({ status: 'not_qualified', eligible: true, nextAction: expect.stringMatching(/^assign remediation/), attempts: 2 });
    expect(status.timeline.map((step: { action: string; from: string; to: string; actor: { id: number } | null }) => [step.action, step.from, step.to, step.actor?.id ?? null])).toEqual([
      ['qualifying_started', 'in_training', 'qualifying', assessor.id],
      ['set_A_failed', 'qualifying', 'qualifying', null],
      ['qualifying_set_started', 'qualifying', 'qualifying', assessor.id],
      ['set_B_failed', 'qualifying', 'not_qualified', null],
    ]);
    expect(status.timeline[3].reason).toMatch(/pooled exact agreement/);
    const again = await startSet(api, assessor, credentialId, 'qualifying', 409);
    expect(again.body.code).toBe('certification_transition');
    expect(await myCalibration(assessor)).toMatchObject({ status: 'not_qualified', mayStart: ['practice'] });

    for (const [action, to] of [['certification.set_A_failed', 'qualifying'], ['certification.set_B_failed', 'not_qualified']]) {
      const entries = await auditOf(api, researcher, action, entity(assessor));
      expect(entries, action).toEqual([expect.objectContaining({ actorId: null, details: expect.objectContaining({ assessorId: assessor.id, to, attemptId: expect.any(Number) }) })]);
    }
    expect(await auditOf(api, researcher, 'calibration_attempt.failed', `&entityType=calibration_attempt&entityId=${setA.id}`)).toHaveLength(1);
    expect(await auditOf(api, researcher, 'calibration_item.scored', `&entityType=calibration_attempt&entityId=${setB.id}`)).toHaveLength(POLICY.setSize);
  });

  it('assigns remediation as a practice set with the note, opens the extra round only after it, and removes the assessor who fails set C', async () => {
    const assessor = await newAssessor();
    const [setA, setB] = await failFirstRound(assessor);
    const early = await api.http().post(certificationPath(assessor, '/extra-round')).set(bearer(trainer.token)).send({ reason: 'Too early.' }).expect(409);
    expect(early.body).toMatchObject({ code: 'certification_transition', message: expect.stringMatching(/remediation/) });
    await api.http().post(certificationPath(assessor, '/remediation')).set(bearer(trainer.token)).send({ note: '' }).expect(400);
    const blank = await api.http().post(certificationPath(assessor, '/remediation')).set(bearer(trainer.token)).send({ note: '   ' }).expect(422);
    expect(blank.body.errors).toEqual([{ field: 'note', message: expect.any(String) }]);

    const note = 'Study the anchors of the depth row, then take the practice set again.';
    const remediated = await api.http().post(certificationPath(assessor, '/remediation')).set(bearer(trainer.token)).send({ note }).expect(200);
    expect(remediated.body).toMatchObject({ status: 'not_qualified', remediationAssigned: true, remediationNote: note, nextAction: expect.stringMatching(/^open the extra round/) });
    const practice = remediated.body.attemptList.find((attempt: { kind: string }) => attempt.kind === 'practice');
    expect(practice).toMatchObject({ note, status: 'in_progress', items: POLICY.practiceSize });
    expect(await myCalibration(assessor)).toMatchObject({ remediationNote: note, attempts: expect.arrayContaining([expect.objectContaining({ id: practice.id, kind: 'practice', note })]) });
    expect((await attemptOf(api, assessor, practice.id)).note).toBe(note);

    const opened = await api.http().post(certificationPath(assessor, '/extra-round')).set(bearer(trainer.token)).send({ reason: 'Remediation done.' }).expect(200);
    expect(opened.body).toMatchObject({ status: 'qualifying', round: 2, nextAction: 'take qualifying set C' });
    const setC = await takeQualifyingSet(api, assessor, credentialId, truths, 'fail');
    expect(setC.label).toBe('C');
    const earlier = [...(await evidenceOfSet(api, assessor, setA.id)), ...(await evidenceOfSet(api, assessor, setB.id))];
    expect((await evidenceOfSet(api, assessor, setC.id)).filter((text) => earlier.includes(text))).toEqual([]);

    const removed = await certificationOf(api, trainer, credentialId, assessor);
    expect(removed).toMatchObject({ status: 'removed', eligible: false, eligibilityReason: 'removed from this credential', nextAction: expect.stringMatching(/^removed/) });
    expect(removed.timeline.slice(-4).map((step: { action: string }) => step.action)).toEqual(['remediation_assigned', 'extra_round_opened', 'qualifying_set_started', 'set_C_failed']);
    expect(removed.timeline.find((step: { action: string }) => step.action === 'remediation_assigned')).toMatchObject({ reason: note, actor: { id: trainer.id, name: trainer.name } });
    const second = await api.http().post(certificationPath(assessor, '/extra-round')).set(bearer(trainer.token)).send({ reason: 'Once more?' }).expect(409);
    expect(second.body.code).toBe('certification_transition');
    for (const action of ['certification.remediation_assigned', 'certification.extra_round_opened', 'certification.set_C_failed']) {
      expect(await auditOf(api, researcher, action, entity(assessor)), action).toHaveLength(1);
    }
  });

  it('never draws a removed assessor as a reader of the credential, and only an override with a written reason brings them back', async () => {
    const removed = await newAssessor();
    const readers = [await newAssessor(), await newAssessor()];
    await removeAssessor(removed);
    const pool = await api.http().get(`/api/credentials/${credentialId}/assessors`).set(bearer(trainer.token)).expect(200);
    const place = pool.body.items.find((item: { assessorId: number }) => item.assessorId === removed.id);
    expect(place).toMatchObject({ status: 'removed', eligible: false, eligibilityReason: 'removed from this credential' });
    expect(pool.body.items.filter((item: { assessorId: number }) => readers.some((reader) => reader.id === item.assessorId)).every((item: { eligible: boolean }) => item.eligible)).toBe(true);

    await openWindow(api, designer, credentialId, { targetSubmissions: 20, readersPerSubmission: 2, seed: 4 });
    for (let n = 1; n <= 8; n++) await submitWork(api, trainer, credentialId, { earnerName: `Earner ${n}`, evidenceText: `live response ${n}` });
    const received = await auditOf(api, researcher, 'submission.received');
    const drawn = received.filter((entry) => entry.details.credentialId === credentialId).flatMap((entry) => entry.details.assessorIds as number[]);
    expect(drawn).toHaveLength(16);
    expect(drawn).not.toContain(removed.id);
    for (const reader of readers) expect(drawn, reader.name).toContain(reader.id);
    expect((await api.http().get('/api/my/assignments').set(bearer(removed.token)).expect(200)).body.total).toBe(0);

    for (const action of ['/probation', '/extra-round']) {
      const refused = await api.http().post(certificationPath(removed, action)).set(bearer(trainer.token)).send({ reason: 'Give them a chance.' }).expect(409);
      expect(refused.body.code, action).toBe('certification_transition');
    }
    const remediation = await api.http().post(certificationPath(removed, '/remediation')).set(bearer(trainer.token)).send({ note: 'More study.' }).expect(409);
    expect(remediation.body.code).toBe('certification_transition');
    expect((await startSet(api, removed, credentialId, 'qualifying', 409)).body.code).toBe('certification_transition');
    await api.http().post(certificationPath(removed, '/override')).set(bearer(trainer.token)).send({ status: 'in_training' }).expect(400);
    const blank = await api.http().post(certificationPath(removed, '/override')).set(bearer(trainer.token)).send({ status: 'in_training', reason: '  ' }).expect(422);
    expect(blank.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    expect((await certificationOf(api, trainer, credentialId, removed)).status).toBe('removed');

    const reason = 'Reviewed the set C answers with the assessor: a misread rubric, now corrected.';
    const restored = await api.http().post(certificationPath(removed, '/override')).set(bearer(trainer.token)).send({ status: 'in_training', reason }).expect(200);
    expect(restored.body).toMatchObject({ status: 'in_training', eligible: true });
    expect(restored.body.timeline.at(-1)).toMatchObject({ action: 'override', from: 'removed', to: 'in_training', reason, actor: { id: trainer.id } });
    expect(await auditOf(api, researcher, 'certification.override', entity(removed))).toEqual([expect.objectContaining({ actorId: trainer.id, details: expect.objectContaining({ from: 'removed', to: 'in_training', reason }) })]);
    // the least loaded reader is drawn first: now that is them
    await submitWork(api, trainer, credentialId, { earnerName: 'Earner 9', evidenceText: 'live response 9' });
    expect((await api.http().get('/api/my/assignments').set(bearer(removed.token)).expect(200)).body.total).toBe(1);
  });

  it('certifies an assessor who passes set A for 12 months by the app’s clock, after which the certification expires', async () => {
    const assessor = await newAssessor();
    const passed = await takeQualifyingSet(api, assessor, credentialId, truths, 'pass');
    expect(passed).toMatchObject({ label: 'A', status: 'passed', judgement: { passed: true, pooledRate: 1, failures: [] } });
    const certified = await certificationOf(api, trainer, credentialId, assessor);
    expect(certified).toMatchObject({
      status: 'qualified',
      certifiedVersion: 1,
      certifiedAt: START.toISOString(),
      expiresAt: '2027-03-02T09:00:00.000Z',
      eligible: true,
      eligibilityReason: 'the credential does not require certification',
      nextAction: 'certified until 2027-03-02',
    });
    expect(certified.timeline.map((step: { action: string }) => step.action)).toEqual(['qualifying_started', 'set_A_passed']);
    expect(await auditOf(api, researcher, 'certification.set_A_passed', entity(assessor))).toHaveLength(1);
    expect(await myCalibration(assessor)).toMatchObject({ status: 'qualified', expiresAt: '2027-03-02T09:00:00.000Z', mayStart: ['practice'] });
    expect((await startSet(api, assessor, credentialId, 'qualifying', 409)).body.code).toBe('certification_transition');
    const sets = await api.http().get(`${calibrationPath(credentialId)}/sets?assessorId=${assessor.id}`).set(bearer(trainer.token)).expect(200);
    expect(sets.body).toEqual([
      expect.objectContaining({ kind: 'qualifying', available: false, problem: expect.stringMatching(/the assessor is qualified/) }),
      expect.objectContaining({ kind: 'calibration', available: false, problem: 'no rows changed since the assessor was certified' }),
    ]);
    // a year on, every session has ended: a reader of certifications and the assessor log in then
    const reader = await api.createUser('Later Researcher', ['researcher']);
    try {
      clock.set(new Date('2027-03-02T08:59:59.000Z'));
      const justBefore = { ...reader, token: await login(api.http, reader.email, reader.password) };
      expect((await certificationOf(api, justBefore, credentialId, assessor)).status).toBe('qualified');
      clock.set(new Date('2027-03-02T09:00:00.000Z'));
      const later = { ...reader, token: await login(api.http, reader.email, reader.password) };
      const returning = { ...assessor, token: await login(api.http, assessor.email, assessor.password) };
      expect(await certificationOf(api, later, credentialId, assessor)).toMatchObject({ status: 'expired', nextAction: expect.stringMatching(/expired/) });
      expect(await myCalibration(returning)).toMatchObject({ status: 'expired', mayStart: ['practice', 'qualifying'] });
      const renewed = await startSet(api, returning, credentialId, 'qualifying');
      expect(renewed.body.label).toBe('A');
      const timeline = (await certificationOf(api, later, credentialId, assessor)).timeline;
      expect(timeline.slice(-2).map((step: { action: string; actor: unknown }) => [step.action, step.actor === null])).toEqual([
        ['expired', true],
        ['qualifying_started', false],
      ]);
    } finally {
      clock.set(START);
    }
  });

  it('shows no feedback while a qualifying set is open, and each item’s true level, rationale and own answer once the last is scored', async () => {
    const assessor = await newAssessor();
    const started = await startSet(api, assessor, credentialId, 'qualifying');
    const attemptId = started.body.id as number;
    /** right on every row but depth of the first item, one level off */
    const answer = (truth: Levels, position: number): Levels => (position === 1 ? { ...truth, depth: truth.depth === '4' ? '3' : String(Number(truth.depth) + 1) } : { ...truth });
    const partly = await answerSet(api, assessor, attemptId, truths, answer, POLICY.setSize - 1);
    expect(partly).toMatchObject({ status: 'in_progress', scored: POLICY.setSize - 1, judgement: null });
    expect(partly.itemList.every((item) => item.feedback === null)).toBe(true);
    expect(partly.itemList.filter((item) => item.status === 'scored')).toHaveLength(POLICY.setSize - 1);
    const asTrainer = await api.http().get(certificationPath(assessor, `/attempts/${attemptId}`)).set(bearer(trainer.token)).expect(200);
    expect(asTrainer.body.itemList.every((item: { feedback: unknown }) => item.feedback === null)).toBe(true);
    const scoredView = await api.http().get(`/api/my/calibration/items/${partly.itemList[0].assignmentId}`).set(bearer(assessor.token)).expect(200);
    expect(scoredView.body.status).toBe('scored');
    expect(scoredView.text).not.toMatch(/trueLevel|rationale|Panel rationale/);

    const judged = await answerSet(api, assessor, attemptId, truths, answer);
    expect(judged).toMatchObject({ status: 'passed' });
    for (const item of judged.itemList) {
      const truth = truths.get(await evidenceOfItem(api, assessor, item.assignmentId))!;
      const given = answer(truth.levels, item.position);
      expect(item.feedback, `item ${item.position}`).toEqual([
        { key: 'aim', trueLevel: truth.levels.aim, rationale: truth.rationales.aim, answer: given.aim, match: 'exact' },
        { key: 'depth', trueLevel: truth.levels.depth, rationale: truth.rationales.depth, answer: given.depth, match: item.position === 1 ? 'adjacent' : 'exact' },
      ]);
      expect(truth.rationales.depth).toMatch(/^Panel rationale/);
    }
    const depth = judged.judgement!.rows.find((row) => row.key === 'depth')!;
    expect(depth).toMatchObject({ exact: POLICY.setSize - 1, adjacent: 1, nonAdjacent: 0 });
    const trainerView = await api.http().get(certificationPath(assessor, `/attempts/${attemptId}`)).set(bearer(researcher.token)).expect(200);
    expect(trainerView.body.itemList.map((item: { feedback: unknown }) => item.feedback)).toEqual(judged.itemList.map((item) => item.feedback));
  });

  it('gives practice feedback right after each item, and leaves the certification as it was', async () => {
    const assessor = await newAssessor();
    const other = await newAssessor();
    const started = await startSet(api, assessor, credentialId, 'practice');
    expect(started.body).toMatchObject({ kind: 'practice', label: null, items: POLICY.practiceSize, status: 'in_progress' });
    expect((await startSet(api, assessor, credentialId, 'practice', 409)).body.code).toBe('attempt_in_progress');
    const first = await answerSet(api, assessor, started.body.id, truths, (truth) => ({ ...truth }), 1);
    const [scored, ...pending] = first.itemList;
    const truth = truths.get(await evidenceOfItem(api, assessor, scored.assignmentId))!;
    expect(scored.feedback).toEqual([
      { key: 'aim', trueLevel: truth.levels.aim, rationale: truth.rationales.aim, answer: truth.levels.aim, match: 'exact' },
      { key: 'depth', trueLevel: truth.levels.depth, rationale: truth.rationales.depth, answer: truth.levels.depth, match: 'exact' },
    ]);
    expect(pending.map((item) => item.feedback)).toEqual(pending.map(() => null));

    const foreign = await api.http().get(`/api/my/calibration/items/${scored.assignmentId}`).set(bearer(other.token)).expect(404);
    const missing = await api.http().get('/api/my/calibration/items/987654').set(bearer(other.token)).expect(404);
    expect(foreign.body).toEqual({ ...missing.body, message: `assignment ${scored.assignmentId} is not in your queue` });
    await api.http().post(`/api/my/calibration/items/${pending[0].assignmentId}/score`).set(bearer(other.token)).send({ levels: truth.levels }).expect(404);
    await api.http().get(`/api/my/calibration/attempts/${started.body.id}`).set(bearer(other.token)).expect(404);
    const twice = await api.http().post(`/api/my/calibration/items/${scored.assignmentId}/score`).set(bearer(assessor.token)).send({ levels: truth.levels }).expect(409);
    expect(twice.body.code).toBe('already_scored');
    const incomplete = await api.http().post(`/api/my/calibration/items/${pending[0].assignmentId}/score`).set(bearer(assessor.token)).send({ levels: { aim: 'yes', tone: 'warm' } }).expect(422);
    expect(sortedFields(incomplete.body)).toEqual(['levels.depth', 'levels.tone']);

    const done = await answerSet(api, assessor, started.body.id, truths, wrongLevels);
    expect(done).toMatchObject({ status: 'completed', judgement: null });
    expect(done.itemList.slice(1).every((item) => item.feedback!.every((row) => row.match === 'non_adjacent'))).toBe(true);
    expect(await certificationOf(api, trainer, credentialId, assessor)).toMatchObject({ status: 'in_training', timeline: [] });
    expect(await auditOf(api, researcher, 'calibration_attempt.completed', `&entityType=calibration_attempt&entityId=${started.body.id}`)).toHaveLength(1);
  });

  it('lets a trainer certify on probation, with a written reason, an assessor who is qualifying', async () => {
    const assessor = await newAssessor();
    await api.http().post(certificationPath(assessor, '/probation')).set(bearer(trainer.token)).send({ reason: 'Not started.' }).expect(409);
    await startSet(api, assessor, credentialId, 'qualifying');
    const probation = await api.http().post(certificationPath(assessor, '/probation')).set(bearer(trainer.token)).send({ reason: 'Strong in the pilot; watch depth.' }).expect(200);
    expect(probation.body).toMatchObject({ status: 'probation', certifiedVersion: 1, expiresAt: '2027-03-02T09:00:00.000Z', eligible: true });
    expect(probation.body.timeline.at(-1)).toMatchObject({ action: 'certified_on_probation', from: 'qualifying', to: 'probation', reason: 'Strong in the pilot; watch depth.', actor: { id: trainer.id } });
    expect(await auditOf(api, researcher, 'certification.certified_on_probation', entity(assessor))).toHaveLength(1);
  });
});

describe('a credential that requires certification', () => {
  const POLICY = { setSize: 4, minBorderline: 0, anchorsPerLevel: 1, practiceSize: 3 };
  let api: ApiHarness;
  let designer: TestUser;
  let trainer: TestUser;
  let researcher: TestUser;

  beforeAll(async () => {
    api = await startApi('certification-required');
    designer = await api.createUser('Designer', ['designer']);
    trainer = await api.createUser('Trainer', ['trainer']);
    researcher = await api.createUser('Researcher', ['researcher']);
  });

  afterAll(async () => {
    await api?.close();
  });

  const settingsPath = (credentialId: number) => `/api/credentials/${credentialId}/certification-settings`;

  it('refuses to require certification before qualifying material exists (409 no_qualifying_material), and checks the numbers (422)', async () => {
    const credentialId = await createCredential(api, designer, 'Not yet');
    const require = () => api.http().put(settingsPath(credentialId)).set(bearer(trainer.token)).send({ requiresCertification: true });
    expect((await require().expect(409)).body.code).toBe('no_qualifying_material');
    await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('small', 8)));
    await confirmCandidates(api, trainer, credentialId);
    await setPolicy(api, trainer, credentialId, POLICY);
    expect((await require().expect(409)).body.code).toBe('no_qualifying_material');
    await drawPools(api, trainer, credentialId, 'small');
    expect((await require().expect(409)).body.code).toBe('no_qualifying_material');
    expect((await api.http().get(settingsPath(credentialId)).set(bearer(researcher.token)).expect(200)).body).toMatchObject({ requiresCertification: false, qualifyingMaterial: false });

    await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('more', 24)));
    await confirmCandidates(api, trainer, credentialId);
    await drawPools(api, trainer, credentialId, 'more');
    const on = await require().expect(200);
    expect(on.body).toMatchObject({ credentialId, requiresCertification: true, qualifyingMaterial: true, policy: expect.objectContaining(POLICY) });
    const [audit] = await auditOf(api, researcher, 'credential.certification_settings_changed', `&entityType=credential&entityId=${credentialId}`);
    expect(audit).toMatchObject({ actorId: trainer.id, details: { requiresCertification: true } });

    const invalid = await api.http().put(settingsPath(credentialId)).set(bearer(trainer.token)).send({ policy: { setSize: 0, minBorderline: 3, exactThresholds: { two: 0.95 } } }).expect(422);
    expect(sortedFields(invalid.body)).toEqual(['minBorderline', 'setSize']);
    const outOfRange = await api.http().put(settingsPath(credentialId)).set(bearer(trainer.token)).send({ policy: { exactThresholds: { two: 1.5 } } }).expect(400);
    expect(sortedFields(outOfRange.body)).toContain('policy.exactThresholds.two');
    expect((await api.http().get(settingsPath(credentialId)).set(bearer(researcher.token)).expect(200)).body.policy).toMatchObject(POLICY);
  });

  it('draws only qualified and probation assessors for a new window once it is on, and says why the others are not in the pool', async () => {
    const credentialId = await createCredential(api, designer, 'Certified readers');
    const pools = await panelMaterial(api, trainer, credentialId, { prefix: 'certified', count: 32, policy: POLICY, seed: 'certified-2', levelsOf: balancedLevels });
    expectCoverage(pools, 'qualifying', { aim: 5, depth: 3 });
    const truths = await truthByEvidence(api, trainer, credentialId);
    const qualified = [await api.createUser('Qualified One', ['assessor']), await api.createUser('Qualified Two', ['assessor'])];
    const onProbation = await api.createUser('On Probation', ['assessor']);
    const inTraining = await api.createUser('In Training', ['assessor']);
    const notQualified = await api.createUser('Not Qualified', ['assessor']);
    for (const assessor of qualified) await takeQualifyingSet(api, assessor, credentialId, truths, 'pass');
    await startSet(api, onProbation, credentialId, 'qualifying');
    await api
      .http()
      .post(`/api/credentials/${credentialId}/assessors/${onProbation.id}/certification/probation`)
      .set(bearer(trainer.token))
      .send({ reason: 'Experienced reader.' })
      .expect(200);
    await takeQualifyingSet(api, notQualified, credentialId, truths, 'fail');
    await takeQualifyingSet(api, notQualified, credentialId, truths, 'fail');

    await api.http().put(settingsPath(credentialId)).set(bearer(api.adminToken)).send({ requiresCertification: true }).expect(200);
    const pool = await api.http().get(`/api/credentials/${credentialId}/assessors`).set(bearer(researcher.token)).expect(200);
    expect(pool.body).toMatchObject({ credentialId, requiresCertification: true, latestVersion: 1 });
    const place = (assessor: TestUser) => pool.body.items.find((item: { assessorId: number }) => item.assessorId === assessor.id);
    for (const assessor of qualified) expect(place(assessor)).toMatchObject({ name: assessor.name, status: 'qualified', eligible: true, eligibilityReason: 'certified' });
    expect(place(onProbation)).toMatchObject({ status: 'probation', eligible: true, eligibilityReason: 'certified on probation' });
    expect(place(inTraining)).toMatchObject({ status: 'in_training', eligible: false, eligibilityReason: 'not certified: in training', attempts: 0 });
    expect(place(notQualified)).toMatchObject({ status: 'not_qualified', eligible: false, eligibilityReason: 'not certified: not qualified', attempts: 2 });

    const tooMany = await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).send({ readersPerSubmission: 4 }).expect(409);
    expect(tooMany.body).toMatchObject({ code: 'not_enough_assessors', message: expect.stringMatching(/there are 3/) });
    const opened = await openWindow(api, designer, credentialId, { targetSubmissions: 6, readersPerSubmission: 2, seed: 9 });
    expect(opened.body.readersCertified).toBe(true);
    for (let n = 1; n <= 6; n++) await submitWork(api, trainer, credentialId, { earnerName: `Earner ${n}`, evidenceText: `certified live ${n}` });
    const drawn = (await auditOf(api, researcher, 'submission.received'))
      .filter((entry) => entry.details.credentialId === credentialId)
      .flatMap((entry) => entry.details.assessorIds as number[]);
    expect(drawn).toHaveLength(12);
    expect(new Set(drawn)).toEqual(new Set([...qualified, onProbation].map((assessor) => assessor.id)));
    for (const outsider of [inTraining, notQualified]) expect((await api.http().get('/api/my/assignments').set(bearer(outsider.token)).expect(200)).body.total, outsider.name).toBe(0);
    expect(await windowOf(api, researcher, credentialId)).toMatchObject({ readersCertified: true });
    const report = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/report`).set(bearer(researcher.token)).expect(200);
    expect(report.body.window.readersCertified).toBe(true);
  });
  it('asks an assessor certified on version 1 for a calibration set on the rows version 2 changed, and keeps them out of the pool until they pass it', async () => {
    const policy = { setSize: 4, minBorderline: 0, anchorsPerLevel: 0, practiceSize: 0, poolShares: { qualifying: 1, calibration: 1, validity: 0 } };
    const credentialId = await createCredential(api, designer, 'Revised');
    // seeds that put every level of every row in the pools the sets come from
    const first = await panelMaterial(api, trainer, credentialId, { prefix: 'first', count: 16, policy, seed: 'revised-1', levelsOf: balancedLevels });
    expectCoverage(first, 'qualifying', { aim: 1, depth: 1 });
    const assessor = await api.createUser('Certified On One', ['assessor']);
    await takeQualifyingSet(api, assessor, credentialId, await truthByEvidence(api, trainer, credentialId), 'pass');
    await api.http().put(settingsPath(credentialId)).set(bearer(trainer.token)).send({ requiresCertification: true }).expect(200);

    const depth = { ...twoRowRubric.rows[1], title: 'Depth of the tasks, revised' };
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send({ previousVersion: 1, rows: [depth] }).expect(201);
    await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('second', 12, balancedLevels)), 200, 2);
    expect(await confirmCandidates(api, trainer, credentialId, 2)).toBe(12);
    const second = await drawPools(api, trainer, credentialId, 'revision', 2);
    expectCoverage(second, 'calibration', { aim: 0, depth: 1 });

    const place = async () =>
      (await api.http().get(`/api/credentials/${credentialId}/assessors`).set(bearer(researcher.token)).expect(200)).body.items.find(
        (item: { assessorId: number }) => item.assessorId === assessor.id,
      );
    expect(await place()).toMatchObject({ status: 'qualified', certifiedVersion: 1, eligible: false, eligibilityReason: 'calibration set required on the rows changed in version 2: depth' });
    const mine = (await api.http().get('/api/my/calibration').set(bearer(assessor.token)).expect(200)).body.credentials.find((entry: { credentialId: number }) => entry.credentialId === credentialId);
    expect(mine).toMatchObject({ rubricVersion: 2, status: 'qualified', calibrationRows: ['depth'], mayStart: ['practice', 'calibration'] });
    const sets = await api.http().get(`${calibrationPath(credentialId, 2)}/sets?assessorId=${assessor.id}`).set(bearer(trainer.token)).expect(200);
    expect(sets.body[1]).toMatchObject({ kind: 'calibration', available: true, problem: null });

    const started = await startSet(api, assessor, credentialId, 'calibration');
    expect(started.body).toMatchObject({ kind: 'calibration', label: null, rubricVersion: 2, judgedRows: ['depth'], items: 4 });
    expect((await startSet(api, assessor, credentialId, 'qualifying', 409)).body.code).toBe('attempt_in_progress');
    const truths = await truthByEvidence(api, trainer, credentialId, 2);
    // the aim row is not judged: a wrong aim on every item does not matter
    const judged = await answerSet(api, assessor, started.body.id, truths, (truth) => ({ ...truth, aim: truth.aim === 'yes' ? 'no' : 'yes' }));
    expect(judged).toMatchObject({ status: 'passed', judgement: { passed: true, pooledRate: 1 } });
    expect(judged.judgement!.rows.map((row) => row.key)).toEqual(['depth']);
    expect(judged.itemList.every((item) => item.feedback!.map((row) => row.key).join() === 'depth')).toBe(true);
    expect(await place()).toMatchObject({ status: 'qualified', certifiedVersion: 2, eligible: true, eligibilityReason: 'certified' });
    const timeline = (await certificationOf(api, trainer, credentialId, assessor)).timeline;
    expect(timeline.at(-1)).toMatchObject({ action: 'calibration_passed', from: 'qualified', to: 'qualified', attemptId: started.body.id });
  });
});

describe('the leak rules and the blind form', () => {
  const STUDY = Array.from({ length: 10 }, (_, index) => index + 1);
  const evidence = (n: number) => `leak response ${n}`;
  const truthOf = (n: number): Levels => ({ aim: n % 2 === 0 ? 'yes' : 'no', depth: String(1 + (n % 4)) });
  const offByOne = (level: string) => (level === '1' ? '2' : String(Number(level) - 1));
  const POLICY = { setSize: 4, minBorderline: 0, anchorsPerLevel: 1, practiceSize: 2, poolShares: { qualifying: 1, calibration: 0, validity: 0 } };

  let api: ApiHarness;
  let trainer: TestUser;
  let researcher: TestUser;
  let adjudicator: TestUser;
  /** A1, A2, A3 and D, who also adjudicates */
  let assessors: TestUser[];
  let dual: TestUser;
  let credentialId: number;
  let truths: Map<string, Truth>;
  /** evidence texts of the submissions each person scored or adjudicated live, by user id */
  const live = new Map<number, Set<string>>();
  let liveView: unknown;
  let liveReceipt: unknown;
  /** evidence of the submissions D adjudicated without reading them */
  const adjudicatedByDual = new Set<string>();

  const tookPart = (person: TestUser, n: number) => live.set(person.id, new Set([...(live.get(person.id) ?? []), evidence(n)]));
  const liveOf = (person: TestUser) => live.get(person.id) ?? new Set<string>();

  beforeAll(async () => {
    api = await startApi('certification-leaks');
    const designer = await api.createUser('Designer', ['designer']);
    trainer = await api.createUser('Trainer', ['trainer']);
    researcher = await api.createUser('Researcher', ['researcher']);
    adjudicator = await api.createUser('Adjudicator J', ['adjudicator']);
    dual = await api.createUser('Assessor-Adjudicator D', ['assessor', 'adjudicator']);
    assessors = [await api.createUser('Assessor A1', ['assessor']), await api.createUser('Assessor A2', ['assessor']), await api.createUser('Assessor A3', ['assessor']), dual];
    credentialId = await createCredential(api, designer, 'Leaks');
    await openWindow(api, designer, credentialId, { targetSubmissions: STUDY.length, readersPerSubmission: 2, seed: 7 });
    const submissionIds = new Map<number, number>();
    for (const n of STUDY) submissionIds.set(n, (await submitWork(api, trainer, credentialId, { earnerName: `Earner ${n}`, evidenceText: evidence(n) })).body.id);
    const readers = new Map<number, Array<{ assessor: TestUser; assignmentId: number }>>();
    for (const assessor of assessors) {
      for (const [text, assignmentId] of await assignmentsByEvidence(api, assessor)) {
        const n = Number(/(\d+)$/.exec(text)![1]);
        readers.set(n, [...(readers.get(n) ?? []), { assessor, assignmentId }]);
        tookPart(assessor, n);
      }
    }
    // disagreements: two on submissions D did not read (D adjudicates them), one on a submission D read (J adjudicates)
    const byDual = STUDY.filter((n) => readers.get(n)!.some((reader) => reader.assessor === dual));
    const disputedByDual = STUDY.filter((n) => !byDual.includes(n)).slice(0, 2);
    const disputedByJ = byDual.slice(0, 1);
    expect(disputedByDual).toHaveLength(2);
    for (const n of STUDY) {
      for (const [slot, { assessor, assignmentId }] of readers.get(n)!.entries()) {
        const disputed = slot === 1 && [...disputedByDual, ...disputedByJ].includes(n);
        const levels = disputed ? { ...truthOf(n), depth: offByOne(truthOf(n).depth) } : truthOf(n);
        const first = liveReceipt === undefined && assessor === assessors[0];
        const response = await api
          .http()
          .post(`/api/assignments/${assignmentId}/score`)
          .set(bearer(assessor.token))
          .send({ levels, comments: first ? { aim: 'A live comment', depth: '   ' } : {} })
          .expect(201);
        if (first) {
          liveReceipt = response.body;
          liveView = (await api.http().get(`/api/assignments/${assignmentId}`).set(bearer(assessor.token)).expect(200)).body;
        }
      }
    }
    for (const [person, disputed] of [
      [dual, disputedByDual],
      [adjudicator, disputedByJ],
    ] as const) {
      for (const n of disputed) {
        await adjudicate(api, person, submissionIds.get(n)!, { depth: { level: truthOf(n).depth, reason: 'assessor_error' } });
        tookPart(person, n);
        if (person === dual) adjudicatedByDual.add(evidence(n));
      }
    }
    expect((await windowOf(api, researcher, credentialId)).status).toBe('complete');
    await api.http().post(`${calibrationPath(credentialId)}/candidates/from-window`).set(bearer(trainer.token)).expect(200);
    await importPanel(api, trainer, credentialId, expertPanelCsv(panelItems('leak', 22)));
    expect(await confirmCandidates(api, trainer, credentialId)).toBe(STUDY.length + 22);
    await setPolicy(api, trainer, credentialId, POLICY);
    await drawPools(api, trainer, credentialId, 'leaks');
    truths = await truthByEvidence(api, trainer, credentialId);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('never serves an assessor an item of a submission they scored or adjudicated live: anchors, practice, sets A and B', async () => {
    const material = (await candidates(api, trainer, credentialId)).map((item) => item.evidence.text!);
    const qualifying = (await candidates(api, trainer, credentialId, 'pool=qualifying')).map((item) => item.evidence.text!);
    const servedTo = new Map<TestUser, string[]>();
    for (const assessor of assessors) {
      const hidden = liveOf(assessor);
      const served: string[] = [];
      const anchors = await api.http().get(`/api/my/calibration/credentials/${credentialId}/anchors`).set(bearer(assessor.token)).expect(200);
      served.push(...anchors.body.items.map((item: { evidence: { text: string } }) => item.evidence.text));
      const practice = await startSet(api, assessor, credentialId, 'practice');
      served.push(...(await evidenceOfSet(api, assessor, practice.body.id)));
      await answerSet(api, assessor, practice.body.id, truths, (truth) => ({ ...truth }));
      for (const label of ['A', 'B']) {
        const set = await takeQualifyingSet(api, assessor, credentialId, truths, 'fail');
        expect(set.label).toBe(label);
        served.push(...(await evidenceOfSet(api, assessor, set.id)));
      }
      expect(served.filter((text) => hidden.has(text)), assessor.name).toEqual([]);
      servedTo.set(assessor, served);
    }
    // the rule had something to hide: the qualifying pool holds items someone took part in, window
    // items were served to those who did not, and D adjudicated items D did not read
    expect(qualifying.filter((text) => assessors.some((assessor) => liveOf(assessor).has(text))).length).toBeGreaterThan(0);
    expect([...servedTo.values()].flat().filter((text) => text.startsWith('leak response')).length).toBeGreaterThan(0);
    expect(adjudicatedByDual.size).toBe(2);
    for (const text of adjudicatedByDual) {
      expect(material).toContain(text);
      expect(servedTo.get(dual)).not.toContain(text);
    }
  });

  it('counts for each assessor the items they may still see: the pool without their live items and what they were served', async () => {
    const qualifying = (await candidates(api, trainer, credentialId, 'pool=qualifying')).map((item) => item.evidence.text!);
    for (const assessor of assessors) {
      const mine = (await api.http().get('/api/my/calibration').set(bearer(assessor.token)).expect(200)).body.credentials[0];
      const served = new Set<string>();
      for (const attempt of mine.attempts as Array<{ id: number }>) for (const text of await evidenceOfSet(api, assessor, attempt.id)) served.add(text);
      const sets = await api.http().get(`${calibrationPath(credentialId)}/sets?assessorId=${assessor.id}`).set(bearer(trainer.token)).expect(200);
      const expected = qualifying.filter((text) => !liveOf(assessor).has(text) && !served.has(text)).length;
      expect(sets.body.find((set: { kind: string }) => set.kind === 'qualifying').unseenItems, assessor.name).toBe(expected);
    }
    const adjudicated = (await candidates(api, trainer, credentialId)).filter((item) => item.provenance === 'adjudicated');
    expect(adjudicated).toHaveLength(3);
    expect(adjudicated.every((item) => item.borderline)).toBe(true);
  });

  it('cannot make a set for an assessor whose only items of a level are their own live ones, and says which row and level', async () => {
    const small = await startApi('certification-own-level');
    try {
      const smallDesigner = await small.createUser('Designer', ['designer']);
      const smallTrainer = await small.createUser('Trainer', ['trainer']);
      const readers = [await small.createUser('Reader One', ['assessor']), await small.createUser('Reader Two', ['assessor'])];
      const smallCredential = await createCredential(small, smallDesigner, 'Own level');
      await openWindow(small, smallDesigner, smallCredential, { targetSubmissions: 2, readersPerSubmission: 2, seed: 2 });
      const levels = [{ aim: 'yes', depth: '1' }, { aim: 'no', depth: '2' }];
      for (const n of [1, 2]) await submitWork(small, smallTrainer, smallCredential, { earnerName: `E${n}`, evidenceText: `own level ${n}` });
      for (const reader of readers) {
        for (const [text, assignmentId] of await assignmentsByEvidence(small, reader)) {
          await small.http().post(`/api/assignments/${assignmentId}/score`).set(bearer(reader.token)).send({ levels: levels[Number(text.slice(-1)) - 1] }).expect(201);
        }
      }
      const newcomer = await small.createUser('Newcomer', ['assessor']);
      await small.http().post(`${calibrationPath(smallCredential)}/candidates/from-window`).set(bearer(smallTrainer.token)).expect(200);
      // the panel has every level but depth 1: only the window's first submission shows it
      await importPanel(small, smallTrainer, smallCredential, expertPanelCsv(panelItems('no-depth-1', 6, (index) => ({ aim: index % 2 === 0 ? 'yes' : 'no', depth: String(2 + (index % 3)) }))));
      await confirmCandidates(small, smallTrainer, smallCredential);
      await setPolicy(small, smallTrainer, smallCredential, { setSize: 4, minBorderline: 0, anchorsPerLevel: 0, practiceSize: 0, poolShares: { qualifying: 1, calibration: 0, validity: 0 } });
      await drawPools(small, smallTrainer, smallCredential, 'own');
      const setsOf = async (who: TestUser) =>
        (await small.http().get(`${calibrationPath(smallCredential)}/sets?assessorId=${who.id}`).set(bearer(smallTrainer.token)).expect(200)).body[0];
      for (const reader of readers) {
        expect(await setsOf(reader)).toMatchObject({ available: false, unseenItems: 6, problem: expect.stringMatching(/row depth level 1 is missing/) });
        const refused = await startSet(small, reader, smallCredential, 'qualifying', 409);
        expect(refused.body).toMatchObject({ code: 'set_incomplete', message: expect.stringMatching(/row depth level 1/) });
      }
      expect(await setsOf(newcomer)).toMatchObject({ available: true, unseenItems: 8 });
      const set = await startSet(small, newcomer, smallCredential, 'qualifying');
      expect(await evidenceOfSet(small, newcomer, set.body.id)).toContain('own level 1');
    } finally {
      await small.close();
    }
  });

  it('serves a set’s item with the keys of a live assignment’s blind view, and answers its score with the same receipt', async () => {
    const assessor = await api.createUser('Assessor Fresh', ['assessor']);
    const practice = await startSet(api, assessor, credentialId, 'practice');
    const itemId = practice.body.itemList[0].assignmentId as number;
    const pending = await api.http().get(`/api/my/calibration/items/${itemId}`).set(bearer(assessor.token)).expect(200);
    expect(Object.keys(pending.body).sort()).toEqual(Object.keys(liveView as object).sort());
    expect(pending.body).toMatchObject({ assignmentId: itemId, status: 'pending', credentialTitle: 'Leaks', rubricVersion: 1, myScore: null });
    expect(pending.body.rubric).toEqual((liveView as { rubric: unknown }).rubric);
    expect(keyPaths(pending.body).filter((path) => !path.startsWith('myScore'))).toEqual(keyPaths(liveView).filter((path) => !path.startsWith('myScore')));

    const truth = truths.get(pending.body.evidence.text)!;
    const receipt = await api
      .http()
      .post(`/api/my/calibration/items/${itemId}/score`)
      .set(bearer(assessor.token))
      .send({ levels: truth.levels, comments: { aim: 'A calibration comment', depth: '   ' } })
      .expect(201);
    expect(keyPaths(receipt.body)).toEqual(keyPaths(liveReceipt));
    expect(receipt.body).toMatchObject({ assignmentId: itemId, levels: truth.levels, comments: { aim: 'A calibration comment' } });
    const scored = await api.http().get(`/api/my/calibration/items/${itemId}`).set(bearer(assessor.token)).expect(200);
    expect(keyPaths(scored.body)).toEqual(keyPaths(liveView));
    expect(scored.body.myScore).toEqual({ levels: truth.levels, comments: { aim: 'A calibration comment' }, submittedAt: receipt.body.submittedAt });
    expect(scored.body.status).toBe('scored');
  });
});
