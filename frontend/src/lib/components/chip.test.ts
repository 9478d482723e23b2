import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Chip from './Chip.svelte';
import { chipLook } from './chip';

describe('chipLook(value)', () => {
  it.each([
    ['validated', 'Validated', 'good'],
    ['needs_revision', 'Needs revision', 'bad'],
    ['meets_rule_not_demonstrated', 'Meets rule, not demonstrated', 'warn'],
    ['too_early', 'Too early', 'neutral'],
    ['undefined', 'Undefined', 'neutral'],
    ['conclusive', 'Conclusive', 'neutral'],
    ['inconclusive', 'Inconclusive', 'warn'],
    ['likely_validated', 'Likely validated', 'good'],
    ['likely_needs_revision', 'Likely needs revision', 'bad'],
    ['undetermined', 'Undetermined', 'warn'],
    ['collecting', 'Collecting', 'neutral'],
    ['adjudicating', 'Adjudicating', 'warn'],
    ['complete', 'Complete', 'good'],
    ['rubric_unclear', 'Rubric unclear', 'neutral'],
    ['', '', 'neutral'],
  ])('chipLook(%j) reads %j in tone %s', (value, label, tone) => {
    expect(chipLook(value)).toEqual({ label, tone });
  });
});

describe('Chip', () => {
  it('writes the verdict in words with its tone as a class, and the kind for screen readers', () => {
    const { container } = render(Chip, { props: { value: 'needs_revision', kind: 'verdict' } });
    const chip = container.querySelector('.chip')!;
    expect(chip.textContent?.replace(/\s+/g, ' ').trim()).toBe('verdict: Needs revision');
    expect(chip.classList.contains('bad')).toBe(true);
    expect(screen.getByText('verdict:', { exact: false }).classList.contains('visually-hidden')).toBe(true);
  });

  it('takes a label and tone that override the defaults', () => {
    const { container } = render(Chip, { props: { value: 'collecting', label: 'Collecting 37/50', tone: 'warn' } });
    const chip = container.querySelector('.chip')!;
    expect(chip.textContent?.trim()).toBe('Collecting 37/50');
    expect(chip.classList.contains('warn')).toBe(true);
  });
});
