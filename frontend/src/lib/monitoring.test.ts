import { describe, expect, it } from 'vitest';
import type { CertificationStatus } from './certification';
import {
  findingReason,
  fitReading,
  flagMeaning,
  formatInterval,
  formatLogit,
  liveSentence,
  monitoringBlock,
  monitoringFlagLook,
  pauseMeaning,
  raschFlagText,
  raschFlagTone,
  ruleTitle,
  severityStanding,
  unseenSentence,
  windowSentence,
} from './monitoring';

describe('monitoringFlagLook(flag)', () => {
  it.each([
    ['recalibration_required', 'Recalibration required', 'bad'],
    ['drifting_lenient', 'Drifting lenient', 'warn'],
    ['drifting_severe', 'Drifting severe', 'warn'],
    ['watch', 'Watch', 'warn'],
    ['something_new', 'Something new', 'neutral'],
  ])('%s reads %j in tone %s', (flag, label, tone) => {
    expect(monitoringFlagLook(flag)).toEqual({ label, tone });
  });
});

describe('ruleTitle(rule) and flagMeaning(flag, audience)', () => {
  it('names each rule by what it watches', () => {
    expect(['R1', 'R2', 'R3', 'R4', 'R9'].map(ruleTitle)).toEqual([
      'Recent validity items (R1)',
      'Accuracy drift on validity items (R2)',
      'Severity drift on validity items (R3)',
      'Live agreement with co-readers (R4)',
      'R9',
    ]);
  });

  it('says what a flag means to staff and, in plain words, to the assessor', () => {
    expect(flagMeaning('recalibration_required', 'staff')).toMatch(/^The live queue is paused until the assessor passes a calibration set/);
    expect(flagMeaning('recalibration_required', 'self')).toMatch(/your live queue is paused\. Take a calibration set from My calibration/);
    expect(flagMeaning('drifting_lenient', 'self')).toMatch(/^Lately you have been giving higher levels/);
    expect(flagMeaning('drifting_severe', 'self')).toMatch(/^Lately you have been giving lower levels/);
    expect(flagMeaning('watch', 'staff')).toMatch(/agree less with the co-readers/);
    expect(flagMeaning('unknown', 'staff')).toBe('');
  });
});

describe('findingReason(reason)', () => {
  it.each([
    ['R2: the CUSUM on misses reached 3.105 at validity row 14 since the restart, at or above h = 3', 'The CUSUM on misses reached 3.105 at validity row 14 since the restart, at or above h = 3.'],
    ['R4: exact agreement with co-readers 65% over the last 20 double-scored rows is below 80%', 'Exact agreement with co-readers 65% over the last 20 double-scored rows is below 80%.'],
    ['already a sentence.', 'Already a sentence.'],
    ['R1: ', ''],
  ])('%j reads %j', (reason, text) => {
    expect(findingReason(reason)).toBe(text);
  });
});

describe('raschFlagText(flag, audience) and raschFlagTone(flag)', () => {
  it('explains every Rasch flag to staff with its rule', () => {
    expect(raschFlagText('severe', 'staff')).toEqual({ label: 'Severe', explain: expect.stringContaining('lower levels than the expert panel: at least 0.5 logit above it') });
    expect(raschFlagText('lenient', 'staff').explain).toContain('higher levels than the expert panel');
    expect(raschFlagText('inconsistent', 'staff').explain).toContain('above 1.5');
    expect(raschFlagText('muted', 'staff').explain).toContain('below 0.5');
    expect(raschFlagText('insufficient_data', 'staff')).toEqual({ label: 'Insufficient data', explain: expect.stringContaining('Fewer than 30 ratings') });
  });

  it('speaks to the assessor without jargon', () => {
    expect(raschFlagText('muted', 'self').explain).toMatch(/^Your levels are more alike than expected/);
    expect(raschFlagText('insufficient_data', 'self').label).toBe('Too few ratings yet');
    expect(raschFlagText('new_flag', 'self')).toEqual({ label: 'New flag', explain: '' });
  });

  it('tones an erratic rater bad, a severe, lenient or muted one warn, too little data neutral', () => {
    expect(['inconsistent', 'severe', 'lenient', 'muted', 'insufficient_data'].map(raschFlagTone)).toEqual(['bad', 'warn', 'warn', 'warn', 'neutral']);
  });
});

describe('fitReading(meanSquare)', () => {
  it.each([
    [0.49, 'muted'],
    [0.5, 'as expected'],
    [1.5, 'as expected'],
    [1.51, 'noisy'],
    [null, 'no value'],
    [Number.NaN, 'no value'],
  ] as const)('%d reads %j', (value, reading) => {
    expect(fitReading(value)).toBe(reading);
  });
});

describe('severityStanding(severity, se) and formatLogit(value)', () => {
  it.each([
    [0.62, 0.2, 'severe'],
    [-0.9, 0.2, 'lenient'],
    [0.3, 0.25, 'like the experts'],
    [null, 0.2, 'unknown'],
  ] as const)('severity %d with SE %d is %j', (severity, se, standing) => {
    expect(severityStanding(severity, se)).toBe(standing);
  });

  it('signs logits with a true minus', () => {
    expect([0.62, -1.1, 0, null].map(formatLogit)).toEqual(['+0.62', '−1.10', '0.00', '–']);
  });
});

