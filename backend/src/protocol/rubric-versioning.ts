import { ConflictError, ForbiddenError } from './errors.js';

export interface NewVersionInput {
  credentialId: number;
  /** the credential's latest version number, or null when it has none */
  latestVersion: number | null;
  /** the version being revised, or null when the request creates the first version */
  revisedVersion: number | null;
}

/**
 * The number of a new rubric version: 1 for the first, the latest plus one for a revision.
 * Versions form one line: a first version only while there is none (ConflictError,
 * `version_exists`), and only the latest version can be revised (`not_latest_version`).
 */
export function newVersionNumberOrThrow(input: NewVersionInput): number {
  const { latestVersion, revisedVersion } = input;
  if (revisedVersion === null && latestVersion !== null) {
    throw new ConflictError(`credential ${input.credentialId} already has version ${latestVersion}: revise it with previousVersion`, 'version_exists');
  }
  if (revisedVersion !== null && latestVersion !== null && latestVersion !== revisedVersion) {
    throw new ConflictError(`only the latest version (${latestVersion}) can be revised`, 'not_latest_version');
  }
  return (latestVersion ?? 0) + 1;
}

/**
 * A version put under validation (it has a window) is locked: its rows can no longer change
 * (ConflictError, `rubric_version_locked`); a change is a new version.
 */
export function assertVersionUnlocked(versionNumber: number, underValidation: boolean): void {
  if (underValidation) {
    throw new ConflictError(
      `rubric version ${versionNumber} is under validation and can no longer change: revise it into a new version`,
      'rubric_version_locked',
    );
  }
}

/** Roles that revise a rubric into its next version; a researcher may publish a credential's first version only. */
export const REVISES_RUBRICS: readonly string[] = ['designer', 'admin'];

/**
 * Who may write which version: whoever may publish (researchers, designers, admins) writes a
 * credential's first version; revising it is the designer's work (ForbiddenError, `revision_by_designer`).
 */
export function assertMayWriteVersion(roles: readonly string[], revising: boolean): void {
  if (revising && !roles.some((role) => REVISES_RUBRICS.includes(role))) {
    throw new ForbiddenError('only a designer or an admin revises a rubric; a researcher publishes its first version', 'revision_by_designer');
  }
}
