import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScoringService } from '../backend/src/modules/scoring/scoring.service.js';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { adjudicate, createCredential, openWindow, submitWork, windowOf } from './support/builders.js';

/**
 * The protocol end to end on one credential: a window of 6 study submissions read by 2 of 4
 * assessors, scored blind, closed by itself, its disagreements adjudicated, the window complete.
 * Each test starts its own API and walks the protocol (`ProtocolWalk`) up to the stage it checks,
 * so any one of them runs alone; the adjudication queue and the audit log are the whole API's.
 */
const STUDY_SIZE = 6;
const earnerName = (case_: number) => `Earner-Zyx-${case_}`;
const earnerOrganisation = (case_: number) => (case_ % 2 === 1 ? 'Globex' : `Acme-Qwv-${case_}`);
const comment = (assessor: TestUser, case_: number) => `secret-comment-${assessor.id}-${case_}`;
/** the depth a reader gives: every case but the first disagrees on depth */
const depthOf = (case_: number, isSecondReader: boolean) => (!isSecondReader ? '3' : case_ === 1 ? '3' : '2');

interface Assignment {
  assessor: TestUser;
  case_: number;
  inStudy: boolean;
}

/** The protocol's steps on a fresh API, each step one stage further. */
class ProtocolWalk {
  /** assignment id -> { assessor, case } as discovered through the blind views */
  readonly assignments = new Map<number, Assignment>();
  /** every body an assessor received, for the blinding checks */
  readonly assessorResponses: string[] = [];
  readonly submissionIdOfCase = new Map<number, number>();

  private constructor(
    readonly api: ApiHarness,
    readonly designer: TestUser,
    readonly trainer: TestUser,
    readonly researcher: TestUser,
    readonly adjudicator: TestUser,
    readonly dual: TestUser,
    readonly assessors: TestUser[],
    readonly credentialId: number,
  ) {}

  /** An API with the people of the walk and a credential with rubric version 1, no window yet. */
  static async start(): Promise<ProtocolWalk> {
    const api = await startApi('protocol');
    const designer = await api.createUser('Designer', ['designer']);
    const trainer = await api.createUser('Trainer', ['trainer']);
    const researcher = await api.createUser('Researcher', ['researcher']);
    const adjudicator = await api.createUser('Adjudicator', ['adjudicator']);
    const dual = await api.createUser('Dual', ['assessor', 'adjudicator']);
    const assessors = [
      await api.createUser('Assessor One', ['assessor']),
      await api.createUser('Assessor Two', ['assessor']),
      await api.createUser('Assessor Three', ['assessor'], ['GLOBEX ']),
      dual,
    ];
    const credentialId = await createCredential(api, designer, 'Protocol walk');
    return new ProtocolWalk(api, designer, trainer, researcher, adjudicator, dual, assessors, credentialId);
  }

  get windowPath(): string {
    return `/api/credentials/${this.credentialId}/rubric-versions/1/validation`;
  }

  /** A call by an assessor, its body kept for the blinding checks. */
  async asAssessor(assessor: TestUser, method: 'get' | 'post', path: string, body?: object, status = 200) {
    const call = method === 'get' ? this.api.http().get(path) : this.api.http().post(path).send(body ?? {});
    const response = await call.set(bearer(assessor.token)).expect(status);
    this.assessorResponses.push(`${assessor.email} ${path} ${JSON.stringify(response.body)}`);
    return response;
  }

  async openWindow() {
    return openWindow(this.api, this.designer, this.credentialId, { targetSubmissions: STUDY_SIZE, seed: 2025 });
  }

  /** Submits cases 1 to STUDY_SIZE + 1 in order; their receipts. */
  async submitCases() {
    const receipts = [];
    for (let case_ = 1; case_ <= STUDY_SIZE + 1; case_++) {
      const receipt = await submitWork(this.api, this.trainer, this.credentialId, {
        earnerName: earnerName(case_),
        earnerOrganisation: earnerOrganisation(case_),
        evidenceText: `case-${case_}`,
      });
      this.submissionIdOfCase.set(case_, receipt.body.id);
      receipts.push(receipt);
    }
    return receipts;
  }

