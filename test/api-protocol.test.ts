import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScoringService } from '../backend/src/modules/scoring/scoring.service.js';
import { bearer, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';

/**
 * The protocol end to end on one credential: a window of 6 study submissions read by 2 of 4
 * assessors, scored blind, closed by itself, its disagreements adjudicated, the window complete.
 * The `it`s run in order and share state.
 */
describe('the validation protocol through the API', () => {
  const STUDY_SIZE = 6;
  const earnerName = (case_: number) => `Earner-Zyx-${case_}`;
  const earnerOrganisation = (case_: number) => (case_ % 2 === 1 ? 'Globex' : `Acme-Qwv-${case_}`);

  let api: ApiHarness;
  let designer: TestUser;
  let trainer: TestUser;
  let researcher: TestUser;
  let adjudicator: TestUser;
  let dual: TestUser;
  let assessors: TestUser[];
  let credentialId: number;

  /** assignment id -> { assessor, case } as discovered through the blind views */
  const assignments = new Map<number, { assessor: TestUser; case_: number; inStudy: boolean }>();
  /** every body an assessor received, for the blinding checks */
  const assessorResponses: string[] = [];
  const submissionIdOfCase = new Map<number, number>();

  async function asAssessor(assessor: TestUser, method: 'get' | 'post', path: string, body?: object, status = 200) {
    const call = method === 'get' ? api.http().get(path) : api.http().post(path).send(body ?? {});
    const response = await call.set(bearer(assessor.token)).expect(status);
    assessorResponses.push(`${assessor.email} ${path} ${JSON.stringify(response.body)}`);
    return response;
  }

  const comment = (assessor: TestUser, case_: number) => `secret-comment-${assessor.id}-${case_}`;

  beforeAll(async () => {
    api = await startApi('protocol');
    designer = await api.createUser('Designer', ['designer']);
    trainer = await api.createUser('Trainer', ['trainer']);
    researcher = await api.createUser('Researcher', ['researcher']);
    adjudicator = await api.createUser('Adjudicator', ['adjudicator']);
    dual = await api.createUser('Dual', ['assessor', 'adjudicator']);
    assessors = [
      await api.createUser('Assessor One', ['assessor']),
      await api.createUser('Assessor Two', ['assessor']),
      await api.createUser('Assessor Three', ['assessor'], ['GLOBEX ']),
      dual,
    ];
    credentialId = (await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: 'Protocol walk' }).expect(201)).body.id;
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
  });

  afterAll(async () => {
    await api.close();
  });

  it('opens a validation window with defaults it states, refusing fewer than two readers (400)', async () => {
    const tooFew = await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions/1/validation`)
      .set(bearer(designer.token))
      .send({ readersPerSubmission: 1 })
      .expect(400);
    expect(tooFew.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['readersPerSubmission']);
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(assessors[0].token)).send({}).expect(403);

    const opened = await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions/1/validation`)
      .set(bearer(designer.token))
      .send({ targetSubmissions: STUDY_SIZE, seed: 2025 })
      .expect(201);
    expect(opened.body).toMatchObject({
      credentialId,
      rubricVersion: 1,
      status: 'collecting',
      targetSubmissions: STUDY_SIZE,
      readersPerSubmission: 2,
      threshold: 0.8,
      seed: 2025,
      adjudicatingAt: null,
      completedAt: null,
      progress: { studySubmissions: 0, scoresExpected: 0, scoresReceived: 0 },
    });
    const again = await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).send({}).expect(409);
    expect(again.body.code).toBe('window_exists');
  });

  it('numbers submissions in order; the first N join the study with two readers, later ones get one', async () => {
    const missingEvidence = await api.http().post(`/api/credentials/${credentialId}/submissions`).set(bearer(trainer.token)).send({ earnerName: 'No Evidence' }).expect(400);
    expect(missingEvidence.body.errors.map((issue: { field: string }) => issue.field)).toContain('evidenceText');
    await api.http().post(`/api/credentials/${credentialId}/submissions`).set(bearer(assessors[0].token)).send({ earnerName: 'x', evidenceText: 'y' }).expect(403);

    for (let case_ = 1; case_ <= STUDY_SIZE + 1; case_++) {
      const receipt = await api
        .http()
        .post(`/api/credentials/${credentialId}/submissions`)
        .set(bearer(trainer.token))
        .send({ earnerName: earnerName(case_), earnerOrganisation: earnerOrganisation(case_), evidenceText: `case-${case_}` })
        .expect(201);
      const inStudy = case_ <= STUDY_SIZE;
      expect(receipt.body).toMatchObject({
        sequence: case_,
        rubricVersion: 1,
        inStudy,
        studySequence: inStudy ? case_ : null,
        readersAssigned: inStudy ? 2 : 1,
      });
      submissionIdOfCase.set(case_, receipt.body.id);
    }
    const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(researcher.token)).expect(200);
    expect(window.body.progress).toMatchObject({ studySubmissions: STUDY_SIZE, scoresExpected: 2 * STUDY_SIZE, scoresReceived: 0 });
  });

  it("gives each assessor a blind queue: evidence and rubric, never the earner's name, organisation or submission", async () => {
    for (const assessor of assessors) {
      const queue = await asAssessor(assessor, 'get', '/api/my/assignments?status=pending');
      for (const item of queue.body.items) {
        expect(Object.keys(item).sort()).toEqual(['assignedAt', 'assignmentId', 'credentialId', 'credentialTitle', 'rubricVersion', 'status']);
        const view = await asAssessor(assessor, 'get', `/api/assignments/${item.assignmentId}`);
        expect(Object.keys(view.body).sort()).toEqual(['assignmentId', 'credentialTitle', 'evidence', 'myScore', 'rubric', 'rubricVersion', 'status']);
        expect(view.body.myScore).toBeNull();
        expect(view.body.rubric.map((row: { key: string }) => row.key)).toEqual(['aim', 'depth']);
        const case_ = Number(/^case-(\d+)$/.exec(view.body.evidence.text)![1]);
        assignments.set(item.assignmentId, { assessor, case_, inStudy: case_ <= STUDY_SIZE });
      }
    }
    expect(assignments.size).toBe(2 * STUDY_SIZE + 1);
    for (let case_ = 1; case_ <= STUDY_SIZE; case_++) {
      const readers = [...assignments.values()].filter((entry) => entry.case_ === case_).map((entry) => entry.assessor.id);
      expect(readers).toHaveLength(2);
      expect(new Set(readers).size).toBe(2);
      if (earnerOrganisation(case_) === 'Globex') expect(readers).not.toContain(assessors[2].id);
    }
  });

  it("refuses another assessor's assignment with 403", async () => {
    const [assignmentId, { assessor }] = [...assignments.entries()][0];
    const other = assessors.find((candidate) => candidate.id !== assessor.id)!;
    const forbidden = await asAssessor(other, 'get', `/api/assignments/${assignmentId}`, undefined, 403);
    expect(forbidden.body.code).toBe('not_your_assignment');
    await asAssessor(other, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'yes', depth: '3' } }, 403);
    await asAssessor(other, 'get', '/api/assignments/999999', undefined, 404);
  });

  it('refuses incomplete or unknown levels with 422 and field paths, and a malformed body with 400', async () => {
    const [assignmentId, { assessor }] = [...assignments.entries()][0];
    const missing = await asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'yes' } }, 422);
    expect(missing.body.errors).toEqual([{ field: 'levels.depth', message: 'every rubric row requires a level' }]);
    const wrong = await asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'maybe', depth: '9', extra: '1' } }, 422);
    expect(wrong.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['levels.aim', 'levels.depth', 'levels.extra']);
    const malformed = await asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: 'aim=yes' }, 400);
    expect(malformed.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['levels']);
  });

  it('seals scores: the second reader never sees the first score, and a second score gets 409', async () => {
    const firstLevelOfCase = new Map<number, string>();
    const byCase = [...assignments.entries()].filter(([, entry]) => entry.inStudy).sort((left, right) => left[1].case_ - right[1].case_);
    for (const [assignmentId, { assessor, case_ }] of byCase) {
      const isSecond = firstLevelOfCase.has(case_);
      if (isSecond) {
        const view = await asAssessor(assessor, 'get', `/api/assignments/${assignmentId}`);
        expect(view.body.myScore).toBeNull();
      }
      // every case but the first disagrees on depth
      const depth = !isSecond ? '3' : case_ === 1 ? '3' : '2';
      const receipt = await asAssessor(
        assessor,
        'post',
        `/api/assignments/${assignmentId}/score`,
        { levels: { aim: 'yes', depth }, comments: { depth: comment(assessor, case_) } },
        201,
      );
      expect(receipt.body).toMatchObject({ assignmentId, levels: { aim: 'yes', depth }, comments: { depth: comment(assessor, case_) } });
      firstLevelOfCase.set(case_, depth);
      const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(researcher.token)).expect(200);
      const last = assignmentId === byCase.at(-1)![0];
      expect(window.body.status).toBe(last ? 'adjudicating' : 'collecting');
    }
    const [assignmentId, { assessor }] = byCase[0];
    const second = await asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'no', depth: '1' } }, 409);
    expect(second.body.code).toBe('already_scored');
    const own = await asAssessor(assessor, 'get', `/api/assignments/${assignmentId}`);
    expect(own.body.myScore).toMatchObject({ levels: { aim: 'yes', depth: '3' } });
  });

  it('scores the submission outside the study with its one reader, leaving the study alone', async () => {
    const [assignmentId, { assessor }] = [...assignments.entries()].find(([, entry]) => !entry.inStudy)!;
    await asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'no', depth: '1' } }, 201);
  });

  it('never showed an assessor an earner reference or another assessor score', () => {
    expect(assessorResponses.length).toBeGreaterThan(30);
    for (const body of assessorResponses) {
      for (let case_ = 1; case_ <= STUDY_SIZE + 1; case_++) {
        expect(body).not.toContain(earnerName(case_));
        expect(body).not.toContain(earnerOrganisation(case_));
      }
      expect(body).not.toMatch(/submissionId|earner/i);
      const viewer = body.slice(0, body.indexOf(' '));
      for (const [, { assessor, case_ }] of assignments) {
        if (assessor.email !== viewer) expect(body).not.toContain(comment(assessor, case_));
      }
    }
  });

  it('closed the window by itself once all study scores were in, queuing every disagreeing submission', async () => {
    const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).expect(200);
    expect(window.body).toMatchObject({ status: 'adjudicating', adjudicatingAt: expect.any(String), completedAt: null });
    expect(window.body.progress).toMatchObject({
      studySubmissions: STUDY_SIZE,
      scoresReceived: 2 * STUDY_SIZE,
      fullyScoredSubmissions: STUDY_SIZE,
      disagreeingSubmissions: STUDY_SIZE - 1,
      awaitingAdjudication: STUDY_SIZE - 1,
    });
    const queue = await api.http().get('/api/adjudications').set(bearer(adjudicator.token)).expect(200);
    expect(queue.body.total).toBe(STUDY_SIZE - 1);
    expect(queue.body.items.map((item: { studySequence: number }) => item.studySequence)).toEqual([2, 3, 4, 5, 6]);
    await api.http().get('/api/adjudications').set(bearer(assessors[0].token)).expect(403);
  });

  it('keeps an adjudicator from a submission they scored: not queued, 403 to view or record', async () => {
    const readByDual = [...assignments.values()].filter((entry) => entry.assessor.id === dual.id && entry.inStudy && entry.case_ !== 1);
    expect(readByDual.length).toBeGreaterThan(0);
    const queue = await api.http().get('/api/adjudications').set(bearer(dual.token)).expect(200);
    const queued = queue.body.items.map((item: { submissionId: number }) => item.submissionId);
    for (const { case_ } of readByDual) {
      const submissionId = submissionIdOfCase.get(case_)!;
      expect(queued).not.toContain(submissionId);
      const view = await api.http().get(`/api/adjudications/${submissionId}`).set(bearer(dual.token)).expect(403);
      expect(view.body.code).toBe('own_submission');
      await api
        .http()
        .post(`/api/adjudications/${submissionId}`)
        .set(bearer(dual.token))
        .send({ rows: { depth: { level: '3', reason: 'assessor_error' } } })
        .expect(403);
    }
    expect(queue.body.total).toBe(STUDY_SIZE - 1 - readByDual.length);
  });

  it('shows the scorings side by side as readers A and B, without names or earner data', async () => {
    const submissionId = submissionIdOfCase.get(2)!;
    const view = await api.http().get(`/api/adjudications/${submissionId}`).set(bearer(adjudicator.token)).expect(200);
    expect(view.body.scorings.map((scoring: { reader: string }) => scoring.reader)).toEqual(['A', 'B']);
    expect(view.body.scorings.map((scoring: { levels: object }) => scoring.levels)).toEqual([
      { aim: 'yes', depth: expect.any(String) },
      { aim: 'yes', depth: expect.any(String) },
    ]);
    expect(view.body.disagreeingRowKeys).toEqual(['depth']);
    expect(view.body.adjudication).toBeNull();
    const text = JSON.stringify(view.body);
    expect(text).not.toContain(earnerName(2));
    expect(text).not.toContain(earnerOrganisation(2));
    for (const assessor of assessors) {
      expect(text).not.toContain(assessor.email);
      expect(text).not.toContain(`"assessorId"`);
    }
    await api.http().get(`/api/adjudications/${submissionIdOfCase.get(1)}`).set(bearer(adjudicator.token)).expect(404);
  });

  it('requires a level and a reason on every disagreeing row (422), then records the adjudication once (409)', async () => {
    const submissionId = submissionIdOfCase.get(2)!;
    const noReason = await api.http().post(`/api/adjudications/${submissionId}`).set(bearer(adjudicator.token)).send({ rows: { depth: { level: '3' } } }).expect(422);
    expect(noReason.body.errors).toEqual([{ field: 'rows.depth.reason', message: expect.stringMatching(/reason is required/) }]);
    const badReason = await api
      .http()
      .post(`/api/adjudications/${submissionId}`)
      .set(bearer(adjudicator.token))
      .send({ rows: { depth: { level: '7', reason: 'bad_luck' } } })
      .expect(422);
    expect(badReason.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['rows.depth.level', 'rows.depth.reason']);

    const recorded = await api
      .http()
      .post(`/api/adjudications/${submissionId}`)
      .set(bearer(adjudicator.token))
      .send({ rows: { depth: { level: '3', reason: 'rubric_unclear', note: 'levels 2 and 3 overlap' } } })
      .expect(201);
    expect(recorded.body.rows).toEqual([
      { rowKey: 'aim', level: 'yes', disagreed: false, reason: null, note: null },
      { rowKey: 'depth', level: '3', disagreed: true, reason: 'rubric_unclear', note: 'levels 2 and 3 overlap' },
    ]);
    const again = await api
      .http()
      .post(`/api/adjudications/${submissionId}`)
      .set(bearer(adjudicator.token))
      .send({ rows: { depth: { level: '2', reason: 'assessor_error' } } })
      .expect(409);
    expect(again.body.code).toBe('already_adjudicated');
    const view = await api.http().get(`/api/adjudications/${submissionId}`).set(bearer(adjudicator.token)).expect(200);
    expect(view.body.adjudication.rows[1]).toMatchObject({ level: '3', reason: 'rubric_unclear' });
  });

  it('completes the window when every disagreement is adjudicated', async () => {
    for (let case_ = 3; case_ <= STUDY_SIZE; case_++) {
      const status = (await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token))).body.status;
      expect(status).toBe('adjudicating');
      await api
        .http()
        .post(`/api/adjudications/${submissionIdOfCase.get(case_)}`)
        .set(bearer(adjudicator.token))
        .send({ rows: { depth: { level: '2', reason: 'other', note: `note ${case_}` } } })
        .expect(201);
    }
    const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).expect(200);
    expect(window.body).toMatchObject({ status: 'complete', completedAt: expect.any(String) });
    expect(window.body.progress).toMatchObject({ adjudicatedSubmissions: STUDY_SIZE - 1, awaitingAdjudication: 0 });
    expect((await api.http().get('/api/adjudications').set(bearer(adjudicator.token)).expect(200)).body.total).toBe(0);
  });

  it('sends new submissions outside the study once the window is complete', async () => {
    const receipt = await api
      .http()
      .post(`/api/credentials/${credentialId}/submissions`)
      .set(bearer(trainer.token))
      .send({ earnerName: 'Late Earner', evidenceUrl: 'https://evidence.example.org/late' })
      .expect(201);
    expect(receipt.body).toMatchObject({ inStudy: false, studySequence: null, readersAssigned: 1, rubricVersion: 1 });
  });

  it('lists submissions with earner details for staff, never for assessors', async () => {
    const list = await api.http().get(`/api/credentials/${credentialId}/submissions?pageSize=3`).set(bearer(researcher.token)).expect(200);
    expect(list.body).toMatchObject({ total: STUDY_SIZE + 2, page: 1, pageSize: 3 });
    expect(list.body.items[0]).toMatchObject({ sequence: 1, earnerName: earnerName(1), scoresReceived: 2, needsAdjudication: false });
    expect(list.body.items[1]).toMatchObject({ sequence: 2, needsAdjudication: true, adjudicated: true });
    await api.http().get(`/api/credentials/${credentialId}/submissions`).set(bearer(assessors[0].token)).expect(403);
  });

  it('keeps every score, adjudication and rubric change in the audit log, readable by researchers', async () => {
    const log = await api.http().get('/api/audit?pageSize=200').set(bearer(researcher.token)).expect(200);
    const entries: Array<{ action: string; actorId: number | null; entityType: string; details: Record<string, unknown> }> = log.body.items;
    const count = (action: string) => entries.filter((entry) => entry.action === action).length;
    expect(count('rubric_version.created')).toBe(1);
    expect(count('validation_window.opened')).toBe(1);
    expect(count('submission.received')).toBe(STUDY_SIZE + 2);
    expect(count('score.submitted')).toBe(2 * STUDY_SIZE + 1);
    expect(count('validation_window.adjudicating')).toBe(1);
    expect(count('adjudication.recorded')).toBe(STUDY_SIZE - 1);
    expect(count('validation_window.completed')).toBe(1);
    const scoreEntry = entries.find((entry) => entry.action === 'score.submitted')!;
    expect(assessors.map((assessor) => assessor.id)).toContain(scoreEntry.actorId);
    expect(scoreEntry.details).toMatchObject({ levels: expect.any(Object), readerSlot: expect.any(Number) });
    expect(entries.find((entry) => entry.action === 'validation_window.completed')!.actorId).toBeNull();
    const filtered = await api.http().get('/api/audit?action=adjudication.recorded').set(bearer(researcher.token)).expect(200);
    expect(filtered.body.total).toBe(STUDY_SIZE - 1);
  });

  it('gives a report every study score in submission order with reader slot and assessor', async () => {
    const detail = await api.http().get(`/api/credentials/${credentialId}`).set(bearer(designer.token)).expect(200);
    expect(detail.body.versions[0]).toMatchObject({ version: 1, validationStatus: 'complete' });
    const { DataSource } = await import('typeorm');
    const [{ id: rubricVersionId }] = await api.app
      .get(DataSource)
      .query('SELECT "id" FROM "rubric_versions" WHERE "credential_id" = ? AND "version" = 1', [credentialId]);
    const levels = await api.app.get(ScoringService).studyScoreLevels(rubricVersionId);
    expect(levels).toHaveLength(STUDY_SIZE * 2 * 2);
    expect(levels.map((level) => [level.studySequence, level.readerSlot, level.rowKey]).slice(0, 4)).toEqual([
      [1, 1, 'aim'],
      [1, 1, 'depth'],
      [1, 2, 'aim'],
      [1, 2, 'depth'],
    ]);
    const readersOfCase2 = [...assignments.values()].filter((entry) => entry.case_ === 2).map((entry) => entry.assessor.id).sort();
    expect([...new Set(levels.filter((level) => level.studySequence === 2).map((level) => level.assessorId))].sort()).toEqual(readersOfCase2);
  });
});
