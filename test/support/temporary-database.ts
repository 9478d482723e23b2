import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away SQLite path in a fresh folder under the system temporary folder, and its removal. */
export function temporaryDatabase(label: string): { databasePath: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), `concord-${label}-`));
  return {
    databasePath: join(folder, 'nested', 'concord.sqlite'),
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
