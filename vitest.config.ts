import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { configDefaults, defineConfig } from 'vitest/config';

/** Pure tests in node: no build, no server, no database. */
const UNIT_TESTS = ['backend/src/**/*.spec.ts', 'test/stats-*.test.ts', 'test/progress.test.ts', 'test/cli.test.ts', 'test/dashboard-access.test.ts'];
/**
 * Tests of the compiled output: the built `concord` command, the dashboard served by the built
 * server, and three built servers on one PostgreSQL database (skipped without DATABASE_URL).
 */
const BUILT_TESTS = ['test/cli-bin.test.ts', 'test/browser.test.ts', 'test/browser-designer.test.ts', 'test/multi-instance.test.ts'];

/**
 * Four projects, all run by `npx vitest run` (and `npm test`); `npm run test:unit` runs the first two.
 * - `unit`: the pure core (stats, protocol, io and other specs beside the code, the statistics
 *   references and invariants, the command line in process);
 * - `frontend`: Svelte components and chart helpers in happy-dom;
 * - `api`: every other suite under test/, each on an in-process API and a throw-away SQLite file;
 * - `built`: compiles the backend into dist/ and builds the dashboard first (`CONCORD_SKIP_BUILD=1`
 *   skips that), then runs the built command and drives the built dashboard in Chromium.
 * Pick projects with `--project unit --project frontend`, for example.
 *
 * The unit and frontend files share one environment per worker (`isolate: false`): they keep no
 * state between files, and happy-dom plus the Svelte testing setup per file cost far more than
 * the tests (about 80 s against 25 s for the frontend on two cores).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: UNIT_TESTS,
          environment: 'node',
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: {
          name: 'frontend',
          include: ['frontend/src/**/*.test.ts'],
          environment: 'happy-dom',
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS, ...BUILT_TESTS],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'built',
          include: BUILT_TESTS,
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
