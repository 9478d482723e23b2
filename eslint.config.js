// @ts-check
import { builtinModules } from 'node:module';
import boundaries from 'eslint-plugin-boundaries';
import svelte from 'eslint-plugin-svelte';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * `npm run lint`: ESLint's and typescript-eslint's recommended rules, eslint-plugin-svelte's for
 * the dashboard, promises that must be awaited (type-aware), and the architecture of
 * docs/architecture.md as import rules. test/lint-layers.test.ts shows that the layer rules bite.
 */

/** ESLint's own recommended rules (what `@eslint/js` calls `configs.recommended`). */
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);

/** A folder of the project; its files are the element's files. */
const folder = (type, pattern) => ({ type, pattern, partialMatch: false });

/** The folders, most specific first: a file belongs to the first that contains it. */
const elements = [
  folder('stats', 'backend/src/stats'),
  folder('protocol', 'backend/src/protocol'),
  folder('io', 'backend/src/io'),
  folder('cli', 'backend/src/cli'),
  folder('common', 'backend/src/common'),
  folder('config', 'backend/src/config'),
  folder('database', 'backend/src/database'),
  folder('http', 'backend/src/http'),
  folder('modules', 'backend/src/modules/*'),
  folder('demo', 'backend/src/demo'),
  folder('composition', 'backend/src/composition'),
  // app.module.ts, app.ts and main.ts: the composition root's top-level files
  folder('composition', 'backend/src'),
  folder('bench', 'backend/bench'),
  folder('frontend', 'frontend/src'),
  folder('test', 'test'),
];

/**
 * Which folder may import which (besides itself). The order is a strict hierarchy, so the
 * folders cannot import each other in a cycle; cycles between the features inside `modules/`
 * are checked by test/import-cycles.test.ts.
 */
const mayImport = {
  stats: [],
  protocol: ['stats'],
  io: ['stats', 'protocol'],
  cli: ['stats', 'protocol', 'io'],
  common: [],
  config: ['common'],
  database: ['common', 'config'],
  http: ['protocol', 'database'],
  modules: ['stats', 'protocol', 'io', 'common', 'config', 'database', 'http'],
  demo: ['stats', 'protocol', 'io', 'common', 'config', 'database', 'modules'],
  composition: ['stats', 'protocol', 'io', 'common', 'config', 'database', 'http', 'modules', 'demo'],
  bench: ['stats', 'protocol', 'io', 'cli', 'common', 'config', 'database', 'http', 'modules', 'demo', 'composition'],
  frontend: [],
  test: elements.map((element) => element.type),
};

const servers = ['@nestjs/*', 'typeorm', 'typeorm/*', 'sqlite3', 'pg', 'express', 'class-validator', 'class-transformer'];
const nodeBuiltins = ['node:*', ...builtinModules.filter((name) => !name.startsWith('_'))];

/** The third-party packages a folder must not use (no-restricted-imports, by folder). */
const forbiddenPackages = (files, group, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
});

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'test-output/', 'bench-output/', 'frontend/dist/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.{js,mjs,cjs,ts,svelte}'],
    rules: eslintRecommended,
  },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // a leading underscore marks a binding that is unused on purpose
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // `{' (opens in a new tab)'}` keeps its leading space visible in the markup
      'svelte/no-useless-mustaches': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['frontend/src/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  // Promises that are dropped instead of awaited (an un-awaited `expect(...).resolves` passes
  // vacuously): type-aware, on the TypeScript sources of tsconfig.json and frontend/tsconfig.json.
  {
    files: ['backend/**/*.ts', 'test/**/*.ts', 'frontend/src/**/*.ts', 'vitest.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['backend/**/*.ts', 'test/**/*.ts', 'frontend/src/**/*.{ts,svelte}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { './eslint.resolver.cjs': {} },
      'boundaries/elements': elements,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: Object.entries(mayImport).map(([type, others]) => ({
            from: { element: { type } },
            allow: { to: { element: { types: [type, ...others] } } },
          })),
        },
      ],
      'boundaries/no-unknown-dependencies': 'error',
    },
  },
  forbiddenPackages(
    ['backend/src/stats/**', 'backend/src/protocol/**'],
    [...servers, ...nodeBuiltins],
    'stats/ and protocol/ are pure: no framework, no database, no Node.js built-in.',
  ),
  forbiddenPackages(
    ['backend/src/io/**'],
    [...servers, ...nodeBuiltins, '!node:fs', '!node:fs/promises', '!node:path', '!node:stream', '!node:readline', '!node:buffer'],
    'io/ reads files: no framework, no database, and of Node.js only files, streams and their bytes.',
  ),
  forbiddenPackages(['backend/src/cli/**'], servers, 'The command line runs without NestJS, TypeORM or a database.'),
  // SQL is written once for both engines and run through database/sql.ts (`query`, `?` for
  // parameters); a raw `.query(...)` would send SQLite placeholders to PostgreSQL.
  {
    files: ['backend/src/modules/**/*.ts', 'backend/src/demo/**/*.ts', 'backend/src/composition/**/*.ts', 'test/**/*.ts'],
    ignores: ['test/support/test-database.ts', 'test/api-database.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query'][arguments.0.type=/Literal|TemplateLiteral/]",
          message: 'Run SQL through query() from backend/src/database/sql.ts, which speaks both engines.',
        },
      ],
    },
  },
);
