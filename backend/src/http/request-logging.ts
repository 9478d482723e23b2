import type { DynamicModule, LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, type Logger } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';

/** What is never written to a log: credentials in headers and every password or token field, wherever it sits. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The request's id: the caller's `X-Request-Id` when it is a plain token, else a fresh UUID; echoed in the answer's `X-Request-Id`. */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

export interface LoggingOptions {
  /** pino's level: 'info' in production (one line per request), 'silent' in tests */
  level: LevelWithSilent;
  /** where the JSON lines go (standard output by default); tests collect them */
  stream?: DestinationStream;
}

/**
 * Structured logs: one JSON line per event (pino), each line logged while a request is handled
 * carrying that request's id (`req.id`, nestjs-pino keeps the request's logger in async context,
 * so the application's own `Logger` lines carry it too), and a line per finished request with its
 * status and duration. Authorization headers and password and token fields are redacted.
 */
export function requestLogging(options: LoggingOptions): DynamicModule {
  const settings = {
    level: options.level,
    genReqId: requestIdOf,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // the answer's status is enough: its headers are the same on every line
    serializers: { res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }) },
  };
  return LoggerModule.forRoot({ pinoHttp: options.stream ? [settings, options.stream] : settings });
}

/** Nest's own start-up chatter (a line per module and per route), left out of the log. */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** The application's logger: nestjs-pino's, without Nest's start-up lines at the `log` level. */
export class ApplicationLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    if (START_UP_CONTEXTS.has(String(rest.at(-1)))) return;
    this.pino.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.pino.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.pino.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.pino.debug(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.pino.verbose(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.pino.fatal(message, ...rest);
  }
}
