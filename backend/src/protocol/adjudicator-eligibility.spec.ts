import { describe, expect, it } from 'vitest';
import { adjudicationCaseOrThrow, assertNotAdjudicated, type AdjudicatorEligibilityInput } from './adjudicator-eligibility.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from './errors.js';

const awaiting = { needsAdjudication: true, windowId: 3 };
const input = (extra: Partial<AdjudicatorEligibilityInput> = {}): AdjudicatorEligibilityInput => ({
  submissionId: 8,
  submission: awaiting,
  assignedToCaller: false,
  scoredByCaller: false,
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
