import { describe, expect, it } from 'vitest';
import type { ConfusionResponse, ReportRowResponse, ValidationWindowResponse } from './api/schema';
import {
  ac1Of,
  agreementText,
  alphaOf,
  capitalise,
  categoryLabels,
  changeText,
  confusionSentence,
  kappaOf,
  measureInterval,
  measureIntervalText,
  levelName,
  parseSort,
  progressSentence,
  reasonTally,
  reportFileName,
  reportPhase,
  sortRows,
  summarySentence,
  windowDetail,
  windowPhase,
} from './report';

const estimate = (value: number | null) => ({ value, se: null, ci: null, interval: null });

function row(criterion: string, agreement: number | null, extra: Partial<ReportRowResponse> = {}): ReportRowResponse {
  return {
    criterion,
    title: criterion,
    descriptor: '',
    levels: [
      { value: '1', label: 'Beginning', descriptor: '' },
      { value: '2', label: 'Developing', descriptor: '' },
      { value: '3', label: 'Proficient', descriptor: '' },
    ],
    carriedOver: false,
    scale: 'ordinal',
    categories: [1, 2, 3],
    units: 10,
    raters: 2,
    ratings: 20,
    metrics: agreement === null ? {} : { percent_agreement: estimate(agreement) },
    decision: 'validated',
    verdict: 'validated',
    evidence: 'conclusive',
    evidence_interval: null,
    evidence_method: 'clopper_pearson',
    more_submissions: null,
    notes: [],
    matrix: { kind: 'confusion', categories: [1, 2, 3], counts: [], n: 0 },
    early_signal: null,
    trend: [],
    closed_at: null,
    confusions: [],
    adjudication_reasons: { rubric_unclear: 0, evidence_ambiguous: 0, assessor_error: 0, other: 0 },
    adjudication_notes: [],
    comments: [],
    comparison: null,
    ...extra,
  };
}

const nominal = { levels: [{ value: 'not_evident', label: 'Not evident', descriptor: '' }, { value: 'evident', label: 'Evident', descriptor: '' }] };

describe('kappaOf(row), alphaOf(row), ac1Of(row)', () => {
  it("kappaOf(row) is Cohen's when the row has it, Fleiss' otherwise", () => {
    expect(kappaOf(row('a', 1, { metrics: { cohen_kappa: estimate(0.5), fleiss_kappa: estimate(0.4) } }))).toMatchObject({ key: 'cohen_kappa', estimate: { value: 0.5 } });
    expect(kappaOf(row('a', 1, { metrics: { fleiss_kappa: estimate(0.4) } }))).toMatchObject({ key: 'fleiss_kappa', short: 'Fleiss', estimate: { value: 0.4 } });
    expect(kappaOf(row('a', 1, { metrics: {} })).estimate).toBeNull();
  });

  it.each([
    ['ordinal', { krippendorff_alpha_ordinal: estimate(0.9), krippendorff_alpha_nominal: estimate(0.7) }, 'krippendorff_alpha_ordinal', 0.9],
    ['nominal', { krippendorff_alpha_ordinal: estimate(0.9), krippendorff_alpha_nominal: estimate(0.7) }, 'krippendorff_alpha_nominal', 0.7],
    ['ordinal', { krippendorff_alpha_nominal: estimate(0.7) }, 'krippendorff_alpha_nominal', 0.7],
  ] as const)('alphaOf(row) on a %s row with %j is %s', (scale, metrics, key, value) => {
    expect(alphaOf(row('a', 1, { scale, metrics }))).toMatchObject({ key, estimate: { value } });
  });

  it("ac1Of(row) is Gwet's AC1", () => {
    expect(ac1Of(row('a', 1, { metrics: { gwet_ac1: estimate(0.8) } })).estimate?.value).toBe(0.8);
  });
});

