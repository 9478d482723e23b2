import { migrations } from '../backend/src/database/migrations/index.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberedParameters } from '../backend/src/database/sql.js';
import { freePort } from './support/free-port.js';
import { testDatabase, type TestDatabase } from './support/test-database.js';

/**
 * Several API processes on one PostgreSQL database (issue: scale out). Three instances of the built
 * server share a throw-away database; a bounded load (at most 200 requests in flight, each phase
 * well under a minute) is spread over them, and every invariant is checked in the database itself.
 * Runs when DATABASE_URL points at a PostgreSQL server (`npm run test:postgres`, and CI).
 */
const ADMIN = { email: 'admin@multi.concord', password: 'admin-password-1' };
const PASSWORD = 'multi-instance-1';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const rubric = {
  rows: [
    { key: 'aim', title: 'States the aim', scale: 'nominal', levels: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] },
    { key: 'depth', title: 'Depth', scale: 'ordinal', levels: ['1', '2', '3', '4'].map((value) => ({ value, label: `Level ${value}` })) },
  ],
};

interface Instance {
  base: string;
  process: ChildProcess;
  output: string[];
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  etag: string | null;
}

/** Starts `count` built servers on loopback ports, all on `databaseUrl`, and waits until each is ready. */
async function startInstances(databaseUrl: string, count: number, extraEnvironment: Record<string, string> = {}): Promise<Instance[]> {
  const instances: Instance[] = [];
  for (let index = 0; index < count; index++) {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_MAX: '10',
        PORT: String(port),
        CONCORD_ADMIN_EMAIL: ADMIN.email,
        CONCORD_ADMIN_PASSWORD: ADMIN.password,
        // the test's people all sign in from 127.0.0.1
        CONCORD_SIGN_IN_LIMIT_PER_ADDRESS: '100000',
        ...extraEnvironment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    instances.push({ base: `http://127.0.0.1:${port}/api`, process: child, output });
  }
  await Promise.all(instances.map((instance) => waitUntilReady(instance)));
  return instances;
}

async function waitUntilReady(instance: Instance): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (instance.process.exitCode !== null) throw new Error(`an instance exited at start:\n${instance.output.join('')}`);
    try {
      if ((await fetch(`${instance.base}/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`an instance did not become ready within 60 s:\n${instance.output.join('')}`);
}

async function stopInstances(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(
      (instance) =>
        new Promise<void>((resolve) => {
          if (instance.process.exitCode !== null || instance.process.signalCode !== null) return resolve();
          instance.process.once('exit', () => resolve());
          instance.process.kill('SIGTERM');
        }),
    ),
  );
}

async function call(instance: Instance, method: string, path: string, token: string | null, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(`${instance.base}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': contentType }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, etag: response.headers.get('etag') };
}

async function expectStatus(answer: Promise<Answer>, status: number): Promise<Record<string, unknown>> {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`expected ${status}, got ${got}: ${JSON.stringify(body)}`);
  return body;
}

/** A cluster under test: its instances, its database and its people. */
class Cluster {
  instances: Instance[] = [];
  adminToken = '';
  private client!: pg.Client;

  constructor(readonly database: TestDatabase) {}

  async start(extraEnvironment: Record<string, string> = {}): Promise<void> {
    if (this.database.target.engine !== 'postgres') throw new Error('the multi-instance test needs PostgreSQL');
    this.instances = await startInstances(this.database.target.url, 3, extraEnvironment);
    this.client = new pg.Client({ connectionString: this.database.target.url });
    await this.client.connect();
    this.adminToken = String((await expectStatus(call(this.instances[0], 'POST', '/auth/login', null, ADMIN), 200)).token);
  }

  async stop(): Promise<void> {
    await stopInstances(this.instances);
    await this.client?.end();
  }

  /** Instance `index` modulo the number of instances. */
  on(index: number): Instance {
    return this.instances[index % this.instances.length];
  }

  async sql<T>(text: string, parameters: unknown[] = []): Promise<T[]> {
    return (await this.client.query(numberedParameters(text), parameters)).rows as T[];
  }

  /** Creates people through the instances in turn and logs each in; their ids and tokens. */
  async people(prefix: string, count: number, roles: string[]): Promise<Array<{ id: number; email: string; token: string }>> {
    return Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const email = `${prefix}-${index}@multi.concord`;
        const created = await expectStatus(call(this.on(index), 'POST', '/users', this.adminToken, { email, name: `${prefix} ${index}`, password: PASSWORD, roles }), 201);
        const login = await expectStatus(call(this.on(index + 1), 'POST', '/auth/login', null, { email, password: PASSWORD }), 200);
        return { id: Number(created.id), email, token: String(login.token) };
      }),
    );
  }

  /** A credential with rubric version 1 and, unless `target` is null, its validation window. */
  async credential(designerToken: string, title: string, target: number | null): Promise<number> {
    const id = Number((await expectStatus(call(this.on(0), 'POST', '/credentials', designerToken, { title }), 201)).id);
    await expectStatus(call(this.on(1), 'POST', `/credentials/${id}/rubric-versions`, designerToken, rubric), 201);
    if (target !== null) await expectStatus(call(this.on(2), 'POST', `/credentials/${id}/rubric-versions/1/validation`, designerToken, { targetSubmissions: target, seed: 11 }), 201);
    return id;
  }

  /** `adjudicators` claim a case each at the same moment, through the instances in turn; the cases they got. */
  async claimRace(adjudicators: Array<{ token: string }>): Promise<{ cases: number[]; doubles: number }> {
    const answers = await Promise.all(adjudicators.map((adjudicator, index) => call(this.on(index), 'POST', '/adjudications/claim', adjudicator.token)));
    const cases = answers.filter((answer) => answer.status === 200).map((answer) => Number(answer.body.submissionId));
    return { cases, doubles: cases.length - new Set(cases).size };
  }
}