  /** Reads every assessor's blind queue and views, learning which case each assignment is; the queue items and views read. */
  async discoverAssignments() {
    const seen: Array<{ item: Record<string, unknown>; view: Record<string, unknown> }> = [];
    for (const assessor of this.assessors) {
      const queue = await this.asAssessor(assessor, 'get', '/api/my/assignments?status=pending');
      for (const item of queue.body.items) {
        const view = await this.asAssessor(assessor, 'get', `/api/assignments/${item.assignmentId}`);
        const case_ = Number(/^case-(\d+)$/.exec(view.body.evidence.text)![1]);
        this.assignments.set(item.assignmentId, { assessor, case_, inStudy: case_ <= STUDY_SIZE });
        seen.push({ item, view: view.body });
      }
    }
    return seen;
  }

  /** The study assignments in case order (the two readers of a case in the order they were discovered). */
  studyAssignmentsByCase(): Array<[number, Assignment]> {
    return [...this.assignments.entries()].filter(([, entry]) => entry.inStudy).sort((left, right) => left[1].case_ - right[1].case_);
  }

  /**
   * Scores every study assignment in case order, each with a comment; every case but the first
   * disagrees on depth. `observe` runs before and after each score (the second reader's view first).
   */
  async scoreStudy(observe?: {
    beforeSecondScore?: (view: { myScore: unknown }) => void;
    afterScore?: (scored: { assignmentId: number; receipt: { body: unknown }; depth: string; case_: number; assessor: TestUser }) => Promise<void>;
  }) {
    const scoredCases = new Set<number>();
    for (const [assignmentId, { assessor, case_ }] of this.studyAssignmentsByCase()) {
      const isSecond = scoredCases.has(case_);
      if (isSecond && observe?.beforeSecondScore) {
        observe.beforeSecondScore((await this.asAssessor(assessor, 'get', `/api/assignments/${assignmentId}`)).body);
      }
      const depth = depthOf(case_, isSecond);
      const receipt = await this.asAssessor(
        assessor,
        'post',
        `/api/assignments/${assignmentId}/score`,
        { levels: { aim: 'yes', depth }, comments: { depth: comment(assessor, case_) } },
        201,
      );
      scoredCases.add(case_);
      await observe?.afterScore?.({ assignmentId, receipt, depth, case_, assessor });
    }
  }

  /** Scores the one submission outside the study with its one reader. */
  async scoreOutsideStudy() {
    const [assignmentId, { assessor }] = [...this.assignments.entries()].find(([, entry]) => !entry.inStudy)!;
    return this.asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'no', depth: '1' } }, 201);
  }

  /** Window open, every case submitted, every score in: the window is adjudicating. */
  async throughScoring() {
    await this.openWindow();
    await this.submitCases();
    await this.discoverAssignments();
    await this.scoreStudy();
    await this.scoreOutsideStudy();
  }

  /** Adjudicates case 2 (rubric unclear, with a note), as the adjudication test records it. */
  async adjudicateCase2() {
    return adjudicate(this.api, this.adjudicator, this.submissionIdOfCase.get(2)!, {
      depth: { level: '3', reason: 'rubric_unclear', note: 'levels 2 and 3 overlap' },
    });
  }

  /** Adjudicates one of cases 3 to STUDY_SIZE (reason other). */
  async adjudicateLaterCase(case_: number) {
    return adjudicate(this.api, this.adjudicator, this.submissionIdOfCase.get(case_)!, { depth: { level: '2', reason: 'other', note: `note ${case_}` } });
  }

  /** Every disagreement adjudicated: the window is complete. */
  async throughCompletion() {
    await this.throughScoring();
    await this.adjudicateCase2();
    for (let case_ = 3; case_ <= STUDY_SIZE; case_++) await this.adjudicateLaterCase(case_);
  }

  /** A submission after the window completed. */
  async submitLate() {
    return submitWork(this.api, this.trainer, this.credentialId, { earnerName: 'Late Earner', evidenceUrl: 'https://evidence.example.org/late' });
  }

  async close() {
    await this.api.close();
  }
}

