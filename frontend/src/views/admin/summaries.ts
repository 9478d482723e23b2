/**
 * Every credential with its summary (versions, windows, verdict counts), for the admin's screens
 * that list across credentials: the credentials page after page, then one summary each, a few at a
 * time.
 */
import { api } from '../../lib/api';
import type { CredentialResponse, CredentialSummaryResponse } from '../../lib/api/schema';

const AT_ONCE = 4;

export async function everyCredentialSummary(signal: AbortSignal): Promise<CredentialSummaryResponse[]> {
  const credentials: CredentialResponse[] = [];
  for (let page = 1; ; page++) {
    const answer = await api.get('/api/credentials', { params: { query: { page, pageSize: 200 } }, signal });
    credentials.push(...answer.items);
    if (credentials.length >= answer.total || answer.items.length === 0) break;
  }
  const summaries: CredentialSummaryResponse[] = [];
  for (let start = 0; start < credentials.length; start += AT_ONCE) {
    const batch = credentials.slice(start, start + AT_ONCE);
    summaries.push(...(await Promise.all(batch.map((credential) => api.get('/api/credentials/{id}/summary', { params: { path: { id: credential.id } }, signal })))));
  }
  return summaries;
}
