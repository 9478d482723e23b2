/**
 * npm run bench: speed and memory of the agreement engine, printed as a table.
 * Generates seeded data under bench-output/ (not committed), then times:
 * - `concord analyze --json` end to end on each file (wall time and peak memory of the process);
 * - each measure alone on the parsed data of each file;
 * - `concord rasch --json` end to end on 100,000 ratings, and its read and estimation in process;
 * - the API (report under load, a large import, concurrent scoring), a flood of wrong sign-ins (the
 *   p99 of an unrelated read during it), the dashboard in Chromium, and,
 *   when DATABASE_URL names a PostgreSQL server, the API with 1 and with 3 instances on it.
 * Sections can be picked by name: `npm run bench -- rasch api` runs those two only (analyze, rasch,
 * api, flood, browser, postgres).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScores } from '../src/io/scores-csv.js';
import { computeMetric, krippendorffAlpha, METRIC_NAMES, tableFromCodes, expandCodes, type MetricName } from '../src/stats/index.js';
import { benchApi } from './api.js';
import { benchBrowser } from './browser.js';
import { benchPostgres } from './postgres.js';
import { benchRasch } from './rasch.js';
import { benchSignInFlood } from './sign-in-flood.js';
import { writeSyntheticScores, type SyntheticScores } from './generate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'bench-output');
const cli = join(root, 'dist/src/cli/main.js');

const DATA_SETS: { name: string; spec: SyntheticScores }[] = [
  { name: '5 assessors x 200,000 submissions, 10% missing', spec: { submissions: 200_000, assessors: 5, missing: 0.1, levels: 4, seed: 1 } },
  { name: '2 assessors x 1,000,000 submissions', spec: { submissions: 1_000_000, assessors: 2, missing: 0, levels: 4, seed: 2 } },
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

/** Wall time and peak RSS of one CLI run; GNU time gives the child's peak memory when present. */
function runCli(file: string): { seconds: number; peakMb: number | null; ok: boolean } {
  const args = [cli, 'analyze', file, '--json', '--quiet'];
  const gnuTime = existsSync('/usr/bin/time');
  const t = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t) / 1000;
  let peakMb: number | null = null;
  if (gnuTime) {
    const kb = Number(result.stderr.trim().split('\n').pop());
    if (Number.isFinite(kb)) peakMb = kb / 1024;
  }
  return { seconds, peakMb, ok: result.status === 0 };
}

const SECTIONS = ['analyze', 'rasch', 'api', 'flood', 'browser', 'postgres'] as const;
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
  for (const { name, spec } of wanted.has('analyze') ? DATA_SETS : []) {
    const file = fileFor(spec);
    if (!existsSync(file)) {
      const t = performance.now();
      await writeSyntheticScores(file, spec);
      console.log(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const size = statSync(file).size / 1024 / 1024;
    console.log(`\n== ${name} (${size.toFixed(1)} MB)`);

    const runs = [runCli(file), runCli(file), runCli(file)];
    const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
    console.log(
      `concord analyze --json, end to end: median ${median(runs.map((r) => r.seconds)).toFixed(2)} s (best ${best.seconds.toFixed(2)} s), peak memory ${best.peakMb === null ? 'n/a' : best.peakMb.toFixed(0) + ' MB'}${runs.every((r) => r.ok) ? '' : '  (A RUN FAILED)'}`,
    );

    const t = performance.now();
    const [criterion] = await readScores(createReadStream(file, 'utf8'), { file });
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
    for (const metric of METRIC_NAMES) {
      const applies = metricApplies(metric, criterion.table.raterCount, criterion.categories.length);
      if (!applies) continue;
      const ms = timeIt(() => computeMetric(metric as MetricName, criterion.table, {}), 5);
      rows.push(`  ${metric.padEnd(28)} ${ms.toFixed(3).padStart(9)} ms`);
    }
    console.log('each measure alone on the parsed table (median of 5):');
    console.log(rows.join('\n'));
  }
  if (wanted.has('rasch')) await benchRasch(root, outDir);
  if (wanted.has('api')) await benchApi(root);
  if (wanted.has('flood')) await benchSignInFlood(root);
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