/** Another assessor asks for the first discovered assignment: 403 to view and to score, 404 for no assignment. */
async function askForAnotherAssessorsAssignment(walk: ProtocolWalk) {
  const [assignmentId, { assessor }] = [...walk.assignments.entries()][0];
  const other = walk.assessors.find((candidate) => candidate.id !== assessor.id)!;
  const foreign = await walk.asAssessor(other, 'get', `/api/assignments/${assignmentId}`, undefined, 404);
  const foreignScore = await walk.asAssessor(other, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'yes', depth: '3' } }, 404);
  const missing = await walk.asAssessor(other, 'get', '/api/assignments/999999', undefined, 404);
  return { foreign, foreignScore, missing, assignmentId };
}

/** The reader of the first discovered assignment sends incomplete, unknown and malformed levels. */
async function sendBadLevels(walk: ProtocolWalk) {
  const [assignmentId, { assessor }] = [...walk.assignments.entries()][0];
  const path = `/api/assignments/${assignmentId}/score`;
  const missing = await walk.asAssessor(assessor, 'post', path, { levels: { aim: 'yes' } }, 422);
  const wrong = await walk.asAssessor(assessor, 'post', path, { levels: { aim: 'maybe', depth: '9', extra: '1' } }, 422);
  const malformed = await walk.asAssessor(assessor, 'post', path, { levels: 'aim=yes' }, 400);
  return { missing, wrong, malformed };
}

