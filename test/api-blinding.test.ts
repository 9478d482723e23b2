import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../backend/src/modules/users/roles.js';
import { bearer, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow, submitWork } from './support/builders.js';
import {
  calibrationPath,
  candidates,
  confirmCandidates,
  drawPools,
  evidenceOfItem,
  expertPanelCsv,
  importPanel,
  panelItems,
  setPolicy,
  startSet,
  truthByEvidence,
} from './support/calibration.js';

/**
 * The blinding proof (issue 3, "What must hold"). A realistic state is built through the API:
 * a credential, its rubric, a window of 6 study submissions read by 2 of 3 assessors (one of whom
 * also adjudicates), distinctive earner names and organisations, scores with distinctive comments,
 * three disagreements of which one is adjudicated, a submission outside the study and a
 * resubmission; and for certification, a second credential whose completed window (earners just as
 * distinctive) and an expert panel give confirmed calibration material drawn into pools, from
 * which one assessor takes a practice set and starts qualifying set A. Then EVERY route of the
 * OpenAPI document is called as every role, its path ids filled with the real ids of that state
 * (other people's included), and the answers are checked:
 * (a) no assessor ever receives an earner reference, a submission id, another person's identity,
 *     or another assessor's levels or comments, calibration routes included; nor another
 *     assessor's calibration set, nor an item of a submission they read live;
 * (b) no adjudicator ever sees or adjudicates a submission they read, and adjudicators never see
 *     assessors' identities or earner references;
 * (c) every route but login answers 401 without a token, and 403 to every role it does not allow.
 * A route added later is enumerated too; a path parameter the test cannot fill makes it fail.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Access = 'public' | 'any' | Role[];

/** Certification: trainers manage, researchers read, admins do everything; assessors take sets. */
const MANAGES_CERTIFICATION: Role[] = ['trainer', 'admin'];
const READS_CERTIFICATION: Role[] = ['trainer', 'researcher', 'admin'];
const TAKES_SETS: Role[] = ['assessor'];
const CALIBRATION = '/api/credentials/{id}/rubric-versions/{v}/calibration';
const CERTIFICATION = '/api/credentials/{id}/assessors/{assessorId}/certification';

/**
 * Who may call each route: the policy, written down independently of the code's decorators.
 * A route missing here is checked against the roles its OpenAPI operation declares (`x-roles`).
 */
