/**
 * npm run bench: speed and memory of the agreement engine, printed as a table.
 * Generates seeded data under bench-output/ (not committed), then times:
 * - `concord analyze --json` end to end on each file (wall time and peak memory of the process),
 *   alternating three runs with three of the Python stack a researcher would use on the same file
 *   (`python-stack.py`: pandas, statsmodels, scikit-learn) when a python3 has those, and the ratio;
 * - each measure alone on the parsed data of each file;
 * - `concord rasch --json` end to end on 100,000 ratings, and its read and estimation in process;
 * - the row decision and the early signal by simulation (error rates per window size and true agreement);
 * - the coverage of the recommended intervals at 50 submissions (`coverage.ts`);
 * - the API (report under load, a large import, concurrent scoring), a flood of wrong sign-ins (the
 *   p99 of an unrelated read during it), a 50 MB score upload (the server's memory and the p99 of an
 *   unrelated read during it, `upload.ts`), the dashboard in Chromium, and,
 *   when DATABASE_URL names a PostgreSQL server, the API with 1 and with 3 instances on it.
 * Sections can be picked by name: `npm run bench -- rasch api` runs those two only (analyze,
 * coverage, rasch, decisions, api, flood, upload, browser, postgres).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScores } from '../src/io/scores-csv.js';
import {
  computeMetric,
  expandCodes,
  krippendorffAlpha,
  METRIC_NAMES,
  recommendedInterval,
  tableFromCodes,
  type IntervalMeasure,
  type MetricName,
} from '../src/stats/index.js';
import { benchApi } from './api.js';
import { benchCoverage } from './coverage.js';
import { benchDecisions } from './decisions.js';
import { benchBrowser } from './browser.js';
import { benchPostgres } from './postgres.js';
import { benchRasch } from './rasch.js';
import { benchSignInFlood } from './sign-in-flood.js';
import { benchUpload } from './upload.js';
import { writeSyntheticScores, type SyntheticScores } from './generate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'bench-output');
const cli = join(root, 'dist/src/cli/main.js');

const DATA_SETS: { name: string; spec: SyntheticScores }[] = [
  { name: '5 assessors x 200,000 submissions (1,000,000 cells), 10% missing', spec: { submissions: 200_000, assessors: 5, missing: 0.1, levels: 4, seed: 1 } },
  { name: '2 assessors x 1,000,000 submissions (2,000,000 ratings)', spec: { submissions: 1_000_000, assessors: 2, missing: 0, levels: 4, seed: 2 } },
];

function fileFor(spec: SyntheticScores): string {
  return join(outDir, `scores-${spec.assessors}x${spec.submissions}-m${spec.missing}-s${spec.seed}.csv`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

interface Run {
  seconds: number;
  peakMb: number | null;
  ok: boolean;
  stdout: string;
}

/** Wall time and peak RSS of one process; GNU time gives the child's peak memory when present. */
function timeProcess(command: string, args: string[]): Run {
  const gnuTime = existsSync('/usr/bin/time');
  const t = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t) / 1000;
  let peakMb: number | null = null;
  if (gnuTime) {
    const kb = Number(result.stderr.trim().split('\n').pop());
    if (Number.isFinite(kb)) peakMb = kb / 1024;
  }
  return { seconds, peakMb, ok: result.status === 0, stdout: result.stdout };
}

function runCli(file: string): Run {
  return timeProcess(process.execPath, [cli, 'analyze', file, '--json', '--quiet']);
}

const PYTHON_STACK = join(root, 'backend/bench/python-stack.py');

