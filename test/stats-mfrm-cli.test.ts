/**
 * `concord rasch` in process: the readable table (sorted by severity, with flags and the facet
 * separation and reliability), the disconnected design, and bad input (exit 2 with one message
 * naming the file, line and field). Every reference case's --json output is checked in
 * stats-mfrm-reference.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

interface ReferenceCase {
  id: string;
  ratings: { submission: string; row: string; rater: string; level: number }[];
}
const cases = (JSON.parse(readFileSync('fixtures/reference/mfrm-cases.json', 'utf8')) as { cases: ReferenceCase[] }).cases;
const broken = JSON.parse(readFileSync('fixtures/broken/cases.json', 'utf8')) as {
  cases: { file: string; args: string[]; line: number | null; field: string | null; contains: string }[];
};
const DEMO = 'fixtures/demo/performance-assessment-design.csv';
const RUBRIC = 'fixtures/demo/performance-assessment-design.rubric.json';

const folder = mkdtempSync(join(tmpdir(), 'concord-rasch-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function csvOf(id: string): string {
  const c = cases.find((x) => x.id === id)!;
  const file = join(folder, `${id}.csv`);
  writeFileSync(file, 'submission,assessor,criterion,level\n' + c.ratings.map((r) => `${r.submission},${r.rater},${r.row},${r.level}`).join('\n') + '\n');
  return file;
}

/** One message on standard error naming the file, and nothing on standard output. */
function expectInputError(r: { code: number; stdout: string; stderr: string }, file: string, line: number | null, field: string | null, contains: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`concord: ${file}`);
  if (line !== null) expect(lines[0]).toContain(`line ${line}`);
  else expect(lines[0]).not.toMatch(/line \d/);
  if (field !== null) expect(lines[0]).toContain(`field "${field}"`);
  expect(lines[0]).toContain(contains);
}

