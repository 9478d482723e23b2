import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The OpenAPI extension on each operation listing the roles allowed (absent: any signed-in user). */
export const ROLES_EXTENSION = 'x-roles';

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponse' };
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * The OpenAPI document of the API, built from the controllers' and DTOs' decorators, then made
 * complete about errors (see `completeErrorResponses`).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Concord')
    .setDescription('Tells whether a rubric can be scored reliably: the validation protocol as an API.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the token from POST /api/auth/login' })
    .build();
  return completeErrorResponses(SwaggerModule.createDocument(app, config));
}

interface Operation {
  parameters?: Array<{ in?: string }>;
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  [ROLES_EXTENSION]?: string[];
}

/**
 * Documents on every operation the errors that the shared HTTP layer gives to all routes alike,
 * unless the route describes them itself: 400 (the validation pipe and the id pipe) when it takes
 * path, query or body input, 404 when it has a path id. A 403 of a route with roles always names them,
 * also when the route documents another reason for 403 (a method's 403 replaces its class's).
 */
export function completeErrorResponses(document: OpenAPIObject): OpenAPIObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (pathItem as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const responses = operation.responses;
      const inPath = parameters.some((parameter) => parameter.in === 'path');
      const inQuery = parameters.some((parameter) => parameter.in === 'query');
      const malformed = [
        inPath ? 'a path id that is not a positive whole number' : null,
        inQuery ? 'a malformed query parameter' : null,
        operation.requestBody ? 'a malformed body' : null,
      ].filter((part): part is string => part !== null);
      if (malformed.length > 0 && !responses['400']) {
        responses['400'] = errorResponse(`${malformed.join(' or ')}: every field at fault is in \`errors\``);
      }
      if (inPath && !responses['404']) {
        responses['404'] = errorResponse('no such resource');
      }
      const roles = operation[ROLES_EXTENSION];
      if (roles && roles.length > 0) {
        const rolesText = `requires one of the roles: ${roles.join(', ')}`;
        const own = (responses['403']?.description ?? '').split('\n\n').filter((part) => part !== '' && !part.startsWith('requires one of the roles'));
        responses['403'] = errorResponse([rolesText, ...own].join('; or '));
      }
    }
  }
  return document;
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { ...ERROR_SCHEMA } } } };
}

/**
 * The document as committed in docs/openapi.json: keys sorted at every depth (arrays keep their
 * order), two-space indentation, a final newline. The same app always gives the same text.
 */
export function renderOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