describe('the validation protocol through the API', () => {
  let walk: ProtocolWalk | undefined;

  /** A fresh walk for one test, closed after it. */
  async function start(): Promise<ProtocolWalk> {
    walk = await ProtocolWalk.start();
    return walk;
  }

  afterEach(async () => {
    await walk?.close();
    walk = undefined;
  });

  it('opens a validation window with defaults it states, refusing fewer than two readers (400)', async () => {
    const { api, designer, assessors, credentialId, windowPath } = await start();
    const tooFew = await api.http().post(windowPath).set(bearer(designer.token)).send({ readersPerSubmission: 1 }).expect(400);
    expect(tooFew.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['readersPerSubmission']);
    const noMinimum = await api.http().post(windowPath).set(bearer(designer.token)).send({ minimumPaired: 0 }).expect(400);
    expect(noMinimum.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['minimumPaired']);
    await api.http().post(windowPath).set(bearer(assessors[0].token)).send({}).expect(403);

    const opened = await api.http().post(windowPath).set(bearer(designer.token)).send({ targetSubmissions: STUDY_SIZE, seed: 2025 }).expect(201);
    expect(opened.body).toMatchObject({
      credentialId,
      rubricVersion: 1,
      status: 'collecting',
      targetSubmissions: STUDY_SIZE,
      readersPerSubmission: 2,
      threshold: 0.8,
      minimumPaired: 20,
      seed: 2025,
      adjudicatingAt: null,
      completedAt: null,
      progress: { studySubmissions: 0, scoresExpected: 0, scoresReceived: 0 },
    });
    const again = await api.http().post(windowPath).set(bearer(designer.token)).send({}).expect(409);
    expect(again.body.code).toBe('window_exists');
  });

  it('numbers submissions in order; the first N join the study with two readers, later ones get one', async () => {
    const walk = await start();
    const { api, trainer, researcher, assessors, credentialId } = walk;
    await walk.openWindow();
    const missingEvidence = await submitWork(api, trainer, credentialId, { earnerName: 'No Evidence' }, 400);
    expect(missingEvidence.body.errors.map((issue: { field: string }) => issue.field)).toContain('evidenceText');
    await submitWork(api, assessors[0], credentialId, { earnerName: 'x', evidenceText: 'y' }, 403);

    const receipts = await walk.submitCases();
    expect(receipts).toHaveLength(STUDY_SIZE + 1);
    receipts.forEach((receipt, index) => {
      const case_ = index + 1;
      const inStudy = case_ <= STUDY_SIZE;
      expect(receipt.body).toMatchObject({
        sequence: case_,
        rubricVersion: 1,
        inStudy,
        studySequence: inStudy ? case_ : null,
        readersAssigned: inStudy ? 2 : 1,
      });
    });
    const window = await windowOf(api, researcher, credentialId);
    expect(window.progress).toMatchObject({ studySubmissions: STUDY_SIZE, scoresExpected: 2 * STUDY_SIZE, scoresReceived: 0 });
  });

  it("gives each assessor a blind queue: evidence and rubric, never the earner's name, organisation or submission", async () => {
    const walk = await start();
    await walk.openWindow();
    await walk.submitCases();
    const seen = await walk.discoverAssignments();
    for (const { item, view } of seen) {
      expect(Object.keys(item).sort()).toEqual(['assignedAt', 'assignmentId', 'credentialId', 'credentialTitle', 'rubricVersion', 'status']);
      expect(Object.keys(view).sort()).toEqual(['assignmentId', 'credentialTitle', 'evidence', 'myScore', 'rubric', 'rubricVersion', 'status']);
      expect(view.myScore).toBeNull();
      expect((view.rubric as Array<{ key: string }>).map((row) => row.key)).toEqual(['aim', 'depth']);
    }
    expect(walk.assignments.size).toBe(2 * STUDY_SIZE + 1);
    for (let case_ = 1; case_ <= STUDY_SIZE; case_++) {
      const readers = [...walk.assignments.values()].filter((entry) => entry.case_ === case_).map((entry) => entry.assessor.id);
      expect(readers).toHaveLength(2);
      expect(new Set(readers).size).toBe(2);
      if (earnerOrganisation(case_) === 'Globex') expect(readers).not.toContain(walk.assessors[2].id);
    }
  });

  it("answers another assessor's assignment exactly as a missing one (404), so no id is confirmed", async () => {
    const walk = await start();
    await walk.openWindow();
    await walk.submitCases();
    await walk.discoverAssignments();
    const { foreign, foreignScore, missing, assignmentId } = await askForAnotherAssessorsAssignment(walk);
    expect(missing.body).toEqual({ ...missing.body, code: 'not_found', message: 'assignment 999999 is not in your queue' });
    for (const answer of [foreign, foreignScore]) expect(answer.body).toEqual({ ...missing.body, message: `assignment ${assignmentId} is not in your queue` });
  });

  it('refuses incomplete or unknown levels with 422 and field paths, and a malformed body with 400', async () => {
    const walk = await start();
    await walk.openWindow();
    await walk.submitCases();
    await walk.discoverAssignments();
    const { missing, wrong, malformed } = await sendBadLevels(walk);
    expect(missing.body.errors).toEqual([{ field: 'levels.depth', message: 'every rubric row requires a level' }]);
    expect(wrong.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['levels.aim', 'levels.depth', 'levels.extra']);
    expect(malformed.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['levels']);
  });

  it('seals scores: the second reader never sees the first score, and a second score gets 409', async () => {
    const walk = await start();
    const { api, researcher, credentialId } = walk;
    await walk.openWindow();
    await walk.submitCases();
    await walk.discoverAssignments();
    const byCase = walk.studyAssignmentsByCase();
    let secondViews = 0;
    let scored = 0;
    await walk.scoreStudy({
      beforeSecondScore: (view) => {
        expect(view.myScore).toBeNull();
        secondViews++;
      },
      afterScore: async ({ assignmentId, receipt, depth, case_, assessor }) => {
        expect(receipt.body).toMatchObject({ assignmentId, levels: { aim: 'yes', depth }, comments: { depth: comment(assessor, case_) } });
        scored++;
        const last = assignmentId === byCase.at(-1)![0];
        expect((await windowOf(api, researcher, credentialId)).status).toBe(last ? 'adjudicating' : 'collecting');
      },
    });
    expect([secondViews, scored]).toEqual([STUDY_SIZE, 2 * STUDY_SIZE]);
    const [assignmentId, { assessor }] = byCase[0];
    const second = await walk.asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'no', depth: '1' } }, 409);
    expect(second.body.code).toBe('already_scored');
    const own = await walk.asAssessor(assessor, 'get', `/api/assignments/${assignmentId}`);
    expect(own.body.myScore).toMatchObject({ levels: { aim: 'yes', depth: '3' } });
  });

  it('scores the submission outside the study with its one reader, leaving the study alone', async () => {
    const walk = await start();
    const { api, researcher, credentialId } = walk;
    await walk.openWindow();
    await walk.submitCases();
    await walk.discoverAssignments();
    const receipt = await walk.scoreOutsideStudy();
    expect(receipt.body).toMatchObject({ levels: { aim: 'no', depth: '1' } });
    const window = await windowOf(api, researcher, credentialId);
    expect(window).toMatchObject({ status: 'collecting', progress: { scoresReceived: 0 } });
  });

  it('never showed an assessor an earner reference or another assessor score', async () => {
    const walk = await start();
    await walk.openWindow();
    await walk.submitCases();
    await walk.discoverAssignments();
    await askForAnotherAssessorsAssignment(walk);
    await sendBadLevels(walk);
    await walk.scoreStudy({ beforeSecondScore: () => undefined });
    const [assignmentId, { assessor }] = walk.studyAssignmentsByCase()[0];
    await walk.asAssessor(assessor, 'post', `/api/assignments/${assignmentId}/score`, { levels: { aim: 'no', depth: '1' } }, 409);
    await walk.asAssessor(assessor, 'get', `/api/assignments/${assignmentId}`);
    await walk.scoreOutsideStudy();

    expect(walk.assessorResponses.length).toBeGreaterThan(30);
    for (const body of walk.assessorResponses) {
      for (let case_ = 1; case_ <= STUDY_SIZE + 1; case_++) {
        expect(body).not.toContain(earnerName(case_));
        expect(body).not.toContain(earnerOrganisation(case_));
      }
      expect(body).not.toMatch(/submissionId|earner/i);
      const viewer = body.slice(0, body.indexOf(' '));
      for (const [, { assessor, case_ }] of walk.assignments) {
        if (assessor.email !== viewer) expect(body).not.toContain(comment(assessor, case_));
      }
    }
  });

  describe('once every study score is in (these tests only read)', () => {
    let scored: ProtocolWalk;

    beforeAll(async () => {
      scored = await ProtocolWalk.start();
      await scored.throughScoring();
    });

    afterAll(async () => {
      await scored?.close();
    });

    it('closed the window by itself once all study scores were in, queuing every disagreeing submission', async () => {
      const { api, designer, adjudicator, assessors, credentialId } = scored;
      const window = await windowOf(api, designer, credentialId);
      expect(window).toMatchObject({ status: 'adjudicating', adjudicatingAt: expect.any(String), completedAt: null });
      expect(window.progress).toMatchObject({
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
      const { api, dual, assignments, submissionIdOfCase } = scored;
      const readByDual = [...assignments.values()].filter((entry) => entry.assessor.id === dual.id && entry.inStudy && entry.case_ !== 1);
      expect(readByDual.length).toBeGreaterThan(0);
      const queue = await api.http().get('/api/adjudications').set(bearer(dual.token)).expect(200);
      const queued = queue.body.items.map((item: { submissionId: number }) => item.submissionId);
      for (const { case_ } of readByDual) {
        const submissionId = submissionIdOfCase.get(case_)!;
        expect(queued).not.toContain(submissionId);
        const view = await api.http().get(`/api/adjudications/${submissionId}`).set(bearer(dual.token)).expect(403);
        expect(view.body.code).toBe('own_submission');
        await adjudicate(api, dual, submissionId, { depth: { level: '3', reason: 'assessor_error' } }, 403);
      }
      expect(queue.body.total).toBe(STUDY_SIZE - 1 - readByDual.length);
    });

    it('shows the scorings side by side as readers A and B, without names or earner data', async () => {
      const { api, adjudicator, assessors, submissionIdOfCase } = scored;
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
  });

  it('requires a level and a reason on every disagreeing row (422), then records the adjudication once (409)', async () => {
    const walk = await start();
    const { api, adjudicator, submissionIdOfCase } = walk;
    await walk.throughScoring();
    const submissionId = submissionIdOfCase.get(2)!;
    const noReason = await adjudicate(api, adjudicator, submissionId, { depth: { level: '3' } }, 422);
    expect(noReason.body.errors).toEqual([{ field: 'rows.depth.reason', message: expect.stringMatching(/reason is required/) }]);
    const badReason = await adjudicate(api, adjudicator, submissionId, { depth: { level: '7', reason: 'bad_luck' } }, 422);
    expect(badReason.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['rows.depth.level', 'rows.depth.reason']);

    const recorded = await walk.adjudicateCase2();
    expect(recorded.body.rows).toEqual([
      { rowKey: 'aim', level: 'yes', disagreed: false, reason: null, note: null },
      { rowKey: 'depth', level: '3', disagreed: true, reason: 'rubric_unclear', note: 'levels 2 and 3 overlap' },
    ]);
    const again = await adjudicate(api, adjudicator, submissionId, { depth: { level: '2', reason: 'assessor_error' } }, 409);
    expect(again.body.code).toBe('already_adjudicated');
    const view = await api.http().get(`/api/adjudications/${submissionId}`).set(bearer(adjudicator.token)).expect(200);
    expect(view.body.adjudication.rows[1]).toMatchObject({ level: '3', reason: 'rubric_unclear' });
  });

  it('completes the window when every disagreement is adjudicated', async () => {
    const walk = await start();
    const { api, designer, adjudicator, credentialId } = walk;
    await walk.throughScoring();
    await walk.adjudicateCase2();
    for (let case_ = 3; case_ <= STUDY_SIZE; case_++) {
      expect((await windowOf(api, designer, credentialId)).status).toBe('adjudicating');
      await walk.adjudicateLaterCase(case_);
    }
    const window = await windowOf(api, designer, credentialId);
    expect(window).toMatchObject({ status: 'complete', completedAt: expect.any(String) });
    expect(window.progress).toMatchObject({ adjudicatedSubmissions: STUDY_SIZE - 1, awaitingAdjudication: 0 });
    expect((await api.http().get('/api/adjudications').set(bearer(adjudicator.token)).expect(200)).body.total).toBe(0);
  });

  it('sends new submissions outside the study once the window is complete', async () => {
    const walk = await start();
    await walk.throughCompletion();
    const receipt = await walk.submitLate();
    expect(receipt.body).toMatchObject({ inStudy: false, studySequence: null, readersAssigned: 1, rubricVersion: 1 });
  });

  describe('once the window is complete and a late submission arrived (these tests only read)', () => {
    let complete: ProtocolWalk;

    beforeAll(async () => {
      complete = await ProtocolWalk.start();
      await complete.throughCompletion();
      await complete.submitLate();
    });

    afterAll(async () => {
      await complete?.close();
    });

    it('lists submissions with earner details for staff, never for assessors', async () => {
      const { api, researcher, assessors, credentialId } = complete;
      const list = await api.http().get(`/api/credentials/${credentialId}/submissions?pageSize=3`).set(bearer(researcher.token)).expect(200);
      expect(list.body).toMatchObject({ total: STUDY_SIZE + 2, page: 1, pageSize: 3 });
      expect(list.body.items[0]).toMatchObject({ sequence: 1, earnerName: earnerName(1), scoresReceived: 2, needsAdjudication: false });
      expect(list.body.items[1]).toMatchObject({ sequence: 2, needsAdjudication: true, adjudicated: true });
      await api.http().get(`/api/credentials/${credentialId}/submissions`).set(bearer(assessors[0].token)).expect(403);
    });

    it('keeps every score, adjudication and rubric change in the audit log, readable by researchers', async () => {
      const { api, researcher, assessors } = complete;
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
      const { api, designer, assignments, credentialId } = complete;
      const detail = await api.http().get(`/api/credentials/${credentialId}`).set(bearer(designer.token)).expect(200);
      expect(detail.body.versions[0]).toMatchObject({ version: 1, validationStatus: 'complete' });
      const [{ id: rubricVersionId }] = await api.sql<{ id: number }>('SELECT "id" FROM "rubric_versions" WHERE "credential_id" = ? AND "version" = 1', [credentialId]);
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
});
