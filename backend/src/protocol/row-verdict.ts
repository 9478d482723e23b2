import {
  bootstrap,
  percentAgreement,
  poolRaters,
  rowCounts,
  wilsonInterval,
  type Category,
  type Estimate,
  type Metrics,
  type RatingTable,
} from '../stats/index.js';

/** The issuer's rule: a row is validated when observed percent agreement reaches the threshold. */
export const DEFAULT_THRESHOLD = 0.8;

export type Verdict = 'validated' | 'needs_revision';
export type Evidence = 'conclusive' | 'inconclusive';

export interface RowVerdict {
  verdict: Verdict;
  evidence: Evidence;
  /** 95% interval of percent agreement: Wilson with two ratings per unit, bootstrap otherwise */
  evidence_interval: [number, number] | null;
  evidence_method: 'wilson' | 'bootstrap' | 'none';
  notes: string[];
}

export interface VerdictOptions {
  threshold?: number;
  seed?: number;
  resamples?: number;
  /** names of the rater columns, used in notes (two-rater data) */
  raters?: readonly string[];
  /** the levels' labels, in category order, used in notes ("Developing") */
  levelLabels?: readonly string[];
}

/**
 * A rubric row's verdict with its evidence. Fifty submissions make the 80% rule noisy
 * (40/50 has a 95% Wilson interval of 67% to 89%), so the verdict says whether the interval of
 * agreement lies wholly on its side of the threshold, and the notes say in plain sentences what
 * a researcher must know before acting on it.
 */
export function rowVerdict(table: RatingTable, metrics: Metrics, options: VerdictOptions = {}): RowVerdict {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const agreement = metrics.percent_agreement ?? percentAgreement(table);
  const notes: string[] = [];
  const shape = describeShape(table);

  if (agreement.value === null) {
    notes.push('No submission carries two ratings on this row, so agreement cannot be measured yet.');
    return { verdict: 'needs_revision', evidence: 'inconclusive', evidence_interval: null, evidence_method: 'none', notes };
  }
  const verdict: Verdict = agreement.value >= threshold ? 'validated' : 'needs_revision';
  const { interval, method } = evidenceInterval(table, shape, options);
  const conclusive =
    interval !== null && (verdict === 'validated' ? interval[0] >= threshold : interval[1] < threshold);
  const evidence: Evidence = conclusive ? 'conclusive' : 'inconclusive';

  if (!conclusive && interval !== null) {
    notes.push(
      `With ${shape.pairedUnits} submission${shape.pairedUnits === 1 ? '' : 's'} scored ${shape.exactlyTwo ? 'twice' : 'more than once'}, the 95% interval of agreement (${pct(interval[0])} to ${pct(interval[1])}) straddles the ${pct(threshold)} threshold: the verdict could change with more submissions.`,
    );
  }
  notes.push(...kappaParadoxNote(table, metrics, agreement));
  if (verdict === 'needs_revision' || !conclusive) notes.push(...neighbourNote(table, metrics, agreement, options.levelLabels));
  notes.push(...biasNote(metrics, options.raters));
  notes.push(...coverageNotes(table, shape));
  return { verdict, evidence, evidence_interval: interval, evidence_method: method, notes };
}

interface Shape {
  units: number;
  pairedUnits: number;
  singleRated: number;
  /** every unit with two ratings or more has exactly two */
  exactlyTwo: boolean;
  /** units with exactly two ratings that agree */
  agreeingPairs: number;
  /** share of all ratings per level */
  levelShare: Float64Array;
}

function describeShape(table: RatingTable): Shape {
  const q = table.categories.length;
  const { counts, ratingsPerUnit } = rowCounts(table);
  const levelShare = new Float64Array(q);
  let units = 0;
  let pairedUnits = 0;
  let singleRated = 0;
  let exactlyTwo = true;
  let agreeingPairs = 0;
  let ratings = 0;
  for (let d = 0; d < table.distinctCount; d++) {
    const m = table.multiplicity[d];
    const r = ratingsPerUnit[d];
    units += m;
    ratings += m * r;
    for (let k = 0; k < q; k++) levelShare[k] += m * counts[d * q + k];
    if (r < 2) {
      singleRated += m;
      continue;
    }
    pairedUnits += m;
    if (r !== 2) exactlyTwo = false;
    else {
      for (let k = 0; k < q; k++) if (counts[d * q + k] === 2) agreeingPairs += m;
    }
  }
  for (let k = 0; k < q; k++) levelShare[k] /= ratings;
  return { units, pairedUnits, singleRated, exactlyTwo, agreeingPairs, levelShare };
}

function evidenceInterval(
  table: RatingTable,
  shape: Shape,
  options: VerdictOptions,
): { interval: [number, number] | null; method: RowVerdict['evidence_method'] } {
  if (shape.exactlyTwo) return { interval: wilsonInterval(shape.agreeingPairs, shape.pairedUnits), method: 'wilson' };
  const boot = bootstrap(poolRaters(table), (resample) => percentAgreement(resample).value, {
    seed: options.seed,
    resamples: options.resamples,
  });
  return { interval: boot.ci, method: 'bootstrap' };
}

