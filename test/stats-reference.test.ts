/**
 * Conformance of the statistics module with the reference values in
 * ../shared/reference/irr-cases.json (computed by R irrCAC/irr and Python
 * krippendorff/statsmodels/scikit-learn). Table-driven: a case added to the file is checked
 * without touching this test. Tolerances come from the file's own `meta.tolerance`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeMetrics, METRIC_NAMES, ratingTable, type Category, type MetricName, type Scale } from '../backend/src/stats/index.js';

interface ExpectedMetric {
  value: number | null;
  se?: number | null;
  ci?: [number, number] | null;
  se_null?: number;
  undefined?: boolean;
  by: string;
}
interface ReferenceCase {
  id: string;
  scale: Scale;
  categories: Category[];
  ratings: (Category | null)[][];
  expected: Record<string, ExpectedMetric>;
}
interface ReferenceFile {
  meta: { tolerance: { value: number; se: number; ci: number } };
  cases: ReferenceCase[];
}

const here = dirname(fileURLToPath(import.meta.url));
const referencePath = [resolve(here, '../../shared/reference/irr-cases.json'), resolve(here, '../fixtures/reference/irr-cases.json')].find(
  (p) => existsSync(p),
);
if (!referencePath) throw new Error('irr-cases.json not found beside the repository (../shared/reference) or in fixtures/reference');
const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as ReferenceFile;
const tol = reference.meta.tolerance;

function close(actual: number | null | undefined, expected: number, tolerance: number, what: string) {
  expect(actual, what).not.toBeNull();
  expect(actual, what).toBeDefined();
  expect(Math.abs((actual as number) - expected), `${what}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('reference conformance (irr-cases.json)', () => {
  it('reads a non-empty reference file', () => {
    expect(reference.cases.length).toBeGreaterThan(5);
  });

  for (const c of reference.cases) {
    describe(c.id, () => {
      const table = ratingTable(c.ratings, c.categories);
      const metrics = computeMetrics(table, c.scale, { resamples: 200 });
      for (const [name, exp] of Object.entries(c.expected)) {
        it(`${name} matches ${exp.by}`, () => {
          expect(METRIC_NAMES).toContain(name);
          const got = metrics[name as MetricName];
          expect(got, `${name} is computed for ${c.id}`).toBeDefined();
          if (exp.value === null) {
            expect(got!.value).toBeNull();
            expect(got!.reason).toMatch(/undefined/);
            return;
          }
          close(got!.value, exp.value, tol.value, `${c.id} ${name} value`);
          if (exp.se !== null && exp.se !== undefined) close(got!.se, exp.se, tol.se, `${c.id} ${name} se`);
          if (exp.ci) {
            close(got!.ci?.[0], exp.ci[0], tol.ci, `${c.id} ${name} ci lower`);
            close(got!.ci?.[1], exp.ci[1], tol.ci, `${c.id} ${name} ci upper`);
          }
          if (exp.se_null !== undefined) close(got!.se_null, exp.se_null, tol.se, `${c.id} ${name} se_null`);
        });
      }
    });
  }
});
