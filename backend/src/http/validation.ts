import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldIssue } from '../protocol/errors.js';

/**
 * The global validation pipe: strips nothing silently (unknown properties are refused),
 * converts to the DTO classes, and answers 400 with every field at fault and its path.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => badRequest(fieldIssuesOf(errors)),
  });
}

/** A 400 response listing field issues. */
export function badRequest(issues: FieldIssue[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: issues.length === 1 ? `${issues[0].field}: ${issues[0].message}` : `${issues.length} invalid fields`,
    errors: issues,
  });
}

/** Flattens class-validator's tree into `{ field: 'rows.0.levels.1.value', message }` entries. */
export function fieldIssuesOf(errors: readonly ValidationError[], parentPath = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) issues.push({ field, message });
    if (error.children && error.children.length > 0) issues.push(...fieldIssuesOf(error.children, field));
  }
  return issues;
}
