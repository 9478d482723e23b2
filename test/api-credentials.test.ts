import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, twoRowRubric, type ApiHarness, type TestUser } from './support/api-harness.js';

describe('credentials and rubric versions', () => {
  let api: ApiHarness;
  let designer: TestUser;
  let assessor: TestUser;

  beforeAll(async () => {
    api = await startApi('credentials');
    designer = await api.createUser('Designer Dee', ['designer']);
    assessor = await api.createUser('Assessor Abe', ['assessor']);
    await api.createUser('Assessor Bea', ['assessor']);
  });

  afterAll(async () => {
    await api.close();
  });

  async function newCredential(title = 'Performance Assessment Design'): Promise<number> {
    const response = await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title, description: 'Six rows.' }).expect(201);
    return response.body.id;
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return (body.errors ?? []).map((issue) => issue.field);
  }

  describe('POST /api/credentials', () => {
    it('creates a credential for a designer', async () => {
      const response = await api.http().post('/api/credentials').set(bearer(designer.token)).send({ title: '  Data Literacy ' }).expect(201);
      expect(response.body).toEqual({ id: expect.any(Number), title: 'Data Literacy', description: '', createdAt: expect.any(String), latestVersion: null });
    });

    it('refuses a missing title with 400 and the field path', async () => {
      const response = await api.http().post('/api/credentials').set(bearer(designer.token)).send({ description: 'no title' }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(fieldsOf(response.body)).toEqual(['title', 'title']);
    });

    it('refuses an assessor with 403', async () => {
      await api.http().post('/api/credentials').set(bearer(assessor.token)).send({ title: 'Nope' }).expect(403);
    });

    it('lists credentials for any signed-in user, and 404s an unknown one', async () => {
      await newCredential('Listed');
      const page = await api.http().get('/api/credentials').set(bearer(assessor.token)).expect(200);
      expect(page.body.items.map((item: { title: string }) => item.title)).toContain('Listed');
      const missing = await api.http().get('/api/credentials/9999').set(bearer(designer.token)).expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      const malformed = await api.http().get('/api/credentials/abc').set(bearer(designer.token)).expect(400);
      expect(fieldsOf(malformed.body)).toEqual(['id']);
    });
  });

  describe('POST /api/credentials/:id/rubric-versions', () => {
    it('creates version 1 with ordered rows and levels', async () => {
      const credentialId = await newCredential();
      const response = await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
      expect(response.body).toMatchObject({ credentialId, version: 1, previousVersion: null, locked: false, validationStatus: null });
      expect(response.body.rows.map((row: { key: string }) => row.key)).toEqual(['aim', 'depth']);
      expect(response.body.rows[1]).toEqual({
        key: 'depth',
        title: 'Depth of the task',
        descriptor: '',
        scale: 'ordinal',
        carriedOver: false,
        levels: ['1', '2', '3', '4'].map((value) => ({ value, label: `Level ${value}`, descriptor: `Depth ${value}` })),
      });
      const read = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1`).set(bearer(assessor.token)).expect(200);
      expect(read.body).toEqual(response.body);
    });

    it('refuses malformed rows with 400 and nested field paths', async () => {
      const credentialId = await newCredential();
      const response = await api
        .http()
        .post(`/api/credentials/${credentialId}/rubric-versions`)
        .set(bearer(designer.token))
        .send({
          rows: [
            { key: 'has space', title: 'Bad key', scale: 'ordinal', levels: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
            { key: 'ok', title: 'One level', scale: 'interval', levels: [{ value: 'a', label: 'A' }, { value: 7 }] },
          ],
        })
        .expect(400);
      expect(fieldsOf(response.body)).toEqual(
        expect.arrayContaining(['rows.0.key', 'rows.1.scale', 'rows.1.levels.1.value', 'rows.1.levels.1.label']),
      );
    });

    it('refuses duplicate row keys and level values with 422 and field paths', async () => {
      const credentialId = await newCredential();
      const [aim, depth] = twoRowRubric.rows;
      const response = await api
        .http()
        .post(`/api/credentials/${credentialId}/rubric-versions`)
        .set(bearer(designer.token))
        .send({ rows: [aim, { ...aim, title: 'Again' }, { ...depth, levels: [depth.levels[0], depth.levels[0]] }] })
        .expect(422);
      expect(response.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
      expect(fieldsOf(response.body)).toEqual(['rows.1.key', 'rows.2.levels.1.value']);
    });

    it('revises the latest version into the next, carrying unchanged rows over and marking them so', async () => {
      const credentialId = await newCredential();
      await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
      const rewritten = { ...twoRowRubric.rows[1], title: 'Depth, rewritten', descriptor: 'Clearer levels' };
      const added = { key: 'fairness', title: 'Fairness', scale: 'nominal', levels: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] };
      const response = await api
        .http()
        .post(`/api/credentials/${credentialId}/rubric-versions`)
        .set(bearer(designer.token))
        .send({ previousVersion: 1, rows: [rewritten, added] })
        .expect(201);
      expect(response.body).toMatchObject({ version: 2, previousVersion: 1 });
      expect(response.body.rows.map((row: { key: string; title: string; carriedOver: boolean }) => [row.key, row.title, row.carriedOver])).toEqual([
        ['aim', 'States the aim', true],
        ['depth', 'Depth, rewritten', false],
        ['fairness', 'Fairness', false],
      ]);
      const stale = await api
        .http()
        .post(`/api/credentials/${credentialId}/rubric-versions`)
        .set(bearer(designer.token))
        .send({ previousVersion: 1, rows: [rewritten] })
        .expect(409);
      expect(stale.body.code).toBe('not_latest_version');
      const unknownRemoval = await api
        .http()
        .post(`/api/credentials/${credentialId}/rubric-versions`)
        .set(bearer(designer.token))
        .send({ previousVersion: 2, rows: [], removedRowKeys: ['nowhere'] })
        .expect(422);
      expect(fieldsOf(unknownRemoval.body)).toEqual(['removedRowKeys.0']);
      const detail = await api.http().get(`/api/credentials/${credentialId}`).set(bearer(designer.token)).expect(200);
      expect(detail.body.latestVersion).toBe(2);
      expect(detail.body.versions.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    });

    it('refuses a second first version with 409', async () => {
      const credentialId = await newCredential();
      await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
      const response = await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(409);
      expect(response.body.code).toBe('version_exists');
    });

    it('lets a draft change but makes a version immutable once its validation window opens (409)', async () => {
      const credentialId = await newCredential();
      await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
      const changed = { rows: [{ ...twoRowRubric.rows[0], title: 'States the aim clearly' }] };
      const draft = await api.http().put(`/api/credentials/${credentialId}/rubric-versions/1`).set(bearer(designer.token)).send(changed).expect(200);
      expect(draft.body.rows.map((row: { title: string }) => row.title)).toEqual(['States the aim clearly']);
      await api.http().post(`/api/credentials/${credentialId}/rubric-versions/1/validation`).set(bearer(designer.token)).send({ seed: 1 }).expect(201);
      const locked = await api.http().put(`/api/credentials/${credentialId}/rubric-versions/1`).set(bearer(designer.token)).send(twoRowRubric).expect(409);
      expect(locked.body.code).toBe('rubric_version_locked');
      const version = await api.http().get(`/api/credentials/${credentialId}/rubric-versions/1`).set(bearer(designer.token)).expect(200);
      expect(version.body).toMatchObject({ locked: true, validationStatus: 'collecting' });
    });

    it('writes every rubric change to the audit log', async () => {
      const credentialId = await newCredential('Audited');
      await api.http().post(`/api/credentials/${credentialId}/rubric-versions`).set(bearer(designer.token)).send(twoRowRubric).expect(201);
      const log = await api.http().get('/api/audit?entityType=rubric_version&pageSize=200').set(bearer(api.adminToken)).expect(200);
      const entry = log.body.items.find(
        (item: { action: string; details: { credentialId: number } }) => item.action === 'rubric_version.created' && item.details.credentialId === credentialId,
      );
      expect(entry).toMatchObject({ actorId: designer.id, entityType: 'rubric_version', at: expect.any(String) });
      expect(entry.details.rows).toHaveLength(2);
    });
  });
});
