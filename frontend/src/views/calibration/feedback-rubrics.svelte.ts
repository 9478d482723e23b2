/**
 * The rubric rows behind a page of feedback (own scorings, validity items), for row titles and
 * level labels: each credential's version read once, reactively, so a view shows keys until the
 * rows arrive and names after.
 */
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { RubricRowResponse } from '../../lib/api/schema';
import { rubricLookup, type RubricLookup } from '../../lib/certification';
import { RubricCache } from './rubrics';

export class FeedbackRubrics {
  #cache = new RubricCache();
  #rows = new SvelteMap<string, RubricRowResponse[]>();

  /** Asks for the rows of every credential version the items name, once each. */
  load(items: ReadonlyArray<{ credentialId: number; rubricVersion: number }>): void {
    untrack(() => this.#request(items));
  }

  #request(items: ReadonlyArray<{ credentialId: number; rubricVersion: number }>): void {
    for (const item of items) {
      const key = `${item.credentialId}/${item.rubricVersion}`;
      if (this.#rows.has(key)) continue;
      this.#rows.set(key, []);
      this.#cache.rows(item.credentialId, item.rubricVersion).then(
        (found) => this.#rows.set(key, found),
        () => this.#rows.delete(key), // asked again with the next page
      );
    }
  }

  /** Titles and labels of a credential version's rows; keys until they arrive. */
  lookup(credentialId: number, version: number): RubricLookup {
    return rubricLookup(this.#rows.get(`${credentialId}/${version}`));
  }
}
