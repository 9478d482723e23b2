import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { DomainExceptionFilter } from './domain-exception.filter.js';
import { refuseDeepJson } from './json-depth.js';
import { createOpenApiDocument } from './openapi.js';
import { noStoreForApi, securityHeaders } from './security-headers.js';
import { isStreamedUpload } from './upload-body.js';
import { createValidationPipe } from './validation.js';
import { API_PREFIX } from './api-prefix.js';

export { API_PREFIX };

/**
 * The largest body any body parser reads (evidence text of 200,000 characters fits); larger bodies
 * get 413. The CSV uploads are not parsed here: their handlers read them after authentication, up
 * to their own limits (upload-body.ts).
 */
export const BODY_LIMIT = '1mb';

const TEXT_TYPES = /^\s*(text\/csv|text\/plain)\s*(;|$)/i;

/**
 * Everything main.ts and the tests share about the HTTP surface: body parsers with a small limit
 * (`BODY_LIMIT`; the CSV uploads read their own bodies after the guards), security headers on every answer
 * and `no-store` on the API's (security-headers.ts), JSON bodies refused past a nesting depth
 * (json-depth.ts), the `api` prefix, the validation
 * pipe (400 with field paths), the exception filter (domain errors to 404/403/409/422), and the
 * OpenAPI document at /api/docs (JSON at /api/docs-json). Call it before `app.init()`.
 */
export function configureApp(app: INestApplication): INestApplication {
  (app as NestExpressApplication).disable('x-powered-by');
  app.use(securityHeaders());
  app.use(noStoreForApi(API_PREFIX));
  // body-parser's `verify` step: Nest's types leave it out (its rawBody option uses it) but pass it on
  const jsonOptions = { limit: BODY_LIMIT, verify: refuseDeepJson } as NestExpressBodyParserOptionsFor<'json'>;
  (app as NestExpressApplication).useBodyParser('json', jsonOptions);
  // text bodies elsewhere up to the same small limit; the streamed uploads' bodies wait for their handlers
  const textType = (request: IncomingMessage) => TEXT_TYPES.test(request.headers['content-type'] ?? '') && !isStreamedUpload(request);
  (app as NestExpressApplication).useBodyParser('text', { type: textType, limit: BODY_LIMIT });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  const document = createOpenApiDocument(app);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  return app;
}
