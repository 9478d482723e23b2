import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npx vitest run`:
 * - `backend`: node-environment suites (stats, protocol, CLI, API); compiles the backend once first
 *   (`CONCORD_SKIP_BUILD=1` skips that);
 * - `frontend`: Svelte components and chart helpers in happy-dom.
 * Pick one with `--project backend` or `--project frontend`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'backend',
          include: ['test/**/*.test.ts', 'backend/src/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: {
          name: 'frontend',
          include: ['frontend/src/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
