import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ReportResponse } from './reports.dto.js';

/** Reports kept in memory at most. */
export const REPORT_CACHE_SIZE = 64;

export interface CachedReport {
  report: ReportResponse;
  /** the report serialised once, sent as is */
  json: string;
  /** validator of the data behind `json`: the same on every instance, new whenever that data changes */
  etag: string;
}

/**
 * Reports by what they were computed from, least recently used first out.
 *
 * An entry's key is its route (`credential:version`) and the data epochs of the windows behind
 * it (`ReportQueries.locate`): every write that changes what a window's report says raises that
 * window's epoch in the same transaction, so a changed epoch simply misses, on every instance at
 * once. The ETag is a hash of that key, not of the text (whose `computedAt` differs between
 * instances), so every instance answers a request for the same data with the same ETag.
 */
@Injectable()
export class ReportCache {
  private readonly entries = new Map<string, CachedReport>();

  /** The entry computed for `route` from the data at `epochs`, now the most recently used. */
  find(route: string, epochs: string): CachedReport | undefined {
    const key = keyOf(route, epochs);
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /** Serialises the report once, with its ETag, and keeps it. */
  store(route: string, epochs: string, report: ReportResponse): CachedReport {
    const key = keyOf(route, epochs);
    const entry: CachedReport = { report, json: JSON.stringify(report), etag: etagOf(key) };
    this.entries.set(key, entry);
    if (this.entries.size > REPORT_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}

function keyOf(route: string, epochs: string): string {
  return `${route}|${epochs}`;
}

/** A strong validator (`"..."`) derived from the route and the data epochs alone. */
export function etagOf(key: string): string {
  return `"${createHash('sha1').update(`report-v1|${key}`).digest('base64url')}"`;
}
