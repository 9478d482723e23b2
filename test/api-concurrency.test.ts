import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';

interface AssignmentRow {
  submissionId: number;
  studySequence: number;
  assessorId: number;
  readerSlot: number;
}

/** Assignments of a credential's study, read straight from the database. */
async function studyAssignments(api: ApiHarness, credentialId: number): Promise<AssignmentRow[]> {
  return api.sql<AssignmentRow>(
    `SELECT a."submission_id" AS "submissionId", s."study_sequence" AS "studySequence", a."assessor_id" AS "assessorId", a."reader_slot" AS "readerSlot"
       FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
      WHERE s."credential_id" = ? AND s."window_id" IS NOT NULL
      ORDER BY s."study_sequence", a."reader_slot"`,
    [credentialId],
  );
}

async function setUpStudy(api: ApiHarness, designer: TestUser, seed: number): Promise<number> {
  const credentialId = (await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: 'Parallel' }).expect(201)).body.id;
  await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
  await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).send({ seed }).expect(201);
  return credentialId;
}

function postSubmission(api: ApiHarness, token: string, credentialId: number, index: number) {
  return api
    .http()
    .post(`/api/credentials/${credentialId}/submissions`)
    .set(bearer(token))
    .send({ earnerName: `Parallel Earner ${index}`, evidenceText: `parallel evidence ${index}` });
}

describe('concurrency', () => {
  const ASSESSORS = 7;
  let api: ApiHarness;
  let designer: TestUser;
  let assessors: TestUser[];

  beforeAll(async () => {
    api = await startApi('concurrency');
    designer = await api.createUser('Designer', ['designer']);
    assessors = [];
    for (let index = 0; index < ASSESSORS; index++) assessors.push(await api.createUser(`Assessor ${index}`, ['assessor']));
  });

  afterAll(async () => {
    await api.close();
  });

  it('50 submissions posted in parallel never double-assign, never exceed the readers, and stay balanced', async () => {
    const credentialId = await setUpStudy(api, designer, 99);
    const responses = await Promise.all(Array.from({ length: 55 }, (_, index) => postSubmission(api, designer.token, credentialId, index)));
    expect(responses.map((response) => response.status)).toEqual(Array(55).fill(201));
    const sequences = responses.map((response) => response.body.sequence).sort((left, right) => left - right);
    expect(sequences).toEqual(Array.from({ length: 55 }, (_, index) => index + 1));
    expect(responses.filter((response) => response.body.inStudy)).toHaveLength(50);

    const rows = await studyAssignments(api, credentialId);
    expect(rows).toHaveLength(100);
    const bySubmission = new Map<number, AssignmentRow[]>();
    for (const row of rows) bySubmission.set(row.submissionId, [...(bySubmission.get(row.submissionId) ?? []), row]);
    expect(bySubmission.size).toBe(50);
    for (const readers of bySubmission.values()) {
      expect(readers.map((row) => row.readerSlot)).toEqual([1, 2]);
      expect(new Set(readers.map((row) => row.assessorId)).size).toBe(2);
    }
    expect([...new Set(rows.map((row) => row.studySequence))]).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    const loads = new Map<number, number>();
    for (const row of rows) loads.set(row.assessorId, (loads.get(row.assessorId) ?? 0) + 1);
    expect(loads.size).toBe(ASSESSORS);
    expect(Math.max(...loads.values()) - Math.min(...loads.values())).toBeLessThanOrEqual(1);
  });

  it('draws the same assessors from the same seed however the submissions raced', async () => {
    const parallel = await setUpStudy(api, designer, 4242);
    await Promise.all(Array.from({ length: 20 }, (_, index) => postSubmission(api, designer.token, parallel, index).expect(201)));
    // a second credential with its own window and the same seed, fed one submission at a time
    const sequential = await setUpStudy(api, designer, 4242);
    for (let index = 0; index < 20; index++) await postSubmission(api, designer.token, sequential, index).expect(201);
    const drawn = async (credentialId: number) =>
      (await studyAssignments(api, credentialId)).map((row) => [row.studySequence, row.readerSlot, row.assessorId]);
    expect(await drawn(parallel)).toEqual(await drawn(sequential));
  });

  it('accepts exactly one of two identical scores posted at once (the other gets 409), and every distinct score', async () => {
    const credentialId = (await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: 'Race to score' }).expect(201)).body.id;
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).send({ seed: 5, targetSubmissions: 10 }).expect(201);
    await Promise.all(Array.from({ length: 10 }, (_, index) => postSubmission(api, designer.token, credentialId, index).expect(201)));

    const queue: Array<{ assessor: TestUser; assignmentId: number }> = [];
    for (const assessor of assessors) {
      const mine = await api.http().get('/api/my/assignments?status=pending&pageSize=200').set(bearer(assessor.token)).expect(200);
      for (const item of mine.body.items) if (item.credentialId === credentialId) queue.push({ assessor, assignmentId: item.assignmentId });
    }
    expect(queue).toHaveLength(20);

    const score = ({ assessor, assignmentId }: { assessor: TestUser; assignmentId: number }) =>
      api.http().post(`/api/assignments/${assignmentId}/score`).set(bearer(assessor.token)).send({ levels: { aim: 'yes', depth: '2' } });
    const [first, ...rest] = queue;
    const racing = await Promise.all([score(first), score(first), ...rest.map(score)]);
    const statuses = racing.map((response) => response.status);
    expect(statuses.slice(0, 2).sort()).toEqual([201, 409]);
    expect(statuses.slice(2)).toEqual(Array(19).fill(201));

    const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).expect(200);
    expect(window.body.progress).toMatchObject({ scoresReceived: 20, fullyScoredSubmissions: 10, disagreeingSubmissions: 0 });
    expect(window.body.status).toBe('complete');
    const log = await api.http().get('/api/audit?action=validation_window.completed').set(bearer(api.adminToken)).expect(200);
    expect(log.body.total).toBe(1);
  });
});
