import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { DatabaseTarget } from './database-target.js';

export interface AdminAccount {
  email: string;
  password: string;
}

/** Everything the API needs from its environment, checked once at start-up. */
export class AppConfig {
  constructor(
    /** the SQLite file (its folder is created when missing) or the PostgreSQL database */
    readonly database: DatabaseTarget,
    /** the administrator created on first start, when no user has that email yet */
    readonly admin: AdminAccount | null = null,
    /** how long a login token stays valid */
    readonly tokenLifetimeHours: number = 12,
    /** the port main.ts listens on */
    readonly port: number = 3000,
    /**
     * the scrypt cost N of new password hashes (a power of two, checked when the app starts); not
     * read from the environment: tests lower it through `createApp({ passwordHashCost })`
     */
    readonly passwordHashCost: number = DEFAULT_PASSWORD_HASH_COST,
    /**
     * tests only (CONCORD_TEST_UNSAFE_CLAIMS=1): claim queue items by a plain read, then an update,
     * without row locks, to show that the race test catches the doubles this lets through
     */
    readonly unsafeQueueClaims: boolean = false,
    /** how sign-in is throttled and how many password hashes run at once */
    readonly signIn: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}
}

/** Sign-in throttling (per client address and per account) and the bound on password hashing. */
export interface SignInLimits {
  /** sign-in attempts one client address may make per window; past that, 429 until the window ends */
  perAddress: number;
  /** the address window, in milliseconds */
  addressWindowMs: number;
  /** failed sign-ins in a row an account may have before each further attempt waits */
  freeFailures: number;
  /** the wait after the last free failure, doubled by each further failure */
  firstDelayMs: number;
  /** the longest wait */
  maxDelayMs: number;
  /** a run of failures is forgotten this long after its last failure */
  failureMemoryMs: number;
  /** password hashes computed at once; the rest wait their turn, so the database's threads stay free */
  hashConcurrency: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAddress: 30,
  addressWindowMs: 10 * 60_000,
  freeFailures: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  failureMemoryMs: 24 * 3_600_000,
  hashConcurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
};

/** scrypt N = 2^15 (with r = 8, p = 1): about 32 MiB and tens of milliseconds per hash. */
export const DEFAULT_PASSWORD_HASH_COST = 2 ** 15;

export const DEFAULT_DATABASE_PATH = './data/concord.sqlite';

/** The PostgreSQL pool size when DATABASE_POOL_MAX is not set. */
export const DEFAULT_DATABASE_POOL_MAX = 10;

/**
 * Reads the configuration from environment variables, reporting every bad variable in one error:
 * DATABASE_URL (postgres://user:password@host:5432/database: PostgreSQL, with a pool of
 * DATABASE_POOL_MAX connections, default 10) or else DATABASE_PATH (the SQLite file, default
 * ./data/concord.sqlite), PORT (default 3000), CONCORD_ADMIN_EMAIL and
 * CONCORD_ADMIN_PASSWORD (both or neither), CONCORD_TOKEN_LIFETIME_HOURS (default 12),
 * CONCORD_SIGN_IN_LIMIT_PER_ADDRESS (sign-in attempts per client address per 10 minutes, default 30).
 */
export function readConfigFromEnvironment(environment: NodeJS.ProcessEnv): AppConfig {
  const problems: string[] = [];
  const port = wholeNumber(environment, 'PORT', 3000, 1, 65535, problems);
  const tokenLifetimeHours = wholeNumber(environment, 'CONCORD_TOKEN_LIFETIME_HOURS', 12, 1, 24 * 365, problems);
  const perAddress = wholeNumber(environment, 'CONCORD_SIGN_IN_LIMIT_PER_ADDRESS', DEFAULT_SIGN_IN_LIMITS.perAddress, 1, 1_000_000, problems);
  const database = databaseTarget(environment, problems);
  const email = environment.CONCORD_ADMIN_EMAIL?.trim() || '';
  const password = environment.CONCORD_ADMIN_PASSWORD ?? '';
  if ((email === '') !== (password === '')) {
    problems.push('CONCORD_ADMIN_EMAIL and CONCORD_ADMIN_PASSWORD must be set together (or both left out)');
  } else if (password !== '' && password.length < 8) {
    problems.push('CONCORD_ADMIN_PASSWORD must be at least 8 characters long');
  }
  if (problems.length > 0) {
    throw new Error(`Concord cannot start; fix these environment variables:\n  - ${problems.join('\n  - ')}`);
  }
  const admin = email === '' ? null : { email, password };
  const unsafeQueueClaims = environment.CONCORD_TEST_UNSAFE_CLAIMS === '1';
  const signIn = { ...DEFAULT_SIGN_IN_LIMITS, perAddress };
  return new AppConfig(database, admin, tokenLifetimeHours, port, DEFAULT_PASSWORD_HASH_COST, unsafeQueueClaims, signIn);
}

/** Where the server listens: `host` for `app.listen` (undefined: every interface), and what to say about it at start. */
export interface ListenAddress {
  host: string | undefined;
  notice: string | null;
}

/**
 * HOST when it is set; otherwise, in demo mode, 127.0.0.1 only (the demo's accounts share a
 * password printed in the README), said at start; otherwise every interface.
 */
export function listenAddress(environment: NodeJS.ProcessEnv, demo: boolean): ListenAddress {
  const host = environment.HOST?.trim();
  if (host) return { host, notice: null };
  if (!demo) return { host: undefined, notice: null };
  return {
    host: '127.0.0.1',
    notice: 'Demo mode: listening on 127.0.0.1 only, since every demo account has the published password. Set HOST (for example HOST=0.0.0.0) to listen elsewhere.',
  };
}

function databaseTarget(environment: NodeJS.ProcessEnv, problems: string[]): DatabaseTarget {
  const url = environment.DATABASE_URL?.trim();
  if (url) {
    const poolMax = wholeNumber(environment, 'DATABASE_POOL_MAX', DEFAULT_DATABASE_POOL_MAX, 1, 1000, problems);
    if (!/^postgres(ql)?:\/\//.test(url)) problems.push('DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database');
    return { engine: 'postgres', url, poolMax };
  }
  const path = environment.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH;
  return { engine: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
}

function wholeNumber(
  environment: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  minimum: number,
  maximum: number,
  problems: string[],
): number {
  const text = environment[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    problems.push(`${name} must be a whole number from ${minimum} to ${maximum}, not "${text}"`);
    return fallback;
  }
  return value;
}
