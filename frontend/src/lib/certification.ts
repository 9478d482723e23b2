/**
 * Assessor certification in words: what each status, item status, pool, set and timeline action
 * reads as (and the tone of its chip), why a set failed, which line of an expert-panel file is at
 * fault, and rubric row keys and level values as the titles and labels people know. Pure, so the
 * wording is tested without a server.
 */
import type {
  AssessorCertificationResponse,
  AttemptSummaryResponse,
  CalibrationItemResponse,
  ItemFeedbackRowResponse,
  JudgementResponse,
  PoolResponse,
  RubricRowResponse,
  MyCredentialCalibrationResponse,
} from './api/schema';
import { formatPercent } from './charts/format';
import type { ChipLook } from './components/chip';

export type CertificationStatus = AssessorCertificationResponse['status'];
export type ItemStatus = CalibrationItemResponse['status'];
export type Provenance = CalibrationItemResponse['provenance'];
export type PoolName = PoolResponse['pool'];
export type AttemptKind = AttemptSummaryResponse['kind'];
/** The kinds of set an assessor starts. */
export type SetKind = MyCredentialCalibrationResponse['mayStart'][number];
export type AttemptStatus = AttemptSummaryResponse['status'];
export type Match = ItemFeedbackRowResponse['match'];

const statusLooks: Record<CertificationStatus, ChipLook> = {
  in_training: { label: 'In training', tone: 'neutral' },
  qualifying: { label: 'Qualifying', tone: 'neutral' },
  qualified: { label: 'Qualified', tone: 'good' },
  probation: { label: 'On probation', tone: 'warn' },
  not_qualified: { label: 'Not qualified', tone: 'bad' },
  removed: { label: 'Removed', tone: 'bad' },
  expired: { label: 'Expired', tone: 'warn' },
  recalibration_required: { label: 'Recalibration required', tone: 'bad' },
  suspended: { label: 'Suspended', tone: 'bad' },
};

/** `not_qualified` -> { label: 'Not qualified', tone: 'bad' }. */
export function statusLook(status: CertificationStatus): ChipLook {
  return statusLooks[status] ?? { label: spelledOut(status), tone: 'neutral' };
}

/** Every status in the order of the certification path, for pickers and summaries. */
export const CERTIFICATION_STATUSES: readonly CertificationStatus[] = [
  'in_training',
  'qualifying',
  'qualified',
  'probation',
  'recalibration_required',
  'suspended',
  'not_qualified',
  'removed',
  'expired',
];

/** Statuses a trainer may set by override, in the API's order. */
export const OVERRIDE_STATUSES = ['in_training', 'qualified', 'probation', 'not_qualified', 'removed'] as const;
export type OverrideStatus = (typeof OVERRIDE_STATUSES)[number];

const itemLooks: Record<ItemStatus, ChipLook> = {
  candidate: { label: 'Candidate', tone: 'neutral' },
  ambiguous: { label: 'Ambiguous', tone: 'warn' },
  confirmed: { label: 'Confirmed', tone: 'good' },
};

export function itemStatusLook(status: ItemStatus): ChipLook {
  return itemLooks[status] ?? { label: spelledOut(status), tone: 'neutral' };
}

export const ITEM_STATUS_FILTERS: readonly { value: ItemStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'Every status' },
  { value: 'candidate', label: 'Candidates (to confirm)' },
  { value: 'ambiguous', label: 'Ambiguous (to settle)' },
  { value: 'confirmed', label: 'Confirmed' },
];

/** `?status=` -> an item status, or 'all' for anything else. */
export function parseItemStatus(value: string | null): ItemStatus | 'all' {
  return value === 'candidate' || value === 'ambiguous' || value === 'confirmed' ? value : 'all';
}

const provenanceLabels: Record<Provenance, string> = {
  agreed: 'Readers agreed live',
  adjudicated: 'Adjudicated live',
  expert_panel: 'Expert panel',
};

export function provenanceLabel(provenance: Provenance): string {
  return provenanceLabels[provenance] ?? spelledOut(provenance);
}

export interface PoolInfo {
  title: string;
  purpose: string;
}

const pools: Record<PoolName, PoolInfo> = {
  anchor: { title: 'Anchor', purpose: 'Exemplars shown with their true levels and rationales, for study before any set.' },
  practice: { title: 'Practice', purpose: 'The practice set: the true level and rationale are shown right after each item.' },
  qualifying: { title: 'Qualifying', purpose: 'Each assessor’s qualifying sets A and B (and C in an extra round) are drawn from here.' },
  calibration: { title: 'Calibration', purpose: 'Sets for certified assessors after a rubric revision, on the changed rows.' },
  validity: { title: 'Validity', purpose: 'Kept apart for validity items in live queues.' },
};

