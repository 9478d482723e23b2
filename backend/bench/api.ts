/**
 * API figures for npm run bench: the report under 50 concurrent clients, a 100,000-line score
 * import, and 200 assessors scoring at once. The server runs as a child process (so the load
 * generator does not share its event loop) on a throw-away database with the demo loaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export const ADMIN = { email: 'bench-admin@concord.test', password: 'bench-admin-password' };

export interface Server {
  url: string;
  child: ChildProcess;
  folder: string;
}

/**
 * A built server with the demo loaded (unless `demo` is false), on a throw-away SQLite file, or on
 * the database `environment` names (DATABASE_URL).
 */
export async function startServer(root: string, port: number, environment: Record<string, string> = {}, demo = true): Promise<Server> {
  const folder = mkdtempSync(join(tmpdir(), 'concord-bench-'));
  const child = spawn(process.execPath, [join(root, 'dist/src/main.js'), ...(demo ? ['--demo'] : [])], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: join(folder, 'concord.sqlite'),
      DATABASE_URL: '',
      CONCORD_ADMIN_EMAIL: ADMIN.email,
      CONCORD_ADMIN_PASSWORD: ADMIN.password,
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Concord is running')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, folder };
}

export async function call<T>(server: Server, method: string, path: string, token: string | null, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: T }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

export async function login(server: Server, email: string, password: string): Promise<string> {
  const r = await call<{ token: string }>(server, 'POST', '/api/auth/login', null, { email, password });
  if (r.status !== 200) throw new Error(`login of ${email} failed: ${r.status}`);
  return r.body.token;
}

export async function createAssessors(server: Server, admin: string, count: number, prefix: string): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, async (_, j) => {
        const email = `${prefix}-${i + j}@bench.test`;
        const r = await call(server, 'POST', '/api/users', admin, { email, name: `${prefix} ${i + j}`, password: 'bench-password', roles: ['assessor'] });
        if (r.status !== 201) throw new Error(`user creation failed: ${r.status} ${JSON.stringify(r.body)}`);
        emails.push(email);
      }),
    );
  }
  return emails;
}

export async function credentialWithWindow(server: Server, designer: string, title: string, target: number): Promise<number> {
  const rubric = (await import('node:fs')).readFileSync(join(process.cwd(), 'fixtures/demo/performance-assessment-design.rubric.json'), 'utf8');
  const rows = JSON.parse(rubric).criteria;
  const credential = await call<{ id: number }>(server, 'POST', '/api/credentials', designer, { title });
  const version = await call(server, 'POST', `/api/credentials/${credential.body.id}/rubric-versions`, designer, { rows });
  if (version.status !== 201) throw new Error(`rubric creation failed: ${JSON.stringify(version.body)}`);
  const window = await call(server, 'POST', `/api/credentials/${credential.body.id}/rubric-versions/1/validation`, designer, { targetSubmissions: target, readersPerSubmission: 2, seed: 7 });
  if (window.status !== 201) throw new Error(`window failed: ${JSON.stringify(window.body)}`);
  return credential.body.id;
}

export async function stopServer(server: Server): Promise<void> {
  server.child.kill();
  await new Promise((r) => setTimeout(r, 200));
  rmSync(server.folder, { recursive: true, force: true });
}

