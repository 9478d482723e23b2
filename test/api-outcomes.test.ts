import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';

/**
 * Outcomes and resubmissions (issue 3, point 7) on one credential whose window studies 4
 * submissions read by both of its 2 assessors. The `it`s run in order and share state.
 */
describe('submission results and resubmissions through the API', () => {
  let api: ApiHarness;
  let designer: TestUser;
  let trainer: TestUser;
  let researcher: TestUser;
  let adjudicator: TestUser;
  let assessors: TestUser[];
  let credentialId: number;
  let otherCredentialId: number;
  /** submission id by evidence text */
  const submissionIds = new Map<string, number>();

  const submissionsPath = () => `/api/credentials/${credentialId}/submissions`;
  const resultPath = (evidence: string) => `${submissionsPath()}/${submissionIds.get(evidence)}/result`;

  async function submit(evidence: string, extra: Record<string, unknown> = {}, status = 201) {
    const response = await api
      .http()
      .post(submissionsPath())
      .set(bearer(trainer.token))
      .send({ earnerName: `Earner of ${evidence}`, earnerOrganisation: 'Northwind College', evidenceText: evidence, ...extra })
      .expect(status);
    if (status === 201) submissionIds.set(evidence, response.body.id);
    return response;
  }

  /** The assessor's assignment whose blind view shows this evidence. */
  async function assignmentOf(assessor: TestUser, evidence: string): Promise<number> {
    const queue = await api.http().get('/api/my/assignments?status=pending&pageSize=200').set(bearer(assessor.token)).expect(200);
    for (const item of queue.body.items as Array<{ assignmentId: number }>) {
      const view = await api.http().get(`/api/assignments/${item.assignmentId}`).set(bearer(assessor.token)).expect(200);
      if (view.body.evidence.text === evidence) return item.assignmentId;
    }
    throw new Error(`${assessor.email} has no pending assignment for ${evidence}`);
  }

  async function score(assessor: TestUser, evidence: string, levels: { aim: string; depth: string }) {
    const assignmentId = await assignmentOf(assessor, evidence);
    await api.http().post(`/api/assignments/${assignmentId}/score`).set(bearer(assessor.token)).send({ levels }).expect(201);
  }

  const result = async (evidence: string) => (await api.http().get(resultPath(evidence)).set(bearer(researcher.token)).expect(200)).body;

  beforeAll(async () => {
    api = await startApi('outcomes');
    designer = await api.createUser('Designer', ['designer']);
    trainer = await api.createUser('Trainer', ['trainer']);
    researcher = await api.createUser('Researcher', ['researcher']);
    adjudicator = await api.createUser('Adjudicator', ['adjudicator']);
    assessors = [await api.createUser('Assessor One', ['assessor']), await api.createUser('Assessor Two', ['assessor'])];
    credentialId = (await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: 'Outcomes' }).expect(201)).body.id;
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
    await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions/1/validation`)
      .set(bearer(designer.token))
      .send({ targetSubmissions: 4, seed: 3 })
      .expect(201);
    otherCredentialId = (await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: 'Another' }).expect(201)).body.id;
    await api.http().post(`/api/credentials/${otherCredentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
  });

  afterAll(async () => {
    await api.close();
  });

  it('gives a pending result, every row awaiting scores, before anyone has scored', async () => {
    for (const evidence of ['s1', 's2', 's3']) await submit(evidence);
    const pending = await result('s1');
    expect(pending).toEqual({
      submissionId: submissionIds.get('s1'),
      credentialId,
      sequence: 1,
      rubricVersion: 1,
      inStudy: true,
      status: 'pending',
      decision: null,
      rows: [
        { rowKey: 'aim', title: 'States the aim', level: null, levelLabel: null, source: null, awaiting: 'scores', passLevel: 'yes', passed: null },
        { rowKey: 'depth', title: 'Depth of the task', level: null, levelLabel: null, source: null, awaiting: 'scores', passLevel: '3', passed: null },
      ],
      resubmissionOf: null,
      resubmittedBy: null,
    });
    await score(assessors[0], 's1', { aim: 'yes', depth: '3' });
    expect((await result('s1')).rows.map((row: { awaiting: string }) => row.awaiting)).toEqual(['scores', 'scores']);
  });

  it('refuses to resubmit a submission without a final result (409 no_result_yet)', async () => {
    const refused = await submit('too early', { resubmissionOf: submissionIds.get('s1') }, 409);
    expect(refused.body.code).toBe('no_result_yet');
  });

  it('makes the agreed levels final as soon as every reader agrees, and passes a submission at or above every pass level', async () => {
    await score(assessors[1], 's1', { aim: 'yes', depth: '3' });
    const final = await result('s1');
    expect(final).toMatchObject({ status: 'final', decision: 'pass' });
    expect(final.rows).toEqual([
      expect.objectContaining({ rowKey: 'aim', level: 'yes', levelLabel: 'Yes', source: 'agreed', awaiting: null, passed: true }),
      expect.objectContaining({ rowKey: 'depth', level: '3', levelLabel: 'Level 3', source: 'agreed', awaiting: null, passed: true }),
    ]);
  });

  it('fails a submission with any row below its pass level', async () => {
    await score(assessors[0], 's3', { aim: 'no', depth: '4' });
    await score(assessors[1], 's3', { aim: 'no', depth: '4' });
    const failed = await result('s3');
    expect(failed).toMatchObject({ status: 'final', decision: 'fail' });
    expect(failed.rows.map((row: { passed: boolean }) => row.passed)).toEqual([false, true]);
  });

  it('keeps a disagreeing row pending on adjudication while agreeing rows are final', async () => {
    await score(assessors[0], 's2', { aim: 'yes', depth: '2' });
    await score(assessors[1], 's2', { aim: 'yes', depth: '3' });
    const pending = await result('s2');
    expect(pending).toMatchObject({ status: 'pending', decision: null });
    expect(pending.rows.map((row: { level: string | null; awaiting: string | null }) => [row.level, row.awaiting])).toEqual([
      ['yes', null],
      [null, 'adjudication'],
    ]);
  });

  it('routes a resubmission like any new submission: into the collecting study while it has room, linked both ways', async () => {
    const receipt = await submit('s1 again', { resubmissionOf: submissionIds.get('s1'), earnerName: 'Earner of s1' });
    expect(receipt.body).toMatchObject({ sequence: 4, inStudy: true, studySequence: 4, readersAssigned: 2, resubmissionOf: submissionIds.get('s1') });
    expect(await result('s1')).toMatchObject({ resubmissionOf: null, resubmittedBy: submissionIds.get('s1 again') });
    expect(await result('s1 again')).toMatchObject({ status: 'pending', resubmissionOf: submissionIds.get('s1'), resubmittedBy: null });
    const list = await api.http().get(submissionsPath()).set(bearer(designer.token)).expect(200);
    const bySequence = new Map(list.body.items.map((item: { sequence: number }) => [item.sequence, item]));
    expect(bySequence.get(1)).toMatchObject({ resubmissionOf: null, resubmittedBy: submissionIds.get('s1 again') });
    expect(bySequence.get(4)).toMatchObject({ resubmissionOf: submissionIds.get('s1'), resubmittedBy: null });
  });

  it('allows one resubmission per submission and none of a resubmission (409), and only of this credential (422)', async () => {
    const again = await submit('s1 third time', { resubmissionOf: submissionIds.get('s1') }, 409);
    expect(again.body.code).toBe('already_resubmitted');
    await score(assessors[0], 's1 again', { aim: 'yes', depth: '2' });
    await score(assessors[1], 's1 again', { aim: 'yes', depth: '2' });
    expect(await result('s1 again')).toMatchObject({ status: 'final', decision: 'fail' });
    const chained = await submit('s1 fourth time', { resubmissionOf: submissionIds.get('s1 again') }, 409);
    expect(chained.body.code).toBe('is_resubmission');

    const foreign = (
      await api
        .http()
        .post(`/api/credentials/${otherCredentialId}/submissions`)
        .set(bearer(trainer.token))
        .send({ earnerName: 'Elsewhere', evidenceText: 'elsewhere' })
        .expect(201)
    ).body.id;
    const wrongCredential = await submit('foreign', { resubmissionOf: foreign }, 422);
    expect(wrongCredential.body.errors).toEqual([{ field: 'resubmissionOf', message: expect.stringMatching(/not a submission of credential/) }]);
    await submit('unknown', { resubmissionOf: 999_999 }, 422);
    const malformed = await submit('malformed', { resubmissionOf: 'one' }, 400);
    expect(new Set(malformed.body.errors.map((issue: { field: string }) => issue.field))).toEqual(new Set(['resubmissionOf']));
    await api.http().get(`/api/credentials/${credentialId}/submissions/${foreign}/result`).set(bearer(researcher.token)).expect(404);
    await api.http().get(`/api/credentials/${credentialId}/submissions/999999/result`).set(bearer(researcher.token)).expect(404);
  });

  it('takes the adjudicated levels once the window closed and the adjudicator decided, revised agreed rows included', async () => {
    const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).expect(200);
    expect(window.body.status).toBe('adjudicating');
    const recorded = await api
      .http()
      .post(`/api/adjudications/${submissionIds.get('s2')}`)
      .set(bearer(adjudicator.token))
      .send({ rows: { depth: { level: '3', reason: 'rubric_unclear' }, aim: { level: 'no', reason: 'assessor_error' } } })
      .expect(201);
    const adjudicated = await result('s2');
    expect(adjudicated).toMatchObject({ status: 'final', decision: 'fail' });
    expect(adjudicated.rows.map((row: { rowKey: string; level: string; source: string }) => [row.rowKey, row.level, row.source])).toEqual([
      ['aim', 'no', 'adjudicated'],
      ['depth', '3', 'adjudicated'],
    ]);
    expect(adjudicated.rows.map((row: { level: string }) => row.level)).toEqual(recorded.body.rows.map((row: { level: string }) => row.level));
  });

  it('sends a resubmission outside the study once the window stopped collecting, and gives its lone reader the final word', async () => {
    const receipt = await submit('s3 again', { resubmissionOf: submissionIds.get('s3') });
    expect(receipt.body).toMatchObject({ inStudy: false, studySequence: null, readersAssigned: 1, resubmissionOf: submissionIds.get('s3') });
    const [reader] = await Promise.all(
      assessors.map(async (assessor) => {
        const queue = await api.http().get('/api/my/assignments?status=pending').set(bearer(assessor.token)).expect(200);
        return queue.body.total > 0 ? assessor : null;
      }),
    ).then((found) => found.filter((assessor): assessor is TestUser => assessor !== null));
    await score(reader, 's3 again', { aim: 'yes', depth: '4' });
    const final = await result('s3 again');
    expect(final).toMatchObject({ status: 'final', decision: 'pass', inStudy: false, resubmissionOf: submissionIds.get('s3') });
    expect(final.rows.map((row: { source: string }) => row.source)).toEqual(['single_reader', 'single_reader']);
  });

  it('accepts exactly one of two resubmissions of the same submission posted at once', async () => {
    const [first, second] = await Promise.all(
      ['race one', 'race two'].map((evidence) =>
        api
          .http()
          .post(submissionsPath())
          .set(bearer(trainer.token))
          .send({ earnerName: 'Racer', evidenceText: evidence, resubmissionOf: submissionIds.get('s2') }),
      ),
    );
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect([first, second].find((response) => response.status === 409)!.body.code).toBe('already_resubmitted');
  });

  it('records every resubmission in the audit log, on the original and on the receipt', async () => {
    const log = await api.http().get('/api/audit?action=submission.resubmitted').set(bearer(researcher.token)).expect(200);
    expect(log.body.total).toBe(3);
    const entry = log.body.items.find((item: { entityId: string }) => item.entityId === String(submissionIds.get('s1')));
    expect(entry).toMatchObject({
      actorId: trainer.id,
      entityType: 'submission',
      details: { credentialId, resubmissionId: submissionIds.get('s1 again'), originalDecision: 'pass' },
    });
    const received = await api
      .http()
      .get(`/api/audit?action=submission.received&entityType=submission&entityId=${submissionIds.get('s1 again')}`)
      .set(bearer(researcher.token))
      .expect(200);
    expect(received.body.items[0].details).toMatchObject({ resubmissionOf: submissionIds.get('s1') });
  });

  it('shows results to staff only: never to assessors or adjudicators (403), never without a token (401)', async () => {
    for (const staff of [designer, trainer, researcher]) await api.http().get(resultPath('s1')).set(bearer(staff.token)).expect(200);
    await api.http().get(resultPath('s1')).set(bearer(api.adminToken)).expect(200);
    for (const outsider of [...assessors, adjudicator]) {
      const refused = await api.http().get(resultPath('s1')).set(bearer(outsider.token)).expect(403);
      expect(refused.body.code).toBe('role_required');
    }
    await api.http().get(resultPath('s1')).expect(401);
    await api
      .http()
      .post(submissionsPath())
      .set(bearer(assessors[0].token))
      .send({ earnerName: 'x', evidenceText: 'y', resubmissionOf: submissionIds.get('s2') })
      .expect(403);
  });
});
