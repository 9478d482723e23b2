import { describe, expect, it } from 'vitest';
import {
  candidateFromStudySubmission,
  confirmItem,
  ITEM_STATUSES,
  PROVENANCES,
  type Confirmation,
  type ItemToConfirm,
  type MaterialRow,
  type StudySubmissionOutcome,
} from './calibration-material.js';
import { ConflictError, DomainError, ForbiddenError, InvalidError } from './errors.js';

const rows: MaterialRow[] = [
  { key: 'clarity', levels: ['1', '2', '3'] },
  { key: 'evidence', levels: ['weak', 'fair', 'strong'] },
  { key: 'format', levels: ['no', 'yes'] },
];

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const outcome = (extra: Partial<StudySubmissionOutcome> = {}): StudySubmissionOutcome => ({
  scores: [
    { clarity: '2', evidence: 'fair', format: 'yes' },
    { clarity: '2', evidence: 'fair', format: 'yes' },
  ],
  adjudication: null,
  readersRequired: 2,
  ...extra,
});

describe('PROVENANCES and ITEM_STATUSES', () => {
  it('name where reference levels come from and how far an item is confirmed', () => {
    expect(PROVENANCES).toEqual(['agreed', 'adjudicated', 'expert_panel']);
    expect(ITEM_STATUSES).toEqual(['candidate', 'ambiguous', 'confirmed']);
  });
});

describe('candidateFromStudySubmission(rows, outcome)', () => {
  it('takes the readers’ common levels of a submission they agreed on, as agreed', () => {
    expect(candidateFromStudySubmission(rows, outcome())).toEqual({
      provenance: 'agreed',
      finalLevels: { clarity: '2', evidence: 'fair', format: 'yes' },
      disagreedRows: [],
    });
  });

  it('takes the adjudicated level on disagreed rows and the common level elsewhere, as adjudicated', () => {
    const adjudicated = outcome({
      scores: [
        { clarity: '1', evidence: 'fair', format: 'yes' },
        { clarity: '3', evidence: 'fair', format: 'no' },
      ],
      adjudication: { clarity: '2', format: 'no' },
    });
    expect(candidateFromStudySubmission(rows, adjudicated)).toEqual({
      provenance: 'adjudicated',
      finalLevels: { clarity: '2', evidence: 'fair', format: 'no' },
      disagreedRows: ['clarity', 'format'],
    });
  });

  it('lets the adjudicator’s level stand on every row it covers', () => {
    const candidate = candidateFromStudySubmission(rows, outcome({ adjudication: { clarity: '3', evidence: 'strong', format: 'no' } }));
    expect(candidate).toEqual({ provenance: 'adjudicated', finalLevels: { clarity: '3', evidence: 'strong', format: 'no' }, disagreedRows: [] });
  });

  it('reads three readers who split on one row as a disagreement on it', () => {
    const three = outcome({
      readersRequired: 3,
      scores: [
        { clarity: '2', evidence: 'fair', format: 'yes' },
        { clarity: '2', evidence: 'fair', format: 'yes' },
        { clarity: '2', evidence: 'weak', format: 'yes' },
      ],
      adjudication: { evidence: 'fair' },
    });
    expect(candidateFromStudySubmission(rows, three)).toMatchObject({ provenance: 'adjudicated', disagreedRows: ['evidence'] });
  });

  it.each<[string, Partial<StudySubmissionOutcome>]>([
    [
      'a disagreement that was never adjudicated',
      {
        scores: [
          { clarity: '1', evidence: 'fair', format: 'yes' },
          { clarity: '3', evidence: 'fair', format: 'yes' },
        ],
      },
    ],
    [
      'an adjudication that leaves a disagreed row unsettled',
      {
        scores: [
          { clarity: '1', evidence: 'fair', format: 'yes' },
          { clarity: '3', evidence: 'weak', format: 'yes' },
        ],
        adjudication: { clarity: '2' },
      },
    ],
    ['fewer scores than readers', { scores: [{ clarity: '2', evidence: 'fair', format: 'yes' }] }],
    ['no scores at all', { scores: [], readersRequired: 0 }],
    [
      'scores that all leave a row out',
      {
        scores: [
          { clarity: '2', evidence: 'fair' },
          { clarity: '2', evidence: 'fair' },
        ],
      },
    ],
  ])('gives null for %s', (_, extra) => {
    expect(candidateFromStudySubmission(rows, outcome(extra))).toBeNull();
  });
});

