/**
 * The return after a pause in scoring (issue 10): after 14 days without scoring, the first
 * delivery to a certified assessor is a validity item with immediate feedback; a miss brings a
 * second; a second miss requires the calibration set before the live queue resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { bearer, login, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow, submitWork } from './support/builders.js';
import { balancedLevels, certificationOf, panelMaterial, truthByEvidence, wrongLevels, type Truth } from './support/calibration.js';

let api: ApiHarness;
let trainer: TestUser;
let readers: TestUser[];
let credentialId: number;
let truths: Map<string, Truth>;
let submitted = 0;
const clock = new FixedClock(new Date('2026-10-01T09:00:00.000Z'));

/** The reader's pending queue, oldest first, each entry with its evidence. */
async function pending(reader: TestUser): Promise<Array<{ assignmentId: number; evidence: string }>> {
  const items = (await api.http().get('/api/my/assignments?status=pending&pageSize=200').set(bearer(reader.token)).expect(200)).body.items as Array<{ assignmentId: number }>;
  const out = [];
  for (const item of items) out.push({ assignmentId: item.assignmentId, evidence: (await api.http().get(`/api/assignments/${item.assignmentId}`).set(bearer(reader.token)).expect(200)).body.evidence.text as string });
  return out;
}

/** Clears every reader's queue: live work scored plainly, validity items answered right. */
async function scoreEverything(): Promise<void> {
  for (const reader of readers) {
    for (const entry of await pending(reader)) {
      const levels = truths.get(entry.evidence)?.levels ?? { aim: 'yes', depth: '2' };
      await api.http().post(`/api/assignments/${entry.assignmentId}/score`).set(bearer(reader.token)).send({ levels }).expect(201);
    }
  }
}

async function submit(count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    submitted++;
    await submitWork(api, trainer, credentialId, { earnerName: `Earner ${submitted}`, evidenceText: `Live ${submitted}` });
  }
}

beforeAll(async () => {
  api = await startApi('validity-reentry', { clock });
  const designer = await api.createUser('Designer', ['designer']);
  trainer = await api.createUser('Trainer', ['trainer']);
  readers = [await api.createUser('Reader One', ['assessor']), await api.createUser('Reader Two', ['assessor'])];
  credentialId = await createCredential(api, designer, 'Return after a pause');
  await panelMaterial(api, trainer, credentialId, { prefix: 'RET', count: 120, policy: { minBorderline: 0 }, levelsOf: balancedLevels });
  truths = await truthByEvidence(api, trainer, credentialId);
  for (const reader of readers) {
    await api
      .http()
      .post(`/api/credentials/${credentialId}/assessors/${reader.id}/certification/override`)
      .set(bearer(trainer.token))
      .send({ status: 'qualified', reason: 'Certified before monitoring began.' })
      .expect(200);
  }
  await openWindow(api, designer, credentialId, { targetSubmissions: 200, readersPerSubmission: 2, seed: 5 });
  await submit(10);
  await scoreEverything();
}, 240_000);

afterAll(async () => {
  await api?.close();
});

describe('the return after 14 days without scoring', () => {
  it('delivers a validity item first, with feedback at once; two misses require the calibration set', async () => {
    const reader = readers[0];
    clock.advanceHours(15 * 24);
    // two weeks later: new sign-ins
    for (const person of [reader, trainer]) person.token = await login(api.http, person.email, person.password);
    await submit(1);
    const [first, ...rest] = await pending(reader);
    expect(truths.has(first.evidence)).toBe(true);
    expect(rest.every((entry) => !truths.has(entry.evidence))).toBe(true);
    await api.http().post(`/api/assignments/${first.assignmentId}/score`).set(bearer(reader.token)).send({ levels: wrongLevels(truths.get(first.evidence)!.levels) }).expect(201);
    // immediate feedback: no 24-hour wait for a return item
    const feedback = (await api.http().get('/api/my/validity-feedback').set(bearer(reader.token)).expect(200)).body;
    expect(feedback.items.map((item: { evidence: { text: string } }) => item.evidence.text)).toContain(first.evidence);

    // the miss brings a second return item as the next delivery
    await submit(1);
    const queue = await pending(reader);
    const second = queue.find((entry) => truths.has(entry.evidence))!;
    expect(second).toBeDefined();
    await api.http().post(`/api/assignments/${second.assignmentId}/score`).set(bearer(reader.token)).send({ levels: wrongLevels(truths.get(second.evidence)!.levels) }).expect(201);
    const certification = await certificationOf(api, trainer, credentialId, reader);
    expect(certification.status).toBe('recalibration_required');
    expect(certification.timeline.at(-1)).toMatchObject({ to: 'recalibration_required', action: 'recalibration_required_reentry', actor: null });
  });
});
