/**
 * What a designer revising a row reads and who may write which rubric version: the evidence route
 * gives, on the demo, every split of a row grouped by the levels the readers split between, with
 * the same comments, adjudication reasons and notes as the report and no reader's identity; a
 * researcher publishes a credential's first rubric but only designers and admins revise one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../backend/src/demo/demo-seed.js';
import { bearer, login, startApi, twoRowRubric, type ApiHarness } from './support/api-harness.js';

const DEMO = 'fixtures/demo';
let api: ApiHarness;
let researcher: string;
let designer: string;
let trainer: string;
let assessor: string;

interface Evidence {
  rubricVersion: number;
  windowStatus: string;
  awaitingAdjudication: number;
  rows: {
    criterion: string;
    paired: number;
    disagreeing: number;
    groups: {
      levels: string[];
      pending: number;
      commented: number;
      cases: { sequence: number; readings: { reader: string; level: string; comment: string | null }[]; finalLevel: string | null; reason: string | null; note: string | null }[];
    }[];
  }[];
}

beforeAll(async () => {
  api = await startApi('row-evidence');
  expect(await seedDemo(api.app, DEMO)).not.toBeNull();
  researcher = await login(api.http, 'researcher@demo.concord', 'concord-demo');
  designer = await login(api.http, 'designer@demo.concord', 'concord-demo');
  trainer = await login(api.http, 'trainer@demo.concord', 'concord-demo');
  assessor = await login(api.http, 'alex.moreno@demo.concord', 'concord-demo');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('GET /api/credentials/:id/rubric-versions/:v/evidence', () => {
  it("groups the failing row's splits by confused pair, with the report's comments, reasons and notes, readers by slot only", async () => {
    const report = (await api.http().get('/api/credentials/1/rubric-versions/1/report').set(bearer(designer)).expect(200)).body;
    const answer = await api.http().get('/api/credentials/1/rubric-versions/1/evidence?row=scoring_tool').set(bearer(designer)).expect(200);
    const evidence = answer.body as Evidence;
    expect(evidence).toMatchObject({ rubricVersion: 1, windowStatus: 'complete', awaitingAdjudication: 0 });
    expect(evidence.rows.map((row) => row.criterion)).toEqual(['scoring_tool']);
    const [row] = evidence.rows;
    const reported = report.rows.find((r: { criterion: string }) => r.criterion === 'scoring_tool');

    // with two readers each split is one confused pair: the groups are the report's confusions
    const confusions = reported.confusions.map((c: { lower: unknown; higher: unknown; count: number; pending: number }) => ({ levels: [String(c.lower), String(c.higher)], count: c.count, pending: c.pending }));
    expect(row!.groups.map((group) => ({ levels: group.levels, count: group.cases.length, pending: group.pending }))).toEqual(confusions);
    expect(row!.disagreeing).toBe(confusions.reduce((sum: number, c: { count: number }) => sum + c.count, 0));
    expect(row!.paired).toBe(50);
    expect((row as unknown as { levels: { label: string }[] }).levels.map((level) => level.label)).toEqual(['Beginning', 'Developing', 'Proficient', 'Exemplary']);
    expect(row!.disagreeing).toBe(18); // 64% of 50 agree

    const cases = row!.groups.flatMap((group) => group.cases.map((c) => ({ ...c, group: group.levels })));
    // each case's readers gave exactly the levels of its group
    for (const c of cases) expect([...new Set(c.readings.map((reading) => reading.level))].sort()).toEqual([...c.group].sort());
    const comments = cases.flatMap((c) => c.readings.filter((reading) => reading.comment !== null).map((reading) => ({ sequence: c.sequence, reader: reading.reader, level: reading.level, comment: reading.comment })));
    const reportedComments = reported.comments.map((c: { sequence: number; reader: string; level: unknown; comment: string }) => ({ ...c, level: String(c.level) }));
    const bySequence = (a: { sequence: number; reader: string }, b: { sequence: number; reader: string }) => a.sequence - b.sequence || a.reader.localeCompare(b.reader);
    expect(comments.sort(bySequence)).toEqual(reportedComments.sort(bySequence));
    expect(comments.length).toBeGreaterThan(0);
    const notes = cases.filter((c) => c.note !== null).map((c) => ({ sequence: c.sequence, reason: c.reason, note: c.note })).sort((a, b) => a.sequence - b.sequence);
    expect(notes).toEqual([...reported.adjudication_notes].sort((a: { sequence: number }, b: { sequence: number }) => a.sequence - b.sequence));
    const reasons = Object.fromEntries(Object.keys(reported.adjudication_reasons).map((reason) => [reason, cases.filter((c) => c.reason === reason).length]));
    expect(reasons).toEqual(reported.adjudication_reasons);

    // no person is named: every assessor of the window is absent from the answer
    const text = JSON.stringify(answer.body);
    for (const person of report.assessors as { name: string; assessorId: number }[]) {
      expect(text).not.toContain(person.name);
    }
    expect(text).not.toContain('assessorId');
  });

  it('gives every row without ?row=, counts the cases still waiting for the adjudicator, and answers 404 for an unknown row or a version without a window', async () => {
    const all = (await api.http().get('/api/credentials/1/rubric-versions/2/evidence').set(bearer(researcher)).expect(200)).body as Evidence;
    expect(all.rows).toHaveLength(6);
    expect(all).toMatchObject({ windowStatus: 'adjudicating', awaitingAdjudication: 6 });
    const pending = new Set(all.rows.flatMap((row) => row.groups.flatMap((group) => group.cases.filter((c) => c.finalLevel === null).map((c) => c.sequence))));
    expect(pending.size).toBe(6);
    await api.http().get('/api/credentials/1/rubric-versions/1/evidence?row=no_such_row').set(bearer(designer)).expect(404);
    await api.http().get('/api/credentials/1/rubric-versions/9/evidence').set(bearer(designer)).expect(404);
  });

  it('answers researchers, designers and admins only', async () => {
    await api.http().get('/api/credentials/1/rubric-versions/1/evidence').set(bearer(trainer)).expect(403);
    await api.http().get('/api/credentials/1/rubric-versions/1/evidence').set(bearer(assessor)).expect(403);
    await api.http().get('/api/credentials/1/rubric-versions/1/evidence').set(bearer(api.adminToken)).expect(200);
    await api.http().get('/api/credentials/1/rubric-versions/1/evidence').expect(401);
  });
});

describe('POST /api/credentials/:id/rubric-versions by role', () => {
  it('lets a researcher publish a first version, refuses them a revision, and audits the version', async () => {
    const credentialId = (await api.http().post('/api/credentials').set(bearer(researcher)).send({ title: 'Researcher first' }).expect(201)).body.id;
    const created = await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(researcher)).send(twoRowRubric).expect(201);
    expect(created.body).toMatchObject({ version: 1, previousVersion: null });
    const refused = await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions`)
      .set(bearer(researcher))
      .send({ previousVersion: 1, rows: [], removedRowKeys: ['aim'] })
      .expect(403);
    expect(refused.body.code).toBe('revision_by_designer');
    const revised = await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions`)
      .set(bearer(designer))
      .send({ previousVersion: 1, rows: [], removedRowKeys: ['aim'] })
      .expect(201);
    expect(revised.body.rows.map((row: { key: string }) => row.key)).toEqual(['depth']);
    const audit = await api.sql<{ action: string }>(`SELECT "action" FROM "audit_log" WHERE "entity_type" = 'rubric_version' ORDER BY "id" DESC LIMIT 2`);
    expect(audit.map((entry) => entry.action)).toEqual(['rubric_version.revised', 'rubric_version.created']);
  });
});