export function poolInfo(pool: PoolName): PoolInfo {
  return pools[pool] ?? { title: spelledOut(pool), purpose: '' };
}

/** "Qualifying set A", "Practice set", "Calibration set". */
export function attemptName(attempt: { kind: AttemptKind; label: string | null }): string {
  switch (attempt.kind) {
    case 'practice':
      return 'Practice set';
    case 'qualifying':
      return attempt.label ? `Qualifying set ${attempt.label}` : 'Qualifying set';
    case 'calibration':
      return 'Calibration set';
    case 'validity':
      return 'Validity items (seeded in the live queue)';
  }
  return spelledOut(String(attempt.kind));
}

const attemptLooks: Record<AttemptStatus, ChipLook> = {
  in_progress: { label: 'In progress', tone: 'neutral' },
  passed: { label: 'Passed', tone: 'good' },
  failed: { label: 'Not passed', tone: 'bad' },
  completed: { label: 'Completed', tone: 'neutral' },
};

export function attemptStatusLook(status: AttemptStatus): ChipLook {
  return attemptLooks[status] ?? { label: spelledOut(status), tone: 'neutral' };
}

const matchLooks: Record<Match, ChipLook> = {
  exact: { label: 'Exact', tone: 'good' },
  adjacent: { label: 'Adjacent: one level off', tone: 'warn' },
  non_adjacent: { label: 'Non-adjacent: further off', tone: 'bad' },
  unanswered: { label: 'Unanswered', tone: 'neutral' },
};

/** How far an answer was from the true level; on a row without an order a miss is just a different level. */
export function matchLook(match: Match, nominal = false): ChipLook {
  if (nominal && match === 'non_adjacent') return { label: 'Different level', tone: 'bad' };
  return matchLooks[match] ?? { label: spelledOut(match), tone: 'neutral' };
}

/** A timeline action (`set_A_failed`, `remediation_assigned`) as a sentence fragment. */
export function actionText(action: string): string {
  const set = action.match(/^set_([A-Z])_(passed|failed)$/);
  if (set) return `${set[2] === 'passed' ? 'Passed' : 'Did not pass'} qualifying set ${set[1]}`;
  switch (action) {
    case 'qualifying_started':
      return 'Started qualifying';
    case 'qualifying_set_started':
      return 'Started a qualifying set';
    case 'calibration_passed':
      return 'Passed a calibration set';
    case 'calibration_failed':
      return 'Did not pass a calibration set';
    case 'remediation_assigned':
      return 'Remediation assigned';
    case 'extra_round_opened':
      return 'Extra round opened';
    case 'certified_on_probation':
      return 'Certified on probation';
    case 'override':
      return 'Status overridden by a trainer';
    case 'expired':
      return 'Certification expired';
    case 'recalibration_required_R1':
      return 'Recalibration required by the recent validity items (R1)';
    case 'recalibration_required_R2':
      return 'Recalibration required by accuracy drift (R2)';
    case 'recalibration_required_reentry':
      return 'Recalibration required after a return from a break in scoring';
    case 'recalibration_required_trainer':
      return 'Recalibration required by a trainer';
    case 'recalibration_already_required':
      return 'Recalibration required again (already pending)';
    case 'recalibration_required_while_suspended':
      return 'Recalibration required while paused';
    case 'recalibration_passed':
      return 'Passed the recalibration set';
    case 'suspended':
      return 'Live queue paused by a trainer';
    case 'suspension_lifted':
      return 'Pause lifted';
    case 'note':
      return 'Trainer’s note';
    default:
      return spelledOut(action);
  }
}

export type TrainerAction = 'remediation' | 'extra_round' | 'probation' | 'override';

/**
 * Why a trainer's action does not apply to an assessor in this state (the rules the API enforces),
 * or null when it does. An override always applies.
 */
export function actionBlock(action: TrainerAction, state: { status: CertificationStatus; remediationAssigned: boolean; round: number }): string | null {
  switch (action) {
    case 'remediation':
      return state.status === 'not_qualified' ? null : 'Remediation is assigned to an assessor who is not qualified.';
    case 'extra_round':
      if (state.status !== 'not_qualified') return 'An extra round is opened for an assessor who is not qualified.';
      if (state.round >= 2) return 'The extra round was already taken.';
      return state.remediationAssigned ? null : 'Assign remediation first: the extra round follows it.';
    case 'probation':
      return ['qualifying', 'not_qualified', 'expired'].includes(state.status) ? null : 'Probation is for an assessor who is qualifying, not qualified or expired.';
    case 'override':
      return null;
  }
}

