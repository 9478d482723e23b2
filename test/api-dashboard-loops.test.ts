/**
 * The routes the dashboard's researcher and admin screens stand on: a researcher creates a
 * credential and opens its window (both audited), a credential's summary gives every version's
 * window and verdict counts in one answer (the counts equal the report's), and the audit log
 * filters by actor, action, entity and a range of instants, a page at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';

describe('the researcher’s and the admin’s loops', () => {
  let api: ApiHarness;
  let researcher: TestUser;
  let designer: TestUser;
  let assessor: TestUser;
  let credentialId: number;

  beforeAll(async () => {
    api = await startApi('dashboard-loops');
    researcher = await api.createUser('Researcher Rae', ['researcher']);
    designer = await api.createUser('Designer Dev', ['designer']);
    assessor = await api.createUser('Assessor Abe', ['assessor']);
    await api.createUser('Assessor Bea', ['assessor']);
  });

  afterAll(async () => {
    await api.close();
  });

  it('lets a researcher create a credential, publish its first rubric and open its window with chosen settings, each step audited', async () => {
    const created = await api.http().post('/api/credentials').set(bearer(researcher.token)).send({ title: 'Data Literacy', description: 'Reads a chart.' }).expect(201);
    credentialId = created.body.id;
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(researcher.token)).send({}).expect(404);
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(researcher.token)).send(twoRowRubric).expect(201);

    const invalid = await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions/1/validation`)
      .set(bearer(researcher.token))
      .send({ targetSubmissions: 0, readersPerSubmission: 1, threshold: 1.5 })
      .expect(400);
    expect(new Set((invalid.body.errors as { field: string }[]).map((issue) => issue.field))).toEqual(new Set(['targetSubmissions', 'readersPerSubmission', 'threshold']));

    const opened = await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions/1/validation`)
      .set(bearer(researcher.token))
      .send({ targetSubmissions: 12, readersPerSubmission: 2, threshold: 0.75, seed: 42 })
      .expect(201);
    expect(opened.body).toMatchObject({ status: 'collecting', targetSubmissions: 12, readersPerSubmission: 2, threshold: 0.75, seed: 42 });

    const log = await api.http().get(`/api/audit?actorId=${researcher.id}`).set(bearer(api.adminToken)).expect(200);
    expect(log.body.items.map((entry: { action: string }) => entry.action)).toEqual(['validation_window.opened', 'rubric_version.created', 'credential.created']);
    expect(log.body.items[0]).toMatchObject({ actorId: researcher.id, actorName: 'Researcher Rae', entityType: 'validation_window' });
  });

  it("sums up a credential: every version's window and its report's verdict counts in one answer, for the roles that read reports", async () => {
    const summary = await api.http().get(`/api/credentials/${credentialId}/summary`).set(bearer(researcher.token)).expect(200);
    const report = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/report`).set(bearer(researcher.token)).expect(200);
    expect(summary.body).toMatchObject({ id: credentialId, title: 'Data Literacy', latestVersion: 1 });
    expect(summary.body.versions).toHaveLength(1);
    expect(summary.body.versions[0]).toMatchObject({
      version: 1,
      locked: true,
      validationStatus: 'collecting',
      window: { status: 'collecting', targetSubmissions: 12, threshold: 0.75, seed: 42, progress: { studySubmissions: 0, targetSubmissions: 12 } },
      verdicts: report.body.summary,
    });

    const draft = await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: 'No rubric yet' }).expect(201);
    const empty = await api.http().get(`/api/credentials/${draft.body.id}/summary`).set(bearer(designer.token)).expect(200);
    expect(empty.body).toMatchObject({ latestVersion: null, versions: [] });
    await api.http().get(`/api/credentials/${credentialId}/summary`).set(bearer(assessor.token)).expect(403);
    await api.http().get('/api/credentials/9999/summary').set(bearer(researcher.token)).expect(404);
  });

  it('filters the audit log by actor, action, entity and instants, newest first, a page at a time', async () => {
    const all = await api.http().get('/api/audit?pageSize=200').set(bearer(api.adminToken)).expect(200);
    expect(all.body.total).toBeGreaterThan(5);
    const instants = (all.body.items as { at: string }[]).map((entry) => entry.at);
    expect([...instants].sort().reverse()).toEqual(instants);

    const byAction = await api.http().get('/api/audit?action=credential.created').set(bearer(researcher.token)).expect(200);
    expect(byAction.body.total).toBe(2);
    const byEntity = await api.http().get(`/api/audit?entityType=credential&entityId=${credentialId}`).set(bearer(researcher.token)).expect(200);
    expect(byEntity.body.items).toHaveLength(1);
    expect(byEntity.body.items[0]).toMatchObject({ action: 'credential.created', actorName: 'Researcher Rae' });

    const newest = instants[0]!;
    const from = await api.http().get(`/api/audit?from=${encodeURIComponent(newest)}`).set(bearer(researcher.token)).expect(200);
    expect(from.body.items.every((entry: { at: string }) => entry.at >= newest)).toBe(true);
    expect(from.body.total).toBeGreaterThanOrEqual(1);
    const before = await api.http().get(`/api/audit?to=${encodeURIComponent(newest)}&pageSize=200`).set(bearer(researcher.token)).expect(200);
    expect(before.body.total + from.body.total).toBe(all.body.total);
    const none = await api.http().get('/api/audit?from=2000-01-01T00:00:00.000Z&to=2000-01-02T00:00:00.000Z').set(bearer(researcher.token)).expect(200);
    expect(none.body).toMatchObject({ total: 0, items: [] });

    const paged = await api.http().get('/api/audit?pageSize=2&page=2').set(bearer(researcher.token)).expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2, total: all.body.total });
    expect(paged.body.items.map((entry: { id: number }) => entry.id)).toEqual(all.body.items.slice(2, 4).map((entry: { id: number }) => entry.id));

    const bad = await api.http().get('/api/audit?from=yesterday&actorId=x').set(bearer(researcher.token)).expect(400);
    expect(new Set((bad.body.errors as { field: string }[]).map((issue) => issue.field))).toEqual(new Set(['from', 'actorId']));
  });
});
