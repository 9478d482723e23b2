import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { adjudicate, createCredential, openWindow, scoreEvidence, submitWork, windowOf } from './support/builders.js';

/**
 * Outcomes and resubmissions (issue 3, point 7) on one credential whose window studies 4
 * submissions read by both of its 2 assessors. Each test starts its own API and builds
 * (`OutcomesWalk`) the stage it checks, so any one of them runs alone.
 */
class OutcomesWalk {
  /** submission id by evidence text */
  readonly submissionIds = new Map<string, number>();

  private constructor(
    readonly api: ApiHarness,
    readonly designer: TestUser,
    readonly trainer: TestUser,
    readonly researcher: TestUser,
    readonly adjudicator: TestUser,
    readonly assessors: TestUser[],
    readonly credentialId: number,
    readonly otherCredentialId: number,
  ) {}

  /** The people, the credential with its window (4 study submissions, seed 3) and another credential. */
  static async start(): Promise<OutcomesWalk> {
    const api = await startApi('outcomes');
    const designer = await api.createUser('Designer', ['designer']);
    const trainer = await api.createUser('Trainer', ['trainer']);
    const researcher = await api.createUser('Researcher', ['researcher']);
    const adjudicator = await api.createUser('Adjudicator', ['adjudicator']);
    const assessors = [await api.createUser('Assessor One', ['assessor']), await api.createUser('Assessor Two', ['assessor'])];
    const credentialId = await createCredential(api, designer, 'Outcomes');
    await openWindow(api, designer, credentialId, { targetSubmissions: 4, seed: 3 });
    const otherCredentialId = await createCredential(api, designer, 'Another');
    return new OutcomesWalk(api, designer, trainer, researcher, adjudicator, assessors, credentialId, otherCredentialId);
  }

  get submissionsPath(): string {
    return `/api/credentials/${this.credentialId}/submissions`;
  }

  resultPath(evidence: string): string {
    return `${this.submissionsPath}/${this.submissionIds.get(evidence)}/result`;
  }

  async submit(evidence: string, extra: Record<string, unknown> = {}, status = 201) {
    const response = await submitWork(
      this.api,
      this.trainer,
      this.credentialId,
      { earnerName: `Earner of ${evidence}`, earnerOrganisation: 'Northwind College', evidenceText: evidence, ...extra },
      status,
    );
    if (status === 201) this.submissionIds.set(evidence, response.body.id);
    return response;
  }

  async score(assessor: TestUser, evidence: string, levels: { aim: string; depth: string }) {
    await scoreEvidence(this.api, assessor, evidence, levels);
  }

  async result(evidence: string) {
    return (await this.api.http().get(this.resultPath(evidence)).set(bearer(this.researcher.token)).expect(200)).body;
  }

  /** s1, s2 and s3 submitted, nothing scored. */
  async submitThree() {
    for (const evidence of ['s1', 's2', 's3']) await this.submit(evidence);
  }

  /** s1 passed (both agree), s3 failed (both agree), s2 disagreeing on depth. */
  async scoreThree() {
    await this.submitThree();
    await this.score(this.assessors[0], 's1', { aim: 'yes', depth: '3' });
    await this.score(this.assessors[1], 's1', { aim: 'yes', depth: '3' });
    await this.score(this.assessors[0], 's3', { aim: 'no', depth: '4' });
    await this.score(this.assessors[1], 's3', { aim: 'no', depth: '4' });
    await this.score(this.assessors[0], 's2', { aim: 'yes', depth: '2' });
    await this.score(this.assessors[1], 's2', { aim: 'yes', depth: '3' });
  }

  /** ...and s1 resubmitted as the fourth study submission. */
  async resubmitS1() {
    await this.scoreThree();
    await this.submit('s1 again', { resubmissionOf: this.submissionIds.get('s1'), earnerName: 'Earner of s1' });
  }

  /** ...and the resubmission scored (failing): the study is full and the window adjudicating. */
  async closeWindow() {
    await this.resubmitS1();
    await this.score(this.assessors[0], 's1 again', { aim: 'yes', depth: '2' });
    await this.score(this.assessors[1], 's1 again', { aim: 'yes', depth: '2' });
  }

