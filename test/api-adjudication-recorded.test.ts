import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../backend/src/common/clock.js';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow } from './support/builders.js';

interface RecordedCase {
  submissionId: number;
  credentialId: number;
  credentialTitle: string;
  rubricVersion: number;
  studySequence: number;
  recordedAt: string;
  rows: { rowKey: string; rowTitle: string; level: string; levelLabel: string; disagreed: boolean; reason: string | null }[];
}

interface RecordedPage {
  items: RecordedCase[];
  total: number;
  page: number;
  pageSize: number;
}

/** Every key of every object in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

/**
 * GET /api/adjudications/recorded: the cases an adjudicator recorded, theirs only, newest first,
 * with the final level of every row, so the adjudicator can look back over their own work.
 */
describe('GET /api/adjudications/recorded', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00.000Z'));
  let api: ApiHarness;
  let first: TestUser;
  let second: TestUser;
  let idle: TestUser;
  let reader: TestUser;
  let credentialId: number;
  /** study position -> submission id */
  const submissionAt = new Map<number, number>();

  const recorded = async (who: TestUser, query = ''): Promise<RecordedPage> =>
    (await api.http().get(`/api/adjudications/recorded${query}`).set(bearer(who.token)).expect(200)).body as RecordedPage;

  async function record(who: TestUser, position: number, aim: 'yes' | 'no'): Promise<void> {
    await api
      .http()
      .post(`/api/adjudications/${submissionAt.get(position)}`)
      .set(bearer(who.token))
      .send({ rows: { aim: { level: aim, reason: 'rubric_unclear', note: 'ZZNOTE the aim is implied' } } })
      .expect(201);
  }

  beforeAll(async () => {
    api = await startApi('recorded', { clock });
    const designer = await api.createUser('Designer', ['designer']);
    const researcher = await api.createUser('Researcher', ['researcher']);
    reader = await api.createUser('ZZREADER One', ['assessor']);
    const otherReader = await api.createUser('ZZREADER Two', ['assessor']);
    [first, second, idle] = [await api.createUser('Adjudicator First', ['adjudicator']), await api.createUser('Adjudicator Second', ['adjudicator']), await api.createUser('Adjudicator Idle', ['adjudicator'])];
    credentialId = await createCredential(api, designer, 'Recorded pilot');
    await openWindow(api, designer, credentialId, { targetSubmissions: 4, seed: 3 });
    // four cases, each disagreeing on aim and agreeing on depth
    const lines = ['submission,assessor,criterion,level'];
    for (let n = 1; n <= 4; n++) {
      lines.push(`ZZREF-${n},${reader.email},aim,no`, `ZZREF-${n},${reader.email},depth,2`);
      lines.push(`ZZREF-${n},${otherReader.email},aim,yes`, `ZZREF-${n},${otherReader.email},depth,2`);
    }
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/scores/import`).set(bearer(researcher.token)).set('Content-Type', 'text/csv').send(lines.join('\n')).expect(200);
    const queue = await api.http().get('/api/adjudications?pageSize=200').set(bearer(first.token)).expect(200);
    for (const item of queue.body.items as { submissionId: number; studySequence: number }[]) submissionAt.set(item.studySequence, item.submissionId);
    expect(submissionAt.size).toBe(4);

    await record(first, 1, 'yes');
    clock.advanceHours(1);
    await record(second, 2, 'no');
    clock.advanceHours(1);
    await record(first, 3, 'no');
  });

  afterAll(async () => {
    await api?.close();
  });

  it("lists the caller's own cases, newest first, with the date and the final level of every row named from the rubric", async () => {
    const page = await recorded(first);
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.submissionId)).toEqual([submissionAt.get(3), submissionAt.get(1)]);
    expect(page.items[0]).toEqual({
      submissionId: submissionAt.get(3),
      credentialId,
      credentialTitle: 'Recorded pilot',
      rubricVersion: 1,
      studySequence: 3,
      recordedAt: '2026-03-02T11:00:00.000Z',
      rows: [
        { rowKey: 'aim', rowTitle: 'States the aim', level: 'no', levelLabel: 'No', disagreed: true, reason: 'rubric_unclear' },
        { rowKey: 'depth', rowTitle: 'Depth of the task', level: '2', levelLabel: 'Level 2', disagreed: false, reason: null },
      ],
    });
    expect(page.items[1]).toMatchObject({ studySequence: 1, recordedAt: '2026-03-02T09:00:00.000Z', rows: [{ rowKey: 'aim', level: 'yes', levelLabel: 'Yes' }, { rowKey: 'depth', level: '2' }] });
  });

  it("never shows another adjudicator's cases: each sees their own, and one who recorded nothing sees none", async () => {
    const theirs = await recorded(second);
    expect(theirs.total).toBe(1);
    expect(theirs.items.map((item) => [item.submissionId, item.rows[0]!.level])).toEqual([[submissionAt.get(2), 'no']]);
    expect(await recorded(idle)).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    // the case still waiting is nobody's record
    const all = [...(await recorded(first)).items, ...theirs.items].map((item) => item.submissionId);
    expect(all).not.toContain(submissionAt.get(4));
  });

  it('pages the list', async () => {
    const secondPage = await recorded(first, '?page=2&pageSize=1');
    expect(secondPage).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(secondPage.items.map((item) => item.studySequence)).toEqual([1]);
    await api.http().get('/api/adjudications/recorded?pageSize=0').set(bearer(first.token)).expect(400);
  });

  it('carries no earner reference, no reader and no note', async () => {
    const answer = await api.http().get('/api/adjudications/recorded').set(bearer(first.token)).expect(200);
    expect(answer.text).not.toMatch(/ZZREF|ZZREADER|ZZNOTE/);
    for (const hidden of ['externalRef', 'earnerName', 'earnerOrganisation', 'assessorId', 'adjudicatorId', 'note']) expect(keysOf(answer.body)).not.toContain(hidden);
  });

  it('answers only adjudicators (403 to an assessor) and 401 without a token', async () => {
    const refused = await api.http().get('/api/adjudications/recorded').set(bearer(reader.token)).expect(403);
    expect(refused.body.code).toBe('role_required');
    await api.http().get('/api/adjudications/recorded').expect(401);
  });
});
