import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 with `Retry-After` (whole seconds, at least 1) and a code saying which limit was reached. */
export class TooManyRequestsException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message: string, code: string) {
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, message, code }, HttpStatus.TOO_MANY_REQUESTS);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
