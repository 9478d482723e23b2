#!/usr/bin/env node
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { InputFileError } from '../io/errors.js';
import { parseRubric } from '../io/rubric-file.js';
import type { CriterionScores } from '../io/scores-csv.js';
import { RatingsInputError } from '../stats/errors.js';
import { Progress } from './progress.js';
import { runRasch } from './rasch.js';
import { UsageError } from './usage-error.js';

const HELP = `concord: inter-rater agreement for rubric scores

Usage:
  concord analyze FILE [options]      analyse a CSV of scores, one rubric row (criterion) at a time
  concord rasch FILE [options]        many-facet Rasch analysis: assessor severity and fit on one scale
  concord plan --expected P [options] submissions a rubric row needs to be validated
  concord --help | --version

FILE is a CSV file, or - for standard input. Long format (default): a header with the
columns submission,assessor,criterion,level (any case, any order, extra columns ignored,
quoted fields allowed) and one rating per line. Wide format (--wide): the first column is
the submission, then one column per assessor (an empty cell is no rating), one criterion.

Options:
  --levels "a,b,c"        the ordered levels (lowest first) of every criterion
  --rubric rubric.json    per-criterion levels and scale:
                          {"criteria": [{"key": "...", "scale": "ordinal", "levels": ["1","2","3","4"]}]}
                          (a level may also be {"value": "...", "label": "...", "descriptor": "..."})
  --scale nominal|ordinal level of measurement of every criterion (default: ordinal, or the rubric's)
  --threshold 0.8         percent agreement a row needs to be validated (default 0.8)
  --seed N                seed of the bootstrap (default 20260101); the same seed gives the same output
  --resamples N           bootstrap resamples (default 2000)
  --wide                  read the wide format
  --criterion NAME        the criterion's name in wide format (default: the file's name)
  --reader-slots          the raters are reader slots, as in the dashboard: on each submission the
                          first assessor the file names is reader A, the second reader B, ...
                          (with many assessors two per submission, this gives Cohen's kappa and PABAK)
  --json                  print the full report as JSON (every measure with value, se, ci, interval)
  --quiet                 no progress on standard error
  -h, --help              this help
  -v, --version           the version

Without --levels or --rubric, numeric levels are sorted numerically and taken as ordinal;
other levels are an error that asks for --levels.

Output: per criterion the decision, the units (submissions), raters, percent agreement with
its 95% interval, kappa (Cohen's with two assessors, Fleiss' otherwise), Krippendorff's
alpha, Gwet's AC1, and notes; then how many rows have each decision. The decision:
validated when the lower 97.5% bound of agreement (Clopper-Pearson; cluster-adjusted with
three or more ratings on a submission) reaches the threshold; meets_rule_not_demonstrated
when agreement reaches the threshold but the bound does not; needs_revision when agreement
is below it; undefined when no submission has two ratings (a criterion scored by one
assessor). --json adds the verdict and evidence of earlier versions, evidence_method,
more_submissions (for an inconclusive row), adjacent agreement (ordinal rows of three
levels or more), weighted kappas, Scott's pi, every alpha, AC2, Brennan-Prediger, PABAK,
prevalence and bias indices, and the confusion matrix (two raters) or coincidence matrix.
Each measure has two intervals: ci, as irrCAC, statsmodels and scikit-learn give it, and
interval {lo, hi, method}, the recommended 95% interval (Wilson for agreement, a score
interval for the coefficients, BCa for ordinal alpha), inside the measure's range and never
of zero width.

concord plan gives the submissions a rubric row needs so that, at a true agreement of
--expected, it is validated with the wanted power; exact binomial sums with two readers.
  --expected 0.9          the true agreement the row is expected to have (above the threshold)
  --threshold 0.8         as above (default 0.8)
  --power 0.8             the wanted probability of validated (default 0.8)
  --readers 2             readers per submission (default 2; with more, a conservative figure)
  --at 60                 also the power at this many submissions (a window's planned size)
  --json                  the plan as JSON
Power is a sawtooth in the number of submissions: the plan gives the smallest number from
which power stays at or above the target, and the first number that reaches it.

concord rasch FILE fits the many-facet Rasch rating-scale model (submissions, criteria
and assessors as facets; joint maximum likelihood) to the same long file. Every criterion is
a row of one rating scale, so the criteria must have the same number of levels. Options:
--levels, --rubric, --json, --quiet as above, and
  --anchor ASSESSOR=VALUE hold one assessor's severity at VALUE logits (the expert panel at 0,
                          --anchor expert=0); without it the assessors are centred on 0
  --criteria "a,b"        analyse these criteria only (say, the ordinal rows of one scale)
Output: per assessor the severity (logits, positive = more severe) with its SE, infit and
outfit, fair average, ratings and flags (severe / lenient: |severity| >= 0.5 logit and
|severity/SE| >= 2; inconsistent: infit or outfit > 1.5; muted: either < 0.5;
insufficient_data: under 30 ratings), sorted by severity; the criteria; separation and
reliability per facet. --json prints every submission, criterion and assessor. A design whose
assessors fall into groups that share no submission cannot be estimated: exit 2, and the
groups (with --json, {"error": "disconnected", "components": [...]} on standard output).

Exit status: 0 on success, 2 on bad input or usage (one message naming the file, line
and field; nothing else is printed), 1 on an unexpected failure.
`;

/** Options that belong to one command only. */
const ANALYZE_ONLY = ['scale', 'seed', 'resamples', 'wide', 'criterion', 'reader-slots'] as const;
const RASCH_ONLY = ['anchor', 'criteria'] as const;
const PLAN_ONLY = ['expected', 'power', 'readers', 'at'] as const;
/** Options of `concord plan`, besides --json, --threshold and --help. */
const FILE_OPTIONS = ['levels', 'rubric', 'quiet', ...ANALYZE_ONLY, ...RASCH_ONLY] as const;

