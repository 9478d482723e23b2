/**
 * The rows of rubric versions a view needs for titles and level labels, each asked of the API once
 * per view (a view makes its own cache, so nothing outlives it).
 */
import { api } from '../../lib/api';
import type { RubricRowResponse } from '../../lib/api/schema';

export class RubricCache {
  #rows = new Map<string, Promise<RubricRowResponse[]>>();

  /** The rows of version `version` of the credential; a failed read is asked again next time. */
  rows(credentialId: number, version: number, signal?: AbortSignal): Promise<RubricRowResponse[]> {
    const key = `${credentialId}/${version}`;
    let pending = this.#rows.get(key);
    if (!pending) {
      pending = api.get('/api/credentials/{id}/rubric-versions/{v}', { params: { path: { id: credentialId, v: version } } }).then((answer) => answer.rows);
      pending.catch(() => this.#rows.delete(key)); // asked again next time
      this.#rows.set(key, pending);
    }
    if (!signal) return pending;
    const shared = pending;
    return new Promise((resolve, reject) => {
      const abort = () => reject(new DOMException('aborted', 'AbortError'));
      if (signal.aborted) {
        abort();
        return;
      }
      signal.addEventListener('abort', abort, { once: true });
      shared.then(
        (rows) => {
          signal.removeEventListener('abort', abort);
          resolve(rows);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', abort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
