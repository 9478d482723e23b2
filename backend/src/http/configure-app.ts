import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { DomainExceptionFilter } from './domain-exception.filter.js';
import { refuseDeepJson } from './json-depth.js';
import { createOpenApiDocument } from './openapi.js';
import { noStoreForApi, securityHeaders } from './security-headers.js';
import { createValidationPipe } from './validation.js';

export const API_PREFIX = 'api';

/** The largest JSON body accepted (evidence text can be long); larger bodies get 413. */
export const JSON_BODY_LIMIT = '2mb';

/** The largest CSV upload accepted (score imports: 100,000 lines is about 5 MB). */
export const CSV_BODY_LIMIT = '50mb';

/**
 * Everything main.ts and the tests share about the HTTP surface: security headers on every answer
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
  const jsonOptions = { limit: JSON_BODY_LIMIT, verify: refuseDeepJson } as NestExpressBodyParserOptionsFor<'json'>;
  (app as NestExpressApplication).useBodyParser('json', jsonOptions);
  (app as NestExpressApplication).useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: CSV_BODY_LIMIT });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  const document = createOpenApiDocument(app);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  return app;
}
