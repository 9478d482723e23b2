import { createReadStream, statSync } from 'node:fs';
import { InputFileError } from '../io/errors.js';
import { readRaschScores, type RaschScores } from '../io/rasch-scores.js';
import type { Rubric } from '../io/rubric-file.js';
import {
  MfrmInputError,
  RATER_FLAG_RULES,
  isDisconnected,
  manyFacetRasch,
  raterFlags,
  type MfrmAnchor,
  type MfrmDisconnected,
  type MfrmEstimates,
  type MfrmFacetSummary,
  type MfrmResult,
} from '../stats/mfrm.js';
import { Progress } from './progress.js';
import { UsageError } from './usage-error.js';

export interface RaschCommand {
  /** a file name, or - for standard input */
  file: string;
  levels?: string[];
  rubric?: Rubric;
  /** the criteria to analyse (default: every criterion in the file) */
  criteria?: string[];
  /** `RATER=VALUE` as given to --anchor */
  anchor?: string;
  json: boolean;
  quiet: boolean;
}

interface RaschStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Parses --anchor RATER=VALUE (the value defaults to 0 when only the rater is given). */
export function parseAnchor(raw: string): MfrmAnchor {
  const at = raw.lastIndexOf('=');
  const rater = (at < 0 ? raw : raw.slice(0, at)).trim();
  const text = at < 0 ? '0' : raw.slice(at + 1).trim();
  const value = Number(text);
  if (rater === '' || text === '' || !Number.isFinite(value)) throw new UsageError(`--anchor must be ASSESSOR=VALUE in logits (for example expert=0), not "${raw}"`);
  return { rater, value };
}

/**
 * `concord rasch FILE`: the many-facet Rasch analysis of a long score file. Prints the result as
 * JSON (the shape of the reference cases' `expected`) or as a table; returns the exit status
 * (2 for a disconnected design, with its components). Bad input throws `InputFileError`.
 */
export async function runRasch(command: RaschCommand, streams: RaschStreams): Promise<number> {
  const anchor = command.anchor === undefined ? null : parseAnchor(command.anchor);
  const fromStdin = command.file === '-';
  const name = fromStdin ? 'standard input' : command.file;
  let size: number | null = null;
  if (!fromStdin) {
    try {
      size = statSync(command.file).size;
    } catch {
      throw new InputFileError(command.file, null, null, 'no such file');
    }
  }
  const progress = new Progress(streams.stderr as NodeJS.WriteStream, name, size, command.quiet);
  const scores = await readRaschScores(fromStdin ? streams.stdin : createReadStream(command.file, { highWaterMark: 1 << 20 }), {
    file: name,
    levels: command.levels,
    rubric: command.rubric,
    criteria: command.criteria,
    onProgress: (read) => progress.update(read),
  });
  if (anchor && !scores.assessors.includes(anchor.rater)) {
    throw new InputFileError(name, null, 'assessor', `--anchor names assessor "${anchor.rater}", who has no ratings in the file`);
  }
  progress.phase(`estimating ${scores.ratings.length.toLocaleString('en')} ratings`);
  let iterations = 0;
  let result: MfrmResult;
  try {
    result = manyFacetRasch(scores.ratings, {
      categories: scores.levels.length,
      lowestLevel: scores.lowestLevel,
      anchor,
      onIteration: (p) => (iterations = p.iteration),
    });
  } catch (error) {
    if (error instanceof MfrmInputError) throw inputError(error, name, scores);
    throw error;
  }
  progress.done();
  if (isDisconnected(result)) {
    if (command.json) streams.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else streams.stderr.write(disconnectedMessage(result, name));
    return 2;
  }
  streams.stdout.write((command.json ? JSON.stringify(result, null, 2) : raschTable(result, scores, name, anchor, iterations)) + '\n');
  return 0;
}

/** The library's complaint about the data, as a file error in the file's own terms. */
function inputError(error: MfrmInputError, file: string, scores: RaschScores): InputFileError {
  switch (error.code) {
    case 'empty_category': {
      const level = scores.levels[error.detail.category ?? 0];
      return new InputFileError(
        file,
        null,
        'level',
        `no rating is at level "${level}" once extreme elements are left out, so the rating scale's thresholds cannot be estimated (levels: ${scores.levels.join(', ')}); give the levels in use with --levels`,
      );
    }
    case 'anchor_missing':
      return new InputFileError(file, null, 'assessor', error.message);
    default:
      return new InputFileError(file, null, null, error.message);
  }
}

function disconnectedMessage(result: MfrmDisconnected, file: string): string {
  const lines = [
    `concord: ${file}: the design is disconnected: the assessors fall into ${result.components_detail.length} groups that scored different submissions, so their severities cannot be put on one scale. Have some submissions scored across groups. The groups:`,
  ];
  result.components_detail.forEach((part, i) => {
    const subs = part.submissions.length <= 6 ? part.submissions.join(', ') : `${part.submissions.slice(0, 5).join(', ')}, ... ${part.submissions[part.submissions.length - 1]}`;
    lines.push(`  ${i + 1}. assessors ${part.raters.join(', ')}; ${part.submissions.length} submission${part.submissions.length === 1 ? '' : 's'} (${subs})`);
  });
  return lines.join('\n') + '\n';
}

