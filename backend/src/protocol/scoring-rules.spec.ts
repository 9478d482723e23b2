import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from './errors.js';
import { assertNotScored, ownAssignmentOrThrow } from './scoring-rules.js';

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('ownAssignmentOrThrow(assignmentId, assessorId, assignment)', () => {
  it("returns the caller's own assignment", () => {
    const assignment = { id: 3, assessorId: 7 };
    expect(ownAssignmentOrThrow(3, 7, assignment)).toBe(assignment);
  });

  it("answers not found for a missing assignment and forbidden for another assessor's", () => {
    const missing = errorOf(() => ownAssignmentOrThrow(3, 7, null));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe('assignment 3 does not exist');
    const other = errorOf(() => ownAssignmentOrThrow(3, 7, { assessorId: 8 }));
    expect(other).toBeInstanceOf(ForbiddenError);
    expect(other.code).toBe('not_your_assignment');
    expect(other.message).toBe('assignment 3 belongs to another assessor');
  });
});

describe('assertNotScored(assignmentId, alreadyScored)', () => {
  it('seals a score: a second one is a conflict', () => {
    expect(() => assertNotScored(3, false)).not.toThrow();
    const error = errorOf(() => assertNotScored(3, true));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('already_scored');
    expect(error.message).toBe('assignment 3 is already scored; a score cannot change');
  });
});
