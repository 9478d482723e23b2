import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Compiles backend/ into dist/ once, so tests that run the built command or server see this code. */
export default function setup(): void {
  if (process.env.CONCORD_SKIP_BUILD === '1') return;
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
