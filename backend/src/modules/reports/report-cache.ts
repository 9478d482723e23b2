import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { ReportResponse } from './reports.dto.js';

/** Reports kept in memory, and routes remembered, at most. */
export const REPORT_CACHE_SIZE = 64;

export interface CachedReport {
  report: ReportResponse;
  /** the report serialised once, sent as is */
  json: string;
  /** strong validator of `json`, so clients can ask again with If-None-Match */
  etag: string;
}

/**
 * Reports by what they were computed from, least recently used first out.
 *
 * An entry's key is its route (`credential:version`) and the fingerprint of the sealed data
 * behind it, so a changed fingerprint simply misses. Finding the fingerprint costs a query, so
 * the cache also remembers which entry each route resolved to at which write generation of the
 * unit of work: while nothing has been written since, `current(route)` is that entry and no
 * query is needed. Any write invalidates every route's memo, never an entry.
 */
@Injectable()
export class ReportCache {
  private readonly entries = new Map<string, CachedReport>();
  /** per route: the key it resolved to and the write generation it was resolved at */
  private readonly resolved = new Map<string, { key: string; generation: number }>();

  constructor(@Inject(UnitOfWork) private readonly writes: Pick<UnitOfWork, 'generation'>) {}

  /**
   * The entry the route resolved to last, when nothing has been written since: no need to ask
   * the database. The one check on the path of a repeated request.
   */
  current(route: string): CachedReport | undefined {
    const memo = this.resolved.get(route);
    return memo && memo.generation === this.writes.generation ? this.entries.get(memo.key) : undefined;
  }

  /**
   * Starts resolving a route by its fingerprint. The write generation is read now, before the
   * caller reads the database, so a write that lands while it does leaves the route to be
   * checked again.
   */
  open(route: string): ReportLookup {
    return new ReportLookup(this, route, this.writes.generation);
  }

  /** The entry under `key`, now the most recently used, noted as what `route` resolves to (see `ReportLookup.find`). */
  find(route: string, key: string, generation: number): CachedReport | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    this.remember(route, key, generation);
    return hit;
  }

  /** Serialises the report once, with its ETag, keeps it under `key` and notes it as what `route` resolves to (see `ReportLookup.store`). */
  store(route: string, key: string, generation: number, report: ReportResponse): CachedReport {
    const json = JSON.stringify(report);
    const entry: CachedReport = { report, json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
    this.entries.set(key, entry);
    if (this.entries.size > REPORT_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    this.remember(route, key, generation);
    return entry;
  }

  private remember(route: string, key: string, generation: number): void {
    this.resolved.set(route, { key, generation });
    if (this.resolved.size > REPORT_CACHE_SIZE) this.resolved.delete(this.resolved.keys().next().value as string);
  }
}

/** One route's way through the cache, bound to the write generation it was opened at. */
export class ReportLookup {
  constructor(
    private readonly cache: ReportCache,
    private readonly route: string,
    private readonly generation: number,
  ) {}

  /** The entry computed from data with this fingerprint, if still kept. */
  find(fingerprint: string): CachedReport | undefined {
    return this.cache.find(this.route, `${this.route}:${fingerprint}`, this.generation);
  }

  /** Serialises the report computed from data with this fingerprint, with its ETag, and keeps it. */
  store(fingerprint: string, report: ReportResponse): CachedReport {
    return this.cache.store(this.route, `${this.route}:${fingerprint}`, this.generation, report);
  }
}