/** Where the command reads and writes; the process's own streams unless a test passes others. */
export interface Streams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean });
}

export async function main(argv: string[], streams: Streams = process): Promise<number> {
  const { stdout, stderr } = streams;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        levels: { type: 'string' },
        rubric: { type: 'string' },
        scale: { type: 'string' },
        threshold: { type: 'string' },
        seed: { type: 'string' },
        resamples: { type: 'string' },
        wide: { type: 'boolean' },
        criterion: { type: 'string' },
        anchor: { type: 'string' },
        criteria: { type: 'string' },
        'reader-slots': { type: 'boolean' },
        expected: { type: 'string' },
        power: { type: 'string' },
        readers: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usageError(stderr, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    stdout.write(`${readVersion()}\n`);
    return 0;
  }
  try {
    const [command, file, ...extra] = positionals;
    if (command !== 'analyze' && command !== 'rasch' && command !== 'plan') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    if (command === 'plan') {
      if (file !== undefined) throw new UsageError(`unexpected argument "${file}": concord plan reads no file`);
      const foreignToPlan = FILE_OPTIONS.find((option) => values[option] !== undefined);
      if (foreignToPlan) throw new UsageError(`--${foreignToPlan} is not an option of "concord plan"`);
      const { runPlan } = await import('./plan.js');
      return runPlan({ expected: values.expected, threshold: values.threshold, power: values.power, readers: values.readers, at: values.at, json: Boolean(values.json) }, stdout);
    }
    if (!file) throw new UsageError(`${command} needs a FILE (or - for standard input)`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const foreign = [...(command === 'rasch' ? [...ANALYZE_ONLY, 'threshold' as const] : RASCH_ONLY), ...PLAN_ONLY].find((option) => values[option] !== undefined);
    if (foreign) throw new UsageError(`--${foreign} is not an option of "concord ${command}"`);
    if (values.levels !== undefined && values.rubric !== undefined) throw new UsageError('give --levels or --rubric, not both');
    const levels = values.levels?.split(',').map((l) => l.trim());
    if (levels && (levels.length < 2 || levels.some((l) => l === ''))) throw new UsageError('--levels needs at least two non-empty levels separated by commas, lowest first');
    if (levels && new Set(levels).size !== levels.length) throw new UsageError('--levels names a level twice');
    const rubric = values.rubric === undefined ? undefined : parseRubric(readText(values.rubric), values.rubric);
    if (command === 'rasch') {
      const criteria = values.criteria?.split(',').map((c) => c.trim());
      if (criteria && criteria.some((c) => c === '')) throw new UsageError('--criteria needs criterion names separated by commas');
      return await runRasch({ file, levels, rubric, criteria, anchor: values.anchor, json: Boolean(values.json), quiet: Boolean(values.quiet) }, streams);
    }

    // The agreement engine loads only here, so that rasch, --help and --version start quickly.
    const [{ DEFAULT_THRESHOLD }, { readScores }, { analysisJson, analysisTable, analyzeScores }] = await Promise.all([
      import('../protocol/row-verdict.js'),
      import('../io/scores-csv.js'),
      import('./analyze.js'),
    ]);
    const threshold = numberOption('threshold', values.threshold, DEFAULT_THRESHOLD, (x) => x > 0 && x <= 1, 'a number in (0, 1]');
    const seed = numberOption('seed', values.seed, undefined, Number.isInteger, 'an integer');
    const resamples = numberOption('resamples', values.resamples, undefined, (x) => Number.isInteger(x) && x >= 100, 'an integer of at least 100');
    const scale = values.scale;
    if (scale !== undefined && scale !== 'nominal' && scale !== 'ordinal') throw new UsageError(`--scale must be nominal or ordinal, not "${scale}"`);

    const fromStdin = file === '-';
    const name = fromStdin ? 'standard input' : file;
    let size: number | null = null;
    if (!fromStdin) {
      try {
        size = statSync(file).size;
      } catch {
        throw new InputFileError(file, null, null, 'no such file');
      }
    }
    const progress = new Progress(stderr as NodeJS.WriteStream, name, size, Boolean(values.quiet));
    const criteria: CriterionScores[] = await readScores(fromStdin ? streams.stdin : createReadStream(file, { highWaterMark: 1 << 20 }), {
      file: name,
      format: values.wide ? 'wide' : 'long',
      levels,
      rubric,
      scale,
      criterion: values.criterion ?? (values.wide && !fromStdin ? basename(file, extname(file)) : undefined),
      readerSlots: Boolean(values['reader-slots']),
      onProgress: (read) => progress.update(read),
    });
    progress.phase(`computing ${criteria.length} criteri${criteria.length === 1 ? 'on' : 'a'}`);
    const analysis = analyzeScores(criteria, { threshold, seed, resamples, readerSlots: Boolean(values['reader-slots']) });
    progress.done();
    stdout.write((values.json ? analysisJson(analysis) : analysisTable(analysis, name)) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usageError(stderr, error.message);
    if (error instanceof InputFileError || error instanceof RatingsInputError) {
      stderr.write(`concord: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function usageError(stderr: Streams['stderr'], message: string): number {
  stderr.write(`concord: ${message}\nRun "concord --help" for usage.\n`);
  return 2;
}

function numberOption(name: string, raw: string | undefined, fallback: number | undefined, valid: (x: number) => boolean, expected: string) {
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || !valid(x)) throw new UsageError(`--${name} must be ${expected}, not "${raw}"`);
  return x;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new InputFileError(path, null, null, 'no such file');
  }
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${realPath(process.argv[1])}`).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`concord: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