/** Row titles and level labels of a rubric version, with the raw key or value when unknown. */
export interface RubricLookup {
  rows: readonly RubricRowResponse[];
  title(key: string): string;
  label(key: string, value: string | null | undefined): string;
  row(key: string): RubricRowResponse | undefined;
}

export function rubricLookup(rows: readonly RubricRowResponse[] | null | undefined): RubricLookup {
  const list = rows ?? [];
  const byKey = new Map(list.map((row) => [row.key, row]));
  return {
    rows: list,
    row: (key) => byKey.get(key),
    title: (key) => byKey.get(key)?.title ?? key,
    label: (key, value) => {
      if (value === null || value === undefined || value === '') return '–';
      return byKey.get(key)?.levels.find((level) => level.value === value)?.label ?? value;
    },
  };
}

/**
 * Why a set was not passed, one sentence per broken condition, with row titles: the pooled
 * exact agreement against what the set needs, a row below its floor, a row with too many answers
 * two or more levels off (on a row without an order every miss is that far). Falls back to the
 * API's own sentences for a failure it cannot name from the numbers.
 */
export function failureSentences(judgement: JudgementResponse, rubric: RubricLookup): string[] {
  if (judgement.passed) return [];
  const sentences: string[] = [];
  if (judgement.decisions > 0 && judgement.pooledRate < judgement.pooledRequired - 1e-9) {
    sentences.push(
      `Exact agreement over all ${judgement.decisions} decisions was ${formatPercent(judgement.pooledRate)}; a pass needs ${formatPercent(judgement.pooledRequired)}.`,
    );
  }
  for (const row of judgement.rows) {
    const title = rubric.title(row.key);
    if (!row.meetsFloor) {
      sentences.push(`${title}: ${row.exact} of ${row.decisions} exact (${formatPercent(row.exactRate)}), below the row’s floor of ${formatPercent(row.floor)}.`);
    }
    if (!row.withinNonAdjacent) {
      const nominal = rubric.row(row.key)?.scale === 'nominal';
      sentences.push(
        nominal
          ? `${title}: ${row.nonAdjacent} ${row.nonAdjacent === 1 ? 'answer' : 'answers'} missed the true level, more than a set allows (the row has no order, so every miss counts as far).`
          : `${title}: ${row.nonAdjacent} ${row.nonAdjacent === 1 ? 'answer was' : 'answers were'} two or more levels from the true level, more than a set allows.`,
      );
    }
  }
  return sentences.length > 0 ? sentences : [...judgement.failures];
}

/**
 * The API names rows and levels by key (`row scoring_tool level 4 is missing`); this puts the
 * row's title and the level's label in their place.
 */
export function withRubricNames(text: string, rubric: RubricLookup): string {
  return text
    .replace(/\brow ([\w-]+) level ([\w-]+)/g, (whole, key: string, value: string) =>
      rubric.row(key) ? `“${rubric.title(key)}” at level “${rubric.label(key, value)}”` : whole,
    )
    .replace(/\brow ([\w-]+)/g, (whole, key: string) => (rubric.row(key) ? `row “${rubric.title(key)}”` : whole));
}

export interface FileProblem {
  line: number | null;
  field: string | null;
  message: string;
}

/** The 422 of a CSV upload (`{ field: 'line 3, criterion', message }`) as line, column and message. */
export function fileProblems(issues: readonly { field: string; message: string }[]): FileProblem[] {
  return issues
    .map((issue) => {
      const located = issue.field.match(/^line (\d+)(?:, (.+))?$/);
      if (located) return { line: Number(located[1]), field: located[2] ?? null, message: issue.message };
      return { line: null, field: issue.field === 'file' ? null : issue.field, message: issue.message };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** How far the level given lies from the true level, by position in the row's levels. */
export function distanceKind(trueIndex: number, givenIndex: number, ordinal: boolean): 'exact' | 'adjacent' | 'far' {
  if (trueIndex === givenIndex) return 'exact';
  return ordinal && Math.abs(trueIndex - givenIndex) === 1 ? 'adjacent' : 'far';
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const momentFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO date as a day ("12 Mar 2027"), or "–" for none. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}

/** An ISO date as a day and time, or "–" for none. */
export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : momentFormat.format(date);
}

/** "1 item", "3 items". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function spelledOut(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}
