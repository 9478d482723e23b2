/**
 * Open assignments of a reader who can no longer score them: a disabled account, the assessor
 * role taken away, a certification removed, or a live queue paused (where only the validation
 * study's assignments pass on: the study cannot wait, live work waits for the reader's return).
 * Each passes to another eligible reader through the recusal's machinery, audited one by one;
 * with nobody eligible left, it waits for a reader and the window's status counts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow, submitWork, windowOf } from './support/builders.js';

let api: ApiHarness;
let designer: TestUser;
let researcher: TestUser;
let trainer: TestUser;
let readers: TestUser[];

interface Held {
  assignmentId: number;
  submissionId: number;
  inStudy: boolean;
}

/** The pending assignments of submissions a person holds in a credential. */
const pendingOf = async (person: TestUser, credentialId: number): Promise<Held[]> =>
  (
    await api.sql<{ assignmentId: number; submissionId: number; windowId: number | null }>(
      `SELECT a."id" AS "assignmentId", s."id" AS "submissionId", s."window_id" AS "windowId"
         FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
        WHERE a."assessor_id" = ? AND a."status" = 'pending' AND s."credential_id" = ? ORDER BY a."id"`,
      [person.id, credentialId],
    )
  ).map((row) => ({ assignmentId: Number(row.assignmentId), submissionId: Number(row.submissionId), inStudy: row.windowId !== null }));
const holderOf = async (assignmentId: number) => {
  const [row] = await api.sql<{ id: number; awaiting: string | null }>(`SELECT "assessor_id" AS "id", "awaiting_reader_since" AS "awaiting" FROM "assignments" WHERE "id" = ?`, [assignmentId]);
  return { assessorId: Number(row.id), awaiting: row.awaiting };
};
const readersOf = async (submissionId: number) =>
  (await api.sql<{ id: number }>(`SELECT "assessor_id" AS "id" FROM "assignments" WHERE "submission_id" = ? ORDER BY "reader_slot"`, [submissionId])).map((row) => Number(row.id));
const auditOf = async (action: string, assignmentId: number) =>
  ((await api.http().get(`/api/audit?action=${action}&pageSize=200`).set(bearer(researcher.token)).expect(200)).body.items as Array<{ actorId: number | null; entityId: string; details: Record<string, unknown> }>).filter(
    (entry) => Number(entry.entityId) === assignmentId,
  );

async function submit(credentialId: number, label: string, organisation = 'Acme'): Promise<number> {
  return (await submitWork(api, researcher, credentialId, { earnerName: `Earner ${label}`, earnerOrganisation: organisation, evidenceText: `Work ${label}` })).body.id;
}

/** The reader holding the most open assignments of the credential (at least one), with them. */
async function busiest(credentialId: number, among = readers): Promise<{ reader: TestUser; held: Held[] }> {
  const counted = await Promise.all(among.map(async (reader) => ({ reader, held: await pendingOf(reader, credentialId) })));
  counted.sort((left, right) => right.held.length - left.held.length);
  expect(counted[0].held.length).toBeGreaterThan(0);
  return counted[0];
}

/** Checks that each of `held` moved from `from` to another reader, the submission keeping distinct readers, each move audited. */
async function expectPassedOn(held: readonly Held[], from: TestUser, action: string, reason: RegExp, actorId: number | null): Promise<void> {
  for (const { assignmentId, submissionId } of held) {
    const now = await holderOf(assignmentId);
    expect(now.assessorId).not.toBe(from.id);
    expect(now.awaiting).toBeNull();
    expect(readers.map((reader) => reader.id)).toContain(now.assessorId);
    const onIt = await readersOf(submissionId);
    expect(new Set(onIt).size).toBe(onIt.length);
    const audit = await auditOf(action, assignmentId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId, details: { submissionId, from: from.id, to: now.assessorId, reason: expect.stringMatching(reason) } });
  }
}