/** A python3 that has pandas, statsmodels and scikit-learn ($PYTHON, python3 on the path, /usr/bin/python3), or null. */
function findPython(): string | null {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import pandas, statsmodels, sklearn'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

function describeRuns(runs: Run[]): string {
  const peaks = runs.map((r) => r.peakMb).filter((m): m is number => m !== null);
  const peak = peaks.length ? `${Math.max(...peaks).toFixed(0)} MB` : 'n/a';
  return `median ${median(runs.map((r) => r.seconds)).toFixed(2)} s (runs ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s), peak memory ${peak}${runs.every((r) => r.ok) ? '' : '  (A RUN FAILED)'}`;
}

function load(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/**
 * `concord analyze --json` end to end, and the Python stack on the same file when there is one:
 * three runs each, alternating so that both see the same load, then the ratio of the medians.
 */
function compareEndToEnd(file: string, python: string | null): void {
  const concord: Run[] = [];
  const pandas: Run[] = [];
  const loadBefore = load();
  for (let i = 0; i < 3; i++) {
    concord.push(runCli(file));
    if (python) pandas.push(timeProcess(python, [PYTHON_STACK, file]));
  }
  console.log(`concord analyze --json, end to end: ${describeRuns(concord)}`);
  if (!python) {
    console.log('Python stack: skipped (no python3 with pandas, statsmodels and scikit-learn; on Debian: apt-get install python3-pandas python3-statsmodels python3-sklearn, or set PYTHON)');
    return;
  }
  console.log(`Python stack (pandas read + pivot, statsmodels Fleiss, scikit-learn Cohen): ${describeRuns(pandas)}`);
  const ratio = median(concord.map((r) => r.seconds)) / median(pandas.map((r) => r.seconds));
  console.log(`ratio concord / Python: ${ratio.toFixed(3)}  (load average ${loadBefore} before, ${load()} after)`);
  agreeingFigures(concord[0], pandas[0]);
}

/** The kappas both tools report on the file, side by side, to show they read the same ratings. */
function agreeingFigures(concord: Run, python: Run): void {
  if (!concord.ok || !python.ok) return;
  const report = JSON.parse(concord.stdout) as { criteria: { criterion: string; units: number; metrics: Record<string, { value: number | null } | undefined> }[] };
  const figures = JSON.parse(python.stdout.trim().split('\n').pop()!) as Record<string, Record<string, number> | number>;
  for (const c of report.criteria) {
    const py = figures[c.criterion];
    if (typeof py !== 'object') continue;
    const pairs: [string, string][] = [['fleiss_kappa', 'fleiss_kappa'], ['cohen_kappa', 'cohen_kappa'], ['cohen_kappa_quadratic', 'cohen_kappa_quadratic']];
    const shown = pairs
      .filter(([, p]) => py[p] !== undefined && c.metrics[p]?.value != null)
      .map(([m, p]) => `${m} ${c.metrics[m]!.value!.toFixed(6)} / ${py[p].toFixed(6)}`);
    const note = py.complete_units === py.units ? '' : ` (Python: Fleiss on the ${py.complete_units.toLocaleString('en')} complete submissions)`;
    console.log(`  ${c.criterion}, ${c.units.toLocaleString('en')} submissions, concord / Python: ${shown.join(', ')}${note}`);
  }
}

const SECTIONS = ['analyze', 'coverage', 'rasch', 'decisions', 'api', 'flood', 'upload', 'browser', 'postgres'] as const;
type Section = (typeof SECTIONS)[number];

/** The sections named on the command line, or every section. */
function sectionsWanted(): Set<Section> {
  const named = process.argv.slice(2);
  const unknown = named.find((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new Error(`unknown bench section "${unknown}" (sections: ${SECTIONS.join(', ')})`);
  return new Set(named.length > 0 ? (named as Section[]) : SECTIONS);
}

async function main() {
  const wanted = sectionsWanted();
  mkdirSync(outDir, { recursive: true });
  console.log('Concord benchmark (node', process.version + ')\n');
  const python = wanted.has('analyze') ? findPython() : null;
  for (const { name, spec } of wanted.has('analyze') ? DATA_SETS : []) {
    const file = fileFor(spec);
    if (!existsSync(file)) {
      const t = performance.now();
      await writeSyntheticScores(file, spec);
      console.log(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const size = statSync(file).size / 1024 / 1024;
    console.log(`\n== ${name} (${size.toFixed(1)} MB)`);

    compareEndToEnd(file, python);

    const t = performance.now();
    const [criterion] = await readScores(createReadStream(file, { highWaterMark: 1 << 20 }), { file });
    console.log(`parse + validate + compress in process: ${(performance.now() - t).toFixed(0)} ms (${criterion.table.distinctCount} distinct rows)`);

    // Krippendorff's alpha from the full units x raters matrix, compression included.
    const codes = Int32Array.from(expandCodes(criterion.table).flat());
    const units = codes.length / criterion.table.raterCount;
    const alphaMs = timeIt(() => {
      const table = tableFromCodes(codes, units, criterion.table.raterCount, criterion.categories);
      krippendorffAlpha(table, 'interval');
      krippendorffAlpha(table, 'nominal');
    }, 5);
    console.log(`Krippendorff's alpha (nominal + interval, with SE) from the ${units.toLocaleString('en')} x ${criterion.table.raterCount} matrix: ${alphaMs.toFixed(1)} ms`);

    const rows: string[] = [];
    let intervalTotal = 0;
    for (const metric of METRIC_NAMES) {
      const applies = metricApplies(metric, criterion.table.raterCount, criterion.categories.length);
      if (!applies) continue;
      const ms = timeIt(() => computeMetric(metric as MetricName, criterion.table, {}), 5);
      const value = computeMetric(metric as MetricName, criterion.table, {}).value;
      const intervalMs =
        metric === 'prevalence_index' || metric === 'bias_index'
          ? 0
          : timeIt(() => recommendedInterval(metric as IntervalMeasure, criterion.table, value), 5);
      intervalTotal += intervalMs;
      rows.push(`  ${metric.padEnd(28)} ${ms.toFixed(3).padStart(9)} ms  (of which its recommended interval: ${intervalMs.toFixed(3)} ms)`);
    }
    console.log('each measure alone on the parsed table, with its interval (median of 5):');
    console.log(rows.join('\n'));
    console.log(`recommended intervals of every measure together: ${intervalTotal.toFixed(1)} ms (ordinal alpha's BCa reuses its bootstrap's resamples)`);
  }
  if (wanted.has('coverage')) benchCoverage();
  if (wanted.has('rasch')) await benchRasch(root, outDir);
  if (wanted.has('decisions')) benchDecisions();
  if (wanted.has('api')) await benchApi(root);
  if (wanted.has('flood')) await benchSignInFlood(root);
  if (wanted.has('upload')) await benchUpload(root);
  if (wanted.has('browser')) await benchBrowser(root);
  if (wanted.has('postgres')) await benchPostgres(root);
}

function metricApplies(name: string, raters: number, q: number): boolean {
  if (['cohen_kappa', 'cohen_kappa_linear', 'cohen_kappa_quadratic', 'scott_pi'].includes(name)) return raters === 2;
  if (['pabak', 'prevalence_index', 'bias_index'].includes(name)) return raters === 2 && q === 2;
  return true;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
