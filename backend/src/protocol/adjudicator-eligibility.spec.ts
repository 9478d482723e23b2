import { describe, expect, it } from 'vitest';
import {
  ADJUDICATION_CLAIM_MINUTES,
  adjudicationCaseOrThrow,
  assertNotAdjudicated,
  assertNotClaimedByAnother,
  claimLapsesAt,
  type AdjudicatorEligibilityInput,
} from './adjudicator-eligibility.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from './errors.js';

const awaiting = { needsAdjudication: true, windowId: 3 };
const input = (extra: Partial<AdjudicatorEligibilityInput> = {}): AdjudicatorEligibilityInput => ({
  submissionId: 8,
  submission: awaiting,
  assignedToCaller: false,
  scoredByCaller: false,
  conflictWithEarner: false,
  ...extra,
});

function errorOf(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('adjudicationCaseOrThrow(input)', () => {
  it('lets someone who never read the submission adjudicate it', () => {
    expect(adjudicationCaseOrThrow(input())).toBe(awaiting);
  });

  it.each([
    ['a missing submission', null],
    ['a submission whose readers agree', { needsAdjudication: false, windowId: 3 }],
    ['a submission outside any study', { needsAdjudication: true, windowId: null }],
  ])('answers not found for %s, whoever asks', (_, submission) => {
    const error = errorOf(() => adjudicationCaseOrThrow(input({ submission, assignedToCaller: true })));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('no_adjudication_case');
    expect(error.message).toBe('submission 8 is not awaiting adjudication');
  });

  it.each([
    { assignedToCaller: true, scoredByCaller: false },
    { assignedToCaller: false, scoredByCaller: true },
    { assignedToCaller: true, scoredByCaller: true },
  ])('forbids a reader of the submission (%o)', (read) => {
    const error = errorOf(() => adjudicationCaseOrThrow(input(read)));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.code).toBe('own_submission');
    expect(error.message).toBe('you read submission 8: another evaluator must adjudicate it');
  });

  it("forbids someone who declared a conflict with the earner's organisation, as for readers", () => {
    const error = errorOf(() => adjudicationCaseOrThrow(input({ conflictWithEarner: true })));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.code).toBe('conflict_of_interest');
    expect(error.message).toMatch(/conflict of interest with the organisation of submission 8's earner/);
  });
});

describe('assertNotAdjudicated(submissionId, alreadyAdjudicated)', () => {
  it('allows the first adjudication and refuses a second', () => {
    expect(() => assertNotAdjudicated(8, false)).not.toThrow();
    const error = errorOf(() => assertNotAdjudicated(8, true));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('already_adjudicated');
    expect(error.message).toBe('submission 8 is already adjudicated');
  });
});

describe('claimLapsesAt(claimedAt)', () => {
  it(`is ${ADJUDICATION_CLAIM_MINUTES} minutes after the claim`, () => {
    expect(claimLapsesAt('2026-03-02T09:00:00.000Z')).toBe(new Date(Date.parse('2026-03-02T09:00:00.000Z') + ADJUDICATION_CLAIM_MINUTES * 60_000).toISOString());
    expect(ADJUDICATION_CLAIM_MINUTES).toBe(30);
  });
});

describe('assertNotClaimedByAnother(submissionId, claim, adjudicatorId, now)', () => {
  const now = '2026-03-02T09:10:00.000Z';
  const held = { claimedById: 7, claimedUntil: '2026-03-02T09:30:00.000Z' };

  it('lets an unclaimed case, the caller’s own claim and a lapsed claim pass', () => {
    expect(() => assertNotClaimedByAnother(3, { claimedById: null, claimedUntil: null }, 8, now)).not.toThrow();
    expect(() => assertNotClaimedByAnother(3, held, 7, now)).not.toThrow();
    expect(() => assertNotClaimedByAnother(3, held, 8, '2026-03-02T09:30:00.000Z')).not.toThrow();
  });

  it('refuses a case another adjudicator holds with a ConflictError (claimed_by_another) naming when it lapses', () => {
    expect(() => assertNotClaimedByAnother(3, held, 8, now)).toThrow(
      expect.objectContaining({ code: 'claimed_by_another', message: 'submission 3 is claimed by another adjudicator until 2026-03-02T09:30:00.000Z' }),
    );
  });
});
