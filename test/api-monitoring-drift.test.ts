/**
 * R2 and R3 through the API (issue 10): validity items scored through the live routes move the
 * Bernoulli CUSUM and the EWMA of the profile. Misses on both rows of every item carry the CUSUM
 * over h, which pauses the live queue (`recalibration_required`, rule R2); a level high on the
 * ordinal row of every item leaves the EWMA's upper limit before the CUSUM reaches h, which
 * flags `drifting_lenient` while work goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { auditOf, certificationOf, monitoredQueues, type Levels, type Truth } from './support/calibration.js';

let api: ApiHarness;
let trainer: TestUser;
let researcher: TestUser;
let assessors: TestUser[];
let credentialId: number;
let truths: Map<string, Truth>;
const clock = new FixedClock(new Date('2026-10-01T09:00:00.000Z'));

interface QueueEntry {
  assignmentId: number;
  evidence: string;
}

interface Profile {
  status: string;
  flags: string[];
  findings: Array<{ rule: string; flag: string; reason: string }>;
  cusum: { h: number; S: number[]; alarmIndex: number | null };
  ewma: { sigma0: number; z: number[]; ucl: number[]; lcl: number[]; firstAlarmIndex: number | null; firstAlarmSide: string | null };
}

/** The assessor's pending validity items, oldest first, with the evidence each shows. */
async function pendingValidity(assessor: TestUser): Promise<QueueEntry[]> {
  const page = await api.http().get('/api/my/assignments?pageSize=200&status=pending').set(bearer(assessor.token)).expect(200);
  const entries: QueueEntry[] = [];
  for (const item of page.body.items as Array<{ assignmentId: number; status: string }>) {
    if (item.status !== 'pending') continue;
    const view = await api.http().get(`/api/assignments/${item.assignmentId}`).set(bearer(assessor.token)).expect(200);
    if (truths.has(view.body.evidence.text)) entries.push({ assignmentId: item.assignmentId, evidence: view.body.evidence.text });
  }
  return entries;
}

async function profileOf(assessor: TestUser): Promise<Profile> {
  return (await api.http().get(`/api/credentials/${credentialId}/assessors/${assessor.id}/profile`).set(bearer(trainer.token)).expect(200)).body;
}

/** Scores the assessor's pending validity items one by one with `answer`, ten minutes apart, until `stop` says so; how many were scored. */
async function scoreValidity(assessor: TestUser, answer: (truth: Levels) => Levels, stop: (profile: Profile) => boolean): Promise<number> {
  let scored = 0;
  for (const entry of await pendingValidity(assessor)) {
    clock.advanceHours(1 / 6);
    await api.http().post(`/api/assignments/${entry.assignmentId}/score`).set(bearer(assessor.token)).send({ levels: answer(truths.get(entry.evidence)!.levels) }).expect(201);
    scored++;
    if (stop(await profileOf(assessor))) break;
  }
  return scored;
}

beforeAll(async () => {
  api = await startApi('monitoring-drift', { clock });
  ({ trainer, researcher, assessors, credentialId, truths } = await monitoredQueues(api, {
    title: 'Drift through the API',
    prefix: 'DRIFT',
    seed: 17,
    evidence: 'Drift work',
    readers: ['Reader Lenient', 'Reader Missing', 'Reader Steady'],
  }));
}, 240_000);

afterAll(async () => {
  await api?.close();
});

