/**
 * "Next case" for adjudicators, from the queue and from a case just recorded: claims the oldest
 * free case (`POST /api/adjudications/claim`) and opens it, or says in words why none was taken.
 */
import { api, ApiError } from '../lib/api';
import { router } from '../lib/router.svelte';
import { paths } from '../lib/routes';

export class NextCase {
  claiming = $state(false);
  message = $state<string | null>(null);

  take = async (): Promise<void> => {
    this.claiming = true;
    this.message = null;
    try {
      const claimed = await api.post('/api/adjudications/claim');
      if (claimed) router.navigate(paths.adjudication(claimed.submissionId));
      else this.message = 'No case is free right now: every waiting case is held by another adjudicator. Try again in a while.';
    } catch (error) {
      this.message = error instanceof ApiError ? error.message : 'The next case could not be taken. Try again.';
    } finally {
      this.claiming = false;
    }
  };
}
