import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApiJson, OPENAPI_COMMAND, OPENAPI_FILE } from '../backend/src/composition/openapi-file.js';
import { renderOpenApiDocument, ROLES_EXTENSION } from '../backend/src/http/openapi.js';

interface Response {
  description: string;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}

interface Operation {
  operationId: string;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema?: Record<string, unknown> }> };
  responses: Record<string, Response>;
  security?: unknown[];
  [ROLES_EXTENSION]?: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const ERROR_REF = '#/components/schemas/ErrorResponse';

describe('the committed OpenAPI document (docs/openapi.json)', () => {
  let generated: string;
  let operations: Array<{ name: string; operation: Operation }>;

  beforeAll(async () => {
    generated = await generateOpenApiJson();
    const document = JSON.parse(generated) as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
  });

  it('is what the code generates now', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    if (committed !== generated) {
      const committedLines = committed.split('\n');
      const generatedLines = generated.split('\n');
      const line = generatedLines.findIndex((text, index) => text !== committedLines[index]);
      expect.fail(
        `docs/openapi.json is stale: run ${OPENAPI_COMMAND}\n` +
          `first difference at line ${line + 1}: committed ${JSON.stringify(committedLines[line])}, generated ${JSON.stringify(generatedLines[line])}`,
      );
    }
  });

  it('is the same text every time the app generates it', async () => {
    expect(await generateOpenApiJson()).toBe(generated);
  });

  it('documents 401 on every route that needs a token, and only login needs none', () => {
    const open = operations.filter(({ operation }) => !operation.security || operation.security.length === 0).map(({ name }) => name);
    expect(open).toEqual(['POST /api/auth/login']);
    for (const { name, operation } of operations) {
      if (name === 'POST /api/auth/login') continue;
      expect(operation.responses['401'], name).toBeDefined();
    }
  });

  it('documents 403 naming the roles on every route limited to some roles', () => {
    const limited = operations.filter(({ operation }) => operation[ROLES_EXTENSION]);
    expect(limited.length).toBeGreaterThan(15);
    for (const { name, operation } of limited) {
      expect(operation.responses['403']?.description, name).toMatch(new RegExp(`^requires one of the roles: ${operation[ROLES_EXTENSION]!.join(', ')}`));
    }
    const adjudication = operations.find(({ name }) => name === 'POST /api/adjudications/{submissionId}')!.operation;
    expect(adjudication.responses['403'].description).toBe('requires one of the roles: adjudicator; or the caller was assigned to or scored this submission');
  });

  it('documents 400 wherever a path id, a query or a body is read, and 404 wherever a path id is', () => {
    for (const { name, operation } of operations) {
      const places = new Set((operation.parameters ?? []).map((parameter) => parameter.in));
      if (places.has('path') || places.has('query') || operation.requestBody) expect(operation.responses['400'], name).toBeDefined();
      if (places.has('path')) expect(operation.responses['404'], name).toBeDefined();
    }
    const result = operations.find(({ name }) => name === 'GET /api/credentials/{id}/submissions/{submissionId}/result')!.operation;
    expect(Object.keys(result.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    const submit = operations.find(({ name }) => name === 'POST /api/credentials/{id}/submissions')!.operation;
    expect(Object.keys(submit.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '422']);
  });

  it('gives every error response the ErrorResponse body, and every other response and request body a schema', () => {
    for (const { name, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status === '204') {
          expect(response.content, `${name} ${status}`).toBeUndefined();
          continue;
        }
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
        expect(schemas.length, `${name} ${status}`).toBeGreaterThan(0);
        for (const schema of schemas) {
          if (Number(status) >= 400) expect(schema, `${name} ${status}`).toEqual({ $ref: ERROR_REF });
          else expect(schema && Object.keys(schema).length > 0, `${name} ${status}`).toBe(true);
        }
      }
      for (const media of Object.values(operation.requestBody?.content ?? {})) expect(media.schema, `${name} request body`).toBeDefined();
    }
  });

  it('keeps its keys sorted at every depth and its arrays in order', () => {
    const text = renderOpenApiDocument({ paths: {}, openapi: '3.0.0', info: { version: '1', title: 'T' }, tags: [{ name: 'z' }, { name: 'a' }] } as never);
    expect(text).toBe(
      `${JSON.stringify({ info: { title: 'T', version: '1' }, openapi: '3.0.0', paths: {}, tags: [{ name: 'z' }, { name: 'a' }] }, null, 2)}\n`,
    );
  });

  it("is what the dashboard's API types (frontend/src/lib/api/schema.ts) were generated from", () => {
    let failure = '';
    try {
      execFileSync(process.execPath, ['frontend/scripts/generate-api-types.mjs', '--check'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failure = String((error as { stderr?: string }).stderr ?? error);
    }
    expect(failure).toBe('');
  });
});