describe('drift rules on validity items scored through the API', () => {
  it('R3: a level high on the ordinal row of every item flags drifting_lenient, and the live queue stays open', async () => {
    const assessor = assessors[0];
    const lenient = (truth: Levels) => ({ aim: truth.aim, depth: String(Math.min(4, Number(truth.depth) + 1)) });
    const scored = await scoreValidity(assessor, lenient, (profile) => profile.ewma.firstAlarmIndex !== null);
    const profile = await profileOf(assessor);
    expect(profile.ewma.firstAlarmSide).toBe('upper');
    expect(profile.flags).toEqual(expect.arrayContaining(['drifting_lenient']));
    expect(profile.flags).not.toContain('recalibration_required');
    expect(profile.findings.find((finding) => finding.rule === 'R3')).toMatchObject({ flag: 'drifting_lenient' });
    // the trace: one point per ordinal row scored, the alarm where z first passes the upper limit
    const alarm = profile.ewma.firstAlarmIndex!;
    expect(profile.ewma.z).toHaveLength(scored);
    expect(profile.ewma.z[alarm - 1]).toBeGreaterThan(profile.ewma.ucl[alarm - 1]);
    for (let index = 0; index < alarm - 1; index++) expect(profile.ewma.z[index]).toBeLessThanOrEqual(profile.ewma.ucl[index]);
    // below h: the CUSUM has not fired, so the certification holds and live work is taken
    expect(profile.cusum.alarmIndex).toBeNull();
    expect(Math.max(...profile.cusum.S)).toBeLessThan(profile.cusum.h);
    const certification = await certificationOf(api, trainer, credentialId, assessor);
    expect(certification.status).toBe('qualified');
    const live = (await api.http().get('/api/my/assignments?pageSize=200').set(bearer(assessor.token)).expect(200)).body.items.find(
      (item: { status: string }) => item.status === 'pending',
    );
    const view = await api.http().get(`/api/assignments/${live.assignmentId}`).set(bearer(assessor.token)).expect(200);
    if (!truths.has(view.body.evidence.text)) {
      await api.http().post(`/api/assignments/${live.assignmentId}/score`).set(bearer(assessor.token)).send({ levels: { aim: 'yes', depth: '2' } }).expect(201);
    }
  });

  it('R2: misses on both rows of every item carry the CUSUM over h, which pauses the live queue, audited', async () => {
    const assessor = assessors[1];
    // aim the other way, depth one level off (never two, so R1's misses by two levels stay at 0)
    const missing = (truth: Levels) => ({ aim: truth.aim === 'yes' ? 'no' : 'yes', depth: String(Number(truth.depth) === 1 ? 2 : Number(truth.depth) - 1) });
    const scored = await scoreValidity(assessor, missing, (profile) => profile.cusum.alarmIndex !== null);
    expect(scored).toBeLessThan(10);
    const profile = await profileOf(assessor);
    // two rows an item: h = 3.25 (the longest row has 4 levels), crossed within the first items
    expect(profile.cusum.h).toBe(3.25);
    const alarm = profile.cusum.alarmIndex!;
    expect(profile.cusum.S[alarm - 1]).toBeGreaterThanOrEqual(3.25);
    for (let index = 0; index < alarm - 1; index++) expect(profile.cusum.S[index]).toBeLessThan(3.25);
    const certification = await certificationOf(api, trainer, credentialId, assessor);
    expect(certification.status).toBe('recalibration_required');
    expect(certification.timeline.at(-1)).toMatchObject({ from: 'qualified', to: 'recalibration_required', action: 'recalibration_required_R2', actor: null });
    expect(certification.timeline.at(-1).reason).toMatch(/^R2: /);
    expect((await auditOf(api, researcher, 'certification.recalibration_required_R2')).length).toBe(1);
    // R1 did not fire: the window is not full and no miss was by two levels
    expect((await auditOf(api, researcher, 'certification.recalibration_required_R1')).length).toBe(0);
    const pending = (await api.http().get('/api/my/assignments?pageSize=200').set(bearer(assessor.token)).expect(200)).body.items.filter(
      (item: { status: string }) => item.status === 'pending',
    );
    let refused = 0;
    for (const item of pending as Array<{ assignmentId: number }>) {
      const response = await api.http().post(`/api/assignments/${item.assignmentId}/score`).set(bearer(assessor.token)).send({ levels: { aim: 'yes', depth: '2' } });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('queue_paused');
      refused++;
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('leaves an assessor who answers true in control: no rule, no flag', async () => {
    const assessor = assessors[2];
    const scored = await scoreValidity(assessor, (truth) => ({ ...truth }), () => false);
    expect(scored).toBeGreaterThanOrEqual(4);
    const profile = await profileOf(assessor);
    expect(profile.flags).toEqual([]);
    expect(profile.cusum.S.every((value) => value === 0)).toBe(true);
    expect(profile.ewma.z.every((value) => value === 0)).toBe(true);
    expect((await certificationOf(api, trainer, credentialId, assessor)).status).toBe('qualified');
  });
});
