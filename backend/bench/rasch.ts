/**
 * The many-facet Rasch figures for npm run bench: `concord rasch --json` end to end on 100,000
 * ratings (target under 2 s), and the read and the estimation alone in process.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomLcg } from 'd3-random';
import { readRaschScores } from '../src/io/rasch-scores.js';
import { isDisconnected, manyFacetRasch } from '../src/stats/index.js';

export interface SyntheticRasch {
  submissions: number;
  criteria: number;
  assessors: number;
  /** assessors scoring each submission (on every criterion) */
  perSubmission: number;
  /** levels 1..levels */
  levels: number;
  seed: number;
}

/**
 * 100,000 ratings two ways: 10,000 submissions x 5 criteria scored by 2 of 10 assessors (the
 * double scoring of a live study), and 2,000 submissions x 5 criteria scored by all 10.
 */
export const RASCH_BENCH: SyntheticRasch[] = [
  { submissions: 10_000, criteria: 5, assessors: 10, perSubmission: 2, levels: 4, seed: 7 },
  { submissions: 2_000, criteria: 5, assessors: 10, perSubmission: 10, levels: 4, seed: 8 },
];

/**
 * Writes a seeded long score file drawn from the rating-scale model: abilities N(0, 1), assessor
 * severities spread over -0.6..0.6, criterion difficulties over -0.5..0.5, thresholds spread over
 * -1.5..1.5. Each submission is scored on every criterion by `perSubmission` assessors drawn at
 * random without replacement.
 */
export async function writeRaschScores(path: string, spec: SyntheticRasch): Promise<void> {
  const random = randomLcg(spec.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const J = spec.assessors;
  const m = spec.levels - 1;
  const severity = Array.from({ length: J }, (_, j) => -0.6 + (1.2 * j) / (J - 1));
  const difficulty = Array.from({ length: spec.criteria }, (_, i) => -0.5 + i / Math.max(1, spec.criteria - 1));
  const threshold = Array.from({ length: m }, (_, k) => (m === 1 ? 0 : -1.5 + (3 * k) / (m - 1)));
  const out = createWriteStream(path);
  let buffer = 'submission,assessor,criterion,level\n';
  const weights = new Float64Array(m + 1);
  const pool = Array.from({ length: J }, (_, j) => j);
  for (let s = 0; s < spec.submissions; s++) {
    const ability = normal();
    for (let a = 0; a < spec.perSubmission; a++) {
      const pick = a + Math.floor(random() * (J - a));
      [pool[a], pool[pick]] = [pool[pick], pool[a]];
      const j = pool[a];
      for (let i = 0; i < spec.criteria; i++) {
        const eta = ability - difficulty[i] - severity[j];
        let psi = 0;
        let total = (weights[0] = 1);
        for (let k = 1; k <= m; k++) total += weights[k] = Math.exp((psi += eta - threshold[k - 1]));
        let u = random() * total;
        let category = 0;
        while (category < m && (u -= weights[category]) > 0) category++;
        buffer += `sub${s},assessor${j + 1},criterion_${i + 1},${category + 1}\n`;
      }
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Wall time, CPU time (user + system) and peak RSS of one `concord rasch --json` run; GNU time
 * gives the CPU time and the peak when present.
 */
function runRasch(cli: string, file: string): { seconds: number; cpuSeconds: number | null; peakMb: number | null; ok: boolean } {
  const args = [cli, 'rasch', file, '--json', '--quiet'];
  const gnuTime = existsSync('/usr/bin/time');
  const t = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t) / 1000;
  let peakMb: number | null = null;
  let cpuSeconds: number | null = null;
  if (gnuTime) {
    const [user, system, kb] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (Number.isFinite(kb)) peakMb = kb / 1024;
    if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user + system;
  }
  return { seconds, cpuSeconds, peakMb, ok: result.status === 0 && result.stdout.includes('"converged": true') };
}

export async function benchRasch(root: string, outDir: string): Promise<void> {
  for (const spec of RASCH_BENCH) await benchOne(root, outDir, spec);
}

async function benchOne(root: string, outDir: string, spec: SyntheticRasch): Promise<void> {
  const file = join(outDir, `rasch-${spec.submissions}x${spec.criteria}x${spec.perSubmission}of${spec.assessors}-s${spec.seed}.csv`);
  if (!existsSync(file)) {
    const t = performance.now();
    await writeRaschScores(file, spec);
    console.log(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const ratings = spec.submissions * spec.criteria * spec.perSubmission;
  console.log(
    `\n== many-facet Rasch: ${ratings.toLocaleString('en')} ratings (${spec.submissions.toLocaleString('en')} submissions x ${spec.criteria} criteria, ${spec.perSubmission} of ${spec.assessors} assessors each; ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB)`,
  );
  const cli = join(root, 'dist/src/cli/main.js');
  const runs = [runRasch(cli, file), runRasch(cli, file), runRasch(cli, file)];
  const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  const seconds = median(runs.map((r) => r.seconds));
  const cpu = best.cpuSeconds === null ? '' : `, CPU ${best.cpuSeconds.toFixed(2)} s`;
  console.log(
    `concord rasch --json, end to end: median ${seconds.toFixed(2)} s (best ${best.seconds.toFixed(2)} s${cpu}), peak memory ${best.peakMb === null ? 'n/a' : best.peakMb.toFixed(0) + ' MB'}; ` +
      `target under 2 s: ${seconds < 2 ? 'met' : 'MISSED'} (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)${runs.every((r) => r.ok) ? '' : '  (A RUN FAILED)'}`,
  );

  let t = performance.now();
  const scores = await readRaschScores(createReadStream(file, { highWaterMark: 1 << 20 }), { file });
  const readMs = performance.now() - t;
  let iterations = 0;
  t = performance.now();
  const result = manyFacetRasch(scores.ratings, { categories: scores.levels.length, lowestLevel: scores.lowestLevel, onIteration: (p) => (iterations = p.iteration) });
  const estimateMs = performance.now() - t;
  const converged = !isDisconnected(result) && result.converged;
  console.log(
    `in process: read + validate ${readMs.toFixed(0)} ms, extremes + PROX + Newton-Raphson + fit ${estimateMs.toFixed(0)} ms (${iterations} iterations${converged ? '' : ', NOT CONVERGED'})`,
  );
}