function kappaParadoxNote(table: RatingTable, metrics: Metrics, agreement: Estimate): string[] {
  const kappa = metrics.cohen_kappa ?? metrics.fleiss_kappa;
  const kappaName = metrics.cohen_kappa ? "Cohen's kappa" : "Fleiss' kappa";
  if (!kappa || kappa.value === null || agreement.value === null) return [];
  if (!(agreement.value >= 0.7 && kappa.value < 0.4 && agreement.value - kappa.value >= 0.3)) return [];
  const shape = describeShape(table);
  let dominant = 0;
  for (let k = 1; k < shape.levelShare.length; k++) if (shape.levelShare[k] > shape.levelShare[dominant]) dominant = k;
  const share = shape.levelShare[dominant];
  if (share < 0.6) return [];
  const prevalence = metrics.prevalence_index?.value;
  const ac1 = metrics.gwet_ac1?.value;
  const pabak = metrics.pabak?.value;
  const alternatives = [
    ac1 !== null && ac1 !== undefined ? `Gwet's AC1 (${fmt(ac1)})` : null,
    pabak !== null && pabak !== undefined ? `PABAK (${fmt(pabak)})` : null,
  ].filter(Boolean);
  return [
    `Agreement is ${pct(agreement.value)} but ${kappaName} is only ${fmt(kappa.value)}: level ${label(table.categories[dominant])} holds ${pct(share)} of all ratings, so chance alone would produce most of the agreement${prevalence !== null && prevalence !== undefined ? ` (prevalence index ${fmt(prevalence)})` : ''}. This is the kappa paradox (Feinstein & Cicchetti 1990), not necessarily poor scoring; ${alternatives.length ? `${alternatives.join(' and ')}, which do${alternatives.length === 1 ? 'es' : ''} not collapse when one level dominates, ${alternatives.length === 1 ? 'is' : 'are'} the better guide` : "read Gwet's AC1, which does not collapse when one level dominates"}, and the submissions should cover more of the other levels.`,
  ];
}

/** Ordinal rows: when most disagreements are between neighbouring levels, name the boundary. */
function neighbourNote(table: RatingTable, metrics: Metrics, agreement: Estimate, labels?: readonly string[]): string[] {
  const adjacent = metrics.adjacent_agreement?.value;
  if (adjacent === null || adjacent === undefined || agreement.value === null) return [];
  if (agreement.value >= 0.9 || adjacent - agreement.value < 0.1 || adjacent < 0.85) return [];
  const { counts, ratingsPerUnit } = rowCounts(table);
  const q = table.categories.length;
  const boundary = new Float64Array(Math.max(q - 1, 0));
  for (let d = 0; d < table.distinctCount; d++) {
    const r = ratingsPerUnit[d];
    if (r < 2) continue;
    const scale = table.multiplicity[d] / (r - 1);
    for (let k = 0; k + 1 < q; k++) boundary[k] += scale * counts[d * q + k] * counts[d * q + k + 1];
  }
  let worst = 0;
  for (let k = 1; k < boundary.length; k++) if (boundary[k] > boundary[worst]) worst = k;
  if (boundary.length === 0 || boundary[worst] === 0) return [];
  return [
    `Exact agreement is ${pct(agreement.value)} but ${pct(adjacent)} of rating pairs are within one level: most disagreements sit between neighbouring levels, most often between ${levelName(table.categories, labels, worst)} and ${levelName(table.categories, labels, worst + 1)}. Sharpening the descriptors that separate those two levels is the likely fix.`,
  ];
}

function biasNote(metrics: Metrics, raters?: readonly string[]): string[] {
  const bias = metrics.bias_index?.value;
  if (bias === null || bias === undefined || Math.abs(bias) < 0.1) return [];
  const [first, second] = raters && raters.length === 2 ? raters : ['the first assessor', 'the second assessor'];
  const [lenient, strict] = bias > 0 ? [first, second] : [second, first];
  return [
    `${lenient} gave the higher level more often than ${strict} (bias index ${fmt(bias)}): part of the disagreement is systematic, a matter for assessor calibration rather than the rubric.`,
  ];
}

function coverageNotes(table: RatingTable, shape: Shape): string[] {
  const notes: string[] = [];
  const unused = table.categories.filter((_, k) => shape.levelShare[k] === 0);
  const used = table.categories.length - unused.length;
  if (used === 1) {
    notes.push(
      `Every rating is ${label(table.categories[shape.levelShare.findIndex((s) => s > 0)])}: agreement is perfect, but chance-corrected coefficients (kappa, pi, alpha) are undefined and the row has not been tested on submissions that differ.`,
    );
  } else if (unused.length > 0) {
    notes.push(
      `No assessor used level${unused.length === 1 ? '' : 's'} ${unused.map(label).join(', ')}: the row was not tested across its whole range, and Gwet's AC1 and Brennan-Prediger count ${unused.length === 1 ? 'it' : 'them'} among the ${table.categories.length} possible levels.`,
    );
  }
  if (shape.singleRated > 0) {
    notes.push(
      `${shape.singleRated} submission${shape.singleRated === 1 ? ' has' : 's have'} a single rating on this row and add${shape.singleRated === 1 ? 's' : ''} no pairs to agreement.`,
    );
  }
  return notes;
}

function levelName(categories: readonly Category[], labels: readonly string[] | undefined, k: number): string {
  const text = labels?.[k];
  return text && text !== String(categories[k]) ? `${label(categories[k])} (${text})` : label(categories[k]);
}

function pct(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}%`;
}

function fmt(x: number): string {
  return x.toFixed(2);
}

function label(c: Category): string {
  return `"${c}"`;
}