  /** ...and s2 adjudicated (failing). */
  async adjudicateS2() {
    await this.closeWindow();
    return adjudicate(this.api, this.adjudicator, this.submissionIds.get('s2')!, {
      depth: { level: '3', reason: 'rubric_unclear' },
      aim: { level: 'no', reason: 'assessor_error' },
    });
  }

  /** The one assessor with a pending assignment (a submission outside the study has one reader). */
  async loneReader(): Promise<TestUser> {
    const found = await Promise.all(
      this.assessors.map(async (assessor) => {
        const queue = await this.api.http().get('/api/my/assignments?status=pending').set(bearer(assessor.token)).expect(200);
        return queue.body.total > 0 ? assessor : null;
      }),
    );
    const readers = found.filter((assessor): assessor is TestUser => assessor !== null);
    expect(readers).toHaveLength(1);
    return readers[0];
  }

  /** ...and s3 resubmitted outside the study and passed by its lone reader. */
  async resubmitS3() {
    await this.adjudicateS2();
    await this.submit('s3 again', { resubmissionOf: this.submissionIds.get('s3') });
    await this.score(await this.loneReader(), 's3 again', { aim: 'yes', depth: '4' });
  }

  /** Posts two resubmissions of s2 at once; both responses. */
  async raceToResubmitS2() {
    return Promise.all(
      ['race one', 'race two'].map((evidence) =>
        this.api
          .http()
          .post(this.submissionsPath)
          .set(bearer(this.trainer.token))
          .send({ earnerName: 'Racer', evidenceText: evidence, resubmissionOf: this.submissionIds.get('s2') }),
      ),
    );
  }

  async close() {
    await this.api.close();
  }
}

