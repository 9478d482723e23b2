import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMetrics, METRIC_NAMES, ratingTable, type Category } from '../backend/src/stats/index.js';
import { runCli } from './helpers/run-cli.js';

const DEMO = 'fixtures/demo/performance-assessment-design.csv';
const RUBRIC = 'fixtures/demo/performance-assessment-design.rubric.json';

interface BrokenCase {
  file: string;
  args: string[];
  line: number | null;
  field: string | null;
  contains: string;
}
const broken = JSON.parse(readFileSync('fixtures/broken/cases.json', 'utf8')) as { cases: BrokenCase[] };

/** An independent reading of a simple long CSV (no quotes) into per-criterion matrices. */
function matricesByHand(csv: string) {
  const [header, ...lines] = csv.trim().split('\n');
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  const byCriterion = new Map<string, { subs: string[]; assessors: string[]; cells: Map<string, string> }>();
  for (const line of lines) {
    const f = line.split(',');
    const c = f[at('criterion')];
    const entry = byCriterion.get(c) ?? { subs: [] as string[], assessors: [] as string[], cells: new Map<string, string>() };
    byCriterion.set(c, entry);
    if (!entry.subs.includes(f[at('submission')])) entry.subs.push(f[at('submission')]);
    if (!entry.assessors.includes(f[at('assessor')])) entry.assessors.push(f[at('assessor')]);
    entry.cells.set(`${f[at('submission')]}|${f[at('assessor')]}`, f[at('level')]);
  }
  return byCriterion;
}

