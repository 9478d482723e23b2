/**
 * An assessor's monitoring profile in words: what each flag of the monitoring rules (R1 to R4) and
 * of the many-facet Rasch analysis means, to a trainer and to the assessor themself; which of the
 * trainer's pause actions an assessor's status allows; and the R1 window, live agreement, rates
 * and logits as sentences and short figures. Pure, so the wording is tested without a server.
 */
import type { FindingResponse, LiveWatchResponse, RaschProfileResponse, ValidityWindowResponse } from './api/schema';
import type { CertificationStatus } from './certification';
import { formatNumber, formatPercent, NO_VALUE } from './charts/format';
import type { ChipLook } from './components/chip';

export type MonitoringFlag = FindingResponse['flag'];
export type MonitoringRule = FindingResponse['rule'];
export type RaschFlag = RaschProfileResponse['flags'][number];
/** Who reads the profile: a trainer or researcher, or the assessor about themself. */
export type Audience = 'staff' | 'self';

/** The monitoring rules' constants the API does not send (issue 10, R1 and R4; the pool warning). */
export const WINDOW_ITEMS = 10;
export const MAX_NON_ADJACENT_MISSES = 1;
export const LIVE_ROWS = 20;
export const UNSEEN_WARNING_BELOW = 20;

/** The Rasch flag rules (the API's raterFlags): logits and |severity / SE| for severe or lenient, mean-squares for fit, ratings for enough data. */
export const RASCH_RULES = { severityLogits: 0.5, severityZ: 2, noisyMeanSquare: 1.5, mutedMeanSquare: 0.5, minimumRatings: 30 } as const;

const flagLooks: Record<MonitoringFlag, ChipLook> = {
  recalibration_required: { label: 'Recalibration required', tone: 'bad' },
  drifting_lenient: { label: 'Drifting lenient', tone: 'warn' },
  drifting_severe: { label: 'Drifting severe', tone: 'warn' },
  watch: { label: 'Watch', tone: 'warn' },
};

/** `drifting_lenient` -> { label: 'Drifting lenient', tone: 'warn' }. */
export function monitoringFlagLook(flag: string): ChipLook {
  return flagLooks[flag as MonitoringFlag] ?? { label: spelledOut(flag), tone: 'neutral' };
}

const ruleTitles: Record<MonitoringRule, string> = {
  R1: 'Recent validity items (R1)',
  R2: 'Accuracy drift on validity items (R2)',
  R3: 'Severity drift on validity items (R3)',
  R4: 'Live agreement with co-readers (R4)',
};

export function ruleTitle(rule: string): string {
  return ruleTitles[rule as MonitoringRule] ?? rule;
}

const staffMeanings: Record<MonitoringFlag, string> = {
  recalibration_required: 'The live queue is paused until the assessor passes a calibration set; the window and the CUSUM start again after it.',
  drifting_lenient: 'Of late the assessor gives higher levels than the true ones. Work continues: a note or a talk through the anchors may be enough.',
  drifting_severe: 'Of late the assessor gives lower levels than the true ones. Work continues: a note or a talk through the anchors may be enough.',
  watch: 'Live scores agree less with the co-readers than the rows need. Work continues; watch the next double-scored submissions.',
};

const selfMeanings: Record<MonitoringFlag, string> = {
  recalibration_required: 'Your recent validity items fell short of the standard, so your live queue is paused. Take a calibration set from My calibration: once you pass it, live scoring resumes.',
  drifting_lenient: 'Lately you have been giving higher levels than the experts’ true levels. You can keep scoring; look again at where each level begins in the anchors.',
  drifting_severe: 'Lately you have been giving lower levels than the experts’ true levels. You can keep scoring; look again at where each level begins in the anchors.',
  watch: 'Your live scores have agreed less often with the other reader of the same submissions than the rows need. You can keep scoring; your trainer is keeping an eye on it.',
};

/** What a flag means for the person reading, in a sentence or two. */
export function flagMeaning(flag: string, audience: Audience): string {
  const meanings = audience === 'self' ? selfMeanings : staffMeanings;
  return meanings[flag as MonitoringFlag] ?? '';
}

