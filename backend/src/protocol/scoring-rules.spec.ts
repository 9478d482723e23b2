import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, NotFoundError } from './errors.js';
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

  it("answers a missing assignment and another assessor's alike, so no answer tells which ids exist", () => {
    const missing = errorOf(() => ownAssignmentOrThrow(3, 7, null));
    const other = errorOf(() => ownAssignmentOrThrow(3, 7, { assessorId: 8 }));
    for (const error of [missing, other]) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.code).toBe('not_found');
      expect(error.message).toBe('assignment 3 is not in your queue');
    }
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
