import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.js';
import { createOpenApiDocument, renderOpenApiDocument } from '../http/openapi.js';

/** The committed OpenAPI document, from which the dashboard's typed client is generated. */
export const OPENAPI_FILE = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

/** The command that rewrites OPENAPI_FILE from the code. */
export const OPENAPI_COMMAND = 'npm run openapi';

/**
 * The OpenAPI document of the whole app as committed: the app is built on a throw-away SQLite
 * file (nothing else is touched), asked for its document, and closed.
 */
export async function generateOpenApiJson(): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'concord-openapi-'));
  try {
    const app = await createApp({ databasePath: join(folder, 'openapi.sqlite'), admin: null, logger: false });
    try {
      return renderOpenApiDocument(createOpenApiDocument(app));
    } finally {
      await app.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
