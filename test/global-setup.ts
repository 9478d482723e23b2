import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Compiles backend/ into dist/ and builds the dashboard into dist/frontend once, so tests that run
 * the built command or server (the browser tests drive the built app) see this code.
 * `CONCORD_SKIP_BUILD=1` skips both.
 */
export default function setup(): void {
  if (process.env.CONCORD_SKIP_BUILD === '1') return;
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'frontend/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
