/**
 * Typed domain errors for the validation protocol and the services built on it.
 *
 * Pure code throws these to say what is wrong and where; it never knows HTTP. The exception
 * filter in `backend/src/http` maps them: NotFound 404, Forbidden 403, Conflict 409, Invalid 422.
 */

/** One problem with one field of a request body, e.g. `{ field: 'levels.clarity', message: '...' }`. */
export interface FieldIssue {
  /** dotted path into the body: `rows.2.levels.0.value`, `levels.clarity` */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  /** a short machine-readable code, e.g. `already_scored` */
  abstract readonly code: string;
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  constructor(
    message: string,
    readonly code: string = 'not_found',
  ) {
    super(message);
  }
}

/** The caller is known but not allowed to do this, e.g. an adjudicator who scored the submission. */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  constructor(
    message: string,
    readonly code: string = 'forbidden',
  ) {
    super(message);
  }
}

/** The request is well formed but clashes with the current state: already scored, window closed. */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    readonly code: string = 'conflict',
  ) {
    super(message);
  }
}

/** The body is well formed but breaks a protocol rule (a level the rubric row does not have). */
export class InvalidError extends DomainError {
  override readonly name = 'InvalidError';
  readonly code = 'invalid';
  readonly issues: readonly FieldIssue[];

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.issues = [{ field, message }];
  }

  /** One error carrying every issue found; `issues` must not be empty. */
  static fromIssues(issues: readonly FieldIssue[]): InvalidError {
    if (issues.length === 0) throw new RangeError('InvalidError.fromIssues requires at least one issue');
    const error = new InvalidError(issues[0].field, issues[0].message);
    (error as { issues: readonly FieldIssue[] }).issues = [...issues];
    if (issues.length > 1) error.message = `${issues.length} invalid fields: ${issues.map((issue) => issue.field).join(', ')}`;
    return error;
  }
}

/** Throws one InvalidError listing every issue, or returns when there is none. */
export function throwIfIssues(issues: readonly FieldIssue[]): void {
  if (issues.length > 0) throw InvalidError.fromIssues(issues);
}
