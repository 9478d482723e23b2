/**
 * Backreading (issue 10, R5): each week a reproducible 5% of each assessor's live scores (all of
 * them on probation) is queued to trainers, who record corrected levels with a reason, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow, submitWork } from './support/builders.js';
import { auditOf } from './support/calibration.js';

let api: ApiHarness;
let trainer: TestUser;
let researcher: TestUser;
let steady: TestUser;
let watched: TestUser;
/** a trainer who also reads: never backreads their own scores */
let both: TestUser;
/** live scores per reader */
const scored = new Map<number, number>();
let credentialId: number;
const clock = new FixedClock(new Date('2026-11-30T09:00:00.000Z'));
const path = () => `/api/credentials/${credentialId}/backreading`;

beforeAll(async () => {
  api = await startApi('backreading', { clock });
  const designer = await api.createUser('Designer', ['designer']);
  trainer = await api.createUser('Trainer', ['trainer']);
  researcher = await api.createUser('Researcher', ['researcher']);
  steady = await api.createUser('Steady Reader', ['assessor']);
  watched = await api.createUser('Watched Reader', ['assessor']);
  // a reader who becomes a trainer after scoring (a trainer is never drawn as a reader)
  both = await api.createUser('Trainer Reader', ['assessor']);
  credentialId = await createCredential(api, designer, 'Backread');
  await openWindow(api, designer, credentialId, { targetSubmissions: 30, readersPerSubmission: 2, seed: 4 });
  await api
    .http()
    .post(`/api/credentials/${credentialId}/assessors/${watched.id}/certification/override`)
    .set(bearer(trainer.token))
    .send({ status: 'probation', reason: 'New to this credential.' })
    .expect(200);
  for (let index = 1; index <= 30; index++) {
    await submitWork(api, trainer, credentialId, { earnerName: `Earner ${index}`, earnerOrganisation: 'Hillcrest Primary', evidenceText: `Work ${index}` });
  }
  // each of the three readers scores every assignment in their queue
  for (const reader of [steady, watched, both]) {
    const queue = (await api.http().get('/api/my/assignments?status=pending&pageSize=200').set(bearer(reader.token)).expect(200)).body.items as Array<{ assignmentId: number }>;
    for (const [position, item] of queue.entries()) {
      await api.http().post(`/api/assignments/${item.assignmentId}/score`).set(bearer(reader.token)).send({ levels: { aim: 'yes', depth: String(1 + (position % 4)) } }).expect(201);
    }
    scored.set(reader.id, queue.length);
  }
  await api.write(`INSERT INTO "user_roles" ("user_id", "role") VALUES (?, 'trainer')`, [both.id]);
}, 180_000);

afterAll(async () => {
  await api?.close();
});

describe('backreading', () => {
  it("draws 5% of an assessor's live scores of the week, rounded up, and all of them on probation; drawing again adds nothing", async () => {
    const drawn = (await api.http().post(`${path()}/draw`).set(bearer(trainer.token)).send({}).expect(200)).body;
    const expected = new Map([
      [steady.id, Math.ceil(0.05 * scored.get(steady.id)!)],
      [both.id, Math.ceil(0.05 * scored.get(both.id)!)],
      [watched.id, scored.get(watched.id)!],
    ]);
    const total = [...expected.values()].reduce((sum, count) => sum + count, 0);
    expect(scored.get(watched.id)).toBeGreaterThan(10);
    expect(drawn).toMatchObject({ week: '2026-W49', queued: total, alreadyQueued: 0 });
    expect(drawn.reasons.join(' ')).toContain('on probation');
    const again = (await api.http().post(`${path()}/draw`).set(bearer(trainer.token)).send({ week: '2026-W49' }).expect(200)).body;
    expect(again).toMatchObject({ queued: 0, alreadyQueued: total });
    const list = (await api.http().get(`${path()}?pageSize=200`).set(bearer(researcher.token)).expect(200)).body;
    expect(list.total).toBe(total);
    for (const [assessorId, count] of expected) expect(list.items.filter((item: { assessor: { id: number } }) => item.assessor.id === assessorId)).toHaveLength(count);
    expect(JSON.stringify(list)).not.toContain('Earner');
    expect(JSON.stringify(list)).not.toContain('Hillcrest');
    const empty = (await api.http().post(`${path()}/draw`).set(bearer(trainer.token)).send({ week: '2026-W40' }).expect(200)).body;
    expect(empty).toMatchObject({ queued: 0, alreadyQueued: 0 });
    await api.http().post(`${path()}/draw`).set(bearer(trainer.token)).send({ week: '2025-W53' }).expect(422);
  });

  it('records corrected levels with a reason, once, audited; refuses unknown levels and a trainer backreading their own score', async () => {
    const pending = (await api.http().get(`${path()}?status=pending&pageSize=200`).set(bearer(trainer.token)).expect(200)).body.items as Array<{ id: number; assessor: { id: number } }>;
    const item = pending.find((entry) => entry.assessor.id === steady.id)!;
    await api.http().post(`${path()}/${item.id}`).set(bearer(trainer.token)).send({ levels: { depth: '9' }, reason: 'x' }).expect(422);
    await api.http().post(`${path()}/${item.id}`).set(bearer(trainer.token)).send({ levels: {}, reason: '' }).expect(400);
    const reviewed = (await api.http().post(`${path()}/${item.id}`).set(bearer(trainer.token)).send({ levels: { depth: '4' }, reason: 'Every target is measured on page 2.' }).expect(200)).body;
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewer: { id: trainer.id }, reason: 'Every target is measured on page 2.' });
    expect(reviewed.rows.find((row: { key: string }) => row.key === 'depth').corrected).toBe('4');
    expect(reviewed.rows.find((row: { key: string }) => row.key === 'aim').corrected).toBeNull();
    await api.http().post(`${path()}/${item.id}`).set(bearer(trainer.token)).send({ levels: {}, reason: 'Again.' }).expect(409);
    const audit = await auditOf(api, researcher, 'backreading.reviewed');
    expect(audit[0].details).toMatchObject({ scoreId: expect.any(Number), correctedLevels: { depth: '4' } });
    expect((await auditOf(api, researcher, 'backreading.drawn')).length).toBe(3);

    const own = pending.find((entry) => entry.assessor.id === both.id)!;
    expect((await api.http().post(`${path()}/${own.id}`).set(bearer(both.token)).send({ levels: {}, reason: 'Fine.' }).expect(403)).body.code).toBe('own_score');
  });
});