/** The readable report: assessors sorted by severity with their flags, then the other facets. */
export function raschTable(result: MfrmEstimates, scores: RaschScores, file: string, anchor: MfrmAnchor | null, iterations: number): string {
  const out: string[] = [];
  const facetCount = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  out.push(`Concord: many-facet Rasch analysis of ${file}`);
  out.push(
    `Rating-scale model, joint maximum likelihood: ${facetCount(result.ratings_used, 'rating', 'ratings')} used of ${scores.ratings.length.toLocaleString('en')}, ` +
      `${facetCount(Object.keys(result.submissions).length, 'submission', 'submissions')}, ${facetCount(Object.keys(result.rows).length, 'criterion', 'criteria')}, ` +
      `${facetCount(Object.keys(result.raters).length, 'assessor', 'assessors')}, levels ${scores.levels.join(', ')}; ` +
      (result.converged ? `converged in ${iterations} iteration${iterations === 1 ? '' : 's'}.` : `NOT CONVERGED after ${iterations} iterations: read the numbers with care.`),
  );
  out.push(
    anchor
      ? `Severity in logits relative to "${anchor.rater}" (anchored at ${anchor.value}); positive is more severe, negative more lenient.`
      : 'Severity in logits relative to the mean assessor; positive is more severe, negative more lenient.',
  );
  out.push('');

  const raters = Object.entries(result.raters).sort(([a, x], [b, y]) => y.measure - x.measure || (a < b ? -1 : 1));
  out.push(
    ...table(
      ['assessor', 'severity', 'SE', 'infit', 'outfit', 'fair avg', 'ratings', 'flags'],
      raters.map(([id, r]) => [
        id,
        signed(r.measure),
        r.se.toFixed(2),
        r.infit.toFixed(2),
        r.outfit.toFixed(2),
        r.fair_average.toFixed(2),
        String(r.count),
        [...(r.anchored ? ['anchor'] : []), ...raterFlags(r)].join(', ') || '-',
      ]),
      [1, 2, 3, 4, 5, 6],
    ),
  );
  out.push(summaryLine('Assessors', result.facet_summary.raters));
  out.push('  (high assessor separation and reliability mean the assessors differ in severity: a programme wants them low)');
  out.push('');

  const rows = Object.entries(result.rows).sort(([a, x], [b, y]) => y.measure - x.measure || (a < b ? -1 : 1));
  out.push(
    ...table(
      ['criterion', 'difficulty', 'SE', 'infit', 'outfit', 'ratings'],
      rows.map(([id, r]) => [id, signed(r.measure), r.se.toFixed(2), r.infit.toFixed(2), r.outfit.toFixed(2), String(r.count)]),
      [1, 2, 3, 4, 5],
    ),
  );
  out.push(summaryLine('Criteria', result.facet_summary.rows));
  out.push('');
  const subs = result.facet_summary.submissions;
  out.push(`${summaryLine('Submissions', subs)}; mean measure ${signed(subs.mean)}, SD ${subs.observed_sd.toFixed(2)}`);
  out.push('');
  out.push(`Thresholds (Rasch-Andrich, logits): ${result.thresholds.map((f, k) => `${scores.levels[k]}->${scores.levels[k + 1]} ${signed(f)}`).join(', ')}`);
  const extreme = (['submissions', 'rows', 'raters'] as const)
    .filter((facet) => result.extreme[facet].length > 0)
    .map((facet) => `${{ submissions: 'submissions', rows: 'criteria', raters: 'assessors' }[facet]} ${listed(result.extreme[facet])}`);
  if (extreme.length > 0) out.push(`Extreme (every rating at the lowest or the highest level), left out: ${extreme.join('; ')}`);
  out.push('');
  const rules = RATER_FLAG_RULES;
  out.push(
    `Flags: severe / lenient when |severity| >= ${rules.severityLogits} logit and |severity / SE| >= ${rules.severityZ}; inconsistent when infit or outfit > ${rules.noisyMeanSquare}; ` +
      `muted when infit or outfit < ${rules.mutedMeanSquare}; insufficient_data under ${rules.minimumRatings} ratings. --json gives every number.`,
  );
  return out.join('\n');
}

function summaryLine(label: string, s: MfrmFacetSummary): string {
  return `${label}: separation ${s.separation.toFixed(2)}, strata ${s.strata.toFixed(2)}, reliability ${s.reliability.toFixed(2)}`;
}

function table(header: string[], rows: string[][], rightAligned: number[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)];
}

function signed(x: number): string {
  const text = x.toFixed(2);
  if (text === '-0.00') return '+0.00';
  return x >= 0 ? `+${text}` : text;
}

function listed(ids: string[]): string {
  return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')} and ${ids.length - 8} more`;
}
