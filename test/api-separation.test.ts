/**
 * Separation of duties and conflicts of interest (issue 12, items 4, 6 and 7): a person whose
 * other roles see earners or scores is never drawn as a reader; adjudicators' declared conflicts
 * keep cases of those earners out of their queue; a conflict declared after the draw passes the
 * open assignment to another reader (or, with nobody to take it, refuses its scoring); and a
 * conflict an admin recorded is removed by an admin only. Every step is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow, submitWork } from './support/builders.js';

let api: ApiHarness;
let designer: TestUser;
let researcher: TestUser;
let trainer: TestUser;
let readers: TestUser[];
let trainerReader: TestUser;
let researcherReader: TestUser;
let adjudicator: TestUser;

const readersOf = async (submissionId: number) =>
  (await api.sql<{ id: number }>(`SELECT "assessor_id" AS "id" FROM "assignments" WHERE "submission_id" = ? ORDER BY "reader_slot"`, [submissionId])).map((row) => Number(row.id));
const pendingOf = async (person: TestUser) =>
  (await api.http().get('/api/my/assignments?pageSize=200').set(bearer(person.token)).expect(200)).body.items.filter((item: { status: string }) => item.status === 'pending') as Array<{ assignmentId: number }>;
const auditOf = async (action: string) =>
  (await api.http().get(`/api/audit?action=${action}&pageSize=200`).set(bearer(researcher.token)).expect(200)).body.items as Array<{ actorId: number | null; entityId: string; details: Record<string, unknown> }>;
const declare = (person: TestUser, organisations: string[]) => api.http().put('/api/users/me/conflicts').set(bearer(person.token)).send({ organisations }).expect(200);

async function submissionFrom(credentialId: number, organisation: string, label: string): Promise<number> {
  return (await submitWork(api, researcher, credentialId, { earnerName: `Earner ${label}`, earnerOrganisation: organisation, evidenceText: `Work ${label}` })).body.id;
}

beforeAll(async () => {
  api = await startApi('separation');
  designer = await api.createUser('Designer', ['designer']);
  researcher = await api.createUser('Researcher', ['researcher']);
  trainer = await api.createUser('Trainer', ['trainer']);
  readers = [await api.createUser('Reader One', ['assessor']), await api.createUser('Reader Two', ['assessor']), await api.createUser('Reader Three', ['assessor']), await api.createUser('Reader Four', ['assessor'])];
  trainerReader = await api.createUser('Trainer Reader', ['assessor', 'trainer']);
  researcherReader = await api.createUser('Researcher Reader', ['researcher', 'assessor']);
  adjudicator = await api.createUser('Adjudicator', ['adjudicator']);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('separation of duties', () => {
  it('never draws a person whose other roles see earners or scores, and the pool view says why', async () => {
    const credentialId = await createCredential(api, designer, 'Separated readers');
    await openWindow(api, designer, credentialId, { targetSubmissions: 6, readersPerSubmission: 2, seed: 21 });
    for (let index = 1; index <= 6; index++) await submissionFrom(credentialId, 'Northwind', `S${index}`);
    for (const person of [trainerReader, researcherReader]) {
      expect(await pendingOf(person)).toEqual([]);
      const [{ n }] = await api.sql<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "assignments" WHERE "assessor_id" = ?`, [person.id]);
      expect(Number(n)).toBe(0);
    }
    const pool = (await api.http().get(`/api/credentials/${credentialId}/assessors?pageSize=200`).set(bearer(trainer.token)).expect(200)).body.items as Array<{
      assessorId: number;
      eligible: boolean;
      eligibilityReason: string;
    }>;
    expect(pool.find((entry) => entry.assessorId === trainerReader.id)).toMatchObject({ eligible: false, eligibilityReason: expect.stringMatching(/trainer role.*separation of duties/) });
    expect(pool.find((entry) => entry.assessorId === researcherReader.id)).toMatchObject({ eligible: false, eligibilityReason: expect.stringMatching(/researcher role.*separation of duties/) });
    for (const reader of readers) expect(pool.find((entry) => entry.assessorId === reader.id)).toMatchObject({ eligible: true });
  });
});

describe("adjudicators' conflicts of interest", () => {
  it('keep cases of earners from a declared organisation out of the queue, the view and the claims', async () => {
    await declare(adjudicator, ['  UMBRELLA corp ']);
    const credentialId = await createCredential(api, designer, 'Adjudicated with conflicts');
    await openWindow(api, designer, credentialId, { targetSubmissions: 2, readersPerSubmission: 2, seed: 22 });
    const conflicted = await submissionFrom(credentialId, 'Umbrella Corp', 'U1');
    const free = await submissionFrom(credentialId, 'Acme', 'A1');
    for (const submissionId of [conflicted, free]) {
      const [first, second] = await readersOf(submissionId);
      for (const [assessorId, aim] of [[first, 'yes'], [second, 'no']] as const) {
        const reader = readers.find((person) => person.id === assessorId)!;
        const [{ id }] = await api.sql<{ id: number }>(`SELECT "id" FROM "assignments" WHERE "submission_id" = ? AND "assessor_id" = ?`, [submissionId, assessorId]);
        await api.http().post(`/api/assignments/${id}/score`).set(bearer(reader.token)).send({ levels: { aim, depth: '2' } }).expect(201);
      }
    }
    const queue = (await api.http().get('/api/adjudications?pageSize=200').set(bearer(adjudicator.token)).expect(200)).body;
    expect(queue.items.map((item: { submissionId: number }) => item.submissionId)).toEqual([free]);
    expect(queue.total).toBe(1);
    const refused = await api.http().get(`/api/adjudications/${conflicted}`).set(bearer(adjudicator.token)).expect(403);
    expect(refused.body.code).toBe('conflict_of_interest');
    await api.http().post(`/api/adjudications/${conflicted}`).set(bearer(adjudicator.token)).send({ rows: { aim: { level: 'yes', reason: 'assessor_error' } } }).expect(403);
    const claimed = await api.http().post('/api/adjudications/claim').set(bearer(adjudicator.token)).expect(200);
    expect(claimed.body.submissionId).toBe(free);
    await api.http().post(`/api/adjudications/${free}`).set(bearer(adjudicator.token)).send({ rows: { aim: { level: 'yes', reason: 'assessor_error' } } }).expect(201);
    await api.http().post('/api/adjudications/claim').set(bearer(adjudicator.token)).expect(204);
    // another adjudicator without the conflict sees and settles the case
    const other = await api.createUser('Adjudicator Two', ['adjudicator']);
    await api.http().get(`/api/adjudications/${conflicted}`).set(bearer(other.token)).expect(200);
  });
});

describe('conflicts declared after the draw, and conflicts an admin recorded', () => {
  let credentialId: number;
  const submissions = new Map<string, number>();

  beforeAll(async () => {
    credentialId = await createCredential(api, designer, 'Late conflicts');
    await openWindow(api, designer, credentialId, { targetSubmissions: 4, readersPerSubmission: 2, seed: 23 });
    for (const [label, organisation] of [['G1', 'Globex'], ['I1', 'Initech'], ['H1', 'Hooli'], ['G2', 'Globex']]) submissions.set(label, await submissionFrom(credentialId, organisation, label));
  });

  it('passes an open assignment to another eligible reader when its reader declares a conflict, audited', async () => {
    const g1 = submissions.get('G1')!;
    const before = await readersOf(g1);
    const recused = readers.find((person) => person.id === before[0])!;
    const [{ id: assignmentId }] = await api.sql<{ id: number }>(`SELECT "id" FROM "assignments" WHERE "submission_id" = ? AND "assessor_id" = ?`, [g1, recused.id]);
    await declare(recused, ['globex']);
    const after = await readersOf(g1);
    expect(after).toHaveLength(2);
    expect(new Set(after).size).toBe(2);
    expect(after).not.toContain(recused.id);
    const replacement = after.find((id) => !before.includes(id))!;
    expect(readers.map((person) => person.id)).toContain(replacement);
    // the recused reader's queue holds no Globex work any more; the old id answers as a missing one
    await api.http().get(`/api/assignments/${assignmentId}`).set(bearer(recused.token)).expect(404);
    for (const label of ['G1', 'G2']) expect(await readersOf(submissions.get(label)!)).not.toContain(recused.id);
    const audit = (await auditOf('assignment.recused')).filter((entry) => Number(entry.entityId) === Number(assignmentId));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: recused.id, details: { submissionId: g1, from: recused.id, to: replacement } });
    const replacementUser = readers.find((person) => person.id === replacement)!;
    await api.http().get(`/api/assignments/${assignmentId}`).set(bearer(replacementUser.token)).expect(200);
  });

  it("keeps a conflict an admin recorded when the person declares none, and only an admin removes it", async () => {
    const person = readers[3];
    const recorded = await api.http().put(`/api/users/${person.id}/conflicts`).set(bearer(api.adminToken)).send({ organisations: ['Hooli'] }).expect(200);
    expect(recorded.body).toMatchObject({ conflictOrganisations: ['Hooli'], conflictsRecordedByAdmin: ['Hooli'] });
    const cleared = await declare(person, []);
    expect(cleared.body).toMatchObject({ conflictOrganisations: ['Hooli'], conflictsRecordedByAdmin: ['Hooli'] });
    const own = await declare(person, ['Vandelay', 'hooli']);
    expect([...own.body.conflictOrganisations].sort()).toEqual(['Hooli', 'Vandelay']);
    expect(own.body.conflictsRecordedByAdmin).toEqual(['Hooli']);
    expect((await declare(person, [])).body.conflictOrganisations).toEqual(['Hooli']);
    // the admin removes it
    expect((await api.http().put(`/api/users/${person.id}/conflicts`).set(bearer(api.adminToken)).send({ organisations: [] }).expect(200)).body.conflictOrganisations).toEqual([]);
    // only an admin records: the person and staff get 403
    for (const caller of [person, researcher, trainer]) await api.http().put(`/api/users/${person.id}/conflicts`).set(bearer(caller.token)).send({ organisations: [] }).expect(403);
    await api.http().put('/api/users/987654/conflicts').set(bearer(api.adminToken)).send({ organisations: ['Hooli'] }).expect(404);
    expect((await auditOf('user.conflicts_recorded')).filter((entry) => Number(entry.entityId) === person.id)).toHaveLength(2);
    expect((await auditOf('user.conflicts_declared')).filter((entry) => Number(entry.entityId) === person.id)).toHaveLength(3);
  });

  it('refuses the scoring (409) and audits an unfilled recusal when nobody else may take the assignment', async () => {
    const i1 = submissions.get('I1')!;
    const onIt = await readersOf(i1);
    const others = readers.filter((person) => !onIt.includes(person.id));
    // every other reader has a conflict with Initech, recorded by the admin
    for (const person of others) await api.http().put(`/api/users/${person.id}/conflicts`).set(bearer(api.adminToken)).send({ organisations: ['Initech'] }).expect(200);
    const stuck = readers.find((person) => person.id === onIt[0])!;
    const [{ id: assignmentId }] = await api.sql<{ id: number }>(`SELECT "id" FROM "assignments" WHERE "submission_id" = ? AND "assessor_id" = ?`, [i1, stuck.id]);
    await declare(stuck, ['Initech']);
    expect(await readersOf(i1)).toEqual(onIt);
    const refused = await api.http().post(`/api/assignments/${assignmentId}/score`).set(bearer(stuck.token)).send({ levels: { aim: 'yes', depth: '2' } }).expect(409);
    expect(refused.body.code).toBe('conflict_of_interest');
    const audit = (await auditOf('assignment.recused_unfilled')).filter((entry) => Number(entry.entityId) === Number(assignmentId));
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ submissionId: i1, from: stuck.id, to: null });
    // nothing was stored for it
    const [{ n }] = await api.sql<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "scores" WHERE "assignment_id" = ?`, [assignmentId]);
    expect(Number(n)).toBe(0);
  });
});
