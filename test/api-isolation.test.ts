import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness, type TestUser } from './support/api-harness.js';
import { createCredential, openWindow } from './support/builders.js';

/** Submissions in the imported file: large enough that its write takes a while. */
const SUBMISSIONS = 4000;

/**
 * Readers see committed data only: while a large import is being written, the window's progress
 * read through the API shows either nothing of it or all of it, never a part (on SQLite, reads go
 * through a connection of their own; on PostgreSQL, READ COMMITTED), and other requests are
 * answered meanwhile.
 */
describe('reads during a large import', () => {
  let api: ApiHarness;
  let researcher: TestUser;
  let credentialId: number;
  let csv: string;

  beforeAll(async () => {
    api = await startApi('isolation');
    const designer = await api.createUser('Designer', ['designer']);
    researcher = await api.createUser('Researcher', ['researcher']);
    const readers = [await api.createUser('Reader A', ['assessor']), await api.createUser('Reader B', ['assessor'])];
    credentialId = await createCredential(api, designer, 'Large import');
    await openWindow(api, designer, credentialId, { targetSubmissions: SUBMISSIONS + 10, seed: 3 });
    const lines = ['submission,assessor,criterion,level'];
    for (let index = 0; index < SUBMISSIONS; index++) {
      for (const reader of readers) lines.push(`L-${index},${reader.email},aim,yes`, `L-${index},${reader.email},depth,${1 + (index % 4)}`);
    }
    csv = lines.join('\n');
  });

  afterAll(async () => {
    await api.close();
  });

  it('never shows part of an import that is still being written, and keeps answering', async () => {
    const progress = () =>
      api
        .http()
        .get(`/api/credentials/${credentialId}/rubric-versions/1/validation`)
        .set(bearer(researcher.token))
        .expect(200)
        .then((response) => Number(response.body.progress.studySubmissions));
    expect(await progress()).toBe(0);
    let done = false;
    const importing = api
      .http()
      .post(`/api/credentials/${credentialId}/rubric-versions/1/scores/import`)
      .set(bearer(researcher.token))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .then((response) => {
        done = true;
        return response;
      });
    const seen: number[] = [];
    while (!done) seen.push(await progress());
    const imported = await importing;
    expect(imported.status).toBe(200);
    expect(imported.body.submissions).toBe(SUBMISSIONS);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.filter((count) => count !== 0 && count !== SUBMISSIONS)).toEqual([]);
    expect(await progress()).toBe(SUBMISSIONS);
  });
});