describe('concord rasch (command line)', () => {
  it('--help documents the command and --anchor', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toContain('concord rasch FILE');
    expect(r.stdout).toContain('--anchor ASSESSOR=VALUE');
    expect(r.stdout).toContain('--criteria');
  });

  it('prints assessors sorted by severity with their flags, then criteria, facet separation and reliability', async () => {
    const file = csvOf('mfrm-04-extreme-muted');
    const r = await runCli(['rasch', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse((await runCli(['rasch', file, '--json'])).stdout);
    const bySeverity = Object.entries(json.raters as Record<string, { measure: number }>)
      .sort(([, a], [, b]) => b.measure - a.measure)
      .map(([id]) => id);
    const listed = r.stdout.split('\n').filter((l) => /^rater\d\s/.test(l)).map((l) => l.split(/\s+/)[0]);
    expect(listed).toEqual(bySeverity);
    expect(r.stdout).toMatch(/^rater5\s.*-0\.64\s.*\blenient, muted$/m);
    expect(r.stdout).toMatch(/^rater4\s.*\+1\.11\s.*\bsevere$/m);
    expect(r.stdout).toMatch(/^rater1\s.*\s-$/m);
    expect(r.stdout).toContain(`Assessors: separation ${json.separation.raters.toFixed(2)}, strata ${json.strata.raters.toFixed(2)}, reliability ${json.reliability.raters.toFixed(2)}`);
    expect(r.stdout).toContain(`Criteria: separation ${json.separation.rows.toFixed(2)}`);
    expect(r.stdout).toContain('Extreme (every rating at the lowest or the highest level), left out: submissions sub07');
    expect(r.stdout).toContain('174 ratings used of 180');
    expect(r.stdout).toMatch(/converged in \d+ iterations/);
  });

  it('reads severities against the anchored expert panel', async () => {
    const r = await runCli(['rasch', csvOf('mfrm-02-expert-anchor'), '--anchor', 'expert=0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('relative to "expert" (anchored at 0)');
    expect(r.stdout).toMatch(/^expert\s+\+0\.00\s.*\banchor$/m);
  });

  it('reads standard input and analyses chosen criteria of the demo pilot', async () => {
    const r = await runCli(['rasch', '-', '--json', '--levels', '1,2,3,4'], readFileSync(csvOf('mfrm-01-pool6'), 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ratings_used).toBe(237);
    const demo = await runCli(['rasch', DEMO, '--rubric', RUBRIC, '--criteria', 'learning_targets,task_authenticity,scoring_tool,feedback_plan', '--json']);
    expect(demo.code).toBe(0);
    expect(Object.keys(JSON.parse(demo.stdout).rows)).toEqual(['feedback_plan', 'learning_targets', 'scoring_tool', 'task_authenticity']);
  });

  it('answers a disconnected design with exit 2 and its groups (on standard output with --json)', async () => {
    const file = csvOf('mfrm-06-disconnected');
    const r = await runCli(['rasch', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`concord: ${file}: the design is disconnected`);
    expect(r.stderr).toContain('1. assessors rater1, rater2, rater3; 12 submissions');
    expect(r.stderr).toContain('2. assessors rater4, rater5, rater6; 12 submissions');
    const json = await runCli(['rasch', file, '--json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).error).toBe('disconnected');
  });

  describe('bad input: exit 2, one message naming file, line and field', () => {
    for (const c of broken.cases.filter((x) => x.file !== 'one-assessor.csv')) {
      it(`${c.file}${c.args.length ? ' ' + c.args.join(' ') : ''}`, async () => {
        const path = `fixtures/broken/${c.file}`;
        expectInputError(await runCli(['rasch', path, ...c.args]), path, c.line, c.field, c.contains);
      });
    }

    it('a missing file', async () => {
      expectInputError(await runCli(['rasch', 'fixtures/no-such-file.csv']), 'fixtures/no-such-file.csv', null, null, 'no such file');
    });

    it('a nominal criterion of the rubric, at its first line', async () => {
      expectInputError(await runCli(['rasch', DEMO, '--rubric', RUBRIC]), DEMO, 6, 'criterion', 'criterion "success_criteria" is nominal');
    });

    it('criteria with different numbers of levels, at the first line of the odd one', async () => {
      const rubric = join(folder, 'mixed.rubric.json');
      writeFileSync(rubric, JSON.stringify({ criteria: [{ key: 'c1', levels: ['1', '2', '3', '4'] }, { key: 'c2', levels: ['1', '2', '3'] }] }));
      const file = join(folder, 'mixed.csv');
      writeFileSync(file, 'submission,assessor,criterion,level\ns1,a,c1,1\ns1,b,c1,4\ns1,a,c2,2\n');
      expectInputError(await runCli(['rasch', file, '--rubric', rubric]), file, 4, 'criterion', 'criterion "c2" has 3 levels and criterion "c1" has 4');
    });

    it('a level of the scale that nobody used', async () => {
      const file = csvOf('mfrm-01-pool6');
      expectInputError(await runCli(['rasch', file, '--levels', '1,2,3,4,5']), file, null, 'level', 'no rating is at level "5"');
    });

    it('an anchor that names no assessor of the file', async () => {
      const file = csvOf('mfrm-01-pool6');
      expectInputError(await runCli(['rasch', file, '--anchor', 'expert=0']), file, null, 'assessor', '--anchor names assessor "expert"');
    });

    for (const [args, message] of [
      [['rasch'], 'rasch needs a FILE'],
      [['rasch', DEMO, '--anchor', 'expert=high'], '--anchor must be ASSESSOR=VALUE'],
      [['rasch', DEMO, '--seed', '3'], '--seed is not an option of "concord rasch"'],
      [['analyze', DEMO, '--anchor', 'expert=0'], '--anchor is not an option of "concord analyze"'],
    ] as const) {
      it(`usage: ${args.join(' ')}`, async () => {
        const r = await runCli([...args]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(message);
      });
    }
  });
});
