/**
 * PostgreSQL figures for npm run bench, when DATABASE_URL names a PostgreSQL server whose user may
 * create databases: with 1 and with 3 API instances on one fresh database, the report of the demo
 * window under 50 concurrent clients spread over the instances, and scoring throughput (600 scores
 * posted by 50 concurrent clients spread over the instances). Every instance is a built server in
 * a child process, on loopback ports only.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { ADMIN, call, createAssessors, credentialWithWindow, login, startServer, stopServer, type Server } from './api.js';

const CLIENTS = 50;
const SCORES = 600;

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Starts `count` instances on a fresh database: the first loads the demo, the others join it. */
async function startCluster(root: string, url: string, count: number): Promise<Server[]> {
  // the assessors sign in from 127.0.0.1, past the per-address limit of a deployment
  const environment = { DATABASE_URL: url, DATABASE_POOL_MAX: '10', CONCORD_SIGN_IN_LIMIT_PER_ADDRESS: '100000' };
  const port = 4000 + Math.floor(Math.random() * 800);
  const first = await startServer(root, port, environment, true);
  const others = await Promise.all(Array.from({ length: count - 1 }, (_, index) => startServer(root, port + 1 + index, environment, false)));
  return [first, ...others];
}

/** Runs one autocannon per instance at once, the clients split between them; the worst p99 and the summed rate. */
async function reportLoad(servers: Server[], path: string, token: string): Promise<{ p50: number; p99: number; rate: number; non2xx: number }> {
  const results = await Promise.all(
    servers.map((server, index) =>
      autocannon({
        url: server.url + path,
        connections: Math.floor(CLIENTS / servers.length) + (index < CLIENTS % servers.length ? 1 : 0),
        duration: 10,
        headers: { Authorization: `Bearer ${token}` },
      }),
    ),
  );
  return {
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    rate: results.reduce((sum, result) => sum + result.requests.average, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
  };
}

/** Posts SCORES scores by CLIENTS concurrent clients, request i through instance i mod n; scores per second. */
async function scoringThroughput(servers: Server[], databaseUrl: string): Promise<{ seconds: number; stored: number }> {
  const [server] = servers;
  const admin = await login(server, ADMIN.email, ADMIN.password);
  const designer = await login(server, 'designer@demo.concord', 'concord-demo');
  const researcher = await login(server, 'researcher@demo.concord', 'concord-demo');
  const emails = await createAssessors(server, admin, 40, `throughput-${servers.length}`);
  const credentialId = await credentialWithWindow(server, designer, `Throughput with ${servers.length}`, SCORES / 2);
  for (let index = 0; index < SCORES / 2; index++) {
    const receipt = await call(servers[index % servers.length], 'POST', `/api/credentials/${credentialId}/submissions`, researcher, { earnerName: `Earner ${index}`, evidenceText: 'bench' });
    if (receipt.status !== 201) throw new Error(`submission failed: ${receipt.status}`);
  }
  const assignments = await onServer(databaseUrl, async (client) =>
    (
      await client.query<{ id: number; email: string }>(
        `SELECT a."id", u."email" FROM "assignments" a JOIN "users" u ON u."id" = a."assessor_id" JOIN "submissions" s ON s."id" = a."submission_id"
          WHERE s."credential_id" = $1 ORDER BY a."id"`,
        [credentialId],
      )
    ).rows,
  );
  const ours = new Set(emails);
  const tokenOf = new Map<string, string>();
  for (const email of new Set(assignments.map((assignment) => assignment.email))) {
    tokenOf.set(email, await login(server, email, ours.has(email) ? 'bench-password' : 'concord-demo'));
  }
  const work = assignments.map((assignment) => ({ token: tokenOf.get(assignment.email)!, id: assignment.id }));
  const levels = { learning_targets: '3', task_authenticity: '3', success_criteria: 'evident', scoring_tool: '2', feedback_plan: '3', reflection: 'evident' };
  let next = 0;
  let stored = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < work.length) {
        const index = next++;
        const answer = await call(servers[index % servers.length], 'POST', `/api/assignments/${work[index].id}/score`, work[index].token, { levels });
        if (answer.status === 201) stored++;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, stored };
}

export async function benchPostgres(root: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('\n== PostgreSQL: skipped (set DATABASE_URL to a PostgreSQL server whose user may create databases)');
    return;
  }
  console.log(`\n== PostgreSQL (${CLIENTS} concurrent clients spread over the instances; each instance a child process with a pool of 10)`);
  for (const count of [1, 3]) {
    const name = `concord_bench_${process.pid}_${count}`;
    await onServer(url, (client) => client.query(`CREATE DATABASE "${name}"`));
    const databaseUrl = new URL(url);
    databaseUrl.pathname = `/${name}`;
    const servers = await startCluster(root, databaseUrl.toString(), count);
    try {
      const researcher = await login(servers[0], 'researcher@demo.concord', 'concord-demo');
      await call(servers[0], 'GET', '/api/credentials/1/rubric-versions/1/report', researcher);
      const report = await reportLoad(servers, '/api/credentials/1/rubric-versions/1/report', researcher);
      const scoring = await scoringThroughput(servers, databaseUrl.toString());
      console.log(
        `${count} instance${count === 1 ? ' ' : 's'}: report p50 ${report.p50} ms, p99 ${report.p99} ms (worst instance), ${Math.round(report.rate)} req/s, ${report.non2xx} non-2xx; ` +
          `scoring ${scoring.stored} of ${SCORES} scores in ${scoring.seconds.toFixed(2)} s (${Math.round(scoring.stored / scoring.seconds)} scores/s)`,
      );
    } finally {
      await Promise.all(servers.map((server) => stopServer(server)));
      await onServer(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }
}
