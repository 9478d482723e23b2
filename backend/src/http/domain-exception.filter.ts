import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError } from '../protocol/errors.js';
import { isUniqueViolation, RetryLaterError } from '../database/errors.js';
import type { ErrorResponse } from './error-response.js';
import { TooManyRequestsException } from './too-many-requests.js';

const statusOfDomainError = new Map<object, number>([
  [NotFoundError, HttpStatus.NOT_FOUND],
  [ForbiddenError, HttpStatus.FORBIDDEN],
  [ConflictError, HttpStatus.CONFLICT],
  [InvalidError, HttpStatus.UNPROCESSABLE_ENTITY],
]);

/**
 * Turns every error into the ErrorResponse shape: domain errors by kind (404, 403, 409, 422 with
 * field paths), NestJS HTTP exceptions as they are, a unique-constraint failure as 409 (the last
 * guard against a double assignment or a second score), a write that kept colliding with
 * concurrent ones as 503 with Retry-After, too many sign-ins as 429 with Retry-After, anything else as 500 (logged).
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.bodyOf(exception);
    if (exception instanceof RetryLaterError || exception instanceof TooManyRequestsException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private bodyOf(thrown: unknown): ErrorResponse {
    // an HttpException thrown inside body-parser (the JSON depth check) reaches here wrapped by the Express adapter
    const exception = thrown instanceof HttpException && thrown.cause instanceof HttpException ? thrown.cause : thrown;
    if (exception instanceof DomainError) {
      const statusCode = statusOfDomainError.get(exception.constructor) ?? HttpStatus.INTERNAL_SERVER_ERROR;
      const body: ErrorResponse = { statusCode, error: reasonPhrase(statusCode), message: exception.message, code: exception.code };
      if (exception instanceof InvalidError) body.errors = [...exception.issues];
      return body;
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const answer = exception.getResponse();
      if (typeof answer === 'object' && answer !== null) {
        const { message, errors, code } = answer as { message?: unknown; errors?: ErrorResponse['errors']; code?: string };
        const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
        const body: ErrorResponse = { statusCode, error: reasonPhrase(statusCode), message: text };
        if (code) body.code = code;
        if (errors) body.errors = errors;
        return body;
      }
      return { statusCode, error: reasonPhrase(statusCode), message: String(answer) };
    }
    if (exception instanceof RetryLaterError) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: reasonPhrase(HttpStatus.SERVICE_UNAVAILABLE), message: exception.message, code: 'busy' };
    }
    if (isUniqueViolation(exception)) {
      return {
        statusCode: HttpStatus.CONFLICT,
        error: reasonPhrase(HttpStatus.CONFLICT),
        message: 'this would duplicate a record that already exists',
        code: 'duplicate',
      };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { statusCode: 500, error: reasonPhrase(500), message: 'internal error' };
  }
}

function reasonPhrase(statusCode: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    429: 'Too Many Requests',
    422: 'Unprocessable Entity',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return phrases[statusCode] ?? HttpStatus[statusCode]?.toString() ?? 'Error';
}
