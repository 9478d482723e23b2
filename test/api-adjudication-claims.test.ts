import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { ADJUDICATION_CLAIM_MINUTES } from '../backend/src/protocol/adjudicator-eligibility.js';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow } from './support/builders.js';

interface Queue {
  api: ApiHarness;
  clock: FixedClock;
  adjudicators: TestUser[];
}

let opened: ApiHarness | null = null;

/**
 * An API of its own whose adjudication queue holds `cases` submissions (each one's two readers
 * disagree on a row, imported in one file), and `adjudicators` adjudicators who read none of them.
 */
async function queueOf(cases: number, adjudicatorCount: number): Promise<Queue> {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00.000Z'));
  const api = await startApi('claims', { clock });
  opened = api;
  const designer = await api.createUser('Designer', ['designer']);
  const researcher = await api.createUser('Researcher', ['researcher']);
  const readers = [await api.createUser('Reader A', ['assessor']), await api.createUser('Reader B', ['assessor'])];
  const adjudicators = await Promise.all(Array.from({ length: adjudicatorCount }, (_, index) => api.createUser(`Adjudicator ${index}`, ['adjudicator'])));
  const credentialId = await createCredential(api, designer, 'Claimed pilot');
  await openWindow(api, designer, credentialId, { targetSubmissions: cases, seed: 5 });
  const lines = ['submission,assessor,criterion,level'];
  for (let case_ = 1; case_ <= cases; case_++) {
    lines.push(`C-${case_},${readers[0].email},aim,no`, `C-${case_},${readers[0].email},depth,2`);
    lines.push(`C-${case_},${readers[1].email},aim,yes`, `C-${case_},${readers[1].email},depth,2`);
  }
  const imported = await api
    .http()
    .post(`/api/credentials/${credentialId}/rubric-versions/1/scores/import`)
    .set(bearer(researcher.token))
    .set('Content-Type', 'text/csv')
    .send(lines.join('\n'))
    .expect(200);
  expect(imported.body.windowStatus).toBe('adjudicating');
  return { api, clock, adjudicators };
}

const claim = (api: ApiHarness, adjudicator: TestUser) => api.http().post('/api/adjudications/claim').set(bearer(adjudicator.token));

/**
 * The adjudication queue handed out case by case: each claim is the caller's alone for a while,
 * so adjudicators working at once never judge the same case.
 */
describe('POST /api/adjudications/claim', () => {
  afterEach(async () => {
    await opened?.close();
    opened = null;
  });

  it('gives 20 adjudicators claiming at once 20 different cases, each held for a while, each claim audited', async () => {
    const { api, clock, adjudicators } = await queueOf(24, 20);
    const answers = await Promise.all(adjudicators.map((adjudicator) => claim(api, adjudicator)));
    expect(answers.map((answer) => answer.status)).toEqual(adjudicators.map(() => 200));
    expect(new Set(answers.map((answer) => answer.body.submissionId)).size).toBe(adjudicators.length);
    const lapse = new Date(clock.now().getTime() + ADJUDICATION_CLAIM_MINUTES * 60_000).toISOString();
    for (const answer of answers) expect(answer.body).toMatchObject({ credentialTitle: 'Claimed pilot', rubricVersion: 1, claimedUntil: lapse });
    const [audit] = await api.sql<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "audit_log" WHERE "action" = 'adjudication.claimed'`);
    expect(Number(audit.n)).toBe(adjudicators.length);
  });

  it('gives an adjudicator the case they hold again, and another adjudicator a case of their own', async () => {
    const { api, adjudicators } = await queueOf(3, 2);
    const [first, second] = adjudicators;
    const held = (await claim(api, first).expect(200)).body.submissionId;
    expect((await claim(api, first).expect(200)).body.submissionId).toBe(held);
    expect((await claim(api, second).expect(200)).body.submissionId).not.toBe(held);
  });

  it('refuses to record a case another adjudicator holds (409 claimed_by_another), and lets its holder record it', async () => {
    const { api, adjudicators } = await queueOf(3, 2);
    const [holder, other] = adjudicators;
    const held = (await claim(api, holder).expect(200)).body.submissionId as number;
    const rows = { aim: { level: 'yes', reason: 'rubric_unclear' } };
    const refused = await api.http().post(`/api/adjudications/${held}`).set(bearer(other.token)).send({ rows }).expect(409);
    expect(refused.body.code).toBe('claimed_by_another');
    await api.http().post(`/api/adjudications/${held}`).set(bearer(holder.token)).send({ rows }).expect(201);
    expect((await claim(api, holder).expect(200)).body.submissionId).not.toBe(held);
  });

  it('answers 204 while every waiting case is held by others, and offers a case again once its claim lapses', async () => {
    const { api, clock, adjudicators } = await queueOf(2, 3);
    const [first, second, late] = adjudicators;
    const taken = [(await claim(api, first).expect(200)).body.submissionId, (await claim(api, second).expect(200)).body.submissionId];
    await claim(api, late).expect(204);
    clock.set(new Date(clock.now().getTime() + (ADJUDICATION_CLAIM_MINUTES + 1) * 60_000));
    expect(taken).toContain((await claim(api, late).expect(200)).body.submissionId);
  });
});
