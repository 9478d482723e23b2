import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { query } from '../../database/sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';

/** What @nestjs/throttler wants back from its storage (times in whole seconds). */
export interface ThrottleRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

interface Row {
  hits: number;
  windowEndsAt: string;
  blockedUntil: string | null;
}

/**
 * Sign-in counters in the `sign_in_throttles` table, so that every API instance on one database
 * counts the same attempts: the storage of @nestjs/throttler for the per-address limit, and the
 * failures in a row of each account with their growing wait. Each count is one upsert, atomic on
 * both engines; times come from the injected clock.
 */
@Injectable()
export class SignInThrottleStore implements ThrottlerStorage {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** @nestjs/throttler's step: counts one attempt under `key` (already a hash) in a window of `ttl` ms; past `limit`, blocks for `blockDuration` ms. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottleRecord> {
    const now = this.clock.now();
    const nowText = now.toISOString();
    return this.unitOfWork.run(async (manager) => {
      const [row] = await query<Row>(
        manager,
        `INSERT INTO "sign_in_throttles" ("key", "hits", "window_ends_at", "blocked_until") VALUES (?, 1, ?, NULL)
         ON CONFLICT ("key") DO UPDATE SET
           "hits" = CASE WHEN "sign_in_throttles"."window_ends_at" <= ? THEN 1 ELSE "sign_in_throttles"."hits" + 1 END,
           "window_ends_at" = CASE WHEN "sign_in_throttles"."window_ends_at" <= ? THEN excluded."window_ends_at" ELSE "sign_in_throttles"."window_ends_at" END
         RETURNING "hits" AS "hits", "window_ends_at" AS "windowEndsAt", "blocked_until" AS "blockedUntil"`,
        [`address:${key}`, at(now, ttl), nowText, nowText],
      );
      const hits = Number(row.hits);
      let blockedUntil = row.blockedUntil !== null && row.blockedUntil > nowText ? row.blockedUntil : null;
      if (blockedUntil === null && hits > limit) {
        blockedUntil = at(now, blockDuration);
        await query(manager, 'UPDATE "sign_in_throttles" SET "blocked_until" = ? WHERE "key" = ?', [blockedUntil, `address:${key}`]);
      }
      return {
        totalHits: hits,
        timeToExpire: secondsUntil(now, row.windowEndsAt),
        isBlocked: blockedUntil !== null,
        timeToBlockExpire: blockedUntil === null ? 0 : secondsUntil(now, blockedUntil),
      };
    });
  }

  /**
   * Counts a sign-in attempt of the account (known or not, so that the answers do not tell them
   * apart) before its password is checked, as a failure until `recordSuccess` forgets it: counted
   * first, attempts made at the same moment cannot slip past the limit together. Returns 0 when
   * the attempt may go on, or the seconds still to wait (nothing counted). From the
   * `freeFailures`-th attempt in a row on, the next one waits `firstDelayMs`, doubled by each
   * further attempt up to `maxDelayMs`; a run is forgotten `failureMemoryMs` after its last attempt.
   */
  async beginAttempt(email: string): Promise<number> {
    const limits = this.config.signIn;
    const now = this.clock.now();
    const nowText = now.toISOString();
    const key = accountKey(email);
    return this.unitOfWork.run(async (manager) => {
      const counted = await query<Row>(
        manager,
        `INSERT INTO "sign_in_throttles" ("key", "hits", "window_ends_at", "blocked_until") VALUES (?, 1, ?, NULL)
         ON CONFLICT ("key") DO UPDATE SET
           "hits" = CASE WHEN "sign_in_throttles"."window_ends_at" <= ? THEN 1 ELSE "sign_in_throttles"."hits" + 1 END,
           "window_ends_at" = excluded."window_ends_at"
         WHERE "sign_in_throttles"."blocked_until" IS NULL OR "sign_in_throttles"."blocked_until" <= ?
         RETURNING "hits" AS "hits", "window_ends_at" AS "windowEndsAt", "blocked_until" AS "blockedUntil"`,
        [key, at(now, limits.failureMemoryMs), nowText, nowText],
      );
      if (counted.length === 0) {
        const [blocked] = await query<Pick<Row, 'blockedUntil'>>(manager, 'SELECT "blocked_until" AS "blockedUntil" FROM "sign_in_throttles" WHERE "key" = ?', [key]);
        return Math.max(1, secondsUntil(now, blocked.blockedUntil ?? nowText));
      }
      const attempts = Number(counted[0].hits);
      if (attempts >= limits.freeFailures) {
        const delay = Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** Math.min(attempts - limits.freeFailures, 40));
        await query(manager, 'UPDATE "sign_in_throttles" SET "blocked_until" = ? WHERE "key" = ?', [at(now, delay), key]);
      }
      return 0;
    });
  }

  /** Forgets the account's failures after a successful sign-in. */
  async recordSuccess(email: string): Promise<void> {
    await this.unitOfWork.run((manager) => query(manager, 'DELETE FROM "sign_in_throttles" WHERE "key" = ?', [accountKey(email)]));
  }
}

/** The key of an account's failures: a hash of the normalised email, never the email itself. */
function accountKey(email: string): string {
  return `account:${createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex')}`;
}

function at(now: Date, milliseconds: number): string {
  return new Date(now.getTime() + milliseconds).toISOString();
}

function secondsUntil(now: Date, when: string): number {
  return Math.max(0, Math.ceil((Date.parse(when) - now.getTime()) / 1000));
}
