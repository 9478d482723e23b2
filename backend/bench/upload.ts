/**
 * The large upload for npm run bench: a ~50 MB valid score file for a credential with the demo's
 * rubric (10,000 submissions x 2 readers x 6 rows, each rating with an assessor's comment), sent
 * as a dry run and then imported, while one client reads `GET /api/users/me` every ~50 ms. The
 * figures: the server's resident memory (VmRSS of its process, from /proc, every 20 ms) above what
 * it held before the upload, that read's latencies, and how long the upload took. Then a 50 MB dry
 * run of a million one-line submissions (each a problem), the parser's worst case. Everything goes
 * to the server on 127.0.0.1, and each loop is bounded by the upload it accompanies.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { ADMIN, call, createAssessors, credentialWithWindow, login, startServer, stopServer, type Server } from './api.js';

const ROWS = ['learning_targets', 'task_authenticity', 'success_criteria', 'scoring_tool', 'feedback_plan', 'reflection'];
const SUBMISSIONS = 10_000;
const READ_EVERY_MS = 50;

interface UploadFigures {
  status: number;
  seconds: number;
  baselineMb: number;
  peakMb: number;
  reads: number;
  p50: number;
  p99: number;
  max: number;
  /** seconds into the upload when the slowest read was sent */
  slowestAt: number;
  answer: string;
}

/** The server's resident memory in MB, from /proc (Linux); null elsewhere. */
function residentMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The valid file: every submission scored on every row by two assessors, a comment on each rating (quoted: it holds a comma). */
function validFile(assessors: string[]): Buffer {
  const comment = 'The evidence supports this level, mostly: ' + 'the unit plan names its targets and the task asks for them; the criteria could be sharper. '.repeat(3) +
    'Next time, show the student work that each criterion refers to.';
  const parts: string[] = ['submission,assessor,criterion,level,comment\n'];
  for (let s = 0; s < SUBMISSIONS; s++) {
    for (let r = 0; r < 2; r++) {
      const assessor = assessors[(s * 2 + r) % assessors.length];
      for (const row of ROWS) {
        const level = row === 'success_criteria' || row === 'reflection' ? ((s + r) % 5 ? 'evident' : 'not_evident') : String(1 + ((s * 7 + r) % 4));
        parts.push(`UPL-${s},${assessor},${row},${level},"${comment}"\n`);
      }
    }
  }
  return Buffer.from(parts.join(''));
}

/** A million one-line submissions: each is a score without its other rows, and the study has no room for them. */
function manySubmissionsFile(assessor: string, bytes: number): { body: Buffer; lines: number } {
  const parts: string[] = ['submission,assessor,criterion,level\n'];
  let size = parts[0].length;
  for (let s = 0; size < bytes; s++) {
    const line = `MANY-${s},${assessor},learning_targets,3\n`;
    parts.push(line);
    size += line.length;
  }
  return { body: Buffer.from(parts.join('')), lines: parts.length - 1 };
}

/**
 * POSTs the file in 64 KB writes, each after the socket took the one before (as a browser sends a
 * file), so that the client's own event loop stays free for the reads it times.
 */
function post(server: Server, path: string, token: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url + path);
    const request = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Content-Length': body.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    let at = 0;
    const write = () => {
      while (at < body.length) {
        const chunk = body.subarray(at, at + (64 << 10));
        at += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', write);
      }
      request.end();
    };
    write();
  });
}

/** One upload while memory is sampled and an unrelated read is timed. */
async function measuredUpload(server: Server, path: string, token: string, readerToken: string, body: Buffer): Promise<UploadFigures> {
  const pid = server.child.pid!;
  const baselineMb = residentMb(pid) ?? 0;
  let peakMb = baselineMb;
  let uploading = true;
  const uploadStarted = performance.now();
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, residentMb(pid) ?? 0);
  }, 20);
  const latencies: number[] = [];
  let slowest = { took: 0, at: 0 };
  const reader = (async () => {
    while (uploading) {
      const started = performance.now();
      const answer = await call(server, 'GET', '/api/users/me', readerToken);
      if (answer.status !== 200) throw new Error(`the read answered ${answer.status} during the upload`);
      const took = performance.now() - started;
      latencies.push(took);
      if (took > slowest.took) slowest = { took, at: (started - uploadStarted) / 1000 };
      if (took < READ_EVERY_MS) await new Promise((resolve) => setTimeout(resolve, READ_EVERY_MS - took));
    }
  })();
  const started = performance.now();
  const response = await post(server, path, token, body);
  const answer = response.text;
  const seconds = (performance.now() - started) / 1000;
  uploading = false;
  await reader;
  clearInterval(sampler);
  peakMb = Math.max(peakMb, residentMb(pid) ?? 0);
  const sorted = [...latencies].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { status: response.status, seconds, baselineMb, peakMb, reads: sorted.length, p50: quantile(0.5), p99: quantile(0.99), max: sorted[sorted.length - 1] ?? NaN, slowestAt: slowest.at, answer };
}