describe('formatInterval(interval)', () => {
  it.each([
    [[0.68, 0.91], '68%–91%'],
    [[0.91, 0.68], '68%–91%'],
    [null, '–'],
    [[], '–'],
  ])('%j reads %j', (interval, text) => {
    expect(formatInterval(interval)).toBe(text);
  });
});

describe('windowSentence(window, audience)', () => {
  it('gives the pooled rate with its limit and the far misses', () => {
    expect(windowSentence({ items: 10, full: true, decisions: 30, pooledRate: 0.6, limit: 0.7, nonAdjacentMisses: 2 }, 'staff')).toBe(
      'The last 10 validity items: exact agreement 60% over 30 decisions (R1 fires below 70%); 2 misses by two or more levels (at most 1 allowed).',
    );
  });

  it('says the pooled rate waits for a full window', () => {
    expect(windowSentence({ items: 1, full: false, decisions: 1, pooledRate: 1, limit: 0.7, nonAdjacentMisses: 0 }, 'staff')).toBe(
      'The last 1 validity item: exact agreement 100% over 1 decision (judged against 70% once 10 items are in); 0 misses by two or more levels (at most 1 allowed).',
    );
  });

  it('says when there is nothing yet, to each reader', () => {
    const empty = { items: 0, full: false, decisions: 0, pooledRate: 0, limit: 0.7, nonAdjacentMisses: 0 };
    expect(windowSentence(empty, 'staff')).toBe('No validity item has been scored since the last restart.');
    expect(windowSentence(empty, 'self')).toBe('No validity item has been scored since your last restart.');
  });
});

describe('liveSentence(live, audience)', () => {
  it.each([
    { live: { rows: 20, full: true, rate: 0.65, required: 0.8 }, expected: 'Exact agreement with co-readers 65% over the last 20 double-scored rows, below the 80% the rows need.' },
    { live: { rows: 20, full: true, rate: 0.85, required: 0.8 }, expected: 'Exact agreement with co-readers 85% over the last 20 double-scored rows, at or above the 80% the rows need.' },
    { live: { rows: 4, full: false, rate: 0.5, required: 0.8 }, expected: 'Exact agreement with co-readers 50% over the last 4 double-scored rows; R4 is judged once 20 rows are in (the rows need 80%).' },
    { live: { rows: 0, full: false, rate: 0, required: 0.8 }, expected: 'None of the assessor’s live rows has been double-scored with a co-reader yet.' },
  ])('$expected', ({ live, expected }) => {
    expect(liveSentence(live, 'staff')).toBe(expected);
  });

  it('speaks to the assessor', () => {
    expect(liveSentence({ rows: 0, full: false, rate: 0, required: 0.8 }, 'self')).toBe('None of your live rows has been double-scored with a co-reader yet.');
  });
});

describe('unseenSentence(unseen)', () => {
  it.each([
    [12, '12 unseen validity items left in the pool.'],
    [1, '1 unseen validity item left in the pool.'],
    [null, 'No rubric version has validity items yet.'],
  ])('%j reads %j', (unseen, text) => {
    expect(unseenSentence(unseen)).toBe(text);
  });
});

describe('monitoringBlock(action, status)', () => {
  const statuses: CertificationStatus[] = ['in_training', 'qualifying', 'qualified', 'probation', 'recalibration_required', 'suspended', 'not_qualified', 'removed', 'expired'];
  const allowed = (action: Parameters<typeof monitoringBlock>[0]) => statuses.filter((status) => monitoringBlock(action, status) === null);

  it('pauses a qualified, probation or recalibration-required assessor', () => {
    expect(allowed('pause')).toEqual(['qualified', 'probation', 'recalibration_required']);
    expect(monitoringBlock('pause', 'suspended')).toBe('The live queue is already paused: lift the pause instead.');
    expect(monitoringBlock('pause', 'not_qualified')).toBe('Only a certified assessor, or one required to recalibrate, can be paused.');
  });

  it('lifts only a suspended assessor’s pause', () => {
    expect(allowed('lift')).toEqual(['suspended']);
    expect(monitoringBlock('lift', 'qualified')).toBe('Only a suspended assessor has a pause to lift.');
  });

  it('requires recalibration of a qualified or probation assessor', () => {
    expect(allowed('recalibration')).toEqual(['qualified', 'probation']);
    expect(monitoringBlock('recalibration', 'recalibration_required')).toBe('A recalibration is already required.');
    expect(monitoringBlock('recalibration', 'suspended')).toBe('A recalibration is required of a qualified assessor or one on probation.');
  });

  it('takes a note in any status', () => {
    expect(allowed('note')).toEqual(statuses);
  });
});

describe('pauseMeaning(status, audience)', () => {
  it('says what each pause means, and nothing for the other statuses', () => {
    expect(pauseMeaning('recalibration_required', 'self')).toBe('Your live queue is paused until you pass a calibration set.');
    expect(pauseMeaning('suspended', 'staff')).toMatch(/^A trainer paused the live queue\. Lifting the pause returns the assessor/);
    expect(pauseMeaning('qualified', 'staff')).toBeNull();
  });
});
