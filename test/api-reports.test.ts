/**
 * The reliability report and score imports, end to end on the demo: the report of version 1
 * equals `concord analyze --json` on the same scores (same names, same numbers), version 2 is
 * compared with version 1, and an import is all or nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedDemo } from '../backend/src/demo/demo-seed.js';
import { ValidationWindowsService } from '../backend/src/modules/validation-windows/validation-windows.service.js';
import { bearer, login, startApi, type ApiHarness } from './support/api-harness.js';
import { createCredential, openWindow, submitWork } from './support/builders.js';
import { runCli } from './helpers/run-cli.js';

const DEMO = 'fixtures/demo';
let api: ApiHarness;
let researcher: string;
let assessor: string;
let designer: string;

async function count(table: string): Promise<number> {
  const [row] = await api.sql<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${table}"`);
  return Number(row.n);
}

beforeAll(async () => {
  api = await startApi('reports');
  const logins = await seedDemo(api.app, DEMO);
  expect(logins).not.toBeNull();
  researcher = await login(api.http, 'researcher@demo.concord', 'concord-demo');
  designer = await login(api.http, 'designer@demo.concord', 'concord-demo');
  assessor = await login(api.http, 'alex.moreno@demo.concord', 'concord-demo');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('GET /api/credentials/:id/rubric-versions/:v/report', () => {
  it('gives, per rubric row, exactly what concord analyze --json gives on the same scores', async () => {
    const report = (await api.http().get('/api/credentials/1/rubric-versions/1/report').set(bearer(researcher)).expect(200)).body;
    const cli = await runCli(['analyze', `${DEMO}/performance-assessment-design.csv`, '--rubric', `${DEMO}/performance-assessment-design.rubric.json`, '--json', '--seed', String(report.window.seed)]);
    expect(cli.code).toBe(0);
    const analysis = JSON.parse(cli.stdout);
    expect(report.rows.map((r: { criterion: string }) => r.criterion)).toEqual(analysis.criteria.map((c: { criterion: string }) => c.criterion));
    for (const row of report.rows) {
      const c = analysis.criteria.find((x: { criterion: string }) => x.criterion === row.criterion);
      expect(row.metrics, row.criterion).toEqual(c.metrics);
      for (const field of ['scale', 'categories', 'units', 'raters', 'ratings', 'decision', 'verdict', 'evidence', 'evidence_interval', 'evidence_method', 'more_submissions']) {
        expect(row[field], `${row.criterion} ${field}`).toEqual(c[field]);
      }
      expect(row.matrix.counts).toEqual(c.matrix.counts);
    }
  });

  it('marks the ambiguous row as needing revision, with its trend, confusions and adjudication reasons', async () => {
    const report = (await api.http().get('/api/credentials/1/rubric-versions/1/report').set(bearer(designer)).expect(200)).body;
    expect(report.window.status).toBe('complete');
    // one decision per row: the counts add up to the rows
    expect(report.summary).toEqual({
      rows: 6, validated: 2, meetsRuleNotDemonstrated: 3, needsRevision: 1,
      likelyValidated: 0, likelyNeedsRevision: 0, undetermined: 0, tooEarly: 0, undefined: 0,
    });
    const { rows, ...counts } = report.summary;
    expect(Object.values(counts).reduce((sum: number, count) => sum + (count as number), 0)).toBe(rows);
    expect(report.window.minimumPaired).toBe(20);
    const tool = report.rows.find((r: { criterion: string }) => r.criterion === 'scoring_tool');
    expect(tool.decision).toBe('needs_revision');
    expect(tool.verdict).toBe('needs_revision');
    expect(tool.evidence_method).toBe('clopper_pearson');
    expect(tool.metrics.percent_agreement.value).toBeCloseTo(0.64, 12);
    expect(tool.trend).toHaveLength(50);
    expect(tool.trend.at(-1).cumulative).toBeCloseTo(0.64, 12);
    expect(tool.closed_at).toBe(50);
    expect(tool.early_signal).toBeNull();
    expect(tool.confusions[0]).toMatchObject({ lower: 2, higher: 3 });
    expect(tool.adjudication_reasons.rubric_unclear).toBeGreaterThan(tool.adjudication_reasons.assessor_error);
    expect(tool.comments.length).toBeGreaterThan(0);
    expect(tool.comments.every((c: { reader: string }) => ['A', 'B'].includes(c.reader))).toBe(true);
    expect(tool.levels.map((l: { label: string }) => l.label)).toEqual(['Beginning', 'Developing', 'Proficient', 'Exemplary']);
    expect(report.assessors).toHaveLength(8);
    expect(report.assessors.reduce((s: number, a: { scored: number }) => s + a.scored, 0)).toBe(100);
    expect(report.decision.metrics.percent_agreement.value).toBeGreaterThan(0);
  });

  it('compares version 2 with version 1 row by row, its study full and six disagreements left for the adjudicator', async () => {
    const report = (await api.http().get('/api/credentials/1/rubric-versions/2/report').set(researcher ? bearer(researcher) : {}).expect(200)).body;
    expect(report.previousVersion).toBe(1);
    expect(report.window.status).toBe('adjudicating');
    expect(report.window.fullyScored).toBe(50);
    const window = (await api.http().get('/api/credentials/1/rubric-versions/2/validation').set(bearer(researcher)).expect(200)).body;
    expect(window.progress).toMatchObject({ studySubmissions: 50, disagreeingSubmissions: 24, adjudicatedSubmissions: 18, awaitingAdjudication: 6 });
    const adjudicatorToken = await login(api.http, 'adjudicator@demo.concord', 'concord-demo');
    const queue = (await api.http().get('/api/adjudications').set(bearer(adjudicatorToken)).expect(200)).body;
    expect(queue.total ?? queue.items?.length ?? queue.length).toBe(6);
    const tool = report.rows.find((r: { criterion: string }) => r.criterion === 'scoring_tool');
    expect(tool.carriedOver).toBe(false);
    expect(tool.comparison).toMatchObject({ previousVersion: 1, existed: true, carriedOver: false, previousAgreement: 0.64, previousVerdict: 'needs_revision' });
    expect(tool.comparison.change).toBeCloseTo(tool.metrics.percent_agreement.value - 0.64, 12);
    expect(report.rows.filter((r: { carriedOver: boolean }) => r.carriedOver)).toHaveLength(5);
    // the study is full, so no row carries an early signal any more; the rewritten row now meets the rule
    for (const row of report.rows) expect(row.early_signal).toBeNull();
    expect(tool.verdict).toBe('validated');
    expect(tool.metrics.percent_agreement.value).toBeCloseTo(0.88, 12);
    // 44 of 50: the rule is met, but the lower 97.5% bound of agreement is under 80%
    expect(tool.decision).toBe('meets_rule_not_demonstrated');
    expect(report.summary.needsRevision).toBe(0);
    const { rows, ...counts } = report.summary;
    expect(rows).toBe(report.rows.length);
    expect(Object.values(counts).reduce((sum: number, count) => sum + (count as number), 0)).toBe(rows);
  });

  it('sends an ETag and answers 304 when the report has not changed', async () => {
    const first = await api.http().get('/api/credentials/1/rubric-versions/1/report').set(bearer(researcher)).expect(200);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    await api.http().get('/api/credentials/1/rubric-versions/1/report').set(bearer(researcher)).set('If-None-Match', first.headers.etag).expect(304);
  });

  it('gives the per-row table as CSV', async () => {
    const response = await api.http().get('/api/credentials/1/rubric-versions/1/report?format=csv').set(bearer(researcher)).expect(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.text.trim().split('\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['criterion', 'title', 'decision', 'scale']);
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.startsWith('scoring_tool'))).toContain(',0.64,');
    // each measure's recommended interval, as the JSON report gives it
    const report = (await api.http().get('/api/credentials/1/rubric-versions/1/report').set(bearer(researcher)).expect(200)).body;
    const kappa = report.rows.find((r: { criterion: string }) => r.criterion === 'scoring_tool').metrics.cohen_kappa.interval;
    const header = lines[0].split(',');
    const tool = lines.find((l) => l.startsWith('scoring_tool'))!.split(',');
    expect(Number(tool[header.indexOf('cohen_kappa_low')])).toBeCloseTo(kappa.lo, 6);
    expect(Number(tool[header.indexOf('cohen_kappa_high')])).toBeCloseTo(kappa.hi, 6);
  });

  it('follows new scores: the cached report of a collecting window changes when a score arrives', async () => {
    // on a window of its own (read by the demo's assessors), so that the demo's stays as the other tests read it
    const followDesigner = await api.createUser('Follow Designer', ['designer']);
    const credentialId = await createCredential(api, followDesigner, 'Followed pilot');
    await openWindow(api, followDesigner, credentialId, { targetSubmissions: 4, seed: 9 });
    for (const evidenceText of ['f1', 'f2']) await submitWork(api, followDesigner, credentialId, { earnerName: 'Follower', evidenceText });
    const pending = async (): Promise<Array<{ id: number; email: string }>> =>
      api.sql<{ id: number; email: string }>(
        `SELECT a.id, u.email FROM assignments a JOIN users u ON u.id = a.assessor_id JOIN submissions s ON s.id = a.submission_id
         WHERE a.status = 'pending' AND s.credential_id = ? ORDER BY s.sequence, a.id`,
        [credentialId],
      );
    async function scoreFirstPending() {
      const [next] = await pending();
      const token = await login(api.http, next.email, 'concord-demo');
      const view = (await api.http().get(`/api/assignments/${next.id}`).set(bearer(token)).expect(200)).body;
      const levels = Object.fromEntries(view.rubric.map((row: { key: string; levels: { value: string }[] }) => [row.key, row.levels[0].value]));
      await api.http().post(`/api/assignments/${next.id}/score`).set(bearer(token)).send({ levels }).expect(201);
    }
    await scoreFirstPending();
    await scoreFirstPending();
    const path = `/api/credentials/${credentialId}/rubric-versions/1/report`;
    const before = (await api.http().get(path).set(bearer(researcher)).expect(200)).body;
    expect(before.window.status).toBe('collecting');
    await scoreFirstPending();
    const after = (await api.http().get(path).set(bearer(researcher)).expect(200)).body;
    expect(after.rows[0].ratings).toBe(before.rows[0].ratings + 1);
  });

  it('refuses assessors (403) and anonymous callers (401), and says 404 for a version without a window', async () => {
    await api.http().get('/api/credentials/1/rubric-versions/1/report').set(bearer(assessor)).expect(403);
    await api.http().get('/api/credentials/1/rubric-versions/1/report').expect(401);
    await api.http().get('/api/credentials/1/rubric-versions/9/report').set(bearer(researcher)).expect(404);
  });
});

describe('GET /api/plan', () => {
  it('gives the submissions a row needs, the same plan as concord plan', async () => {
    const plan = (await api.http().get('/api/plan?expected=0.9&threshold=0.8').set(bearer(designer)).expect(200)).body;
    expect(plan).toMatchObject({ expected: 0.9, threshold: 0.8, power: 0.8, readers: 2, submissions: 113, firstReaching: 107, method: 'exact_binomial' });
    const cli = JSON.parse((await runCli(['plan', '--expected', '0.9', '--threshold', '0.8', '--json'])).stdout);
    expect(plan).toEqual(cli);
    const defaults = (await api.http().get('/api/plan?expected=0.95').set(bearer(researcher)).expect(200)).body;
    expect(defaults.threshold).toBe(0.8);
    const atWindow = (await api.http().get('/api/plan?expected=0.9&at=60').set(bearer(designer)).expect(200)).body;
    expect(atWindow).toEqual(JSON.parse((await runCli(['plan', '--expected', '0.9', '--at', '60', '--json'])).stdout));
    expect(atWindow.powerAt.map((p: { submissions: number }) => p.submissions)).toEqual([25, 50, 60, 100, 200]);
  });

  it('answers 422 with the field when the expected agreement does not exceed the threshold, 400 for a value that is no number, 403 to assessors', async () => {
    const below = await api.http().get('/api/plan?expected=0.7&threshold=0.8').set(bearer(designer)).expect(422);
    expect(below.body.errors[0].field).toBe('expected');
    await api.http().get('/api/plan?expected=high').set(bearer(designer)).expect(400);
    await api.http().get('/api/plan').set(bearer(designer)).expect(400);
    await api.http().get('/api/plan?expected=0.9&at=0').set(bearer(designer)).expect(400);
    await api.http().get('/api/plan?expected=0.9').set(bearer(assessor)).expect(403);
  });
});

describe('POST /api/credentials/:id/rubric-versions/:v/scores/import', () => {
  let credentialId: number;
  const rows = ['aim', 'depth'];
  const emails: string[] = [];

  beforeAll(async () => {
    for (const name of ['Imp One', 'Imp Two', 'Imp Three']) {
      const user = await api.createUser(name, ['assessor']);
      emails.push(user.email);
    }
  });

  // each test imports into a pilot of its own, its window collecting 4 submissions
  beforeEach(async () => {
    const credential = await api.http().post('/api/credentials').set(bearer(designer)).send({ title: 'Imported pilot' }).expect(201);
    credentialId = credential.body.id;
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer)).send({
      rows: [
        { key: 'aim', title: 'Aim', scale: 'nominal', levels: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] },
        { key: 'depth', title: 'Depth', scale: 'ordinal', levels: ['1', '2', '3', '4'].map((value) => ({ value, label: value })) },
      ],
    }).expect(201);
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer)).send({ targetSubmissions: 4, seed: 1 }).expect(201);
  });

  function csv(submissions: number, from = 1, mutate?: (line: string[], i: number) => string[]): string {
    const lines = ['submission,assessor,criterion,level,comment'];
    let i = 0;
    for (let s = from; s < from + submissions; s++) {
      for (const [a, email] of [emails[0], emails[1 + (s % 2)]].entries()) {
        for (const row of rows) {
          const level = row === 'aim' ? (s % 3 === 0 && a === 1 ? 'no' : 'yes') : String(1 + ((s + a) % 4));
          let fields = [`EXT-${s}`, email, row, level, a === 1 && row === 'depth' ? 'hard to tell, really' : ''];
          if (mutate) fields = mutate(fields, i);
          lines.push(fields.map((f) => (f.includes(',') ? `"${f}"` : f)).join(','));
          i++;
        }
      }
    }
    return lines.join('\n') + '\n';
  }

  const post = (body: string, query = '') =>
    api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/scores/import${query}`).set(bearer(researcher)).set('Content-Type', 'text/csv').send(body);

  it('dry run: lists the first problems with line and field, and writes nothing', async () => {
    const before = await count('scores');
    // line 4: an unknown level (which also leaves that score without "aim");
    // lines 8-9: a whole score by an email no assessor account has.
    const bad = csv(2, 1, (f, i) => (i === 2 ? [f[0], f[1], f[2], '7', f[4]] : i === 6 || i === 7 ? [f[0], 'nobody@nowhere.test', f[2], f[3], f[4]] : f));
    const response = await post(bad, '?dryRun=true').expect(200);
    expect(response.body.dryRun).toBe(true);
    expect(response.body.applied).toBe(false);
    const problems = response.body.problems as { line: number | null; field: string | null; message: string }[];
    expect(problems[0]).toEqual({ line: 4, field: 'level', message: 'level "7" is not a level of criterion "aim" (levels: no, yes)' });
    expect(problems).toContainEqual({ line: 5, field: 'criterion', message: expect.stringContaining('has no level for "aim"') });
    expect(problems).toContainEqual({ line: 8, field: 'assessor', message: 'no assessor account has the email "nobody@nowhere.test"' });
    expect(problems.every((p) => typeof p.line === 'number' && typeof p.field === 'string')).toBe(true);
    expect(await count('scores')).toBe(before);
  });

  it('refuses a file with any problem (422 with line and field) and writes nothing', async () => {
    const before = [await count('submissions'), await count('scores'), await count('audit_log')];
    const bad = csv(3, 1, (f, i) => (i === 9 ? [f[0], f[1], f[2], 'maybe', f[4]] : f));
    const response = await post(bad).expect(422);
    expect(response.body.errors[0]).toEqual({ field: 'line 11, level', message: 'level "maybe" is not a level of criterion "depth" (levels: 1, 2, 3, 4)' });
    expect([await count('submissions'), await count('scores'), await count('audit_log')]).toEqual(before);
  });

  it('finds in the dry run what the import would refuse: one account in two casings on a submission, all problems in one pass', async () => {
    const before = [await count('submissions'), await count('scores')];
    // submission EXT-1's second reader is the first one again, the email in capitals; line 11 has an unknown level too
    const twice = csv(3, 1, (f, i) => (i === 2 || i === 3 ? [f[0], emails[0].toUpperCase(), f[2], f[3], f[4]] : i === 9 ? [f[0], f[1], f[2], 'maybe', f[4]] : f));
    const dry = (await post(twice, '?dryRun=true').expect(200)).body;
    const sameAccount = { line: 4, field: 'assessor', message: `"${emails[0].toUpperCase()}" and "${emails[0]}" (line 2) are the same account; each study submission needs 2 scores by different assessors` };
    expect(dry.problems).toContainEqual(sameAccount);
    expect(dry.problems).toContainEqual({ line: 11, field: 'level', message: expect.stringContaining('"maybe"') });
    const refused = (await post(twice).expect(422)).body;
    const fields = refused.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(dry.problems.map((problem: { line: number; field: string }) => `line ${problem.line}, ${problem.field}`));
    expect([await count('submissions'), await count('scores')]).toEqual(before);
  });

  it('leaves nothing behind when the write fails part-way', async () => {
    const before = [await count('submissions'), await count('assignments'), await count('scores'), await count('score_levels'), await count('audit_log')];
    const settle = vi.spyOn(api.app.get(ValidationWindowsService), 'settle').mockRejectedValueOnce(new Error('disk full'));
    await post(csv(2)).expect(500);
    settle.mockRestore();
    expect([await count('submissions'), await count('assignments'), await count('scores'), await count('score_levels'), await count('audit_log')]).toEqual(before);
  });

  it('imports a valid file whole: submissions, sealed scores with comments, audit, and the window moves on', async () => {
    const importedBefore = await api.sql<{ n: number }>(`SELECT COUNT(*) AS "n" FROM audit_log WHERE action = 'score.imported'`);
    const dry = await post(csv(4), '?dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, submissions: 4, scores: 8, ratings: 16, problems: [] });
    const response = await post(csv(4)).expect(200);
    expect(response.body).toMatchObject({ dryRun: false, applied: true, submissions: 4, scores: 8, ratings: 16, problems: [], windowStatus: 'adjudicating' });
    const report = (await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1/report`).set(bearer(researcher)).expect(200)).body;
    expect(report.rows[1].ratings).toBe(8);
    expect(report.rows[1].comments.map((c: { comment: string }) => c.comment)).toContain('hard to tell, really');
    const audit = await api.sql<{ n: number }>(`SELECT COUNT(*) AS "n" FROM audit_log WHERE action = 'score.imported'`);
    expect(Number(audit[0].n) - Number(importedBefore[0].n)).toBe(8);
  });

  it('refuses a second import once the window stopped collecting (409), and assessors (403)', async () => {
    expect((await post(csv(4)).expect(200)).body.windowStatus).toBe('adjudicating');
    await post(csv(1, 10)).expect(409);
    await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/scores/import`).set(bearer(assessor)).set('Content-Type', 'text/csv').send(csv(1)).expect(403);
  });
});
