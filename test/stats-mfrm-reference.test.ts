/**
 * Conformance of the many-facet Rasch analysis with the reference cases in
 * ../shared/reference/mfrm-cases.json (definitions in MFRM.md beside it; estimates reproduced
 * with R VGAM). Every case is checked twice: through the library function, and through
 * `concord rasch --json` on the case's ratings written as a long CSV file. Table-driven: a case
 * added to the file is checked without touching this test. Numbers within the file's own
 * tolerance (1e-8), counts, scores, extreme lists, rounds and components exactly, and the same
 * keys at every level.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { manyFacetRasch, type MfrmAnchor, type MfrmRating } from '../backend/src/stats/index.js';
import { runCli } from './helpers/run-cli.js';

interface ReferenceCase {
  id: string;
  description: string;
  categories: number[];
  identification: { raters: 'centred' | 'anchored'; anchor?: MfrmAnchor };
  ratings: { submission: string; row: string; rater: string; level: number }[];
  expected: Record<string, unknown>;
}
interface ReferenceFile {
  meta: { tolerance: Record<string, number | string> };
  cases: ReferenceCase[];
}

const here = dirname(fileURLToPath(import.meta.url));
const referencePath = [resolve(here, '../../shared/reference/mfrm-cases.json'), resolve(here, '../fixtures/reference/mfrm-cases.json')].find((p) =>
  existsSync(p),
);
if (!referencePath) throw new Error('mfrm-cases.json not found beside the repository (../shared/reference) or in fixtures/reference');
const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as ReferenceFile;

/** The largest numeric tolerance the file states (every estimate-like field is 1e-8). */
const TOLERANCE = Math.max(...Object.values(reference.meta.tolerance).filter((t): t is number => typeof t === 'number'));
/** Fields compared exactly (MFRM.md section 7: counts, scores, extreme lists, rounds, components). */
const EXACT = new Set(['count', 'score', 'ratings_used', 'fixed_df']);

/**
 * Compares `actual` with `expected` recursively: the same keys at every level, numbers within
 * the tolerance (exactly for counts and scores), everything else equal. Returns the differences.
 */
function differences(actual: unknown, expected: unknown, path = 'expected'): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !Number.isFinite(actual)) return [`${path}: got ${String(actual)}, expected ${expected}`];
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (EXACT.has(key)) return actual === expected ? [] : [`${path}: got ${actual}, expected exactly ${expected}`];
    return Math.abs(actual - expected) <= TOLERANCE ? [] : [`${path}: got ${actual}, expected ${expected} (difference ${Math.abs(actual - expected)})`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
    return expected.flatMap((e, i) => differences(actual[i], e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: got ${JSON.stringify(actual)}, expected an object`];
    const keysA = Object.keys(actual).sort();
    const keysE = Object.keys(expected).sort();
    if (keysA.join('\u0000') !== keysE.join('\u0000')) return [`${path}: keys ${keysA.join(', ')} where expected ${keysE.join(', ')}`];
    return keysE.flatMap((k) => differences((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return actual === expected ? [] : [`${path}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
}

function ratingsOf(c: ReferenceCase): MfrmRating[] {
  return c.ratings.map((r) => ({ submission: r.submission, row: r.row, rater: r.rater, category: c.categories.indexOf(r.level) }));
}

function anchorOf(c: ReferenceCase): MfrmAnchor | null {
  return c.identification.raters === 'anchored' ? c.identification.anchor! : null;
}

const folder = mkdtempSync(join(tmpdir(), 'concord-mfrm-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('many-facet Rasch reference conformance (mfrm-cases.json)', () => {
  it('reads the reference file, with a disconnected case and an anchored one among the cases', () => {
    expect(reference.cases.length).toBeGreaterThanOrEqual(5);
    expect(TOLERANCE).toBe(1e-8);
    expect(reference.cases.some((c) => 'error' in c.expected)).toBe(true);
    expect(reference.cases.some((c) => c.identification.raters === 'anchored')).toBe(true);
  });

  it('the comparison itself catches a wrong number, a wrong count and a missing key', () => {
    expect(differences({ a: 1 + 2e-8, count: 3 }, { a: 1, count: 3 })).toHaveLength(1);
    expect(differences({ a: 1, count: 3.0000001 }, { a: 1, count: 3 })).toHaveLength(1);
    expect(differences({ a: 1 }, { a: 1, b: [] })).toHaveLength(1);
    expect(differences({ a: 1 + 5e-9, b: ['x'] }, { a: 1, b: ['x'] })).toEqual([]);
  });

  for (const c of reference.cases) {
    describe(c.id, () => {
      it('through the library function', () => {
        let iterations = 0;
        const result = manyFacetRasch(ratingsOf(c), {
          categories: c.categories.length,
          lowestLevel: c.categories[0],
          anchor: anchorOf(c),
          onIteration: (p) => (iterations = p.iteration),
        });
        expect(differences(result, c.expected)).toEqual([]);
        // MFRM.md: the fixtures converge in 4 to 6 Newton-Raphson iterations.
        if (!('error' in c.expected)) expect(iterations).toBeGreaterThanOrEqual(3);
        if (!('error' in c.expected)) expect(iterations).toBeLessThanOrEqual(8);
      });

      it('through concord rasch --json on the ratings as a long CSV file', async () => {
        const file = join(folder, `${c.id}.csv`);
        const lines = c.ratings.map((r) => `${r.submission},${r.rater},${r.row},${r.level}`);
        writeFileSync(file, ['submission,assessor,criterion,level', ...lines].join('\n') + '\n');
        const anchor = anchorOf(c);
        const args = ['rasch', file, '--json', '--levels', c.categories.join(','), ...(anchor ? ['--anchor', `${anchor.rater}=${anchor.value}`] : [])];
        const r = await runCli(args);
        expect(r.stderr).toBe('');
        expect(r.code).toBe('error' in c.expected ? 2 : 0);
        expect(differences(JSON.parse(r.stdout), c.expected)).toEqual([]);
      });
    });
  }
});
