import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from './error-response.js';

/** The error statuses a route documents beside 401 (from `@Authenticated()`). */
export type DocumentedErrorStatus = 400 | 403 | 404 | 409 | 413 | 422 | 503;

/**
 * Documents a route's error answers, each with the ErrorResponse body and what causes it, e.g.
 * `@ApiErrors({ 404: 'no such credential', 409: 'already scored' })`. A 403 given here is
 * completed with the route's roles in the document; 400 for malformed parameters or body and 404
 * for a path id are added by `createOpenApiDocument` when a route does not describe them itself.
 */
export function ApiErrors(errors: Partial<Record<DocumentedErrorStatus, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) => ApiResponse({ status: Number(status), description, type: ErrorResponse })),
  );
}
