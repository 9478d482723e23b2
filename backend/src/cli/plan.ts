import { DEFAULT_THRESHOLD } from '../protocol/row-verdict.js';
import { DEFAULT_POWER, planRequestIssues, planSampleSize, type SampleSizePlan } from '../protocol/sample-size.js';
import { UsageError } from './usage-error.js';

export interface PlanCommand {
  expected: string | undefined;
  threshold: string | undefined;
  power: string | undefined;
  readers: string | undefined;
  at: string | undefined;
  json: boolean;
}

/** `concord plan`: the submissions a rubric row needs; bad input is a usage error (exit 2). */
export function runPlan(command: PlanCommand, stdout: NodeJS.WritableStream): number {
  if (command.expected === undefined) throw new UsageError('plan needs --expected, the true agreement the row is expected to have (for example --expected 0.9)');
  const expected = number('expected', command.expected);
  const threshold = command.threshold === undefined ? DEFAULT_THRESHOLD : number('threshold', command.threshold);
  const power = command.power === undefined ? DEFAULT_POWER : number('power', command.power);
  const readers = command.readers === undefined ? 2 : number('readers', command.readers);
  const at = command.at === undefined ? undefined : number('at', command.at);
  const request = { expected, threshold, power, readers, ...(at === undefined ? {} : { at }) };
  const errors = planRequestIssues(request);
  if (errors.length) throw new UsageError(errors.map((issue) => issue.message).join('; '));
  const plan = planSampleSize(request);
  stdout.write((command.json ? JSON.stringify(plan, null, 2) : planText(plan)) + '\n');
  return 0;
}

function number(name: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, not "${raw}"`);
  return value;
}

/** The readable plan. */
export function planText(plan: SampleSizePlan): string {
  const lines: string[] = [];
  lines.push(
    `Concord: submissions for a row with true agreement ${pct(plan.expected)} to be validated at ${pct(plan.threshold)} (lower 97.5% bound) with ${pct(plan.power)} power`,
  );
  lines.push('');
  lines.push(plan.submissions === null ? 'submissions needed: out of reach' : `submissions needed: ${plan.submissions}${plan.readers > 2 ? ' (at most)' : ''}`);
  if (plan.firstReaching !== null && plan.firstReaching !== plan.submissions) lines.push(`first reaching the power: ${plan.firstReaching}`);
  lines.push('');
  lines.push('submissions  power');
  for (const point of plan.powerAt) lines.push(`${String(point.submissions).padStart(11)}  ${pct(point.power).padStart(5)}`);
  lines.push('');
  for (const note of plan.notes) lines.push(`- ${note}`);
  return lines.join('\n');
}

function pct(x: number): string {
  const tenths = Math.round(x * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}
