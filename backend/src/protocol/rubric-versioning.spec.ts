import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from './errors.js';
import { assertMayWriteVersion, assertVersionUnlocked, newVersionNumberOrThrow } from './rubric-versioning.js';

function conflictOf(run: () => unknown): ConflictError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConflictError) return error;
    throw error;
  }
  throw new Error('expected a ConflictError');
}

describe('newVersionNumberOrThrow(input)', () => {
  it('numbers the first version 1 and a revision of the latest one after it', () => {
    expect(newVersionNumberOrThrow({ credentialId: 4, latestVersion: null, revisedVersion: null })).toBe(1);
    expect(newVersionNumberOrThrow({ credentialId: 4, latestVersion: 3, revisedVersion: 3 })).toBe(4);
  });

  it('refuses a second first version, and a revision of an older version', () => {
    const exists = conflictOf(() => newVersionNumberOrThrow({ credentialId: 4, latestVersion: 2, revisedVersion: null }));
    expect([exists.code, exists.message]).toEqual(['version_exists', 'credential 4 already has version 2: revise it with previousVersion']);
    const older = conflictOf(() => newVersionNumberOrThrow({ credentialId: 4, latestVersion: 3, revisedVersion: 2 }));
    expect([older.code, older.message]).toEqual(['not_latest_version', 'only the latest version (3) can be revised']);
  });
});

describe('assertVersionUnlocked(versionNumber, underValidation)', () => {
  it('locks a version once it is under validation', () => {
    expect(() => assertVersionUnlocked(2, false)).not.toThrow();
    const locked = conflictOf(() => assertVersionUnlocked(2, true));
    expect(locked.code).toBe('rubric_version_locked');
    expect(locked.message).toBe('rubric version 2 is under validation and can no longer change: revise it into a new version');
  });
});

describe('assertMayWriteVersion(roles, revising)', () => {
  it('lets a researcher publish a first version and keeps revisions to designers and admins', () => {
    expect(() => assertMayWriteVersion(['researcher'], false)).not.toThrow();
    expect(() => assertMayWriteVersion(['designer'], true)).not.toThrow();
    expect(() => assertMayWriteVersion(['admin'], true)).not.toThrow();
    let refusal: unknown = null;
    try {
      assertMayWriteVersion(['researcher', 'trainer'], true);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect((refusal as ForbiddenError).code).toBe('revision_by_designer');
  });
});