export async function benchApi(root: string): Promise<void> {
  // 200 scorers and more sign in from 127.0.0.1: past the per-address limit of a deployment
  const server = await startServer(root, 3900 + Math.floor(Math.random() * 90), { CONCORD_SIGN_IN_LIMIT_PER_ADDRESS: '100000' });
  try {
    const admin = await login(server, ADMIN.email, ADMIN.password);
    const researcher = await login(server, 'researcher@demo.concord', 'concord-demo');
    const designer = await login(server, 'designer@demo.concord', 'concord-demo');

    // 1. The report of the demo's completed 50-submission, six-row window under 50 concurrent clients.
    const first = performance.now();
    await call(server, 'GET', '/api/credentials/1/rubric-versions/1/report', researcher);
    const cold = performance.now() - first;
    const result = await autocannon({
      url: `${server.url}/api/credentials/1/rubric-versions/1/report`,
      connections: 50,
      duration: 10,
      headers: { Authorization: `Bearer ${researcher}` },
    });
    console.log(`\n== API (server in a child process, demo database)`);
    console.log(
      `report, 50 submissions x 6 rows, 50 concurrent clients for 10 s: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${Math.round(result.requests.average)} req/s, ${result.non2xx} non-2xx (first, uncached: ${cold.toFixed(0)} ms)`,
    );

    // 2. An import of 100,002 score lines (8,334 submissions x 2 readers x 6 rows).
    const importers = await createAssessors(server, admin, 12, 'importer');
    const importCredential = await credentialWithWindow(server, designer, 'Bench import', 9000);
    const rows = ['learning_targets', 'task_authenticity', 'success_criteria', 'scoring_tool', 'feedback_plan', 'reflection'];
    const lines = ['submission,assessor,criterion,level'];
    for (let s = 0; s < 8334; s++) {
      for (let r = 0; r < 2; r++) {
        const assessor = importers[(s * 2 + r) % importers.length];
        for (const row of rows) {
          const level = row === 'success_criteria' || row === 'reflection' ? ((s + r) % 5 ? 'evident' : 'not_evident') : String(1 + ((s * 7 + r) % 4));
          lines.push(`IMP-${s},${assessor},${row},${level}`);
        }
      }
    }
    const csv = lines.join('\n') + '\n';
    let t = performance.now();
    const dry = await call<{ problems: unknown[]; scores: number }>(server, 'POST', `/api/credentials/${importCredential}/rubric-versions/1/scores/import?dryRun=true`, researcher, csv, 'text/csv');
    const dryMs = performance.now() - t;
    t = performance.now();
    const importing = call<{ applied: boolean; scores: number; problems: unknown[] }>(server, 'POST', `/api/credentials/${importCredential}/rubric-versions/1/scores/import`, researcher, csv, 'text/csv');
    // a read of the window and a sign-in (which writes its token), one second into the import
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let probe = performance.now();
    const during = await call<{ progress: { studySubmissions: number } }>(server, 'GET', `/api/credentials/${importCredential}/rubric-versions/1/validation`, researcher);
    const readMs = performance.now() - probe;
    probe = performance.now();
    await login(server, 'designer@demo.concord', 'concord-demo');
    const signInMs = performance.now() - probe;
    const imported = await importing;
    const importMs = performance.now() - t;
    console.log(
      `import of ${(lines.length - 1).toLocaleString('en')} score lines (${(csv.length / 1024 / 1024).toFixed(1)} MB): dry run ${(dryMs / 1000).toFixed(2)} s, import ${(importMs / 1000).toFixed(2)} s (status ${imported.status}, ${imported.body.scores} scores, applied ${imported.body.applied}; dry run status ${dry.status})`,
    );
    console.log(
      `during that import, 1 s in: a read of the window answered in ${readMs.toFixed(0)} ms (it saw ${during.body.progress.studySubmissions} study submissions: committed data only), then a sign-in in ${signInMs.toFixed(0)} ms`,
    );

    // 3. 200 assessors scoring at once, each request sent twice: every score stored once.
    const scorers = await createAssessors(server, admin, 200, 'scorer');
    const scoringCredential = await credentialWithWindow(server, designer, 'Bench scoring', 120);
    for (let i = 0; i < 120; i++) {
      const r = await call(server, 'POST', `/api/credentials/${scoringCredential}/submissions`, researcher, { earnerName: `Bench earner ${i}`, evidenceText: 'bench' });
      if (r.status !== 201) throw new Error(`submission failed: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const tokens = await Promise.all(scorers.map((email) => login(server, email, 'bench-password')));
    const assignments = await Promise.all(
      tokens.map(async (token) => {
        const queue = await call<{ items: { assignmentId: number; credentialId: number }[] }>(server, 'GET', '/api/my/assignments?status=pending', token);
        return queue.body.items.filter((a) => a.credentialId === scoringCredential).slice(0, 1).map((a) => ({ token, id: a.assignmentId }));
      }),
    );
    // one assignment for each of 200 assessors (the seeded, balanced planner gives every new assessor one or two)
    const work = assignments.flat().slice(0, 200);
    const levels = { learning_targets: '3', task_authenticity: '3', success_criteria: 'evident', scoring_tool: '2', feedback_plan: '3', reflection: 'evident' };
    t = performance.now();
    const statuses = await Promise.all(
      [...work, ...work].map(async (a) => (await call(server, 'POST', `/api/assignments/${a.id}/score`, a.token, { levels })).status),
    );
    const scoringMs = performance.now() - t;
    const created = statuses.filter((s) => s === 201).length;
    const refused = statuses.filter((s) => s === 409).length;
    const window = await call<{ status: string; progress: { scoresReceived: number } }>(server, 'GET', `/api/credentials/${scoringCredential}/rubric-versions/1/validation`, researcher);
    const targeted = new Set(work.map((a) => a.id));
    console.log(
      `scoring: ${work.length} assessors with one assignment each, every score posted twice at once (${statuses.length} requests in ${(scoringMs / 1000).toFixed(2)} s): ${created} stored, ${refused} refused as duplicates (409), other ${statuses.length - created - refused}; the window counts ${window.body.progress.scoresReceived} scores (lost ${work.length - window.body.progress.scoresReceived}, doubled ${Math.max(0, window.body.progress.scoresReceived - work.length)}; ${targeted.size} distinct assignments)`,
    );
  } finally {
    await stopServer(server);
  }
}
