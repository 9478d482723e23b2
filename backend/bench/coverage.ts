/**
 * `npm run bench -- coverage`: the coverage of every measure's recommended interval at 50
 * submissions in each configuration of issue 11, with 20,000 data sets per model (Monte-Carlo SE
 * of a 95% coverage: 0.15 points) and 2,000 for ordinal alpha, whose BCa interval costs a
 * bootstrap of 2,000 resamples per data set (SE 0.5 points; each data set has its own bootstrap seed). test/stats-coverage.test.ts runs
 * the same study smaller.
 */
import { coverageStudy, issueModels, measuresOf } from './coverage-study.js';

const N = 50;
const SETS = Number(process.env.COVERAGE_SETS ?? 20_000);
const ORDINAL_SETS = Number(process.env.COVERAGE_ORDINAL_SETS ?? 2_000);

export function benchCoverage(): void {
  console.log(`\n== coverage of the recommended 95% intervals at n = ${N} (target 93% to 97%)`);
  console.log(`   ${SETS.toLocaleString('en')} data sets per model (${ORDINAL_SETS.toLocaleString('en')} for ordinal alpha, BCa on 2,000 resamples); misses: interval above / below the truth`);
  const started = performance.now();
  for (const model of issueModels()) {
    console.log(`\n${model.name}`);
    const measures = measuresOf(model);
    const analytic = coverageStudy(model, N, SETS, 20_260_101, { measures: measures.filter((m) => m !== 'krippendorff_alpha_ordinal') });
    const ordinal = measures.includes('krippendorff_alpha_ordinal')
      ? coverageStudy(model, N, ORDINAL_SETS, 20_260_102, { measures: ['krippendorff_alpha_ordinal'] })
      : [];
    for (const r of [...analytic, ...ordinal]) {
      const coverage = (100 * r.covered) / r.defined;
      const se = 100 * Math.sqrt((coverage / 100) * (1 - coverage / 100) / r.defined);
      const flag = coverage < 93 || coverage > 97 ? '  OUTSIDE' : '';
      const undefinedSets = (r.measure === 'krippendorff_alpha_ordinal' ? ORDINAL_SETS : SETS) - r.defined;
      console.log(
        `  ${r.measure.padEnd(28)} true ${r.truth.toFixed(3).padStart(6)}  coverage ${coverage.toFixed(1).padStart(5)}% (±${se.toFixed(1)})  misses ${(
          (100 * r.missLow) /
          r.defined
        ).toFixed(1)}% / ${((100 * r.missHigh) / r.defined).toFixed(1)}%  width ${r.meanWidth.toFixed(3)}${undefinedSets > 0 ? `  undefined in ${undefinedSets}` : ''}${r.degenerate + r.outOfRange > 0 ? `  DEGENERATE ${r.degenerate} OUT OF RANGE ${r.outOfRange}` : ''}  [${[...r.methods].join('; ')}]${flag}`,
      );
    }
  }
  console.log(`\ncoverage study: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