const ACCESS: Record<string, Access> = {
  'POST /api/auth/login': 'public',
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  'POST /api/auth/logout': 'any',
  'PUT /api/auth/password': 'any',
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'POST /api/users/{id}/disable': ['admin'],
  'POST /api/users/{id}/enable': ['admin'],
  'PUT /api/users/{id}/roles': ['admin'],
  'POST /api/users/{id}/temporary-password': ['admin'],
  'GET /api/users/me': 'any',
  'GET /api/users/{id}': ['admin'],
  'PUT /api/users/me/conflicts': ['assessor', 'adjudicator'],
  'PUT /api/users/{id}/conflicts': ['admin'],
  'GET /api/audit': ['researcher', 'admin'],
  'POST /api/credentials': ['researcher', 'designer', 'admin'],
  'GET /api/credentials': 'any',
  'GET /api/credentials/{id}': 'any',
  'POST /api/credentials/{id}/rubric-versions': ['researcher', 'designer', 'admin'],
  'GET /api/credentials/{id}/rubric-versions': 'any',
  'GET /api/credentials/{id}/rubric-versions/{v}': 'any',
  'PUT /api/credentials/{id}/rubric-versions/{v}': ['designer', 'admin'],
  'POST /api/credentials/{id}/rubric-versions/{v}/validation': ['researcher', 'designer', 'admin'],
  'GET /api/credentials/{id}/summary': ['researcher', 'designer', 'trainer', 'admin'],
  'GET /api/credentials/{id}/rubric-versions/{v}/validation': 'any',
  'GET /api/credentials/{id}/rubric-versions/{v}/report': ['researcher', 'designer', 'trainer', 'admin'],
  'GET /api/credentials/{id}/rubric-versions/{v}/evidence': ['researcher', 'designer', 'admin'],
  'GET /api/plan': ['researcher', 'designer', 'trainer', 'admin'],
  'POST /api/credentials/{id}/rubric-versions/{v}/scores/import': ['researcher', 'admin'],
  'POST /api/credentials/{id}/submissions': ['admin', 'designer', 'trainer', 'researcher'],
  'GET /api/credentials/{id}/submissions': ['admin', 'designer', 'trainer', 'researcher'],
  'GET /api/credentials/{id}/submissions/{submissionId}/result': ['admin', 'designer', 'trainer', 'researcher'],
  'GET /api/my/assignments': ['assessor'],
  'GET /api/assignments/{id}': ['assessor'],
  'POST /api/assignments/{id}/score': ['assessor'],
  'GET /api/credentials/{id}/assessors/{assessorId}/profile': ['trainer', 'researcher', 'admin'],
  'POST /api/credentials/{id}/assessors/{assessorId}/certification/pause': ['trainer', 'admin'],
  'POST /api/credentials/{id}/assessors/{assessorId}/certification/lift': ['trainer', 'admin'],
  'POST /api/credentials/{id}/assessors/{assessorId}/certification/recalibration': ['trainer', 'admin'],
  'POST /api/credentials/{id}/assessors/{assessorId}/certification/notes': ['trainer', 'admin'],
  'GET /api/my/profile/credentials/{id}': ['assessor'],
  'GET /api/my/validity-feedback': ['assessor'],
  'GET /api/credentials/{id}/backreading': ['trainer', 'researcher', 'admin'],
  'POST /api/credentials/{id}/backreading/draw': ['trainer', 'admin'],
  'POST /api/credentials/{id}/backreading/{backreadingId}': ['trainer', 'admin'],
  'GET /api/adjudications': ['adjudicator'],
  'POST /api/adjudications/claim': ['adjudicator'],
  'GET /api/adjudications/recorded': ['adjudicator'],
  'GET /api/adjudications/{submissionId}': ['adjudicator'],
  'POST /api/adjudications/{submissionId}': ['adjudicator'],
  [`GET ${CALIBRATION}/candidates`]: READS_CERTIFICATION,
  [`POST ${CALIBRATION}/candidates`]: MANAGES_CERTIFICATION,
  [`POST ${CALIBRATION}/candidates/from-window`]: MANAGES_CERTIFICATION,
  [`POST ${CALIBRATION}/candidates/import`]: MANAGES_CERTIFICATION,
  [`GET ${CALIBRATION}/candidates/{itemId}`]: READS_CERTIFICATION,
  [`POST ${CALIBRATION}/candidates/{itemId}/confirm`]: MANAGES_CERTIFICATION,
  [`GET ${CALIBRATION}/pools`]: READS_CERTIFICATION,
  [`POST ${CALIBRATION}/pools`]: MANAGES_CERTIFICATION,
  [`GET ${CALIBRATION}/sets`]: READS_CERTIFICATION,
  'GET /api/credentials/{id}/certification-settings': READS_CERTIFICATION,
  'PUT /api/credentials/{id}/certification-settings': MANAGES_CERTIFICATION,
  'GET /api/credentials/{id}/assessors': READS_CERTIFICATION,
  [`GET ${CERTIFICATION}`]: READS_CERTIFICATION,
  [`GET ${CERTIFICATION}/attempts/{attemptId}`]: READS_CERTIFICATION,
  [`POST ${CERTIFICATION}/remediation`]: MANAGES_CERTIFICATION,
  [`POST ${CERTIFICATION}/extra-round`]: MANAGES_CERTIFICATION,
  [`POST ${CERTIFICATION}/probation`]: MANAGES_CERTIFICATION,
  [`POST ${CERTIFICATION}/override`]: MANAGES_CERTIFICATION,
  'GET /api/my/calibration': TAKES_SETS,
  'POST /api/my/calibration/credentials/{id}/attempts': TAKES_SETS,
  'GET /api/my/calibration/credentials/{id}/anchors': TAKES_SETS,
  'GET /api/my/calibration/attempts/{attemptId}': TAKES_SETS,
  'GET /api/my/calibration/items/{itemId}': TAKES_SETS,
  'POST /api/my/calibration/items/{itemId}/score': TAKES_SETS,
  'GET /api/my/live-feedback': TAKES_SETS,
};

/** Keys that carry an earner, a submission or a person: never in an assessor's answer. */
const KEYS_HIDDEN_FROM_ASSESSORS = [
  'earnerName',
  'earnerOrganisation',
  'externalRef',
  'submissionId',
  'sourceSubmissionId',
  'resubmissionOf',
  'resubmittedBy',
  'assessorId',
  'confirmedBy',
  'settledBy',
  'actor',
];

interface Operation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: { enum?: string[] } }>;
  security?: unknown[];
  'x-roles'?: Role[];
}

interface Route {
  method: Method;
  template: string;
  name: string;
  access: Access;
  operation: Operation;
}

interface Caller {
  label: string;
  token: string | null;
  roles: Role[];
  user: TestUser | null;
}

interface Answer {
  caller: Caller;
  route: Route;
  url: string;
  status: number;
  text: string;
  body: unknown;
}

