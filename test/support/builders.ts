import type { Response } from 'supertest';
import { bearer, twoRowRubric, type ApiHarness, type TestUser } from './api-harness.js';

/**
 * Test data built through the real API, one call per step, each step checking only that the API
 * accepted it. Tests build what they need with these and then assert on what they are about.
 */

/** A credential with rubric version 1 (the two-row rubric unless told otherwise); its id. */
export async function createCredential(api: ApiHarness, designer: TestUser, title: string, rubric: object = twoRowRubric): Promise<number> {
  const credentialId = (await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title }).expect(201)).body.id as number;
  await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(rubric).expect(201);
  return credentialId;
}

/** Opens the validation window of a rubric version (version 1 unless told otherwise). */
export async function openWindow(
  api: ApiHarness,
  designer: TestUser,
  credentialId: number,
  settings: { targetSubmissions?: number; readersPerSubmission?: number; seed?: number | string; threshold?: number },
  version = 1,
): Promise<Response> {
  return api.http().post(`/api/credentials/${credentialId}/rubric-versions/${version}/validation`).set(bearer(designer.token)).send(settings).expect(201);
}

/** The validation window of a rubric version as staff see it. */
export async function windowOf(api: ApiHarness, staff: TestUser, credentialId: number, version = 1): Promise<{ status: string; [key: string]: unknown }> {
  return (await api.http().get(`/api/credentials/${credentialId}/rubric-versions/${version}/validation`).set(bearer(staff.token)).expect(200)).body;
}

/** Posts a submission (by a trainer or a designer); the response, checked against `status` (201 unless told). */
export async function submitWork(api: ApiHarness, trainer: TestUser, credentialId: number, body: object, status = 201): Promise<Response> {
  return api.http().post(`/api/credentials/${credentialId}/submissions`).set(bearer(trainer.token)).send(body).expect(status);
}

/** The assessor's pending assignment whose blind view shows this evidence text. */
export async function assignmentShowing(api: ApiHarness, assessor: TestUser, evidenceText: string): Promise<number> {
  const queue = await api.http().get('/api/my/assignments?status=pending&pageSize=200').set(bearer(assessor.token)).expect(200);
  for (const item of queue.body.items as Array<{ assignmentId: number }>) {
    const view = await api.http().get(`/api/assignments/${item.assignmentId}`).set(bearer(assessor.token)).expect(200);
    if (view.body.evidence.text === evidenceText) return item.assignmentId;
  }
  throw new Error(`${assessor.email} has no pending assignment for ${evidenceText}`);
}

/** Scores the assessor's assignment showing this evidence text. */
export async function scoreEvidence(api: ApiHarness, assessor: TestUser, evidenceText: string, levels: Record<string, string>): Promise<Response> {
  const assignmentId = await assignmentShowing(api, assessor, evidenceText);
  return api.http().post(`/api/assignments/${assignmentId}/score`).set(bearer(assessor.token)).send({ levels }).expect(201);
}

/** Records an adjudication; the response, checked against `status` (201 unless told). */
export async function adjudicate(api: ApiHarness, adjudicator: TestUser, submissionId: number, rows: object, status = 201): Promise<Response> {
  return api.http().post(`/api/adjudications/${submissionId}`).set(bearer(adjudicator.token)).send({ rows }).expect(status);
}