function describe(label: string, body: Buffer, figures: UploadFigures): string {
  let summary: string;
  try {
    const parsed = JSON.parse(figures.answer) as { submissions?: number; scores?: number; problems?: unknown[]; truncated?: boolean; applied?: boolean };
    summary = `${parsed.submissions} submissions, ${parsed.scores} scores, ${parsed.problems?.length ?? 0} problems listed${parsed.truncated ? ' (more left out)' : ''}, applied ${parsed.applied}`;
  } catch {
    summary = figures.answer.slice(0, 200);
  }
  return (
    `${label} (${(body.length / 1024 / 1024).toFixed(1)} MB): status ${figures.status} in ${figures.seconds.toFixed(1)} s (${summary}); ` +
    `server RSS ${figures.baselineMb.toFixed(0)} MB before, peak ${figures.peakMb.toFixed(0)} MB: +${(figures.peakMb - figures.baselineMb).toFixed(0)} MB (target < 150 MB); ` +
    `GET /api/users/me every ${READ_EVERY_MS} ms meanwhile (${figures.reads} reads): p50 ${figures.p50.toFixed(0)} ms, p99 ${figures.p99.toFixed(0)} ms, max ${figures.max.toFixed(0)} ms at ${figures.slowestAt.toFixed(1)} s (target p99 < 250 ms)`
  );
}

/** A fresh server with a designer, a researcher, 12 assessors and a credential with the demo's rubric whose window takes `target` submissions. */
async function preparedServer(root: string, target: number): Promise<{ server: Server; admin: string; researcher: string; assessors: string[]; path: string }> {
  const server = await startServer(root, 3900 + Math.floor(Math.random() * 90), { CONCORD_SIGN_IN_LIMIT_PER_ADDRESS: '100000' }, false);
  try {
    const admin = await login(server, ADMIN.email, ADMIN.password);
    for (const [email, roles] of [['upload-designer@bench.test', ['designer']], ['upload-researcher@bench.test', ['researcher']]] as const) {
      const created = await call(server, 'POST', '/api/users', admin, { email, name: email, password: 'bench-password', roles });
      if (created.status !== 201) throw new Error(`user creation failed: ${created.status} ${JSON.stringify(created.body)}`);
    }
    const designer = await login(server, 'upload-designer@bench.test', 'bench-password');
    const researcher = await login(server, 'upload-researcher@bench.test', 'bench-password');
    const assessors = await createAssessors(server, admin, 12, 'uploader');
    const credential = await credentialWithWindow(server, designer, 'Bench upload', target);
    for (let i = 0; i < 5; i++) await call(server, 'GET', '/api/users/me', admin);
    return { server, admin, researcher, assessors, path: `/api/credentials/${credential}/rubric-versions/1/scores/import` };
  } catch (error) {
    await stopServer(server);
    throw error;
  }
}

/** Each upload on a fresh server, so that each memory figure is that upload's alone. */
export async function benchUpload(root: string): Promise<void> {
  console.log(`\n== Large upload (each on a fresh server in a child process, SQLite; RSS from /proc/<pid>/status)`);
  const lines = SUBMISSIONS * 2 * ROWS.length;
  for (const dryRun of [true, false]) {
    const { server, admin, researcher, assessors, path } = await preparedServer(root, SUBMISSIONS);
    try {
      const valid = validFile(assessors);
      const label = `${dryRun ? 'dry run' : 'import'} of ${lines.toLocaleString('en')} score lines with comments`;
      console.log(describe(label, valid, await measuredUpload(server, `${path}${dryRun ? '?dryRun=true' : ''}`, researcher, admin, valid)));
    } finally {
      await stopServer(server);
    }
  }
  const { server, admin, researcher, assessors, path } = await preparedServer(root, 100);
  try {
    const many = manySubmissionsFile(assessors[0], 49 << 20);
    console.log(describe(`dry run of ${many.lines.toLocaleString('en')} one-line submissions`, many.body, await measuredUpload(server, `${path}?dryRun=true`, researcher, admin, many.body)));
  } finally {
    await stopServer(server);
  }
}
