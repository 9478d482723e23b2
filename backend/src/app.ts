import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { Clock } from './common/clock.js';
import { AppConfig, DEFAULT_PASSWORD_HASH_COST, DEFAULT_SIGN_IN_LIMITS, type AdminAccount, type SignInLimits } from './config/app-config.js';
import { configureApp } from './http/configure-app.js';
import { ApplicationLogger } from './http/request-logging.js';
import type { DatabaseTarget } from './config/database-target.js';

export interface CreateAppOptions {
  /** the SQLite file (created, with its folder, when missing); `database` takes precedence */
  databasePath?: string;
  /** the database to run on */
  database?: DatabaseTarget;
  /** the administrator to create on first start */
  admin?: AdminAccount | null;
  tokenLifetimeHours?: number;
  port?: number;
  /** the scrypt cost of new password hashes (default 2^15); tests pass the minimum, 2^10 */
  passwordHashCost?: number;
  /** the time source; tests hand in a FixedClock */
  clock?: Clock;
  /** sign-in throttling and hashing concurrency, each left out taking its default */
  signIn?: Partial<SignInLimits>;
  /** false for silence (tests); otherwise JSON lines (request-logging.ts) */
  logger?: false;
  /** where the JSON log lines go (standard output by default) */
  logStream?: DestinationStream;
}

/**
 * Builds the whole API, configured (prefix, validation, errors, OpenAPI) and initialised (database
 * migrated, administrator created) but not listening: main.ts calls `listen`, tests use supertest.
 */
export async function createApp(options: CreateAppOptions | AppConfig): Promise<INestApplication> {
  const config =
    options instanceof AppConfig
      ? options
      : new AppConfig(
          targetOf(options),
          options.admin ?? null,
          options.tokenLifetimeHours ?? 12,
          options.port ?? 3000,
          options.passwordHashCost ?? DEFAULT_PASSWORD_HASH_COST,
          false,
          { ...DEFAULT_SIGN_IN_LIMITS, ...options.signIn },
        );
  const clock = options instanceof AppConfig ? new Clock() : (options.clock ?? new Clock());
  const silent = !(options instanceof AppConfig) && options.logger === false;
  const stream = options instanceof AppConfig ? undefined : options.logStream;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, clock, { level: silent ? 'silent' : 'info', stream }), {
    logger: silent ? false : undefined,
    bufferLogs: !silent,
    abortOnError: false,
  });
  // every Nest log line through pino, as JSON, with the request's id when there is one
  if (!silent) app.useLogger(new ApplicationLogger(app.get(PinoLogger)));
  configureApp(app);
  await app.init();
  return app;
}

function targetOf(options: CreateAppOptions): DatabaseTarget {
  if (options.database) return options.database;
  if (options.databasePath) return { engine: 'sqlite', path: options.databasePath };
  throw new Error('createApp needs a database: `database` or `databasePath`');
}
