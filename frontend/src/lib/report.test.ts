import { describe, expect, it } from 'vitest';
import type { ConfusionResponse, ReportRowResponse, ReportWindowResponse, ValidationWindowResponse } from './api/schema';
import {
  ac1Of,
  agreementText,
  alphaOf,
  capitalise,
  categoryLabels,
  changeText,
  confusionSentence,
  decisionBanner,
  decisionCounts,
  decisionLegend,
  decisionTone,
  kappaOf,
  listTitles,
  missingReportText,
  parseOpenRows,
  toggleOpenRow,
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
    [split({ settledLower: 13 }), 'Readers split between 2 (Developing) and 3 (Proficient) 13 times; adjudication settled at level 2 in 13 cases.'],
    [split({ count: 5, settledLower: 2, settledHigher: 3 }), 'Readers split between 2 (Developing) and 3 (Proficient) 5 times; adjudication settled at level 2 in 2 cases, at level 3 in 3 cases.'],
    [split({ count: 1, pending: 1 }), 'Readers split between 2 (Developing) and 3 (Proficient) 1 time; 1 case not adjudicated yet.'],
    [split({ count: 4, settledOther: 1, settledHigher: 1, pending: 2 }), 'Readers split between 2 (Developing) and 3 (Proficient) 4 times; adjudication settled at level 3 in 1 case, at another level in 1 case; 2 cases not adjudicated yet.'],
  ])('confusionSentence(row, %j)', (confusion, sentence) => {
    expect(confusionSentence(row('a', 1), confusion)).toBe(sentence);
  });

  it('confusionSentence names nominal levels by their labels', () => {
    expect(confusionSentence(row('a', 1, nominal), split({ lower: 'not_evident', higher: 'evident', count: 4, settledLower: 2, settledHigher: 2 }))).toBe(
      'Readers split between Not evident and Evident 4 times; adjudication settled on Not evident in 2 cases, on Evident in 2 cases.',
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

describe('decisionCounts(rows) and decisionBanner(report)', () => {
  const complete: ReportWindowResponse = {
    status: 'complete',
    targetSubmissions: 50,
    readersPerSubmission: 2,
    threshold: 0.8,
    minimumPaired: 20,
    seed: 1,
    readersCertified: true,
    studySubmissions: 50,
    fullyScored: 50,
    awaitingAdjudication: 0,
  };
  const collecting: ReportWindowResponse = { ...complete, status: 'collecting', studySubmissions: 25, fullyScored: 23 };
  const titled = (title: string, decision: ReportRowResponse['decision']) => row(title.toLowerCase().replace(/\W+/g, '_'), 0.8, { title, decision });
  const version1 = [
    titled('Alignment to learning targets', 'meets_rule_not_demonstrated'),
    titled('Authentic task design', 'meets_rule_not_demonstrated'),
    titled('Success criteria', 'validated'),
    titled('Quality of the scoring tool', 'needs_revision'),
    titled('Feedback plan', 'meets_rule_not_demonstrated'),
    titled('Reflection', 'validated'),
  ];

  it('counts one decision per row, so the counts add up to the rows', () => {
    const counts = decisionCounts(version1);
    expect(counts).toEqual({ rows: 6, validated: 2, meetsRuleNotDemonstrated: 3, needsRevision: 1, likelyValidated: 0, likelyNeedsRevision: 0, undetermined: 0, tooEarly: 0, undefined: 0 });
    const { rows, ...each } = counts;
    expect(Object.values(each).reduce((sum, n) => sum + n, 0)).toBe(rows);
  });

  it('names the rows to revise and counts those that pass but are not conclusive', () => {
    expect(decisionBanner({ rubricVersion: 1, window: complete, rows: version1 })).toEqual({
      tone: 'bad',
      headline: 'Version 1 is not ready: revise Quality of the scoring tool; 3 rows pass but are not yet conclusive',
      counts: '2 validated, 3 meet the rule but not demonstrated, 1 needs revision',
      detail: null,
    });
  });

  it('names every row to revise, in rubric order, and leaves out the inconclusive clause when there is none', () => {
    const rows = [titled('A', 'needs_revision'), titled('B', 'validated'), titled('C', 'needs_revision'), titled('D', 'needs_revision')];
    expect(decisionBanner({ rubricVersion: 3, window: complete, rows }).headline).toBe('Version 3 is not ready: revise A, C and D');
  });

  it('says a version whose rows all pass is validated', () => {
    const rows = version1.map((r) => ({ ...r, decision: 'validated' as const }));
    expect(decisionBanner({ rubricVersion: 2, window: complete, rows })).toMatchObject({ tone: 'good', headline: 'Version 2 is validated: all 6 rows demonstrated', counts: '6 validated' });
  });

  it('says a version that meets the rule without demonstrating it is not yet demonstrated, and that adjudication goes on', () => {
    const rows = version1.map((r) => ({ ...r, decision: r.decision === 'needs_revision' ? ('meets_rule_not_demonstrated' as const) : r.decision }));
    expect(decisionBanner({ rubricVersion: 2, window: { ...complete, status: 'adjudicating', awaitingAdjudication: 6 }, rows })).toEqual({
      tone: 'warn',
      headline: 'Version 2 meets the rule but is not yet demonstrated: 4 of 6 rows pass but are not yet conclusive',
      counts: '2 validated, 4 meet the rule but not demonstrated',
      detail: 'The window is closed; 6 cases still await adjudication.',
    });
  });

  it('says which rows could not be measured', () => {
    const rows = [titled('A', 'validated'), titled('B', 'undefined'), titled('C', 'meets_rule_not_demonstrated')];
    expect(decisionBanner({ rubricVersion: 1, window: complete, rows })).toMatchObject({
      tone: 'warn',
      headline: 'Version 1 is not ready: B could not be measured (no submission scored twice); 1 row passes but is not yet conclusive',
    });
  });

  it('says it is too early to call while every row of a collecting window is too early', () => {
    const rows = version1.map((r) => ({ ...r, decision: 'too_early' as const }));
    expect(decisionBanner({ rubricVersion: 1, window: collecting, rows })).toEqual({
      tone: 'neutral',
      headline: 'Collecting: 23 of 50 submissions; too early to call',
      counts: '6 too early to tell',
      detail: 'Rows get an early signal once 20 submissions are scored twice; the decision is final when the window closes.',
    });
  });

  it('gives the early signals so far while the window collects, naming the rows likely to need revision', () => {
    const decisions = ['likely_validated', 'likely_validated', 'undetermined', 'likely_needs_revision', 'likely_validated', 'too_early'] as const;
    const rows = version1.map((r, index) => ({ ...r, decision: decisions[index]! }));
    expect(decisionBanner({ rubricVersion: 1, window: { ...collecting, fullyScored: 35 }, rows })).toEqual({
      tone: 'warn',
      headline: 'Collecting: 35 of 50 submissions; so far Quality of the scoring tool likely needs revision, 3 rows likely validated, 1 undetermined, 1 too early to tell',
      counts: '3 likely validated, 1 likely needs revision, 1 undetermined so far, 1 too early to tell',
      detail: 'These are early signals; the decision is final when the window closes.',
    });
  });

  it('has nothing to judge without rows', () => {
    expect(decisionBanner({ rubricVersion: 4, window: complete, rows: [] })).toMatchObject({ tone: 'neutral', headline: 'Version 4 has no rubric rows to judge', counts: 'no rows' });
  });

  it.each([
    [[], ''],
    [['A'], 'A'],
    [['A', 'B'], 'A and B'],
    [['A', 'B', 'C'], 'A, B and C'],
  ])('listTitles(%j) is %j', (titles, text) => {
    expect(listTitles(titles)).toBe(text);
  });
});

describe('decisionLegend(collecting, threshold) and decisionTone(decision)', () => {
  it('gives the final decisions once the window is closed, each with the tone its dot and chip take', () => {
    const legend = decisionLegend(false, 0.8);
    expect(legend.map((entry) => [entry.decision, entry.tone])).toEqual([
      ['validated', 'good'],
      ['meets_rule_not_demonstrated', 'warn'],
      ['needs_revision', 'bad'],
    ]);
    expect(legend[0]!.meaning).toBe('the whole interval at or above 80%');
    for (const entry of legend) expect(decisionTone(entry.decision)).toBe(entry.tone);
  });

  it('gives the provisional decisions while it collects', () => {
    const legend = decisionLegend(true, 0.7);
    expect(legend.map((entry) => entry.decision)).toEqual(['likely_validated', 'undetermined', 'likely_needs_revision', 'too_early']);
    expect(legend[2]!.meaning).toContain('70%');
    for (const entry of legend) expect(decisionTone(entry.decision)).toBe(entry.tone);
    expect(decisionTone('undefined')).toBe('neutral');
  });
});

describe('open rows in the URL', () => {
  it.each([
    [null, []],
    ['', []],
    ['scoring_tool', ['scoring_tool']],
    ['a,b,a', ['a', 'b']],
    ['a,,b', ['a', 'b']],
    ['a,<script>,b', ['a', 'b']],
  ] as const)('parseOpenRows(%j) is %j', (value, keys) => {
    expect(parseOpenRows(value)).toEqual(keys);
  });

  it.each([
    [[], 'a', 'a'],
    [['a'], 'b', 'a,b'],
    [['a', 'b'], 'a', 'b'],
    [['a'], 'a', null],
  ] as const)('toggleOpenRow(%j, %j) is %j', (open, key, value) => {
    expect(toggleOpenRow(open, key)).toBe(value);
  });
});

describe('missingReportText(credentialId, version, credential)', () => {
  const credential = { title: 'Performance Assessment Design', versions: [{ version: 1 }, { version: 2 }] };
  it('says the version does not exist, and which do', () => {
    expect(missingReportText(1, 9, credential)).toEqual({ headline: 'Version 9 of Performance Assessment Design does not exist', detail: 'Its versions are 1 and 2.' });
    expect(missingReportText(1, 9, { ...credential, versions: [{ version: 1 }] }).detail).toBe('Its only version is 1.');
    expect(missingReportText(1, 9, { ...credential, versions: [] }).detail).toBe('It has no rubric version yet.');
  });

  it('says the credential does not exist', () => {
    expect(missingReportText(7, 1, null).headline).toBe('Credential 7 does not exist');
  });

  it('says an existing version has no report yet', () => {
    expect(missingReportText(1, 2, credential)).toEqual({
      headline: 'Version 2 of Performance Assessment Design has no report yet',
      detail: 'No validation window has been opened for it, so nothing has been scored.',
    });
  });
});