describe('sortRows(rows, order)', () => {
  const rows = [row('a', 0.9), row('b', 0.6), row('c', null), row('d', 0.6), row('e', 0.95)];
  it.each([
    ['rubric', ['a', 'b', 'c', 'd', 'e']],
    ['agreement', ['b', 'd', 'a', 'e', 'c']],
    ['agreement-desc', ['e', 'a', 'b', 'd', 'c']],
  ] as const)('sortRows(rows, %j) gives %j (ties keep rubric order, no value last)', (order, keys) => {
    expect(sortRows(rows, order).map((r) => r.criterion)).toEqual(keys);
  });

  it('leaves its input alone', () => {
    sortRows(rows, 'agreement');
    expect(rows.map((r) => r.criterion)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it.each([
    [null, 'rubric'],
    ['agreement', 'agreement'],
    ['agreement-desc', 'agreement-desc'],
    ['nonsense', 'rubric'],
  ] as const)('parseSort(%j) is %j', (value, order) => {
    expect(parseSort(value)).toBe(order);
  });
});

describe('levelName(row, value) and confusionSentence(row, confusion)', () => {
  it.each([
    [row('a', 1), 2, '2 (Developing)'],
    [row('a', 1), '3', '3 (Proficient)'],
    [row('a', 1), 9, '9'],
    [row('a', 1, nominal), 'not_evident', 'Not evident'],
  ] as const)('levelName(row, %j) is %j', (r, value, name) => {
    expect(levelName(r, value)).toBe(name);
  });

  it('categoryLabels(row, categories) gives each level its label', () => {
    expect(categoryLabels(row('a', 1), [1, 2, 3, 4])).toEqual(['Beginning', 'Developing', 'Proficient', '4']);
  });

  const split = (c: Partial<ConfusionResponse>): ConfusionResponse => ({ lower: 2, higher: 3, count: 13, settledLower: 0, settledHigher: 0, settledOther: 0, pending: 0, ...c });
  it.each([
    [split({ settledLower: 13 }), 'Readers split between 2 (Developing) and 3 (Proficient) 13 times; adjudication settled on 2 in 13.'],
    [split({ count: 5, settledLower: 2, settledHigher: 3 }), 'Readers split between 2 (Developing) and 3 (Proficient) 5 times; adjudication settled on 2 in 2, on 3 in 3.'],
    [split({ count: 1, pending: 1 }), 'Readers split between 2 (Developing) and 3 (Proficient) 1 time; 1 not adjudicated yet.'],
    [split({ count: 4, settledOther: 1, settledHigher: 1, pending: 2 }), 'Readers split between 2 (Developing) and 3 (Proficient) 4 times; adjudication settled on 3 in 1, on another level in 1; 2 not adjudicated yet.'],
  ])('confusionSentence(row, %j)', (confusion, sentence) => {
    expect(confusionSentence(row('a', 1), confusion)).toBe(sentence);
  });

  it('confusionSentence names nominal levels by their labels', () => {
    expect(confusionSentence(row('a', 1, nominal), split({ lower: 'not_evident', higher: 'evident', count: 4, settledLower: 2, settledHigher: 2 }))).toBe(
      'Readers split between Not evident and Evident 4 times; adjudication settled on Not evident in 2, on Evident in 2.',
    );
  });
});

describe('reasonTally(reasons)', () => {
  it('lists every reason, most frequent first, ties in the API order, with the total', () => {
    expect(reasonTally({ rubric_unclear: 2, evidence_ambiguous: 0, assessor_error: 5, other: 2 })).toEqual({
      rows: [
        { reason: 'assessor_error', label: 'Assessor error', count: 5 },
        { reason: 'rubric_unclear', label: 'Rubric unclear', count: 2 },
        { reason: 'other', label: 'Other', count: 2 },
        { reason: 'evidence_ambiguous', label: 'Evidence ambiguous', count: 0 },
      ],
      total: 9,
    });
  });
});

describe('window phases', () => {
  const window = (status: ValidationWindowResponse['status']): Pick<ValidationWindowResponse, 'status' | 'progress'> => ({
    status,
    progress: { studySubmissions: 30, targetSubmissions: 50, scoresExpected: 60, scoresReceived: 50, fullyScoredSubmissions: 25, disagreeingSubmissions: 8, adjudicatedSubmissions: 2, awaitingAdjudication: 6 },
  });
  it.each([
    ['collecting', 'collecting 25/50', '30 received, 50 of 60 scores in'],
    ['adjudicating', 'adjudicating 6 left', '2 of 8 disagreements settled'],
    ['complete', 'complete', '25 scored, 2 adjudicated'],
  ] as const)('a %s window reads %j, with %j', (status, phase, detail) => {
    expect(windowPhase(window(status))).toBe(phase);
    expect(windowDetail(window(status))).toBe(detail);
  });

  it('reportPhase(window) reads the same phrase from a report', () => {
    expect(reportPhase({ status: 'collecting', fullyScored: 37, targetSubmissions: 50, awaitingAdjudication: 0 })).toBe('collecting 37/50');
  });

  it.each([
    [{ fullyScored: 25, targetSubmissions: 50, studySubmissions: 30 }, '25 of 50 study submissions fully scored (30 received).'],
    [{ fullyScored: 50, targetSubmissions: 50, studySubmissions: 50 }, '50 of 50 study submissions fully scored.'],
  ])('progressSentence(%j)', (window, sentence) => {
    expect(progressSentence(window)).toBe(sentence);
  });
});

describe('small wordings', () => {
  it.each([
    [0.2, '+20 pts'],
    [-0.04, '\u22124 pts'],
    [0.001, 'no change'],
    [null, ''],
  ])('changeText(%j) is %j', (change, text) => {
    expect(changeText(change)).toBe(text);
  });

  it('summarySentence, agreementText, reportFileName and capitalise', () => {
    expect(summarySentence({ rows: 6, validated: 2, meetsRuleNotDemonstrated: 3, needsRevision: 1, likelyValidated: 0, likelyNeedsRevision: 0, undetermined: 0, tooEarly: 0, undefined: 0 })).toBe('2 validated, 3 meet the rule but not demonstrated, 1 needs revision');
    expect(summarySentence({ ...{ rows: 0, validated: 0, meetsRuleNotDemonstrated: 0, needsRevision: 0, likelyValidated: 0, likelyNeedsRevision: 0, undetermined: 0, tooEarly: 0, undefined: 0 }, rows: 6, likelyNeedsRevision: 1, undetermined: 3, tooEarly: 2 })).toBe(
      '1 likely needs revision, 3 undetermined so far, 2 too early to tell',
    );
    expect(agreementText(0.88, [0.79, 0.97])).toBe('88% (79% to 97%)');
    expect(agreementText(null, null)).toBe('–');
    expect(reportFileName(1, 2, 'csv')).toBe('report-credential-1-v2.csv');
    expect(capitalise('collecting 25/50')).toBe('Collecting 25/50');
  });
});

describe('measureIntervalText and measureInterval', () => {
  it('give the recommended interval of a measure, or null when it has none', () => {
    const estimate = { value: 0.51, se: 0.1, ci: [0.31, 0.71], interval: { lo: 0.3, hi: 0.7, method: 'wilson' } };
    expect(measureIntervalText(estimate)).toBe('0.30 to 0.70');
    expect(measureInterval(estimate)).toEqual([0.3, 0.7]);
    expect(measureIntervalText({ value: null, se: null, ci: null, interval: null })).toBeNull();
    expect(measureInterval(null)).toBeNull();
  });
});
