import { describe, expect, it } from 'vitest';
import { failedJudgement, rubricRows } from '../views/certification-fixture.test-support';
import {
  actionBlock,
  actionText,
  attemptName,
  distanceKind,
  failureSentences,
  fileProblems,
  parseItemStatus,
  rubricLookup,
  statusLook,
  withRubricNames,
} from './certification';

const rubric = rubricLookup(rubricRows);

describe('statusLook(status)', () => {
  it.each([
    ['in_training', 'In training', 'neutral'],
    ['qualifying', 'Qualifying', 'neutral'],
    ['qualified', 'Qualified', 'good'],
    ['probation', 'On probation', 'warn'],
    ['not_qualified', 'Not qualified', 'bad'],
    ['removed', 'Removed', 'bad'],
    ['expired', 'Expired', 'warn'],
    ['recalibration_required', 'Recalibration required', 'bad'],
    ['suspended', 'Suspended', 'bad'],
  ] as const)('%s reads %j in tone %s', (status, label, tone) => {
    expect(statusLook(status)).toEqual({ label, tone });
  });
});

describe('actionText(action)', () => {
  it.each([
    ['set_A_failed', 'Did not pass qualifying set A'],
    ['set_C_passed', 'Passed qualifying set C'],
    ['qualifying_started', 'Started qualifying'],
    ['remediation_assigned', 'Remediation assigned'],
    ['extra_round_opened', 'Extra round opened'],
    ['certified_on_probation', 'Certified on probation'],
    ['override', 'Status overridden by a trainer'],
    ['recalibration_required_R2', 'Recalibration required by accuracy drift (R2)'],
    ['recalibration_required_trainer', 'Recalibration required by a trainer'],
    ['recalibration_passed', 'Passed the recalibration set'],
    ['suspended', 'Live queue paused by a trainer'],
    ['suspension_lifted', 'Pause lifted'],
    ['note', 'Trainer’s note'],
    ['something_new', 'Something new'],
  ])('%s reads %j', (action, text) => {
    expect(actionText(action)).toBe(text);
  });
});

describe('attemptName(attempt)', () => {
  it('names the set by its kind and label', () => {
    expect(attemptName({ kind: 'qualifying', label: 'B' })).toBe('Qualifying set B');
    expect(attemptName({ kind: 'practice', label: null })).toBe('Practice set');
    expect(attemptName({ kind: 'calibration', label: null })).toBe('Calibration set');
  });
});

describe('actionBlock(action, state)', () => {
  const notQualified = { status: 'not_qualified' as const, remediationAssigned: false, round: 1 };
  it('lets remediation and probation through for an assessor who is not qualified, and the extra round only after remediation', () => {
    expect(actionBlock('remediation', notQualified)).toBeNull();
    expect(actionBlock('probation', notQualified)).toBeNull();
    expect(actionBlock('extra_round', notQualified)).toMatch(/Assign remediation first/);
    expect(actionBlock('extra_round', { ...notQualified, remediationAssigned: true })).toBeNull();
    expect(actionBlock('extra_round', { ...notQualified, remediationAssigned: true, round: 2 })).toMatch(/already taken/);
  });

  it('refuses remediation and probation to a qualified assessor, never an override', () => {
    const qualified = { status: 'qualified' as const, remediationAssigned: false, round: 1 };
    expect(actionBlock('remediation', qualified)).toMatch(/not qualified/);
    expect(actionBlock('probation', qualified)).toMatch(/qualifying, not qualified or expired/);
    expect(actionBlock('override', qualified)).toBeNull();
  });
});

describe('rubricLookup(rows)', () => {
  it('gives row titles and level labels, and the raw key or value when unknown', () => {
    expect(rubric.title('scoring_tool')).toBe('Quality of the scoring tool');
    expect(rubric.label('scoring_tool', '2')).toBe('Developing');
    expect(rubric.label('criteria', 'yes')).toBe('Evident');
    expect(rubric.title('unknown_row')).toBe('unknown_row');
    expect(rubric.label('scoring_tool', '9')).toBe('9');
    expect(rubric.label('scoring_tool', null)).toBe('–');
    expect(rubricLookup(undefined).title('scoring_tool')).toBe('scoring_tool');
  });
});

describe('failureSentences(judgement, rubric)', () => {
  it('says why a set failed with row titles: the pooled rate and the row below its floor', () => {
    expect(failureSentences(failedJudgement, rubric)).toEqual([
      'Exact agreement over all 20 decisions was 65%; a pass needs 85%.',
      'Quality of the scoring tool: 5 of 10 exact (50%), below the row’s floor of 60%.',
    ]);
  });

  it('names too many far misses, and on a row without an order says every miss counts', () => {
    const rows = failedJudgement.rows.map((row) => ({ ...row, meetsFloor: true, withinNonAdjacent: false }));
    const sentences = failureSentences({ ...failedJudgement, pooledRate: 0.9, rows }, rubric);
    expect(sentences).toEqual([
      'Quality of the scoring tool: 1 answer was two or more levels from the true level, more than a set allows.',
      'Success criteria shared: 2 answers missed the true level, more than a set allows (the row has no order, so every miss counts as far).',
    ]);
  });

  it('is empty for a passed set, and falls back to the API sentences when the numbers say nothing', () => {
    expect(failureSentences({ ...failedJudgement, passed: true }, rubric)).toEqual([]);
    expect(failureSentences({ ...failedJudgement, decisions: 0, rows: [], failures: ['the set has no decisions to judge'] }, rubric)).toEqual([
      'the set has no decisions to judge',
    ]);
  });
});

describe('withRubricNames(text, rubric)', () => {
  it('puts row titles and level labels in place of keys and values', () => {
    expect(withRubricNames('no valid qualifying set A can be assembled: row scoring_tool level 1 is missing', rubric)).toBe(
      'no valid qualifying set A can be assembled: “Quality of the scoring tool” at level “Beginning” is missing',
    );
    expect(withRubricNames('row criteria: 2 non-adjacent misses', rubric)).toBe('row “Success criteria shared”: 2 non-adjacent misses');
    expect(withRubricNames('row other level 2 is missing', rubric)).toBe('row other level 2 is missing');
  });
});

describe('fileProblems(issues)', () => {
  it('reads the line and column of each problem, file-wide problems first', () => {
    expect(
      fileProblems([
        { field: 'line 4, level', message: '"9" is not a level of criteria' },
        { field: 'line 2', message: 'expected 3 fields' },
        { field: 'file', message: 'the file has a header but no items' },
        { field: 'body', message: 'send the CSV file' },
      ]),
    ).toEqual([
      { line: null, field: null, message: 'the file has a header but no items' },
      { line: null, field: 'body', message: 'send the CSV file' },
      { line: 2, field: null, message: 'expected 3 fields' },
      { line: 4, field: 'level', message: '"9" is not a level of criteria' },
    ]);
  });
});

describe('distanceKind and parseItemStatus', () => {
  it('calls one step off adjacent only on an ordinal row', () => {
    expect(distanceKind(1, 1, true)).toBe('exact');
    expect(distanceKind(0, 1, true)).toBe('adjacent');
    expect(distanceKind(0, 2, true)).toBe('far');
    expect(distanceKind(0, 1, false)).toBe('far');
  });

  it('reads ?status= as an item status or every status', () => {
    expect(parseItemStatus('ambiguous')).toBe('ambiguous');
    expect(parseItemStatus('pooled')).toBe('all');
    expect(parseItemStatus(null)).toBe('all');
  });
});