/** The API's reason without its rule prefix, as a sentence: `R2: the CUSUM ...` -> `The CUSUM ...`. */
export function findingReason(reason: string): string {
  const text = reason.replace(/^R\d:\s*/, '').trim();
  if (!text) return '';
  const sentence = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export interface RaschFlagText {
  label: string;
  explain: string;
}

const raschStaff: Record<RaschFlag, RaschFlagText> = {
  severe: { label: 'Severe', explain: 'Gives lower levels than the expert panel: at least 0.5 logit above it, and at least two standard errors away.' },
  lenient: { label: 'Lenient', explain: 'Gives higher levels than the expert panel: at least 0.5 logit below it, and at least two standard errors away.' },
  inconsistent: { label: 'Inconsistent', explain: 'Infit or outfit above 1.5: the levels vary more than the model expects, as if erratic on some responses or rows.' },
  muted: { label: 'Muted', explain: 'Infit or outfit below 0.5: the levels are more predictable than the model expects, often from a halo (one level on every row) or from keeping to the middle levels.' },
  insufficient_data: { label: 'Insufficient data', explain: 'Fewer than 30 ratings: the estimate is rough and the other flags may change as ratings come in.' },
};

const raschSelf: Record<RaschFlag, RaschFlagText> = {
  severe: { label: 'Severe', explain: 'You give lower levels than the expert panel would, by enough to be sure it is not chance.' },
  lenient: { label: 'Lenient', explain: 'You give higher levels than the expert panel would, by enough to be sure it is not chance.' },
  inconsistent: { label: 'Inconsistent', explain: 'Your levels jump around more than expected: similar responses sometimes get quite different levels from you.' },
  muted: { label: 'Muted', explain: 'Your levels are more alike than expected: you may be giving one level to every row of a response, or keeping to the middle levels and avoiding the ends of the scale.' },
  insufficient_data: { label: 'Too few ratings yet', explain: 'You have fewer than 30 ratings on these rows, so this picture is still rough.' },
};

export function raschFlagText(flag: string, audience: Audience): RaschFlagText {
  const table = audience === 'self' ? raschSelf : raschStaff;
  return table[flag as RaschFlag] ?? { label: spelledOut(flag), explain: '' };
}

/** A severe, lenient, inconsistent or muted flag reads bad or warn; too little data is neutral. */
export function raschFlagTone(flag: string): ChipLook['tone'] {
  if (flag === 'insufficient_data') return 'neutral';
  return flag === 'inconsistent' ? 'bad' : 'warn';
}

/** How an infit or outfit mean-square reads against the 0.5 and 1.5 bounds. */
export function fitReading(meanSquare: number | null): 'muted' | 'as expected' | 'noisy' | 'no value' {
  if (meanSquare === null || !Number.isFinite(meanSquare)) return 'no value';
  if (meanSquare > RASCH_RULES.noisyMeanSquare) return 'noisy';
  if (meanSquare < RASCH_RULES.mutedMeanSquare) return 'muted';
  return 'as expected';
}

/** Logits, signed, two decimals: `+0.62`, `−1.10`, `0.00`. */
export function formatLogit(value: number | null | undefined): string {
  return formatNumber(value, 2, true);
}

/** Where a severity stands against the experts at 0, judged by severity ± 2 SE. */
export function severityStanding(severity: number | null, se: number | null): 'severe' | 'lenient' | 'like the experts' | 'unknown' {
  if (severity === null || se === null || !Number.isFinite(severity) || !Number.isFinite(se)) return 'unknown';
  if (severity - 2 * se > 0) return 'severe';
  if (severity + 2 * se < 0) return 'lenient';
  return 'like the experts';
}

/** "52%–78%" for a Wilson interval, "–" without one. */
export function formatInterval(interval: readonly number[] | null | undefined): string {
  if (!interval || interval.length < 2) return NO_VALUE;
  const [low, high] = [Math.min(interval[0]!, interval[1]!), Math.max(interval[0]!, interval[1]!)];
  return `${formatPercent(low)}–${formatPercent(high)}`;
}

/** The R1 window in a sentence. */
export function windowSentence(window: ValidityWindowResponse, audience: Audience): string {
  if (window.items === 0) return audience === 'self' ? 'No validity item has been scored since your last restart.' : 'No validity item has been scored since the last restart.';
  const items = `${window.items} ${window.items === 1 ? 'validity item' : 'validity items'}`;
  const pooled = `exact agreement ${formatPercent(window.pooledRate)} over ${window.decisions} ${window.decisions === 1 ? 'decision' : 'decisions'}`;
  const limit = window.full ? `R1 fires below ${formatPercent(window.limit)}` : `judged against ${formatPercent(window.limit)} once ${WINDOW_ITEMS} items are in`;
  const misses = `${window.nonAdjacentMisses} ${window.nonAdjacentMisses === 1 ? 'miss' : 'misses'} by two or more levels (at most ${MAX_NON_ADJACENT_MISSES} allowed)`;
  return `The last ${items}: ${pooled} (${limit}); ${misses}.`;
}

/** R4 in a sentence: the rate against what the rows need, or how many rows are still to come. */
export function liveSentence(live: LiveWatchResponse, audience: Audience): string {
  if (live.rows === 0) return `None of ${audience === 'self' ? 'your' : 'the assessor’s'} live rows has been double-scored with a co-reader yet.`;
  const rate = `Exact agreement with co-readers ${formatPercent(live.rate)} over the last ${live.rows} double-scored ${live.rows === 1 ? 'row' : 'rows'}`;
  if (!live.full) return `${rate}; R4 is judged once ${LIVE_ROWS} rows are in (the rows need ${formatPercent(live.required)}).`;
  return live.rate < live.required - 1e-9 ? `${rate}, below the ${formatPercent(live.required)} the rows need.` : `${rate}, at or above the ${formatPercent(live.required)} the rows need.`;
}

/** The validity items left that the assessor has never seen, with the warning when they run short. */
export function unseenSentence(unseen: number | null): string {
  if (unseen === null) return 'No rubric version has validity items yet.';
  return `${unseen} unseen validity ${unseen === 1 ? 'item' : 'items'} left in the pool.`;
}

export type MonitoringAction = 'pause' | 'lift' | 'recalibration' | 'note';

/**
 * Why a trainer's pause action does not apply to an assessor in this status, or null when it
 * does: pause a qualified, probation or recalibration-required assessor; lift a suspended one;
 * require recalibration of a qualified or probation one; a note always.
 */
export function monitoringBlock(action: MonitoringAction, status: CertificationStatus): string | null {
  switch (action) {
    case 'pause':
      if (status === 'suspended') return 'The live queue is already paused: lift the pause instead.';
      return ['qualified', 'probation', 'recalibration_required'].includes(status) ? null : 'Only a certified assessor, or one required to recalibrate, can be paused.';
    case 'lift':
      return status === 'suspended' ? null : 'Only a suspended assessor has a pause to lift.';
    case 'recalibration':
      if (status === 'recalibration_required') return 'A recalibration is already required.';
      return status === 'qualified' || status === 'probation' ? null : 'A recalibration is required of a qualified assessor or one on probation.';
    case 'note':
      return null;
  }
}

/** What the pause statuses mean, to staff or to the assessor; null for the other statuses. */
export function pauseMeaning(status: CertificationStatus, audience: Audience): string | null {
  if (status === 'recalibration_required') {
    return audience === 'self'
      ? 'Your live queue is paused until you pass a calibration set.'
      : 'The live queue is paused until the assessor passes a calibration set; they then return to the status they held.';
  }
  if (status === 'suspended') {
    return audience === 'self'
      ? 'A trainer has paused your live queue. It resumes when the pause is lifted.'
      : 'A trainer paused the live queue. Lifting the pause returns the assessor to the status they held, or to recalibration when one is still required.';
  }
  return null;
}

function spelledOut(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}
