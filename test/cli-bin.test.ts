import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DEMO = 'fixtures/demo/performance-assessment-design.csv';
const RUBRIC = 'fixtures/demo/performance-assessment-design.rubric.json';

/** The compiled command, as `npm install` builds it: needs dist/ (the `built` test project builds it first). */
describe('concord analyze (the built command)', () => {
  it('the installed bin runs as `concord` (built by npm install)', () => {
    const out = execFileSync(process.execPath, ['dist/src/cli/main.js', 'analyze', DEMO, '--rubric', RUBRIC, '--json', '--quiet'], { encoding: 'utf8' });
    expect(JSON.parse(out).criteria).toHaveLength(6);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.bin.concord).toBe('dist/src/cli/main.js');
  });
});
