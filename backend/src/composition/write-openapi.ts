import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { generateOpenApiJson, OPENAPI_FILE } from './openapi-file.js';

/**
 * Writes docs/openapi.json from the code: `npm run build && node dist/src/composition/write-openapi.js`.
 * Run it after changing a route, a DTO or a decorator; test/api-openapi.test.ts fails until then.
 */
async function main(): Promise<void> {
  const text = await generateOpenApiJson();
  mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
  writeFileSync(OPENAPI_FILE, text);
  const operations = Object.values((JSON.parse(text) as { paths: Record<string, object> }).paths).reduce(
    (count, pathItem) => count + Object.keys(pathItem).length,
    0,
  );
  console.log(`wrote ${relative(process.cwd(), OPENAPI_FILE) || OPENAPI_FILE}: ${operations} operations`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