describe('concord analyze (command line)', () => {
  it('--help documents every option and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--levels', '--rubric', '--scale', '--threshold', '--seed', '--json', '--wide', '--criterion', '--resamples', '--quiet']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('submission,assessor,criterion,level');
  });

  describe('on the demo pilot', () => {
    it('prints a readable table with every criterion, its verdict and the notes', async () => {
      const r = await runCli(['analyze', DEMO, '--rubric', RUBRIC]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      for (const c of ['learning_targets', 'task_authenticity', 'success_criteria', 'scoring_tool', 'feedback_plan', 'reflection']) {
        expect(r.stdout).toMatch(new RegExp(`^${c}\\s+`, 'm'));
      }
      expect(r.stdout).toMatch(/^scoring_tool\s+NEEDS REVISION .*64\.0%/m);
      expect(r.stdout).toContain('6 rows: 2 validated, 3 meets the rule, not demonstrated, 1 needs revision.');
      expect(r.stdout.replace(/\s+/g, ' ')).toContain('This is the kappa paradox');
    });

    it('--json gives the documented shape, and numbers equal the engine on the same matrix', async () => {
      const r = await runCli(['analyze', DEMO, '--rubric', RUBRIC, '--json']);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(Object.keys(report)).toEqual(['threshold', 'summary', 'criteria']);
      expect(report.summary).toEqual({
        rows: 6, validated: 2, meets_rule_not_demonstrated: 3, needs_revision: 1,
        likely_validated: 0, likely_needs_revision: 0, undetermined: 0, too_early: 0, undefined: 0,
      });
      expect(report.threshold).toBe(0.8);
      expect(report.criteria).toHaveLength(6);
      const rubric = JSON.parse(readFileSync(RUBRIC, 'utf8'));
      const byHand = matricesByHand(readFileSync(DEMO, 'utf8'));
      for (const c of report.criteria) {
        expect(Object.keys(c)).toEqual([
          'criterion', 'scale', 'categories', 'units', 'raters', 'ratings', 'metrics',
          'decision', 'verdict', 'evidence', 'evidence_interval', 'evidence_method', 'more_submissions', 'notes', 'matrix',
        ]);
        expect(['validated', 'meets_rule_not_demonstrated', 'needs_revision']).toContain(c.decision);
        expect(c.evidence_method).toBe('clopper_pearson');
        expect(['validated', 'needs_revision']).toContain(c.verdict);
        expect(['conclusive', 'inconclusive']).toContain(c.evidence);
        for (const [name, m] of Object.entries(c.metrics) as [string, Record<string, unknown>][]) {
          expect(METRIC_NAMES).toContain(name);
          expect(m).toHaveProperty('value');
          expect(m).toHaveProperty('se');
          expect(m).toHaveProperty('ci');
          expect(m).toHaveProperty('interval');
          if (m.value === null) expect(typeof m.reason).toBe('string');
          const interval = m.interval as { lo: number; hi: number; method: string } | null;
          if (m.value === null) expect(interval, `${c.criterion} ${name}`).toBeNull();
          if (interval !== null) {
            expect(interval.hi, `${c.criterion} ${name}`).toBeGreaterThan(interval.lo);
            expect(interval.lo).toBeLessThanOrEqual(m.value as number);
            expect(interval.hi).toBeGreaterThanOrEqual(m.value as number);
            expect(interval.hi).toBeLessThanOrEqual(1);
            expect(typeof interval.method).toBe('string');
          }
        }
        // Independent matrix: units x assessors in first-seen order, levels from the rubric.
        const hand = byHand.get(c.criterion)!;
        const row = rubric.criteria.find((x: { key: string }) => x.key === c.criterion);
        const categories: Category[] = row.levels.map((l: { value: string }) => (Number.isFinite(Number(l.value)) ? Number(l.value) : l.value));
        const matrix = hand.subs.map((s) =>
          hand.assessors.map((a) => {
            const v = hand.cells.get(`${s}|${a}`);
            return v === undefined ? null : Number.isFinite(Number(v)) ? Number(v) : v;
          }),
        );
        const expected = computeMetrics(ratingTable(matrix, categories), row.scale ?? 'ordinal');
        expect(Object.keys(c.metrics).sort()).toEqual(Object.keys(expected).sort());
        for (const [name, e] of Object.entries(expected)) {
          expect(c.metrics[name].value, `${c.criterion} ${name}`).toBe(e!.value);
          expect(c.metrics[name].se, `${c.criterion} ${name} se`).toBe(e!.se);
          expect(c.metrics[name].interval, `${c.criterion} ${name} interval`).toEqual(e!.interval);
        }
        expect(c.units).toBe(hand.subs.length);
        expect(c.raters).toBe(hand.assessors.length);
      }
      const scoring = report.criteria.find((c: { criterion: string }) => c.criterion === 'scoring_tool');
      expect(scoring.verdict).toBe('needs_revision');
      expect(scoring.metrics.percent_agreement.value).toBeCloseTo(0.64, 10);
      expect(scoring.matrix.kind).toBe('confusion');
      expect(scoring.matrix.raters).toEqual(['reader-A', 'reader-B']);
    });

    it('is reproducible for a seed and changes the bootstrap interval with another seed', async () => {
      const a = await runCli(['analyze', DEMO, '--rubric', RUBRIC, '--json', '--seed', '7']);
      const b = await runCli(['analyze', DEMO, '--rubric', RUBRIC, '--json', '--seed', '7']);
      const c = await runCli(['analyze', DEMO, '--rubric', RUBRIC, '--json', '--seed', '8']);
      expect(a.stdout).toBe(b.stdout);
      const ci = (out: string) => JSON.parse(out).criteria[0].metrics.krippendorff_alpha_ordinal.ci;
      expect(ci(a.stdout)).not.toEqual(ci(c.stdout));
    });

    it('--threshold moves the verdict', async () => {
      const r = await runCli(['analyze', DEMO, '--rubric', RUBRIC, '--json', '--threshold', '0.6']);
      const scoring = JSON.parse(r.stdout).criteria.find((c: { criterion: string }) => c.criterion === 'scoring_tool');
      expect(scoring.verdict).toBe('validated');
      expect(JSON.parse(r.stdout).threshold).toBe(0.6);
    });
  });

  describe('issue 11, item 8', () => {
    it('--json carries evidence_method; a row with three ratings on a submission gives the cluster-adjusted one', async () => {
      const csv = 'submission,assessor,criterion,level\ns1,a,c,1\ns1,b,c,1\ns1,x,c,2\ns2,a,c,2\ns2,b,c,2\n';
      const c = JSON.parse((await runCli(['analyze', '-', '--json'], csv)).stdout).criteria[0];
      expect(c.evidence_method).toBe('clopper_pearson_cluster');
      expect(c.evidence_interval).toHaveLength(2);
    });

    it('a criterion scored by one assessor is an undefined row, not an exit 2 for the whole file', async () => {
      const csv = 'submission,assessor,criterion,level\ns1,a,c,1\ns1,b,c,1\ns2,a,c,2\ns2,b,c,2\ns1,a,d,1\ns2,a,d,2\n';
      const r = await runCli(['analyze', '-', '--json'], csv);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      const lonely = report.criteria.find((c: { criterion: string }) => c.criterion === 'd');
      expect(lonely.decision).toBe('undefined');
      expect(lonely.raters).toBe(1);
      expect(lonely.evidence_method).toBe('none');
      expect(lonely.metrics.percent_agreement.value).toBeNull();
      expect(lonely.notes[0]).toContain('Only one assessor ("a") scored this row');
      expect(report.summary.rows).toBe(2);
      expect(report.summary.undefined).toBe(1);
      const table = await runCli(['analyze', '-'], csv);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^d\s+undefined/m);
      expect(table.stdout).toContain('2 rows: 1 meets the rule, not demonstrated, 1 undefined.');
    });

    it('a file whose every criterion has one assessor is still refused (exit 2)', async () => {
      const r = await runCli(['analyze', 'fixtures/broken/one-assessor.csv']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('one assessor only');
    });

    it('adjacent agreement is left out on a two-level row, where it is 1 by construction', async () => {
      const csv = 'submission,assessor,criterion,level\ns1,a,c,0\ns1,b,c,1\ns2,a,c,1\ns2,b,c,1\ns3,a,c,0\ns3,b,c,0\n';
      const c = JSON.parse((await runCli(['analyze', '-', '--json'], csv)).stdout).criteria[0];
      expect(c.scale).toBe('ordinal');
      expect(c.metrics.adjacent_agreement).toBeUndefined();
      expect(c.metrics.percent_agreement.value).toBeCloseTo(2 / 3, 12);
      const three = 'submission,assessor,criterion,level\ns1,a,c,0\ns1,b,c,2\ns2,a,c,1\ns2,b,c,1\n';
      expect(JSON.parse((await runCli(['analyze', '-', '--json'], three)).stdout).criteria[0].metrics.adjacent_agreement.value).toBe(0.5);
    });

    // four assessors, two per submission: by name there are four raters, by slot two
    const rotating = 'submission,assessor,criterion,level\ns1,ann,c,1\ns1,bob,c,1\ns2,cy,c,2\ns2,dee,c,2\ns3,bob,c,1\ns3,cy,c,2\ns4,dee,c,2\ns4,ann,c,2\n';

    it('with real assessor names, says why Cohen\'s kappa and PABAK are missing', async () => {
      const c = JSON.parse((await runCli(['analyze', '-', '--json'], rotating)).stdout).criteria[0];
      expect(c.raters).toBe(4);
      expect(c.metrics.cohen_kappa).toBeUndefined();
      expect(c.notes.join(' ')).toMatch(/4 assessors scored this row, two per submission at most: Cohen's kappa.*--reader-slots/);
    });

    it('--reader-slots makes each submission\'s first and second assessor readers A and B, as the dashboard does', async () => {
      const r = await runCli(['analyze', '-', '--json', '--reader-slots'], rotating);
      expect(r.code).toBe(0);
      const c = JSON.parse(r.stdout).criteria[0];
      expect(c.raters).toBe(2);
      expect(c.matrix.raters).toEqual(['reader A', 'reader B']);
      // A/B per submission: (1,1), (2,2), (1,2), (2,2)
      expect(c.matrix.counts).toEqual([[1, 1], [0, 2]]);
      expect(c.metrics.cohen_kappa.value).toBeCloseTo(0.5, 12);
      expect(c.notes.join(' ')).not.toContain('--reader-slots');
    });
  });

  describe('concord plan', () => {
    it('gives the submissions for 80% power at a true agreement of 0.9, by the sawtooth rule', async () => {
      const r = await runCli(['plan', '--expected', '0.9', '--threshold', '0.8', '--json']);
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(plan).toMatchObject({ expected: 0.9, threshold: 0.8, power: 0.8, readers: 2, submissions: 113, firstReaching: 107, method: 'exact_binomial' });
      expect(plan.powerAt.find((p: { submissions: number }) => p.submissions === 50).power).toBeCloseTo(0.431, 3);
      const text = await runCli(['plan', '--expected', '0.9']);
      expect(text.stdout).toContain('submissions needed: 113');
    });

    it('adds the power at a window\'s planned size with --at', async () => {
      const plan = JSON.parse((await runCli(['plan', '--expected', '0.9', '--at', '60', '--json'])).stdout);
      expect(plan.powerAt.map((p: { submissions: number }) => p.submissions)).toEqual([25, 50, 60, 100, 200]);
      // 60 pairs: validated from 55 agreeing (P(Bin(60, 0.8) >= 55) = 1.2% <= 2.5% < P(>= 54) = 3.1%), so power is P(Bin(60, 0.9) >= 55)
      expect(plan.powerAt.find((p: { submissions: number }) => p.submissions === 60).power).toBeCloseTo(0.4372, 4);
    });

    for (const [args, message] of [
      [['plan'], 'plan needs --expected'],
      [['plan', '--expected', 'high'], '--expected must be a number'],
      [['plan', '--expected', '0.75'], 'must exceed the threshold'],
      [['plan', '--expected', '0.9', '--power', '1.5'], 'the power must be'],
      [['plan', '--expected', '0.9', '--readers', '1'], 'readers per submission'],
      [['plan', '--expected', '0.9', '--at', '2.5'], 'the planned submissions must be a whole number'],
      [['plan', '--expected', '0.9', '--seed', '3'], '--seed is not an option of "concord plan"'],
      [['plan', 'file.csv', '--expected', '0.9'], 'concord plan reads no file'],
      [['analyze', DEMO, '--expected', '0.9'], '--expected is not an option of "concord analyze"'],
    ] as [string[], string][]) {
      it(`bad input exits 2: ${args.join(' ')}`, async () => {
        const r = await runCli(args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(message);
      });
    }
  });

  it('reads standard input with -', async () => {
    const csv = 'Submission,Assessor,Criterion,Level,Note\ns1,a,c,1,x\ns1,b,c,1,\ns2,a,c,2,"a, quoted ""note"""\ns2,b,c,3,\n';
    const r = await runCli(['analyze', '-', '--json'], csv);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout).criteria[0];
    expect(c.units).toBe(2);
    expect(c.categories).toEqual([1, 2, 3]);
    expect(c.metrics.percent_agreement.value).toBe(0.5);
    expect(c.matrix.kind).toBe('confusion');
    expect(c.matrix.counts).toEqual([[1, 0, 0], [0, 0, 1], [0, 0, 0]]);
  });

  it('reads the wide format and agrees with the long format', async () => {
    const wide = 'submission,ann,bob,cy\ns1,1,1,2\ns2,2,2,\ns3,3,1,3\ns4,4,4,4\n';
    const long = 'submission,assessor,criterion,level\n' +
      's1,ann,q,1\ns1,bob,q,1\ns1,cy,q,2\ns2,ann,q,2\ns2,bob,q,2\ns3,ann,q,3\ns3,bob,q,1\ns3,cy,q,3\ns4,ann,q,4\ns4,bob,q,4\ns4,cy,q,4\n';
    const w = JSON.parse((await runCli(['analyze', '-', '--wide', '--criterion', 'q', '--json'], wide)).stdout);
    const l = JSON.parse((await runCli(['analyze', '-', '--json'], long)).stdout);
    expect(w.criteria[0].criterion).toBe('q');
    expect(w.criteria[0].metrics).toEqual(l.criteria[0].metrics);
  });

  it('takes text levels in the order --levels gives, and --scale nominal drops ordinal measures', async () => {
    const csv = 'submission,assessor,criterion,level\ns1,a,c,meets\ns1,b,c,meets\ns2,a,c,exceeds\ns2,b,c,meets\ns3,a,c,below\ns3,b,c,below\n';
    const ordinal = JSON.parse((await runCli(['analyze', '-', '--levels', 'below,meets,exceeds', '--json'], csv)).stdout).criteria[0];
    expect(ordinal.categories).toEqual(['below', 'meets', 'exceeds']);
    expect(ordinal.metrics).toHaveProperty('krippendorff_alpha_ordinal');
    const nominal = JSON.parse((await runCli(['analyze', '-', '--levels', 'below,meets,exceeds', '--scale', 'nominal', '--json'], csv)).stdout).criteria[0];
    expect(nominal.scale).toBe('nominal');
    expect(nominal.metrics).not.toHaveProperty('krippendorff_alpha_ordinal');
    expect(nominal.metrics).not.toHaveProperty('adjacent_agreement');
    expect(nominal.metrics.cohen_kappa.value).toBe(ordinal.metrics.cohen_kappa.value);
  });

  describe('bad input: exit 2, one message naming file, line and field, no report', () => {
    for (const c of broken.cases) {
      it(`${c.file}${c.args.length ? ' ' + c.args.join(' ') : ''}`, async () => {
        const path = `fixtures/broken/${c.file}`;
        const r = await runCli(['analyze', path, ...c.args]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`concord: ${path}`);
        if (c.line !== null) expect(lines[0]).toContain(`line ${c.line}`);
        else expect(lines[0]).not.toMatch(/line \d/);
        if (c.field !== null) expect(lines[0]).toContain(`field "${c.field}"`);
        expect(lines[0]).toContain(c.contains);
      });
    }

    it('a missing file', async () => {
      const r = await runCli(['analyze', 'fixtures/no-such-file.csv']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('fixtures/no-such-file.csv: no such file');
    });

    it('a broken rubric names the rubric file and the JSON path', async () => {
      const r = await runCli(['analyze', DEMO, '--rubric', 'fixtures/broken/rubric-one-level.json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('fixtures/broken/rubric-one-level.json, field "criteria[0].levels"');
      expect(r.stdout).toBe('');
    });

    it('a criterion missing from the rubric names the line', async () => {
      const r = await runCli(['analyze', '-', '--rubric', RUBRIC], 'submission,assessor,criterion,level\ns1,a,unknown_row,1\n');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('standard input, line 2, field "criterion": criterion "unknown_row" is not in the rubric');
    });

    for (const [args, message] of [
      [['analyze'], 'analyze needs a FILE'],
      [['report', DEMO], 'unknown command "report"'],
      [['analyze', DEMO, '--threshold', '1.5'], '--threshold must be a number in (0, 1]'],
      [['analyze', DEMO, '--scale', 'interval'], '--scale must be nominal or ordinal'],
      [['analyze', DEMO, '--levels', '1'], '--levels needs at least two'],
      [['analyze', DEMO, '--bogus'], "Unknown option '--bogus'"],
    ] as [string[], string][]) {
      it(`usage: ${args.join(' ')}`, async () => {
        const r = await runCli(args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(message);
      });
    }
  });
});
