import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layers of docs/architecture.md are lint rules (eslint.config.js). Each case takes a real
 * file, plants one forbidden import at its top, and lints the text at the file's own path, so the
 * project's config, element folders and import resolution are the ones `npm run lint` uses.
 * The unmodified file must lint clean and the planted one must be reported by a layer rule.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const layerRules = new Set(['boundaries/dependencies', 'no-restricted-imports']);

const cases: { file: string; planted: string; why: string }[] = [
  { file: 'backend/src/stats/cohen-kappa.ts', planted: "import { Injectable } from '@nestjs/common';", why: 'stats uses no framework' },
  { file: 'backend/src/stats/cohen-kappa.ts', planted: "import { readFileSync } from 'node:fs';", why: 'stats reads no file' },
  { file: 'backend/src/stats/cohen-kappa.ts', planted: "import { NotFoundError } from '../protocol/errors.js';", why: 'stats imports nothing of the project' },
  {
    file: 'backend/src/protocol/window-status.ts',
    planted: "import { ValidationWindow } from '../modules/validation-windows/validation-window.entity.js';",
    why: 'protocol imports only stats',
  },
  { file: 'backend/src/io/rubric-file.ts', planted: "import { DataSource } from 'typeorm';", why: 'io uses no database' },
  { file: 'backend/src/cli/analyze.ts', planted: "import { NestFactory } from '@nestjs/core';", why: 'the command line runs without NestJS' },
  { file: 'backend/src/cli/analyze.ts', planted: "import { UsersService } from '../modules/users/users.service.js';", why: 'the command line uses no module' },
  { file: 'backend/src/database/unit-of-work.ts', planted: "import { entities } from '../composition/entities.js';", why: 'database points down only' },
  { file: 'backend/src/database/unit-of-work.ts', planted: "import { User } from '../modules/users/user.entity.js';", why: 'database imports no module' },
  { file: 'backend/src/http/pagination.ts', planted: "import { UsersService } from '../modules/users/users.service.js';", why: 'http imports no module' },
  { file: 'backend/src/modules/audit/audit-log.service.ts', planted: "import { AppModule } from '../../app.module.js';", why: 'modules never import the composition root' },
  { file: 'backend/src/modules/audit/audit-log.service.ts', planted: "import { seedDemo } from '../../demo/demo-seed.js';", why: 'modules never import the demo seed' },
  { file: 'frontend/src/lib/routes.ts', planted: "import { NotFoundError } from '../../../backend/src/protocol/errors.js';", why: 'the dashboard never imports the backend' },
];

describe('the lint guards the layers', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The layer rules need no type information; leaving it out keeps this test fast.
    eslint = new ESLint({
      cwd: root,
      overrideConfig: {
        files: ['**/*.ts'],
        languageOptions: { parserOptions: { projectService: false, project: null } },
        rules: {
          '@typescript-eslint/no-floating-promises': 'off',
          '@typescript-eslint/await-thenable': 'off',
          '@typescript-eslint/no-misused-promises': 'off',
        },
      },
    });
  });

  async function lint(file: string, text: string) {
    const [result] = await eslint.lintText(text, { filePath: join(root, file) });
    return result.messages;
  }

  it.each([...new Set(cases.map(({ file }) => file))])('%s as it is passes', async (file) => {
    expect(await lint(file, readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });

  it.each(cases)('$file fails with "$planted" ($why)', async ({ file, planted }) => {
    const messages = await lint(file, `${planted}\n${readFileSync(join(root, file), 'utf8')}`);
    const onPlantedLine = messages.filter((message) => message.line === 1 && layerRules.has(message.ruleId ?? ''));
    expect(onPlantedLine, JSON.stringify(messages, null, 2)).not.toEqual([]);
  });

  it('lets the dashboard import its own generated API types', async () => {
    const file = 'frontend/src/lib/routes.ts';
    const messages = await lint(file, `import type { ErrorResponse } from './api/schema.js';\n${readFileSync(join(root, file), 'utf8')}`);
    expect(messages.filter((message) => layerRules.has(message.ruleId ?? ''))).toEqual([]);
  });
});