const candidate = (extra: Partial<ItemToConfirm> = {}): ItemToConfirm => ({
  status: 'candidate',
  provenance: 'adjudicated',
  finalLevels: { clarity: '2', evidence: 'fair', format: 'yes' },
  disagreedRows: ['clarity'],
  confirmedById: null,
  liveParticipantIds: [11, 12, 13],
  ...extra,
});

const confirmation = (extra: Partial<Confirmation> = {}): Confirmation => ({
  actorId: 20,
  levels: { clarity: '2', evidence: 'fair', format: 'yes' },
  rationales: { clarity: 'the argument is clear but its steps are not signposted' },
  ...extra,
});

describe('confirmItem(rows, item, confirmation)', () => {
  it('confirms a candidate whose live levels the trainer shares, keeping the rationales trimmed', () => {
    const outcome = confirmItem(rows, candidate(), confirmation({ rationales: { clarity: '  clear, not signposted  ', format: 'a table of contents' } }));
    expect(outcome).toEqual({
      status: 'confirmed',
      trueLevels: { clarity: '2', evidence: 'fair', format: 'yes' },
      rationales: { clarity: 'clear, not signposted', format: 'a table of contents' },
      differingRows: [],
    });
  });

  it('needs no rationale on a candidate the readers agreed on', () => {
    const agreed = candidate({ provenance: 'agreed', disagreedRows: [] });
    expect(confirmItem(rows, agreed, confirmation({ rationales: {} }))).toMatchObject({ status: 'confirmed', rationales: {} });
  });

  it('drops blank rationales and rationales on rows the rubric lacks', () => {
    const outcome = confirmItem(rows, candidate(), confirmation({ rationales: { clarity: 'ok', evidence: '   ', elsewhere: 'x' } }));
    expect(outcome.rationales).toEqual({ clarity: 'ok' });
  });

  it.each([11, 12, 13])('forbids trainer %i, who scored or adjudicated the submission live (403 live_participant)', (actorId) => {
    const error = errorOf(() => confirmItem(rows, candidate(), confirmation({ actorId })));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.code).toBe('live_participant');
    expect(error.message).toBe('you scored or adjudicated this submission live, so another trainer must confirm it');
  });

  it('forbids a live participant even when the item only waits for its second trainer', () => {
    const error = errorOf(() => confirmItem(rows, candidate({ status: 'ambiguous', confirmedById: 20 }), confirmation({ actorId: 12 })));
    expect(error.code).toBe('live_participant');
  });

  it('names every disagreed row left without a rationale, blank counting as missing', () => {
    const item = candidate({ disagreedRows: ['clarity', 'format'] });
    const error = errorOf(() => confirmItem(rows, item, confirmation({ rationales: { clarity: '   ' } })));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).issues).toEqual([
      { field: 'rationales.clarity', message: 'a rationale is required on a row that was disagreed or adjudicated' },
      { field: 'rationales.format', message: 'a rationale is required on a row that was disagreed or adjudicated' },
    ]);
  });

  it('names every missing or unknown level and every unknown row in one error', () => {
    const levels = { clarity: '4', format: 'yes', depth: '1' };
    const error = errorOf(() => confirmItem(rows, candidate(), confirmation({ levels, rationales: {} })));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).issues).toEqual([
      { field: 'levels.depth', message: 'the rubric has no such row' },
      { field: 'levels.clarity', message: 'must be one of 1, 2, 3' },
      { field: 'rationales.clarity', message: 'a rationale is required on a row that was disagreed or adjudicated' },
      { field: 'levels.evidence', message: 'a true level is required for every row' },
    ]);
  });

  it('makes a candidate ambiguous when the trainer’s level differs, keeping the live final levels until settled', () => {
    const outcome = confirmItem(
      rows,
      candidate(),
      confirmation({ levels: { clarity: '3', evidence: 'fair', format: 'no' }, rationales: { clarity: 'fully signposted', format: 'no contents page' } }),
    );
    expect(outcome).toEqual({
      status: 'ambiguous',
      trueLevels: { clarity: '2', evidence: 'fair', format: 'yes' },
      rationales: { clarity: 'fully signposted', format: 'no contents page' },
      differingRows: ['clarity', 'format'],
    });
  });

  it('needs no rationale on a differing row a first trainer did not see disagreed live', () => {
    const outcome = confirmItem(rows, candidate(), confirmation({ levels: { clarity: '2', evidence: 'strong', format: 'yes' } }));
    expect(outcome).toMatchObject({ status: 'ambiguous', differingRows: ['evidence'] });
  });

  it('does not let the trainer who made the item ambiguous settle it (409 second_trainer_required)', () => {
    const error = errorOf(() => confirmItem(rows, candidate({ status: 'ambiguous', confirmedById: 20 }), confirmation({ actorId: 20 })));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('second_trainer_required');
    expect(error.message).toBe('the item is ambiguous: a second trainer settles it');
  });

  it('lets a second trainer settle an ambiguous item: their levels stand, even where they differ from the live levels', () => {
    const ambiguous = candidate({ status: 'ambiguous', confirmedById: 20 });
    const settled = confirmItem(
      rows,
      ambiguous,
      confirmation({ actorId: 21, levels: { clarity: '3', evidence: 'fair', format: 'yes' }, rationales: { clarity: 'every step is signposted' } }),
    );
    expect(settled).toEqual({
      status: 'confirmed',
      trueLevels: { clarity: '3', evidence: 'fair', format: 'yes' },
      rationales: { clarity: 'every step is signposted' },
      differingRows: ['clarity'],
    });
    const agreeingWithLive = confirmItem(rows, ambiguous, confirmation({ actorId: 21 }));
    expect(agreeingWithLive).toMatchObject({ status: 'confirmed', trueLevels: { clarity: '2', evidence: 'fair', format: 'yes' }, differingRows: [] });
  });

  it('asks the settling trainer for a rationale on every row where they depart from the live level', () => {
    const ambiguous = candidate({ status: 'ambiguous', confirmedById: 20 });
    const error = errorOf(() =>
      confirmItem(rows, ambiguous, confirmation({ actorId: 21, levels: { clarity: '2', evidence: 'weak', format: 'yes' }, rationales: { clarity: 'as read live' } })),
    );
    expect((error as InvalidError).issues).toEqual([{ field: 'rationales.evidence', message: 'a rationale is required on a row that was disagreed or adjudicated' }]);
  });

  it('lets a second trainer settle an item whose first confirmer is unknown', () => {
    expect(confirmItem(rows, candidate({ status: 'ambiguous', confirmedById: null }), confirmation()).status).toBe('confirmed');
  });

  it('refuses to confirm an item twice (409 already_confirmed), whoever asks', () => {
    for (const actorId of [20, 21]) {
      const error = errorOf(() => confirmItem(rows, candidate({ status: 'confirmed', confirmedById: 20 }), confirmation({ actorId })));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.code).toBe('already_confirmed');
      expect(error.message).toBe('the item is already confirmed');
    }
  });

  it('does not share its result with the item: the returned levels are a copy', () => {
    const item = candidate();
    const outcome = confirmItem(rows, item, confirmation({ levels: { clarity: '1', evidence: 'fair', format: 'yes' }, rationales: { clarity: 'muddled' } }));
    outcome.trueLevels.clarity = 'changed';
    expect(item.finalLevels.clarity).toBe('2');
  });
});
