/**
 * What each row decision (final or provisional), verdict, evidence and window status reads as on a chip, and its tone.
 * The word always carries the meaning; the tone (colour) only repeats it.
 */

export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

export interface ChipLook {
  label: string;
  tone: Tone;
}

const looks: Record<string, ChipLook> = {
  validated: { label: 'Validated', tone: 'good' },
  meets_rule_not_demonstrated: { label: 'Meets rule, not demonstrated', tone: 'warn' },
  needs_revision: { label: 'Needs revision', tone: 'bad' },
  too_early: { label: 'Too early', tone: 'neutral' },
  undefined: { label: 'Undefined', tone: 'neutral' },
  conclusive: { label: 'Conclusive', tone: 'neutral' },
  inconclusive: { label: 'Inconclusive', tone: 'warn' },
  likely_validated: { label: 'Likely validated', tone: 'good' },
  likely_needs_revision: { label: 'Likely needs revision', tone: 'bad' },
  undetermined: { label: 'Undetermined', tone: 'warn' },
  collecting: { label: 'Collecting', tone: 'neutral' },
  adjudicating: { label: 'Adjudicating', tone: 'warn' },
  complete: { label: 'Complete', tone: 'good' },
};

/** `needs_revision` -> { label: 'Needs revision', tone: 'bad' }; unknown values are spelled out, neutral. */
export function chipLook(value: string): ChipLook {
  const known = looks[value];
  if (known) return known;
  const words = value.replace(/[_-]+/g, ' ').trim();
  return { label: words ? words[0]!.toUpperCase() + words.slice(1) : value, tone: 'neutral' };
}
