import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow, submitWork } from './support/builders.js';

/**
 * Large bodies (issue 12, item 2): the CSV uploads read their body themselves, after the token and
 * the role are checked, as a stream; every other route refuses a body over 1 MB.
 */
describe('uploads and body limits', () => {
  let api: ApiHarness;
  let port: number;
  let researcher: TestUser;
  let designer: TestUser;
  let trainer: TestUser;
  let assessors: TestUser[];

  beforeAll(async () => {
    api = await startApi('uploads');
    const server = api.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    researcher = await api.createUser('Rita Researcher', ['researcher']);
    designer = await api.createUser('Dan Designer', ['designer']);
    trainer = await api.createUser('Tia Trainer', ['trainer']);
    assessors = [await api.createUser('Ann Assessor', ['assessor']), await api.createUser('Bob Assessor', ['assessor'])];
  });

  afterAll(async () => {
    await api.close();
  });

  /**
   * Sends the headers of a POST announcing `declaredLength` bytes, then only `sent` of them, and
   * waits for the answer: one that comes was given without waiting for the body. Fails after 5 s.
   */
  function announce(path: string, headers: Record<string, string>, declaredLength: number, sent = 1024): Promise<{ status: number; body: { code?: string }; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'text/csv', 'Content-Length': String(declaredLength), ...headers } });
      const timer = setTimeout(() => {
        request.destroy();
        reject(new Error(`no answer within 5 s: the server waits for the ${declaredLength} bytes announced`));
      }, 5000);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'), ms: performance.now() - started });
        });
      });
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.write(Buffer.alloc(sent, 'a'));
    });
  }

  describe('a CSV upload is refused before its body is read', () => {
    let credentialId: number;
    const routes = () => [
      { path: `/api/credentials/${credentialId}/rubric-versions/1/scores/import?dryRun=true`, allowed: () => researcher, refused: () => assessors[0] },
      { path: `/api/credentials/${credentialId}/rubric-versions/1/calibration/candidates/import`, allowed: () => trainer, refused: () => researcher },
    ];

    beforeAll(async () => {
      credentialId = await createCredential(api, designer, 'Upload limits');
      await openWindow(api, designer, credentialId, { targetSubmissions: 10, seed: 1 });
    });

    it('answers 401 without a token and 403 with the wrong role, with 40 MB announced and 1 KB sent', async () => {
      for (const route of routes()) {
        const anonymous = await announce(route.path, {}, 40 * 1024 * 1024);
        expect(anonymous.status).toBe(401);
        expect(anonymous.ms).toBeLessThan(2000);
        const forged = await announce(route.path, { Authorization: 'Bearer not-a-token-at-all-really' }, 40 * 1024 * 1024);
        expect(forged.status).toBe(401);
        const wrongRole = await announce(route.path, bearer(route.refused().token), 40 * 1024 * 1024);
        expect(wrongRole.status).toBe(403);
      }
    });

    it('answers 413 at once to an allowed person announcing more than the route takes', async () => {
      const [scores, panel] = routes();
      const tooLarge = await announce(scores.path, bearer(scores.allowed().token), 51 * 1024 * 1024);
      expect(tooLarge).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
      expect(tooLarge.ms).toBeLessThan(2000);
      expect((await announce(panel.path, bearer(panel.allowed().token), 11 * 1024 * 1024)).status).toBe(413);
      // and the route still answers in full afterwards
      await api.http().post(scores.path).set(bearer(researcher.token)).set('Content-Type', 'text/csv').send('submission,assessor,criterion,level\n').expect(200);
    });

    it('counts what arrives when no length is announced, and refuses past the limit', async () => {
      const path = routes()[1].path;
      const answer = await new Promise<{ status: number; code: string }>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked', ...bearer(trainer.token) } });
        request.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            request.destroy();
            resolve({ status: response.statusCode ?? 0, code: JSON.parse(Buffer.concat(chunks).toString('utf8')).code });
          });
        });
        request.on('error', reject);
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        let sent = 0;
        const write = () => {
          // 12 MB at most: past the 10 MB limit, never unbounded
          while (sent < 12) {
            sent++;
            if (!request.write(chunk)) return void request.once('drain', write);
          }
        };
        write();
      });
      expect(answer).toEqual({ status: 413, code: 'payload_too_large' });
    });
  });

  describe('every other route takes at most 1 MB', () => {
    it('refuses a 2 MB JSON body and a 2 MB text body with 413', async () => {
      const json = JSON.stringify({ title: 'x'.repeat(2_000_000) });
      await api.http().post('/api/credentials').set(bearer(designer.token)).set('Content-Type', 'application/json').send(json).expect(413);
      await api.http().post('/api/credentials').set(bearer(designer.token)).set('Content-Type', 'text/plain').send('x'.repeat(2_000_000)).expect(413);
      await api.http().put('/api/users/me/conflicts').set(bearer(assessors[0].token)).set('Content-Type', 'application/json').send(json).expect(413);
    });

    it('still takes the longest evidence text a submission may carry (200,000 characters)', async () => {
      const credentialId = await createCredential(api, designer, 'Long evidence');
      await openWindow(api, designer, credentialId, { targetSubmissions: 10, seed: 1 });
      await submitWork(api, designer, credentialId, { earnerName: 'Long Evidence', evidenceText: 'é'.repeat(200_000) });
    });
  });

  describe('a streamed import', () => {
    const SUBMISSIONS = 10_000;
    const levelOf = (row: string, s: number, reader: number) => (row === 'aim' ? ((s + reader) % 3 ? 'yes' : 'no') : String(1 + ((s + reader) % 4)));

    /** 40,000 score lines (10,000 submissions, 2 readers, 2 rows); `bad` lines (1-based, the header is 1) get an unknown level. */
    function file(prefix: string, bad: readonly number[] = []): string {
      const lines = ['submission,assessor,criterion,level,comment'];
      for (let s = 0; s < SUBMISSIONS; s++) {
        for (let reader = 0; reader < 2; reader++) {
          for (const row of twoRowRubric.rows.map((r) => r.key)) {
            const line = lines.length + 1;
            const level = bad.includes(line) ? 'seven' : levelOf(row, s, reader);
            lines.push(`${prefix}-${s},${assessors[reader].email},${row},${level},${s % 1000 === 0 ? '"hard to say, really"' : ''}`);
          }
        }
      }
      return lines.join('\n') + '\n';
    }

    it('reports problems on lines far apart, each with its line and field, in the dry run and the refused import alike; writes nothing', async () => {
      const credentialId = await createCredential(api, designer, 'Streamed import with problems');
      await openWindow(api, designer, credentialId, { targetSubmissions: SUBMISSIONS, seed: 1 });
      const body = file('FAR', [3, 20_001, 39_999]);
      expect(body.length).toBeGreaterThan(1024 * 1024);
      const path = `/api/credentials/${credentialId}/rubric-versions/1/scores/import`;
      const dry = (await api.http().post(`${path}?dryRun=true`).set(bearer(researcher.token)).set('Content-Type', 'text/csv').send(body).expect(200)).body;
      const levelProblems = dry.problems.filter((problem: { field: string }) => problem.field === 'level');
      expect(levelProblems.map((problem: { line: number }) => problem.line)).toEqual([3, 20_001, 39_999]);
      expect(levelProblems[1].message).toBe('level "seven" is not a level of criterion "depth" (levels: 1, 2, 3, 4)');
      // each bad line leaves its score without a row, reported on the score's first line
      expect(dry.problems.filter((problem: { field: string }) => problem.field === 'criterion').map((problem: { line: number }) => problem.line)).toEqual([2, 20_000, 39_998]);
      expect(dry).toMatchObject({ dryRun: true, applied: false, submissions: SUBMISSIONS, truncated: false });

      const refused = (await api.http().post(path).set(bearer(researcher.token)).set('Content-Type', 'text/csv').send(body).expect(422)).body;
      expect(refused.errors.map((error: { field: string }) => error.field)).toEqual(dry.problems.map((problem: { line: number; field: string }) => `line ${problem.line}, ${problem.field}`));
      const [{ n }] = await api.sql<{ n: number }>('SELECT COUNT(*) AS "n" FROM "submissions" WHERE "credential_id" = ?', [credentialId]);
      expect(Number(n)).toBe(0);
    });

    it('imports a valid file of 40,000 lines whole: every submission, score, level and comment, readers in the order the file names them', async () => {
      const credentialId = await createCredential(api, designer, 'Streamed import');
      await openWindow(api, designer, credentialId, { targetSubmissions: SUBMISSIONS, seed: 1 });
      const path = `/api/credentials/${credentialId}/rubric-versions/1/scores/import`;
      const response = await api.http().post(path).set(bearer(researcher.token)).set('Content-Type', 'text/csv').send(file('OK')).expect(200);
      expect(response.body).toMatchObject({ applied: true, submissions: SUBMISSIONS, scores: 2 * SUBMISSIONS, ratings: 4 * SUBMISSIONS, problems: [] });
      const levels = await api.sql<{ ref: string; slot: number; assessor: number; row: string; level: string; comment: string | null }>(
        `SELECT s."external_ref" AS "ref", sc."reader_slot" AS "slot", sc."assessor_id" AS "assessor", l."row_key" AS "row", l."level" AS "level", l."comment" AS "comment"
           FROM "score_levels" l JOIN "scores" sc ON sc."id" = l."score_id" JOIN "submissions" s ON s."id" = sc."submission_id"
          WHERE s."credential_id" = ? AND s."external_ref" IN ('OK-0', 'OK-4321', 'OK-9999')`,
        [credentialId],
      );
      expect(levels).toHaveLength(12);
      for (const level of levels) {
        const s = Number(level.ref.slice(3));
        expect(Number(level.assessor)).toBe(assessors[Number(level.slot) - 1].id);
        expect(level.level).toBe(levelOf(level.row, s, Number(level.slot) - 1));
        expect(level.comment).toBe(s === 0 ? 'hard to say, really' : null);
      }
      const [{ n }] = await api.sql<{ n: number }>(
        'SELECT COUNT(*) AS "n" FROM "score_levels" l JOIN "scores" sc ON sc."id" = l."score_id" JOIN "submissions" s ON s."id" = sc."submission_id" WHERE s."credential_id" = ?',
        [credentialId],
      );
      expect(Number(n)).toBe(4 * SUBMISSIONS);
    });
  });
});