describe('submission results and resubmissions through the API', () => {
  let walk: OutcomesWalk | undefined;

  /** A fresh walk for one test, closed after it. */
  async function start(): Promise<OutcomesWalk> {
    walk = await OutcomesWalk.start();
    return walk;
  }

  afterEach(async () => {
    await walk?.close();
    walk = undefined;
  });

  it('gives a pending result, every row awaiting scores, before anyone has scored', async () => {
    const walk = await start();
    await walk.submitThree();
    const pending = await walk.result('s1');
    expect(pending).toEqual({
      submissionId: walk.submissionIds.get('s1'),
      credentialId: walk.credentialId,
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
    await walk.score(walk.assessors[0], 's1', { aim: 'yes', depth: '3' });
    expect((await walk.result('s1')).rows.map((row: { awaiting: string }) => row.awaiting)).toEqual(['scores', 'scores']);
  });

  it('refuses to resubmit a submission without a final result (409 no_result_yet)', async () => {
    const walk = await start();
    await walk.submitThree();
    await walk.score(walk.assessors[0], 's1', { aim: 'yes', depth: '3' });
    const refused = await walk.submit('too early', { resubmissionOf: walk.submissionIds.get('s1') }, 409);
    expect(refused.body.code).toBe('no_result_yet');
  });

  it('makes the agreed levels final as soon as every reader agrees, and passes a submission at or above every pass level', async () => {
    const walk = await start();
    await walk.submitThree();
    await walk.score(walk.assessors[0], 's1', { aim: 'yes', depth: '3' });
    expect(await walk.result('s1')).toMatchObject({ status: 'pending', decision: null });
    await walk.score(walk.assessors[1], 's1', { aim: 'yes', depth: '3' });
    const final = await walk.result('s1');
    expect(final).toMatchObject({ status: 'final', decision: 'pass' });
    expect(final.rows).toEqual([
      expect.objectContaining({ rowKey: 'aim', level: 'yes', levelLabel: 'Yes', source: 'agreed', awaiting: null, passed: true }),
      expect.objectContaining({ rowKey: 'depth', level: '3', levelLabel: 'Level 3', source: 'agreed', awaiting: null, passed: true }),
    ]);
  });

  it('fails a submission with any row below its pass level', async () => {
    const walk = await start();
    await walk.submitThree();
    await walk.score(walk.assessors[0], 's3', { aim: 'no', depth: '4' });
    await walk.score(walk.assessors[1], 's3', { aim: 'no', depth: '4' });
    const failed = await walk.result('s3');
    expect(failed).toMatchObject({ status: 'final', decision: 'fail' });
    expect(failed.rows.map((row: { passed: boolean }) => row.passed)).toEqual([false, true]);
  });

  it('keeps a disagreeing row pending on adjudication while agreeing rows are final', async () => {
    const walk = await start();
    await walk.submitThree();
    await walk.score(walk.assessors[0], 's2', { aim: 'yes', depth: '2' });
    await walk.score(walk.assessors[1], 's2', { aim: 'yes', depth: '3' });
    const pending = await walk.result('s2');
    expect(pending).toMatchObject({ status: 'pending', decision: null });
    expect(pending.rows.map((row: { level: string | null; awaiting: string | null }) => [row.level, row.awaiting])).toEqual([
      ['yes', null],
      [null, 'adjudication'],
    ]);
  });

  it('routes a resubmission like any new submission: into the collecting study while it has room, linked both ways', async () => {
    const walk = await start();
    const { api, designer, submissionIds } = walk;
    await walk.scoreThree();
    expect((await windowOf(api, designer, walk.credentialId)).status).toBe('collecting');
    const receipt = await walk.submit('s1 again', { resubmissionOf: submissionIds.get('s1'), earnerName: 'Earner of s1' });
    expect(receipt.body).toMatchObject({ sequence: 4, inStudy: true, studySequence: 4, readersAssigned: 2, resubmissionOf: submissionIds.get('s1') });
    expect(await walk.result('s1')).toMatchObject({ resubmissionOf: null, resubmittedBy: submissionIds.get('s1 again') });
    expect(await walk.result('s1 again')).toMatchObject({ status: 'pending', resubmissionOf: submissionIds.get('s1'), resubmittedBy: null });
    const list = await api.http().get(walk.submissionsPath).set(bearer(designer.token)).expect(200);
    const bySequence = new Map(list.body.items.map((item: { sequence: number }) => [item.sequence, item]));
    expect(bySequence.get(1)).toMatchObject({ resubmissionOf: null, resubmittedBy: submissionIds.get('s1 again') });
    expect(bySequence.get(4)).toMatchObject({ resubmissionOf: submissionIds.get('s1'), resubmittedBy: null });
  });

  it('allows one resubmission per submission and none of a resubmission (409), and only of this credential (422)', async () => {
    const walk = await start();
    const { api, trainer, researcher, assessors, submissionIds, credentialId } = walk;
    await walk.resubmitS1();
    const again = await walk.submit('s1 third time', { resubmissionOf: submissionIds.get('s1') }, 409);
    expect(again.body.code).toBe('already_resubmitted');
    await walk.score(assessors[0], 's1 again', { aim: 'yes', depth: '2' });
    await walk.score(assessors[1], 's1 again', { aim: 'yes', depth: '2' });
    expect(await walk.result('s1 again')).toMatchObject({ status: 'final', decision: 'fail' });
    const chained = await walk.submit('s1 fourth time', { resubmissionOf: submissionIds.get('s1 again') }, 409);
    expect(chained.body.code).toBe('is_resubmission');

    const foreign = (await submitWork(api, trainer, walk.otherCredentialId, { earnerName: 'Elsewhere', evidenceText: 'elsewhere' })).body.id;
    const wrongCredential = await walk.submit('foreign', { resubmissionOf: foreign }, 422);
    expect(wrongCredential.body.errors).toEqual([{ field: 'resubmissionOf', message: expect.stringMatching(/not a submission of credential/) }]);
    await walk.submit('unknown', { resubmissionOf: 999_999 }, 422);
    const malformed = await walk.submit('malformed', { resubmissionOf: 'one' }, 400);
    expect(new Set(malformed.body.errors.map((issue: { field: string }) => issue.field))).toEqual(new Set(['resubmissionOf']));
    await api.http().get(`/api/credentials/${credentialId}/submissions/${foreign}/result`).set(bearer(researcher.token)).expect(404);
    await api.http().get(`/api/credentials/${credentialId}/submissions/999999/result`).set(bearer(researcher.token)).expect(404);
  });

  it('takes the adjudicated levels once the window closed and the adjudicator decided, revised agreed rows included', async () => {
    const walk = await start();
    const { api, designer, credentialId } = walk;
    await walk.closeWindow();
    expect((await windowOf(api, designer, credentialId)).status).toBe('adjudicating');
    expect(await walk.result('s2')).toMatchObject({ status: 'pending', decision: null });
    const recorded = await adjudicate(api, walk.adjudicator, walk.submissionIds.get('s2')!, {
      depth: { level: '3', reason: 'rubric_unclear' },
      aim: { level: 'no', reason: 'assessor_error' },
    });
    const adjudicated = await walk.result('s2');
    expect(adjudicated).toMatchObject({ status: 'final', decision: 'fail' });
    expect(adjudicated.rows.map((row: { rowKey: string; level: string; source: string }) => [row.rowKey, row.level, row.source])).toEqual([
      ['aim', 'no', 'adjudicated'],
      ['depth', '3', 'adjudicated'],
    ]);
    expect(adjudicated.rows.map((row: { level: string }) => row.level)).toEqual(recorded.body.rows.map((row: { level: string }) => row.level));
  });

  it('sends a resubmission outside the study once the window stopped collecting, and gives its lone reader the final word', async () => {
    const walk = await start();
    const { submissionIds } = walk;
    await walk.adjudicateS2();
    const receipt = await walk.submit('s3 again', { resubmissionOf: submissionIds.get('s3') });
    expect(receipt.body).toMatchObject({ inStudy: false, studySequence: null, readersAssigned: 1, resubmissionOf: submissionIds.get('s3') });
    await walk.score(await walk.loneReader(), 's3 again', { aim: 'yes', depth: '4' });
    const final = await walk.result('s3 again');
    expect(final).toMatchObject({ status: 'final', decision: 'pass', inStudy: false, resubmissionOf: submissionIds.get('s3') });
    expect(final.rows.map((row: { source: string }) => row.source)).toEqual(['single_reader', 'single_reader']);
  });

  it('accepts exactly one of two resubmissions of the same submission posted at once', async () => {
    const walk = await start();
    await walk.adjudicateS2();
    const [first, second] = await walk.raceToResubmitS2();
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect([first, second].find((response) => response.status === 409)!.body.code).toBe('already_resubmitted');
  });

  describe('after resubmissions of s1 (in the study), s3 (outside it) and s2 (raced) (these tests only read)', () => {
    let done: OutcomesWalk;

    beforeAll(async () => {
      done = await OutcomesWalk.start();
      await done.resubmitS3();
      const raced = await done.raceToResubmitS2();
      expect(raced.map((response) => response.status).sort()).toEqual([201, 409]);
    });

    afterAll(async () => {
      await done?.close();
    });

    it('records every resubmission in the audit log, on the original and on the receipt', async () => {
      const { api, researcher, trainer, submissionIds, credentialId } = done;
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
      const { api, designer, trainer, researcher, assessors, adjudicator, submissionIds } = done;
      const resultPath = done.resultPath('s1');
      for (const staff of [designer, trainer, researcher]) await api.http().get(resultPath).set(bearer(staff.token)).expect(200);
      await api.http().get(resultPath).set(bearer(api.adminToken)).expect(200);
      for (const outsider of [...assessors, adjudicator]) {
        const refused = await api.http().get(resultPath).set(bearer(outsider.token)).expect(403);
        expect(refused.body.code).toBe('role_required');
      }
      await api.http().get(resultPath).expect(401);
      await api
        .http()
        .post(done.submissionsPath)
        .set(bearer(assessors[0].token))
        .send({ earnerName: 'x', evidenceText: 'y', resubmissionOf: submissionIds.get('s2') })
        .expect(403);
    });
  });
});