/** A queue of `cases` adjudication cases, imported in one file whose two readers disagree on every submission. */
async function importDisagreements(cluster: Cluster, researcherToken: string, credentialId: number, readers: Array<{ email: string }>, cases: number): Promise<void> {
  const lines = ['submission,assessor,criterion,level'];
  for (let case_ = 1; case_ <= cases; case_++) {
    lines.push(`Q-${case_},${readers[0].email},aim,no`, `Q-${case_},${readers[0].email},depth,2`);
    lines.push(`Q-${case_},${readers[1].email},aim,yes`, `Q-${case_},${readers[1].email},depth,2`);
  }
  const imported = await expectStatus(call(cluster.on(1), 'POST', `/credentials/${credentialId}/rubric-versions/1/scores/import`, researcherToken, lines.join('\n'), 'text/csv'), 200);
  expect(imported.windowStatus).toBe('adjudicating');
}

describe.runIf(process.env.DATABASE_URL)('three API instances on one PostgreSQL database', () => {
  let cluster: Cluster;
  let designer: { token: string };
  let trainer: { token: string };
  let researcher: { token: string };
  let assessors: Array<{ id: number; email: string; token: string }>;
  let adjudicators: Array<{ id: number; token: string }>;

  beforeAll(async () => {
    cluster = new Cluster(await testDatabase('multi'));
    await cluster.start();
    [designer] = await cluster.people('designer', 1, ['designer']);
    [trainer] = await cluster.people('trainer', 1, ['trainer']);
    [researcher] = await cluster.people('researcher', 1, ['researcher']);
    assessors = await cluster.people('assessor', 10, ['assessor']);
    adjudicators = await cluster.people('adjudicator', 20, ['adjudicator']);
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    await cluster?.database.remove();
  });

  it('migrated once and made one administrator, though three instances started together', async () => {
    const applied = await cluster.sql<{ name: string }>('SELECT "name" FROM "migrations" ORDER BY "id"');
    // every PostgreSQL migration exactly once, in order
    expect(applied.map((row) => row.name)).toEqual(migrations.postgres.map((migration) => new migration().name));
    const admins = await cluster.sql<{ n: number }>('SELECT COUNT(*)::int AS "n" FROM "users" WHERE "email" = ?', [ADMIN.email]);
    expect(admins[0].n).toBe(1);
  });

  it('counts failed sign-ins of an account in the database: failures through the three instances add up', async () => {
    const [person] = await cluster.people('throttled', 1, ['designer']);
    for (let attempt = 0; attempt < 5; attempt++) {
      await expectStatus(call(cluster.on(attempt), 'POST', '/auth/login', null, { email: person.email, password: `wrong-${attempt}` }), 401);
    }
    for (let index = 0; index < 3; index++) {
      const refused = await expectStatus(call(cluster.on(index), 'POST', '/auth/login', null, { email: person.email, password: PASSWORD }), 429);
      expect(refused.code).toBe('sign_in_delayed');
    }
  });

  it('revokes tokens on every instance at once: a disabled account and a changed password', async () => {
    const [disabled, changing] = await cluster.people('revoked', 2, ['designer']);
    const elsewhere = String((await expectStatus(call(cluster.on(2), 'POST', '/auth/login', null, { email: changing.email, password: PASSWORD }), 200)).token);
    for (let index = 0; index < 3; index++) await expectStatus(call(cluster.on(index), 'GET', '/users/me', disabled.token), 200);
    await expectStatus(call(cluster.on(0), 'POST', `/users/${disabled.id}/disable`, cluster.adminToken), 200);
    for (let index = 0; index < 3; index++) expect((await call(cluster.on(index), 'GET', '/users/me', disabled.token)).status).toBe(401);
    await expectStatus(call(cluster.on(1), 'PUT', '/auth/password', changing.token, { currentPassword: PASSWORD, newPassword: 'quartz lantern meadow' }), 204);
    for (let index = 0; index < 3; index++) {
      expect((await call(cluster.on(index), 'GET', '/users/me', elsewhere)).status).toBe(401);
      expect((await call(cluster.on(index), 'GET', '/users/me', changing.token)).status).toBe(200);
    }
  });

  it('runs a study through all three: 55 racing submissions, doubled scores, one closing, claims never shared', async () => {
    const credentialId = await cluster.credential(designer.token, 'Raced pilot', 50);

    // 55 submissions posted at once, spread over the instances
    const receipts = await Promise.all(
      Array.from({ length: 55 }, (_, index) =>
        expectStatus(call(cluster.on(index), 'POST', `/credentials/${credentialId}/submissions`, trainer.token, { earnerName: `Earner ${index}`, evidenceText: `race ${index}` }), 201),
      ),
    );
    expect(receipts.filter((receipt) => receipt.inStudy)).toHaveLength(50);
    expect(receipts.map((receipt) => Number(receipt.sequence)).sort((a, b) => a - b)).toEqual(Array.from({ length: 55 }, (_, index) => index + 1));
    const studySequences = receipts.filter((receipt) => receipt.inStudy).map((receipt) => Number(receipt.studySequence));
    expect(studySequences.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    const [window] = await cluster.sql<{ id: number }>('SELECT "id" FROM "validation_windows" WHERE "credential_id" = ?', [credentialId]);
    const loads = await cluster.sql<{ assessorId: number; load: number }>(
      `SELECT a."assessor_id" AS "assessorId", COUNT(*)::int AS "load" FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
        WHERE s."window_id" = ? GROUP BY a."assessor_id"`,
      [window.id],
    );
    expect(loads.reduce((sum, row) => sum + row.load, 0)).toBe(100);
    const loadOf = assessors.map((assessor) => loads.find((row) => row.assessorId === assessor.id)?.load ?? 0);
    expect(Math.max(...loadOf) - Math.min(...loadOf)).toBeLessThanOrEqual(1);

    // every score posted twice at the same moment, to two different instances
    const assignments = await cluster.sql<{ id: number; assessorId: number; slot: number; studySequence: number | null }>(
      `SELECT a."id", a."assessor_id" AS "assessorId", a."reader_slot" AS "slot", s."study_sequence" AS "studySequence"
         FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id" WHERE s."credential_id" = ? ORDER BY a."id"`,
      [credentialId],
    );
    expect(assignments).toHaveLength(105);
    const tokenOf = new Map(assessors.map((assessor) => [assessor.id, assessor.token]));
    const levelsOf = (assignment: (typeof assignments)[number]) => ({
      // the first 30 study submissions: readers disagree on the aim, so they go to adjudication
      aim: assignment.studySequence !== null && assignment.studySequence <= 30 && assignment.slot === 2 ? 'no' : 'yes',
      depth: '2',
    });
    const post = (assignment: (typeof assignments)[number], instance: number) =>
      call(cluster.on(instance), 'POST', `/assignments/${assignment.id}/score`, tokenOf.get(assignment.assessorId)!, { levels: levelsOf(assignment) });
    const outcomes: number[][] = [];
    for (const batch of [assignments.slice(0, 100), assignments.slice(100)]) {
      const answers = await Promise.all(batch.flatMap((assignment, index) => [post(assignment, index), post(assignment, index + 1)]));
      for (let index = 0; index < batch.length; index++) outcomes.push([answers[2 * index].status, answers[2 * index + 1].status].sort());
    }
    expect(outcomes).toEqual(assignments.map(() => [201, 409]));
    const stored = await cluster.sql<{ assignmentId: number; n: number }>(
      `SELECT a."id" AS "assignmentId", COUNT(sc."id")::int AS "n" FROM "assignments" a JOIN "submissions" s ON s."id" = a."submission_id"
         LEFT JOIN "scores" sc ON sc."assignment_id" = a."id" WHERE s."credential_id" = ? GROUP BY a."id"`,
      [credentialId],
    );
    expect(stored.filter((row) => row.n === 0)).toEqual([]);
    expect(stored.filter((row) => row.n > 1)).toEqual([]);
    expect(stored).toHaveLength(105);

    // the window closed exactly once
    const closings = await cluster.sql<{ n: number }>(
      `SELECT COUNT(*)::int AS "n" FROM "audit_log" WHERE "action" = 'validation_window.adjudicating' AND "entity_id" = ?`,
      [String(window.id)],
    );
    expect(closings[0].n).toBe(1);
    const [{ queued }] = await cluster.sql<{ queued: number }>('SELECT COUNT(*)::int AS "queued" FROM "submissions" WHERE "window_id" = ? AND "needs_adjudication"', [window.id]);
    expect(queued).toBe(30);

    // 20 adjudicators claim at once: 20 different cases
    const race = await cluster.claimRace(adjudicators);
    expect(race.cases).toHaveLength(20);
    expect(race.doubles).toBe(0);
  }, 120_000);

  it('reads its own writes across instances: after a write through one, a report read through another has changed, 500 of 500 times', async () => {
    const credentialId = await cluster.credential(designer.token, 'Read-your-writes pilot', 500);
    let previousEtag: string | null = null;
    let reflected = 0;
    for (let probe = 0; probe < 500; probe++) {
      await expectStatus(call(cluster.on(probe), 'POST', `/credentials/${credentialId}/submissions`, trainer.token, { earnerName: 'Prober', evidenceText: `probe ${probe}` }), 201);
      const report = await call(cluster.on(probe + 1), 'GET', `/credentials/${credentialId}/rubric-versions/1/report`, researcher.token);
      const window = report.body.window as { studySubmissions: number };
      if (report.status === 200 && report.etag !== previousEtag && window.studySubmissions === probe + 1) reflected++;
      previousEtag = report.etag;
    }
    expect(reflected).toBe(500);
  }, 120_000);

  it('keeps serving when one instance is killed mid-run, and stores exactly the writes it acknowledged', async () => {
    const credentialId = await cluster.credential(designer.token, 'Killed pilot', null);
    const acknowledged = new Set<string>();
    const submit = async (instance: number, text: string) => {
      const body = await expectStatus(call(cluster.on(instance), 'POST', `/credentials/${credentialId}/submissions`, trainer.token, { earnerName: 'Steady', evidenceText: text }), 201);
      acknowledged.add(`${Number(body.id)}:${text}`);
    };
    // before the kill: writes through all three
    await Promise.all(Array.from({ length: 30 }, (_, index) => submit(index, `before ${index}`)));

    // then writes through the first two while the third serves reads, and is killed among them
    const victim = cluster.instances[2];
    let readsServed = 0;
    let servedByVictim = 0;
    const readLoop = async () => {
      for (let read = 0; read < 40; read++) {
        const survivor = cluster.instances[read % 2];
        const target = victim.process.exitCode === null && victim.process.signalCode === null ? victim : survivor;
        try {
          const answer = await call(target, 'GET', `/credentials/${credentialId}/submissions?pageSize=10`, trainer.token);
          if (answer.status === 200) readsServed++;
          if (answer.status === 200 && target === victim) servedByVictim++;
        } catch {
          // the victim died under this read: ask a survivor
          const answer = await call(survivor, 'GET', `/credentials/${credentialId}/submissions?pageSize=10`, trainer.token);
          if (answer.status === 200) readsServed++;
        }
      }
    };
    const writes = Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        for (let index = 0; index < 12; index++) await submit(worker % 2, `during ${worker}-${index}`);
      }),
    );
    const reads = Promise.all(Array.from({ length: 5 }, () => readLoop()));
    await new Promise((resolve) => setTimeout(resolve, 150));
    victim.process.kill('SIGKILL');
    await Promise.all([writes, reads]);
    expect(victim.process.signalCode ?? (await new Promise((resolve) => victim.process.once('exit', (_code, signal) => resolve(signal))))).toBe('SIGKILL');
    expect(readsServed).toBe(200);
    expect(servedByVictim).toBeGreaterThan(0);
    expect(servedByVictim).toBeLessThan(200);

    // the two survivors answer, and the stored rows are the acknowledged writes exactly
    for (const survivor of cluster.instances.slice(0, 2)) expect((await call(survivor, 'GET', '/ready', null)).status).toBe(200);
    const rows = await cluster.sql<{ id: number; text: string }>('SELECT "id", "evidence_text" AS "text" FROM "submissions" WHERE "credential_id" = ?', [credentialId]);
    expect(new Set(rows.map((row) => `${row.id}:${row.text}`))).toEqual(acknowledged);
    expect(acknowledged.size).toBe(150);
    // the survivors still take writes
    await submit(0, 'after the kill');
    await submit(1, 'after the kill, again');
    const [{ n }] = await cluster.sql<{ n: number }>('SELECT COUNT(*)::int AS "n" FROM "submissions" WHERE "credential_id" = ?', [credentialId]);
    expect(n).toBe(152);
  }, 120_000);
});

describe.runIf(process.env.DATABASE_URL)('the claim race test, against claims by a plain read then an update (negative control)', () => {
  it('reports cases handed to two adjudicators', async () => {
    const cluster = new Cluster(await testDatabase('multi-unsafe'));
    try {
      await cluster.start({ CONCORD_TEST_UNSAFE_CLAIMS: '1' });
      const [designer] = await cluster.people('designer', 1, ['designer']);
      const [researcher] = await cluster.people('researcher', 1, ['researcher']);
      const readers = await cluster.people('reader', 2, ['assessor']);
      const credentialId = await cluster.credential(designer.token, 'Unsafe queue', 60);
      await importDisagreements(cluster, researcher.token, credentialId, readers, 60);
      let doubles = 0;
      for (let round = 0; round < 3 && doubles === 0; round++) {
        doubles = (await cluster.claimRace(await cluster.people(`adjudicator-${round}`, 20, ['adjudicator']))).doubles;
      }
      expect(doubles).toBeGreaterThan(0);
    } finally {
      await cluster.stop();
      await cluster.database.remove();
    }
  }, 180_000);
});