describe('blinding, for every route and every role', () => {
  const STUDY_SIZE = 6;
  const earnerName = (n: number) => `ZZEARNER-${n}`;
  const earnerOrganisation = (n: number) => `ZZORG-${n}`;
  const evidence = (n: number) => `evidence text number ${n}`;
  /** comments name their author (the assessor's key) so a leak shows whose it is */
  const comment = (assessorKey: string, n: number, row: string) => `ZZNOTE-${assessorKey}-${n}-${row}`;

  let api: ApiHarness;
  let designer: TestUser;
  let researcher: TestUser;
  let trainer: TestUser;
  let adjudicator: TestUser;
  /** pure assessors A1 and A2, and D who is assessor and adjudicator */
  const assessorKeys = ['A1', 'A2', 'D'] as const;
  type AssessorKey = (typeof assessorKeys)[number];
  const assessorUsers = new Map<AssessorKey, TestUser>();
  let credentialId: number;
  /** submission number (1..8) -> id */
  const submissionIdOf = new Map<number, number>();
  /** assignment id -> who reads which submission number */
  const assignments = new Map<number, { key: AssessorKey; n: number }>();
  /** each assessor's own sealed levels */
  const ownLevels = new Map<AssessorKey, Array<Record<string, string>>>();
  /** submissions whose readers disagree: two read by D, one not */
  let readByDual: number[];
  let notReadByDual: number;
  let adjudicatedByJ: number;
  const adjudicationNote = 'ZZADJUDICATION-NOTE';

  /** certification: the credential with calibration material, its window's readers, A1's sets */
  const MATERIAL_SIZE = 6;
  const materialEvidence = (n: number) => `material evidence ${n}`;
  let materialCredentialId: number;
  const materialReaders = new Map<number, AssessorKey[]>();
  let calibrationItemIds: number[];
  /** A1's calibration sets and their items (attempt item ids) */
  const attemptIds: number[] = [];
  let backreadingIds: number[] = [];
  const attemptItemIds: number[] = [];
  /** an attempt item id -> the evidence it shows */
  const servedEvidence = new Map<number, string>();

  let routes: Route[];
  let callers: Caller[];
  const answers: Answer[] = [];
  let auditTotalBeforeMatrix: number;

  const user = (key: AssessorKey) => assessorUsers.get(key)!;
  const readersOf = (n: number) => [...assignments.values()].filter((entry) => entry.n === n).map((entry) => entry.key);

  async function discoverAssignments(): Promise<void> {
    for (const key of assessorKeys) {
      const queue = await api.http().get('/api/my/assignments?pageSize=200').set(bearer(user(key).token)).expect(200);
      for (const item of queue.body.items as Array<{ assignmentId: number }>) {
        if (assignments.has(item.assignmentId)) continue;
        const view = await api.http().get(`/api/assignments/${item.assignmentId}`).set(bearer(user(key).token)).expect(200);
        const n = Number(/^evidence text number (\d+)$/.exec(view.body.evidence.text)![1]);
        assignments.set(item.assignmentId, { key, n });
      }
    }
  }

  async function scoreAs(key: AssessorKey, n: number, levels: Record<string, string>): Promise<void> {
    const [assignmentId] = [...assignments.entries()].find(([, entry]) => entry.key === key && entry.n === n)!;
    await api
      .http()
      .post(`/api/assignments/${assignmentId}/score`)
      .set(bearer(user(key).token))
      .send({ levels, comments: { aim: comment(key, n, 'aim'), depth: comment(key, n, 'depth') } })
      .expect(201);
    ownLevels.set(key, [...(ownLevels.get(key) ?? []), levels]);
  }

  async function postSubmission(n: number, extra: Record<string, unknown> = {}): Promise<void> {
    const receipt = await api
      .http()
      .post(`/api/credentials/${credentialId}/submissions`)
      .set(bearer(trainer.token))
      .send({ earnerName: earnerName(n), earnerOrganisation: earnerOrganisation(n), evidenceText: evidence(n), ...extra })
      .expect(201);
    submissionIdOf.set(n, receipt.body.id);
  }

  /** The real ids a path parameter can take in this state; other people's ids included. */
  function idsFor(template: string, parameter: string): number[] {
    const segments = template.split('/');
    const before = segments[segments.indexOf(`{${parameter}}`) - 1];
    if (parameter === 'submissionId') return [...submissionIdOf.values()];
    if (parameter === 'assessorId') return assessorKeys.map((key) => user(key).id);
    if (parameter === 'attemptId') return attemptIds;
    if (parameter === 'backreadingId') return backreadingIds;
    // not an id: the true agreement the planner is asked about (`GET /api/plan?expected=`)
    if (parameter === 'expected') return [0.9];
    // an item of a calibration set (what an assessor scores), or a calibration item of the material
    if (parameter === 'itemId') return template.includes('/calibration/items/') ? attemptItemIds : calibrationItemIds;
    // certification routes on both credentials (the first has no material), the others on the first
    if (before === 'credentials') return /calibration|assessors|certification/.test(template) ? [materialCredentialId, credentialId] : [credentialId];
    if (before === 'rubric-versions') return [1];
    // accounts: another person's and the caller's own kind alike
    if (before === 'users') return [user('A1').id, designer.id];
    if (before === 'assignments') return [...assignments.keys()];
    if (before === 'users') return assessorKeys.map((key) => user(key).id);
    throw new Error(`the blinding test cannot fill {${parameter}} in ${template}: teach idsFor() which ids it takes`);
  }

  /** Every URL to call for a route: each filling of its path ids, with each value of each enumerated query parameter. */
  function urlsOf(route: Route): string[] {
    let paths = [route.template];
    for (const parameter of route.operation.parameters ?? []) {
      if (parameter.in !== 'path') continue;
      const ids = idsFor(route.template, parameter.name);
      paths = paths.flatMap((path) => ids.map((id) => path.replace(`{${parameter.name}}`, String(id))));
    }
    const query = route.operation.parameters?.filter((parameter) => parameter.in === 'query') ?? [];
    // required ids in the query (`?assessorId=`) take every id, as path ids do
    let bases = [query.some((parameter) => parameter.name === 'pageSize') ? 'pageSize=200' : ''];
    for (const parameter of query.filter((candidate) => candidate.required && !candidate.schema?.enum)) {
      const ids = idsFor(route.template, parameter.name);
      bases = bases.flatMap((base) => ids.map((id) => [base, `${parameter.name}=${id}`].filter(Boolean).join('&')));
    }
    const variants = [...bases];
    for (const parameter of query) {
      for (const value of parameter.schema?.enum ?? []) variants.push(...bases.map((base) => [base, `${parameter.name}=${encodeURIComponent(value)}`].filter(Boolean).join('&')));
    }
    return paths.flatMap((path) => variants.map((variant) => (variant === '' ? path : `${path}?${variant}`)));
  }

  const allows = (access: Access, caller: Caller): boolean =>
    access === 'public' || (caller.token !== null && (access === 'any' || caller.roles.some((role) => access.includes(role))));

  async function call(caller: Caller, route: Route, url: string): Promise<void> {
    let request = api.http()[route.method](url);
    if (caller.token) request = request.set(bearer(caller.token));
    if (route.method !== 'get') request = request.send({});
    const response = await request;
    const text = response.text ?? JSON.stringify(response.body);
    answers.push({ caller, route, url, status: response.status, text, body: response.body });
  }

  async function auditTotal(): Promise<number> {
    return (await api.http().get('/api/audit?pageSize=1').set(bearer(researcher.token)).expect(200)).body.total;
  }

  beforeAll(async () => {
    api = await startApi('blinding');
    designer = await api.createUser('ZZPERSON Designer', ['designer']);
    researcher = await api.createUser('ZZPERSON Researcher', ['researcher']);
    trainer = await api.createUser('ZZPERSON Trainer', ['trainer']);
    adjudicator = await api.createUser('ZZPERSON Adjudicator J', ['adjudicator']);
    assessorUsers.set('A1', await api.createUser('ZZPERSON Assessor A1', ['assessor']));
    assessorUsers.set('A2', await api.createUser('ZZPERSON Assessor A2', ['assessor']));
    assessorUsers.set('D', await api.createUser('ZZPERSON Assessor-Adjudicator D', ['assessor', 'adjudicator']));

    // the credential, its rubric and a window of 6 study submissions with 2 readers each
    credentialId = (await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: 'Blind Credential' }).expect(201)).body.id;
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
    await api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions/1/validation`)
      .set(bearer(designer.token))
      .send({ targetSubmissions: STUDY_SIZE, readersPerSubmission: 2, seed: 11 })
      .expect(201);
    for (let n = 1; n <= STUDY_SIZE; n++) await postSubmission(n);
    await discoverAssignments();

    // three disagreements on depth: two submissions D read, one D did not; the others agree
    const study = Array.from({ length: STUDY_SIZE }, (_, index) => index + 1);
    readByDual = study.filter((n) => readersOf(n).includes('D')).slice(0, 2);
    notReadByDual = study.find((n) => !readersOf(n).includes('D'))!;
    const disagreeing = new Set([...readByDual, notReadByDual]);
    const agreedLevels = [{ aim: 'yes', depth: '3' }, { aim: 'no', depth: '4' }, { aim: 'yes', depth: '1' }];
    for (const n of study) {
      const [first, second] = readersOf(n);
      const agreed = agreedLevels[n % agreedLevels.length];
      await scoreAs(first, n, disagreeing.has(n) ? { aim: 'yes', depth: '3' } : agreed);
      await scoreAs(second, n, disagreeing.has(n) ? { aim: 'yes', depth: '2' } : agreed);
    }

    // the window closed itself; J adjudicates one of D's submissions; the other two stay queued
    adjudicatedByJ = readByDual[0];
    await api
      .http()
      .post(`/api/adjudications/${submissionIdOf.get(adjudicatedByJ)}`)
      .set(bearer(adjudicator.token))
      .send({ rows: { depth: { level: '3', reason: 'other', note: adjudicationNote } } })
      .expect(201);

    // a submission outside the study, scored by its one reader, and a resubmission of the adjudicated one
    await postSubmission(STUDY_SIZE + 1);
    await postSubmission(STUDY_SIZE + 2, { earnerName: earnerName(adjudicatedByJ), resubmissionOf: submissionIdOf.get(adjudicatedByJ) });
    await discoverAssignments();
    const [outsideReader] = readersOf(STUDY_SIZE + 1);
    await scoreAs(outsideReader, STUDY_SIZE + 1, { aim: 'yes', depth: '4' });

    // certification: a second credential whose window completes (its readers agree), its
    // submissions and an expert panel's items confirmed as calibration material and drawn into pools
    materialCredentialId = await createCredential(api, designer, 'Blind Material');
    await openWindow(api, designer, materialCredentialId, { targetSubmissions: MATERIAL_SIZE, readersPerSubmission: 2, seed: 13 });
    for (let n = 1; n <= MATERIAL_SIZE; n++) {
      const m = 100 + n;
      await submitWork(api, trainer, materialCredentialId, { earnerName: earnerName(m), earnerOrganisation: earnerOrganisation(m), evidenceText: materialEvidence(n) });
    }
    for (const key of assessorKeys) {
      const queue = await api.http().get('/api/my/assignments?status=pending&pageSize=200').set(bearer(user(key).token)).expect(200);
      for (const item of queue.body.items as Array<{ assignmentId: number }>) {
        const view = await api.http().get(`/api/assignments/${item.assignmentId}`).set(bearer(user(key).token)).expect(200);
        const match = /^material evidence (\d+)$/.exec(view.body.evidence.text);
        if (!match) continue;
        const n = Number(match[1]);
        const levels = { aim: n % 2 === 0 ? 'no' : 'yes', depth: String(1 + (n % 4)) };
        await api
          .http()
          .post(`/api/assignments/${item.assignmentId}/score`)
          .set(bearer(user(key).token))
          .send({ levels, comments: { depth: comment(key, 100 + n, 'depth') } })
          .expect(201);
        materialReaders.set(n, [...(materialReaders.get(n) ?? []), key]);
        ownLevels.set(key, [...(ownLevels.get(key) ?? []), levels]);
      }
    }
    await api.http().post(`${calibrationPath(materialCredentialId)}/candidates/from-window`).set(bearer(trainer.token)).expect(200);
    await importPanel(api, trainer, materialCredentialId, expertPanelCsv(panelItems('blind', 14)));
    await confirmCandidates(api, trainer, materialCredentialId);
    await setPolicy(api, trainer, materialCredentialId, { setSize: 4, minBorderline: 0, anchorsPerLevel: 1, practiceSize: 2, poolShares: { qualifying: 3, calibration: 1, validity: 0 } });
    await drawPools(api, trainer, materialCredentialId, 'blind');
    // one calibration item of each pool stands for the rest (the routes treat them alike)
    const material = await candidates(api, trainer, materialCredentialId);
    calibrationItemIds = [...new Set(material.map((item) => item.pool))].map((pool) => material.find((item) => item.pool === pool)!.id);
    expect(calibrationItemIds.length).toBeGreaterThanOrEqual(4);
    const truths = await truthByEvidence(api, trainer, materialCredentialId);

    // A1 scores a practice set whole (with comments) and the first item of qualifying set A
    const a1 = user('A1');
    for (const [kind, limit] of [
      ['practice', Number.POSITIVE_INFINITY],
      ['qualifying', 1],
    ] as const) {
      const attempt = (await startSet(api, a1, materialCredentialId, kind)).body as { id: number; itemList: Array<{ assignmentId: number; position: number }> };
      attemptIds.push(attempt.id);
      for (const item of attempt.itemList) {
        attemptItemIds.push(item.assignmentId);
        servedEvidence.set(item.assignmentId, await evidenceOfItem(api, a1, item.assignmentId));
        if (item.position > limit) continue;
        const levels = truths.get(servedEvidence.get(item.assignmentId)!)!.levels;
        await api
          .http()
          .post(`/api/my/calibration/items/${item.assignmentId}/score`)
          .set(bearer(a1.token))
          .send({ levels, comments: { aim: comment('A1', 200 + item.assignmentId, 'aim') } })
          .expect(201);
        ownLevels.set('A1', [...(ownLevels.get('A1') ?? []), levels]);
      }
    }

    // this week's backreading of the first credential's live scores
    await api.http().post(`/api/credentials/${credentialId}/backreading/draw`).set(bearer(trainer.token)).send({}).expect(200);
    backreadingIds = (await api.sql<{ id: number }>('SELECT "id" FROM "backreadings" ORDER BY "id"')).map((row) => Number(row.id));
    expect(backreadingIds.length).toBeGreaterThan(0);

    // every route of the document, as every caller
    const document = (await api.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    routes = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => {
          const name = `${method.toUpperCase()} ${template}`;
          const declared: Access = !operation.security?.length ? 'public' : (operation['x-roles'] ?? 'any');
          return { method: method as Method, template, name, access: ACCESS[name] ?? declared, operation };
        }),
    );
    const staff = (label: string, person: TestUser | null, token: string, roles: Role[]): Caller => ({ label, token, roles, user: person });
    callers = [
      staff('admin', null, api.adminToken, ['admin']),
      staff('researcher', researcher, researcher.token, ['researcher']),
      staff('designer', designer, designer.token, ['designer']),
      staff('trainer', trainer, trainer.token, ['trainer']),
      ...assessorKeys.map((key) => staff(`assessor ${key}`, user(key), user(key).token, user(key).roles)),
      staff('adjudicator J', adjudicator, adjudicator.token, ['adjudicator']),
      { label: 'no token', token: null, roles: [], user: null },
    ];

    auditTotalBeforeMatrix = await auditTotal();
    for (const route of routes) {
      for (const url of urlsOf(route)) {
        for (const caller of callers) {
          // GET for everyone; a write only for those it must refuse (never log anyone out or change the state)
          if (route.method === 'get' || !allows(route.access, caller) || (route.access === 'public' && caller.token === null)) {
            await call(caller, route, url);
          }
        }
      }
    }
  });

  afterAll(async () => {
    await api?.close();
  });

  it('built the state it claims: three disagreements, one adjudicated, a resubmission, a submission outside the study', async () => {
    expect(readByDual).toHaveLength(2);
    expect(readersOf(notReadByDual)).not.toContain('D');
    const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(researcher.token)).expect(200);
    expect(window.body).toMatchObject({ status: 'adjudicating', progress: { disagreeingSubmissions: 3, adjudicatedSubmissions: 1 } });
    const resubmission = await api
      .http()
      .get(`/api/credentials/${credentialId}/submissions/${submissionIdOf.get(STUDY_SIZE + 2)}/result`)
      .set(bearer(researcher.token))
      .expect(200);
    expect(resubmission.body).toMatchObject({ resubmissionOf: submissionIdOf.get(adjudicatedByJ), inStudy: false });
    expect(assignments.size).toBe(2 * STUDY_SIZE + 2);
    for (const person of [designer, researcher, trainer, adjudicator, ...assessorKeys.map(user)]) expect(person.name).toMatch(/^ZZPERSON /);
  });

  it('enumerates every route of the OpenAPI document, with the roles the document declares matching the policy', () => {
    const names = routes.map((route) => route.name);
    for (const name of Object.keys(ACCESS)) expect(names, `${name} is in the policy but not in the document`).toContain(name);
    for (const route of routes) {
      const declared = !route.operation.security?.length ? 'public' : (route.operation['x-roles'] ?? 'any');
      const expected = route.access;
      expect(Array.isArray(declared) ? [...declared].sort() : declared, route.name).toEqual(Array.isArray(expected) ? [...expected].sort() : expected);
    }
    const calledRoutes = new Set(answers.map((answer) => answer.route.name));
    expect([...calledRoutes].sort()).toEqual([...names].sort());
    expect(answers.length).toBeGreaterThan(500);
  });

  it('answers 401 to every route without a token, except login', () => {
    const anonymous = answers.filter((answer) => answer.caller.token === null);
    for (const answer of anonymous) {
      if (answer.route.access === 'public') expect(answer.status, `${answer.route.method} ${answer.url}`).not.toBe(401);
      else expect(answer.status, `${answer.route.method} ${answer.url}`).toBe(401);
    }
    const login = anonymous.find((answer) => answer.route.name === 'POST /api/auth/login')!;
    expect(login.status).toBe(400);
  });

  it('answers 403 to every role a route does not allow, for reads and for writes, and writes nothing', async () => {
    const refused = answers.filter((answer) => answer.caller.token !== null && !allows(answer.route.access, answer.caller));
    expect(refused.length).toBeGreaterThan(200);
    for (const answer of refused) {
      expect(answer.status, `${answer.caller.label}: ${answer.route.method} ${answer.url}`).toBe(403);
      expect((answer.body as { code?: string }).code).toBe('role_required');
    }
    const writes = refused.filter((answer) => answer.route.method !== 'get');
    expect(new Set(writes.map((answer) => answer.route.name)).size).toBeGreaterThanOrEqual(10);
    expect(await auditTotal()).toBe(auditTotalBeforeMatrix);
  });

  it('never answers 500, and lets every allowed caller read (no 401 or role refusal on an allowed GET)', () => {
    for (const answer of answers) expect(answer.status, `${answer.caller.label}: ${answer.route.method} ${answer.url}`).toBeLessThan(500);
    const allowedReads = answers.filter((answer) => answer.route.method === 'get' && answer.caller.token !== null && allows(answer.route.access, answer.caller));
    for (const answer of allowedReads) {
      expect(answer.status).not.toBe(401);
      expect((answer.body as { code?: string } | null)?.code, `${answer.caller.label}: ${answer.url}`).not.toBe('role_required');
    }
  });

  /**
   * Answers a person received in an assessor's capacity: all of a pure assessor's; for someone who
   * also adjudicates, all but those of routes only adjudicators may call (checked below as adjudication).
   */
  function answersAsAssessor(key: AssessorKey): Answer[] {
    const adjudicatorsOnly = (access: Access) => Array.isArray(access) && access.includes('adjudicator') && !access.includes('assessor');
    return answers.filter((answer) => answer.caller.user?.id === user(key).id && !adjudicatorsOnly(answer.route.access));
  }

  it("gives a window's seed to researchers, designers and admins only: assessors, adjudicators and trainers get its status without it", () => {
    const windows = answers.filter((answer) => answer.route.name === 'GET /api/credentials/{id}/rubric-versions/{v}/validation' && answer.status === 200);
    const seedKnown = (answer: Answer) => answer.caller.roles.some((role) => role === 'researcher' || role === 'designer' || role === 'admin');
    expect(windows.filter(seedKnown).length).toBeGreaterThan(0);
    expect(windows.filter((answer) => !seedKnown(answer)).length).toBeGreaterThan(0);
    for (const answer of windows) {
      const body = answer.body as { seed: number | null; status: string };
      const where = `${answer.caller.label}: ${answer.url}`;
      expect(body.status, where).toEqual(expect.any(String));
      if (seedKnown(answer)) expect([11, 13], where).toContain(body.seed);
      else expect(body.seed, where).toBeNull();
    }
  });

  it("never shows an assessor an earner reference, a submission id, another person's identity, or another assessor's levels or comments", () => {
    for (const key of assessorKeys) {
      const seen = answersAsAssessor(key);
      expect(seen.filter((answer) => answer.status === 200).length, key).toBeGreaterThan(10);
      const others = [designer, researcher, trainer, adjudicator, ...assessorKeys.filter((other) => other !== key).map(user)];
      const own = ownLevels.get(key) ?? [];
      for (const answer of seen) {
        const where = `${key}: ${answer.route.method} ${answer.url}`;
        expect(answer.text, where).not.toMatch(/ZZEARNER|ZZORG|ZZADJUDICATION/);
        for (const match of answer.text.matchAll(/ZZNOTE-([A-Z0-9]+)-/g)) expect(match[1], `${where} shows a comment by ${match[1]}`).toBe(key);
        for (const person of others) {
          expect(answer.text, where).not.toContain(person.name);
          expect(answer.text, where).not.toContain(person.email);
        }
        for (const hidden of KEYS_HIDDEN_FROM_ASSESSORS) expect(keysOf(answer.body), where).not.toContain(hidden);
        for (const levels of scoreLevelsIn(answer.body)) expect(own, `${where} shows levels that are not the caller's own`).toContainEqual(levels);
      }
    }
    // the checks can see: an assessor's own comments reach them in their blind views
    const ownViews = answersAsAssessor('A1').filter((answer) => answer.route.name === 'GET /api/assignments/{id}' && answer.status === 200);
    expect(ownViews.some((answer) => answer.text.includes(comment('A1', [...assignments.values()].find((entry) => entry.key === 'A1')!.n, 'depth')))).toBe(true);
    expect(ownViews.every((answer) => scoreLevelsIn(answer.body).length <= 1)).toBe(true);
  });

  it("answers an assessor's request for another assessor's assignment exactly as for one that does not exist (404)", () => {
    for (const key of assessorKeys) {
      const foreign = answers.filter(
        (answer) => answer.caller.user?.id === user(key).id && answer.route.name === 'GET /api/assignments/{id}' && assignments.get(idIn(answer.url, 'assignments'))!.key !== key,
      );
      expect(foreign.length).toBeGreaterThan(0);
      for (const answer of foreign) {
        expect(answer.status, `${key}: ${answer.url}`).toBe(404);
        expect(answer.body, `${key}: ${answer.url}`).toMatchObject({ code: 'not_found', message: `assignment ${idIn(answer.url, 'assignments')} is not in your queue` });
      }
    }
  });

  it('serves an assessor their own calibration sets only (404 for another’s item or set, as for a missing one), never an item of a submission they read', () => {
    const a1 = user('A1');
    const own = answers.filter((answer) => answer.caller.user?.id === a1.id && answer.route.name.startsWith('GET /api/my/calibration/') && answer.status === 200);
    expect(new Set(own.map((answer) => answer.route.name))).toEqual(
      new Set(['GET /api/my/calibration/items/{itemId}', 'GET /api/my/calibration/attempts/{attemptId}', 'GET /api/my/calibration/credentials/{id}/anchors']),
    );
    // the checks can see: A1's own calibration comment comes back in the blind form of their item
    expect(own.some((answer) => answer.text.includes('ZZNOTE-A1-'))).toBe(true);
    const readByA1 = new Set([...materialReaders].filter(([, keys]) => keys.includes('A1')).map(([n]) => materialEvidence(n)));
    expect(readByA1.size).toBeGreaterThan(0);
    for (const [itemId, text] of servedEvidence) expect(readByA1.has(text), `item ${itemId} shows ${text}, which A1 read live`).toBe(false);
    const anchors = own.filter((answer) => answer.route.name === 'GET /api/my/calibration/credentials/{id}/anchors');
    for (const answer of anchors) for (const item of (answer.body as { items: Array<{ evidence: { text: string } }> }).items) expect(readByA1.has(item.evidence.text)).toBe(false);

    for (const key of ['A2', 'D'] as const) {
      const theirs = answers.filter((answer) => answer.caller.user?.id === user(key).id);
      const items = theirs.filter((answer) => answer.route.name === 'GET /api/my/calibration/items/{itemId}');
      expect(items).toHaveLength(attemptItemIds.length);
      for (const answer of items) {
        expect(answer.status, `${key}: ${answer.url}`).toBe(404);
        expect((answer.body as { code: string }).code).toBe('not_found');
      }
      const sets = theirs.filter((answer) => answer.route.name === 'GET /api/my/calibration/attempts/{attemptId}');
      expect(sets).toHaveLength(attemptIds.length);
      for (const answer of sets) expect(answer.status, `${key}: ${answer.url}`).toBe(404);
      const mine = theirs.find((answer) => answer.route.name === 'GET /api/my/calibration')!;
      expect(mine.status).toBe(200);
      expect(keysOf(mine.body)).not.toContain('itemList');
    }
    // live feedback: each assessor's own scorings of the completed window, nothing of the co-reader's
    for (const key of assessorKeys) {
      const feedback = answers.find((answer) => answer.caller.user?.id === user(key).id && answer.route.name === 'GET /api/my/live-feedback')!;
      const read = [...materialReaders].filter(([, keys]) => keys.includes(key)).length;
      expect((feedback.body as { total: number }).total, key).toBe(read);
      expect(feedback.text).not.toMatch(/ZZNOTE/);
    }
  });

  it('never lets an adjudicator see a submission they read (403), and never names assessors or earners to adjudicators', () => {
    const dual = user('D');
    const readByD = new Set([...assignments.values()].filter((entry) => entry.key === 'D').map((entry) => submissionIdOf.get(entry.n)!));
    const views = answers.filter((answer) => answer.route.name === 'GET /api/adjudications/{submissionId}');
    for (const answer of views.filter((candidate) => candidate.caller.user?.id === dual.id)) {
      const submissionId = idIn(answer.url, 'adjudications');
      if (readByD.has(submissionId)) expect(answer.status, answer.url).toBeGreaterThanOrEqual(403);
      if (readByDual.map((n) => submissionIdOf.get(n)).includes(submissionId)) {
        expect(answer.status, answer.url).toBe(403);
        expect((answer.body as { code: string }).code).toBe('own_submission');
      }
    }
    const dualSawUnread = views.find((answer) => answer.caller.user?.id === dual.id && idIn(answer.url, 'adjudications') === submissionIdOf.get(notReadByDual))!;
    expect(dualSawUnread.status).toBe(200);
    const queue = answers.find((answer) => answer.caller.user?.id === dual.id && answer.route.name === 'GET /api/adjudications')!;
    const queued = (queue.body as { items: Array<{ submissionId: number }> }).items.map((item) => item.submissionId);
    expect(queued).toEqual([submissionIdOf.get(notReadByDual)]);

    const assessorsAndEarners = [...assessorKeys.map(user)];
    const adjudicatorAnswers = answers.filter(
      (answer) => answer.route.name.includes('/api/adjudications') && answer.caller.roles.includes('adjudicator') && answer.status === 200,
    );
    expect(adjudicatorAnswers.some((answer) => answer.text.includes('ZZNOTE-'))).toBe(true);
    for (const answer of adjudicatorAnswers) {
      const where = `${answer.caller.label}: ${answer.url}`;
      expect(answer.text, where).not.toMatch(/ZZEARNER|ZZORG/);
      for (const person of assessorsAndEarners) {
        expect(answer.text, where).not.toContain(person.name);
        expect(answer.text, where).not.toContain(person.email);
      }
      expect(keysOf(answer.body), where).not.toContain('assessorId');
    }
  });

  it("lists for each adjudicator only the cases they recorded: J's one case, none for D", () => {
    const listed = (caller: TestUser) => {
      const answer = answers.find((candidate) => candidate.caller.user?.id === caller.id && candidate.route.name === 'GET /api/adjudications/recorded')!;
      expect(answer.status).toBe(200);
      return (answer.body as { items: Array<{ submissionId: number; rows: Array<{ rowKey: string; level: string }> }> }).items;
    };
    const own = listed(adjudicator);
    expect(own.map((item) => item.submissionId)).toEqual([submissionIdOf.get(adjudicatedByJ)]);
    expect(own[0]!.rows.find((row) => row.rowKey === 'depth')?.level).toBe('3');
    expect(listed(user('D'))).toEqual([]);
  });

  it('refuses an adjudicator who read a submission the adjudication itself (403), leaving it unrecorded', async () => {
    const dual = user('D');
    const pending = readByDual[1];
    for (const n of readByDual) {
      const refused = await api
        .http()
        .post(`/api/adjudications/${submissionIdOf.get(n)}`)
        .set(bearer(dual.token))
        .send({ rows: { depth: { level: '2', reason: 'assessor_error' } } })
        .expect(403);
      expect(refused.body.code).toBe('own_submission');
    }
    const result = await api.http().get(`/api/credentials/${credentialId}/submissions/${submissionIdOf.get(pending)}/result`).set(bearer(researcher.token)).expect(200);
    expect(result.body).toMatchObject({ status: 'pending' });
    const window = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(researcher.token)).expect(200);
    expect(window.body.progress.adjudicatedSubmissions).toBe(1);
  });
});

/** Every key of every object in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

/** Every score-like `levels` object (rubric row key -> level) in a JSON value. */
function scoreLevelsIn(value: unknown): Array<Record<string, string>> {
  if (Array.isArray(value)) return value.flatMap(scoreLevelsIn);
  if (value === null || typeof value !== 'object') return [];
  const found: Array<Record<string, string>> = [];
  for (const [key, inner] of Object.entries(value)) {
    const isScore = key === 'levels' && inner !== null && typeof inner === 'object' && !Array.isArray(inner);
    if (isScore && Object.keys(inner).some((rowKey) => rowKey === 'aim' || rowKey === 'depth')) found.push(inner as Record<string, string>);
    else found.push(...scoreLevelsIn(inner));
  }
  return found;
}

/** The id after `segment` in a URL: idIn('/api/assignments/7/score', 'assignments') === 7. */
function idIn(url: string, segment: string): number {
  const segments = url.split('?')[0].split('/');
  return Number(segments[segments.indexOf(segment) + 1]);
}
