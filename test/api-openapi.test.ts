import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPITSOptions } from 'openapi-typescript';
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

  it('documents 401 on every route that needs a token; only login and the load balancer probes need none', () => {
    const publicRoutes = ['POST /api/auth/login', 'GET /api/health', 'GET /api/ready'];
    const open = operations.filter(({ operation }) => !operation.security || operation.security.length === 0).map(({ name }) => name);
    expect(open.sort()).toEqual([...publicRoutes].sort());
    for (const { name, operation } of operations) {
      if (publicRoutes.includes(name)) continue;
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

});

/**
 * The dashboard's API types (frontend/src/lib/api/schema.d.ts) are openapi-typescript's output for
 * the committed docs/openapi.json, written by `npm run openapi:client` (the last step of
 * `npm run openapi`). The check makes them again in process, with that script's flags, and compares.
 */
describe("the dashboard's generated API types", () => {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['openapi:client']!;
  const [program, input, ...rest] = script.split(/\s+/);
  const outputAt = rest.indexOf('-o');
  const typesFile = rest[outputAt + 1]!;
  /** `--root-types` -> `{ rootTypes: true }`: the CLI's flags as openapiTS options. */
  const options = Object.fromEntries(
    rest.filter((_, index) => index !== outputAt && index !== outputAt + 1).map((flag) => [flag.replace(/^--/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()), true]),
  ) as OpenAPITSOptions;

  /** What `npm run openapi:client` writes for an OpenAPI document: the CLI's header, then the types. */
  async function generatedFrom(document: string | object): Promise<string> {
    const source = typeof document === 'string' ? pathToFileURL(document) : (document as Parameters<typeof openapiTS>[0]);
    return `${COMMENT_HEADER}${astToString(await openapiTS(source, { ...options, silent: true }))}`;
  }

  /** '' when `committed` is `generated`, else where they first differ. */
  function staleness(generated: string, committed: string): string {
    if (generated === committed) return '';
    const committedLines = committed.split('\n');
    const generatedLines = generated.split('\n');
    const line = generatedLines.findIndex((text, index) => text !== committedLines[index]);
    return (
      `${typesFile} is stale: run npm run openapi (or npm run openapi:client)\n` +
      `first difference at line ${line + 1}: committed ${JSON.stringify(committedLines[line])}, generated ${JSON.stringify(generatedLines[line])}`
    );
  }

  it('are made by openapi-typescript from docs/openapi.json', () => {
    expect(program).toBe('openapi-typescript');
    expect(input).toBe('docs/openapi.json');
    expect(typesFile).toBe('frontend/src/lib/api/schema.d.ts');
    expect(options).toEqual({ rootTypes: true, rootTypesNoSchemaPrefix: true });
  });

  it('are what openapi-typescript makes of the committed docs/openapi.json', async () => {
    const answer = staleness(await generatedFrom(join(root, input!)), readFileSync(join(root, typesFile), 'utf8'));
    if (answer) expect.fail(answer);
  });

  it('are found stale once the document changes and they are not made again', async () => {
    const document = JSON.parse(readFileSync(join(root, input!), 'utf8')) as { paths: Record<string, unknown> };
    delete document.paths['/api/users/me/conflicts'];
    const answer = staleness(await generatedFrom(document), readFileSync(join(root, typesFile), 'utf8'));
    expect(answer).toMatch(/^frontend\/src\/lib\/api\/schema\.d\.ts is stale: run npm run openapi/);
  });
});