beforeAll(async () => {
  api = await startApi('reassignment');
  designer = await api.createUser('Designer', ['designer']);
  researcher = await api.createUser('Researcher', ['researcher']);
  trainer = await api.createUser('Trainer', ['trainer']);
  readers = [];
  for (const name of ['Ada', 'Ben', 'Cai', 'Dee', 'Eli', 'Fay']) readers.push(await api.createUser(`Reader ${name}`, ['assessor']));
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('open assignments of a reader who can no longer score', () => {
  it('pass to other readers when the account is disabled, each audited, and the disabled person is never drawn again', async () => {
    const credentialId = await createCredential(api, designer, 'Disabled reader');
    await openWindow(api, designer, credentialId, { targetSubmissions: 4, readersPerSubmission: 2, seed: 31 });
    for (let index = 1; index <= 4; index++) await submit(credentialId, `D${index}`);
    const { reader, held } = await busiest(credentialId);
    await api.http().post(`/api/users/${reader.id}/disable`).set(bearer(api.adminToken)).expect(200);
    expect(await pendingOf(reader, credentialId)).toEqual([]);
    const admin = (await api.http().get('/api/users/me').set(bearer(api.adminToken)).expect(200)).body.id as number;
    await expectPassedOn(held, reader, 'assignment.reassigned', /disabled/, admin);
    const pool = (await api.http().get(`/api/credentials/${credentialId}/assessors?pageSize=200`).set(bearer(trainer.token)).expect(200)).body.items as Array<{ assessorId: number; eligible: boolean; eligibilityReason: string }>;
    expect(pool.find((entry) => entry.assessorId === reader.id)).toMatchObject({ eligible: false, eligibilityReason: 'account disabled by an administrator' });
    // a later window never draws them
    const later = await createCredential(api, designer, 'After the disabling');
    await openWindow(api, designer, later, { targetSubmissions: 6, readersPerSubmission: 2, seed: 32 });
    for (let index = 1; index <= 6; index++) await submit(later, `L${index}`);
    const [{ n }] = await api.sql<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id" WHERE s."credential_id" = ? AND a."assessor_id" = ?`, [later, reader.id]);
    expect(Number(n)).toBe(0);
    expect((await windowOf(api, researcher, credentialId)).awaitingReader).toBe(0);
    await api.http().post(`/api/users/${reader.id}/enable`).set(bearer(api.adminToken)).expect(200);
  });

  it('pass to other readers when the assessor role is taken away, and stay when roles change otherwise', async () => {
    const credentialId = await createCredential(api, designer, 'Role removed');
    await openWindow(api, designer, credentialId, { targetSubmissions: 3, readersPerSubmission: 2, seed: 33 });
    for (let index = 1; index <= 3; index++) await submit(credentialId, `R${index}`);
    const { reader, held } = await busiest(credentialId);
    // another role beside assessor: nothing moves
    await api.http().put(`/api/users/${reader.id}/roles`).set(bearer(api.adminToken)).send({ roles: ['assessor', 'adjudicator'] }).expect(200);
    expect(await pendingOf(reader, credentialId)).toEqual(held);
    await api.http().put(`/api/users/${reader.id}/roles`).set(bearer(api.adminToken)).send({ roles: ['adjudicator'] }).expect(200);
    expect(await pendingOf(reader, credentialId)).toEqual([]);
    const admin = (await api.http().get('/api/users/me').set(bearer(api.adminToken)).expect(200)).body.id as number;
    await expectPassedOn(held, reader, 'assignment.reassigned', /assessor role/, admin);
    await api.http().put(`/api/users/${reader.id}/roles`).set(bearer(api.adminToken)).send({ roles: ['assessor'] }).expect(200);
  });

  it('pass to other readers when an assessor is given a role that sees earners, since they can no longer read blind', async () => {
    const credentialId = await createCredential(api, designer, 'Role unblinded');
    await openWindow(api, designer, credentialId, { targetSubmissions: 3, readersPerSubmission: 2, seed: 35 });
    for (let index = 1; index <= 3; index++) await submit(credentialId, `U${index}`);
    const { reader, held } = await busiest(credentialId);
    expect(held.length).toBeGreaterThan(0);
    await api.http().put(`/api/users/${reader.id}/roles`).set(bearer(api.adminToken)).send({ roles: ['assessor', 'researcher'] }).expect(200);
    expect(await pendingOf(reader, credentialId)).toEqual([]);
    const admin = (await api.http().get('/api/users/me').set(bearer(api.adminToken)).expect(200)).body.id as number;
    await expectPassedOn(held, reader, 'assignment.reassigned', /can no longer read blind/, admin);
    await api.http().put(`/api/users/${reader.id}/roles`).set(bearer(api.adminToken)).send({ roles: ['assessor'] }).expect(200);
  });

  it('on a paused queue, pass on the validation study\'s assignments only, live ones waiting; on removal, every one', async () => {
    const credentialId = await createCredential(api, designer, 'Paused reader');
    await openWindow(api, designer, credentialId, { targetSubmissions: 2, readersPerSubmission: 2, seed: 34 });
    for (let index = 1; index <= 2; index++) await submit(credentialId, `P${index}`);
    for (let index = 1; index <= 12; index++) await submit(credentialId, `V${index}`);
    // a reader with work of both kinds
    const both = [];
    for (const reader of readers) {
      const held = await pendingOf(reader, credentialId);
      if (held.some((entry) => entry.inStudy) && held.some((entry) => !entry.inStudy)) both.push({ reader, held });
    }
    expect(both.length).toBeGreaterThan(0);
    const { reader, held } = both[0];
    const base = `/api/credentials/${credentialId}/assessors/${reader.id}/certification`;
    await api.http().post(`${base}/override`).set(bearer(trainer.token)).send({ status: 'qualified', reason: 'Certified elsewhere.' }).expect(200);
    expect(await pendingOf(reader, credentialId)).toEqual(held);
    await api.http().post(`${base}/recalibration`).set(bearer(trainer.token)).send({ reason: 'Drifting on the depth row.' }).expect(200);
    const study = held.filter((entry) => entry.inStudy);
    const live = held.filter((entry) => !entry.inStudy);
    expect(await pendingOf(reader, credentialId)).toEqual(live);
    await expectPassedOn(study, reader, 'assignment.reassigned', /paused/, trainer.id);
    // removed from the credential: the live work passes on too
    await api.http().post(`${base}/override`).set(bearer(trainer.token)).send({ status: 'removed', reason: 'Left the programme.' }).expect(200);
    expect(await pendingOf(reader, credentialId)).toEqual([]);
    await expectPassedOn(live, reader, 'assignment.reassigned', /removed from the credential/, trainer.id);
    for (const { submissionId } of live) expect(await readersOf(submissionId)).toHaveLength(1);
  });

  it('waits for a reader when nobody eligible is left: marked, counted in the window\'s status, audited; the mark goes when the reader returns', async () => {
    const credentialId = await createCredential(api, designer, 'Nobody left');
    await openWindow(api, designer, credentialId, { targetSubmissions: 1, readersPerSubmission: 2, seed: 35 });
    const submissionId = await submit(credentialId, 'N1', 'Nowhere Ltd');
    const onIt = await readersOf(submissionId);
    expect(onIt).toHaveLength(2);
    const others = readers.filter((reader) => !onIt.includes(reader.id));
    for (const person of others) await api.http().put(`/api/users/${person.id}/conflicts`).set(bearer(api.adminToken)).send({ organisations: ['Nowhere Ltd'] }).expect(200);
    const stuck = readers.find((reader) => reader.id === onIt[0])!;
    const [{ assignmentId }] = await pendingOf(stuck, credentialId);
    expect((await windowOf(api, researcher, credentialId)).awaitingReader).toBe(0);
    await api.http().post(`/api/users/${stuck.id}/disable`).set(bearer(api.adminToken)).expect(200);
    const held = await holderOf(assignmentId);
    expect(held.assessorId).toBe(stuck.id);
    expect(held.awaiting).not.toBeNull();
    expect((await windowOf(api, researcher, credentialId)).awaitingReader).toBe(1);
    const audit = await auditOf('assignment.reassignment_unfilled', assignmentId);
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ submissionId, from: stuck.id, to: null, reason: expect.stringMatching(/disabled/) });
    // back again: the assignment is theirs to score, and nothing waits any more
    await api.http().post(`/api/users/${stuck.id}/enable`).set(bearer(api.adminToken)).expect(200);
    expect((await holderOf(assignmentId)).awaiting).toBeNull();
    expect((await windowOf(api, researcher, credentialId)).awaitingReader).toBe(0);
    for (const person of others) await api.http().put(`/api/users/${person.id}/conflicts`).set(bearer(api.adminToken)).send({ organisations: [] }).expect(200);
  });
});
