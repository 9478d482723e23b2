import { agreementEvidence, decisionInterval, finalDecision, type EvidenceMethod, type FinalDecision } from './row-decision.js';
import { moreSubmissions, type MoreSubmissions } from './sample-size.js';
import {
  percentAgreement,
  rowCounts,
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
  /** what the issuer reads: see `row-decision.ts` */
  decision: FinalDecision;
  /** agreement against the threshold, by the point estimate alone (kept for existing readers; `decision` leads) */
  verdict: Verdict;
  /** conclusive when the interval lies wholly on the verdict's side of the threshold */
  evidence: Evidence;
  /**
   * 95% interval of percent agreement made of two one-sided 97.5% bounds: Clopper-Pearson with two
   * ratings per paired unit, Clopper-Pearson on the cluster-adjusted effective count otherwise
   */
  evidence_interval: [number, number] | null;
  evidence_method: EvidenceMethod;
  /** for an inconclusive row, the further paired submissions likely to settle it; else null */
  more_submissions: MoreSubmissions | null;
  notes: string[];
}

export interface VerdictOptions {
  threshold?: number;
  /** names of the rater columns, used in notes (two-rater data) */
  raters?: readonly string[];
  /** the levels' labels, in category order, used in notes ("Developing") */
  levelLabels?: readonly string[];
}

/**
 * A rubric row's decision, verdict and evidence. Fifty submissions make the 80% rule noisy
 * (40/50 has a 95% Clopper-Pearson interval of 66% to 90%), so the decision says whether the
 * lower bound of agreement reaches the threshold, and the notes say in plain sentences what a
 * researcher must know before acting on it.
 */
export function rowVerdict(table: RatingTable, metrics: Metrics, options: VerdictOptions = {}): RowVerdict {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const agreement = metrics.percent_agreement ?? percentAgreement(table);
  const notes: string[] = [];
  const shape = describeShape(table);

  const measured = agreementEvidence(table);
  if (agreement.value === null || measured === null) {
    notes.push('No submission carries two ratings on this row, so agreement cannot be measured yet.');
    return { decision: 'undefined', verdict: 'needs_revision', evidence: 'inconclusive', evidence_interval: null, evidence_method: 'none', more_submissions: null, notes };
  }
  const verdict: Verdict = agreement.value >= threshold ? 'validated' : 'needs_revision';
  const interval = decisionInterval(measured);
  const conclusive = verdict === 'validated' ? interval[0] >= threshold : interval[1] < threshold;
  const evidence: Evidence = conclusive ? 'conclusive' : 'inconclusive';
  const more = conclusive ? null : moreSubmissions(measured, threshold);

  if (!conclusive) {
    const settle =
      more?.more != null
        ? ` If agreement goes on at ${percent(measured.estimate)}, about ${more.more} more paired submission${more.more === 1 ? '' : 's'} would settle it ${more.towards === 'validated' ? 'as validated' : 'as needing revision'} with ${percent(more.power)} probability.`
        : '';
    notes.push(
      `With ${shape.pairedUnits} submission${shape.pairedUnits === 1 ? '' : 's'} scored ${shape.exactlyTwo ? 'twice' : 'more than once'}, the 95% interval of agreement (${percent(interval[0])} to ${percent(interval[1])}) straddles the ${percent(threshold)} threshold: ${verdict === 'validated' ? 'agreement meets the rule, but the data do not yet demonstrate it' : 'the verdict could change with more submissions'}.${settle}`,
    );
  }
  notes.push(...kappaParadoxNote(table, metrics, agreement));
  if (verdict === 'needs_revision' || !conclusive) notes.push(...neighbourNote(table, metrics, agreement, options.levelLabels));
  notes.push(...biasNote(metrics, options.raters));
  notes.push(...coverageNotes(table, shape));
  return { decision: finalDecision(measured, threshold), verdict, evidence, evidence_interval: interval, evidence_method: measured.method, more_submissions: more, notes };
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

/** How a row's ratings are spread over units and levels, summed over the table's distinct rows. */
function describeShape(table: RatingTable): Shape {
  const levelCount = table.categories.length;
  const { counts, ratingsPerUnit } = rowCounts(table);
  const levelShare = new Float64Array(levelCount);
  let units = 0;
  let pairedUnits = 0;
  let singleRated = 0;
  let exactlyTwo = true;
  let agreeingPairs = 0;
  let ratings = 0;
  for (let distinct = 0; distinct < table.distinctCount; distinct++) {
    const multiplicity = table.multiplicity[distinct];
    const unitRatings = ratingsPerUnit[distinct];
    units += multiplicity;
    ratings += multiplicity * unitRatings;
    for (let level = 0; level < levelCount; level++) levelShare[level] += multiplicity * counts[distinct * levelCount + level];
    if (unitRatings < 2) {
      singleRated += multiplicity;
      continue;
    }
    pairedUnits += multiplicity;
    if (unitRatings !== 2) exactlyTwo = false;
    else {
      for (let level = 0; level < levelCount; level++) if (counts[distinct * levelCount + level] === 2) agreeingPairs += multiplicity;
    }
  }
  for (let level = 0; level < levelCount; level++) levelShare[level] /= ratings;
  return { units, pairedUnits, singleRated, exactlyTwo, agreeingPairs, levelShare };
}

function kappaParadoxNote(table: RatingTable, metrics: Metrics, agreement: Estimate): string[] {
  const kappa = metrics.cohen_kappa ?? metrics.fleiss_kappa;
  const kappaName = metrics.cohen_kappa ? "Cohen's kappa" : "Fleiss' kappa";
  if (!kappa || kappa.value === null || agreement.value === null) return [];
  if (!(agreement.value >= 0.7 && kappa.value < 0.4 && agreement.value - kappa.value >= 0.3)) return [];
  const shape = describeShape(table);
  let dominant = 0;
  for (let level = 1; level < shape.levelShare.length; level++) if (shape.levelShare[level] > shape.levelShare[dominant]) dominant = level;
  const share = shape.levelShare[dominant];
  if (share < 0.6) return [];
  const prevalence = metrics.prevalence_index?.value;
  const ac1 = metrics.gwet_ac1?.value;
  const pabak = metrics.pabak?.value;
  const alternatives = [
    ac1 !== null && ac1 !== undefined ? `Gwet's AC1 (${twoDecimals(ac1)})` : null,
    pabak !== null && pabak !== undefined ? `PABAK (${twoDecimals(pabak)})` : null,
  ].filter(Boolean);
  return [
    `Agreement is ${percent(agreement.value)} but ${kappaName} is only ${twoDecimals(kappa.value)}: level ${quoted(table.categories[dominant])} holds ${percent(share)} of all ratings, so chance alone would produce most of the agreement${prevalence !== null && prevalence !== undefined ? ` (prevalence index ${twoDecimals(prevalence)})` : ''}. This is the kappa paradox (Feinstein & Cicchetti 1990), not necessarily poor scoring; ${alternatives.length ? `${alternatives.join(' and ')}, which do${alternatives.length === 1 ? 'es' : ''} not collapse when one level dominates, ${alternatives.length === 1 ? 'is' : 'are'} the better guide` : "read Gwet's AC1, which does not collapse when one level dominates"}, and the submissions should cover more of the other levels.`,
  ];
}

/** Ordinal rows: when most disagreements are between neighbouring levels, name the boundary. */
function neighbourNote(table: RatingTable, metrics: Metrics, agreement: Estimate, labels?: readonly string[]): string[] {
  const adjacent = metrics.adjacent_agreement?.value;
  if (adjacent === null || adjacent === undefined || agreement.value === null) return [];
  if (agreement.value >= 0.9 || adjacent - agreement.value < 0.1 || adjacent < 0.85) return [];
  const { counts, ratingsPerUnit } = rowCounts(table);
  const levelCount = table.categories.length;
  // boundary[level]: rating pairs split between `level` and the level above, weighted like
  // pairable ratings (each unit's pairs divided by its ratings - 1)
  const boundary = new Float64Array(Math.max(levelCount - 1, 0));
  for (let distinct = 0; distinct < table.distinctCount; distinct++) {
    const unitRatings = ratingsPerUnit[distinct];
    if (unitRatings < 2) continue;
    const weight = table.multiplicity[distinct] / (unitRatings - 1);
    const base = distinct * levelCount;
    for (let level = 0; level + 1 < levelCount; level++) boundary[level] += weight * counts[base + level] * counts[base + level + 1];
  }
  let worst = 0;
  for (let level = 1; level < boundary.length; level++) if (boundary[level] > boundary[worst]) worst = level;
  if (boundary.length === 0 || boundary[worst] === 0) return [];
  return [
    `Exact agreement is ${percent(agreement.value)} but ${percent(adjacent)} of rating pairs are within one level: most disagreements sit between neighbouring levels, most often between ${levelName(table.categories, labels, worst)} and ${levelName(table.categories, labels, worst + 1)}. Sharpening the descriptors that separate those two levels is the likely fix.`,
  ];
}

function biasNote(metrics: Metrics, raters?: readonly string[]): string[] {
  const bias = metrics.bias_index?.value;
  if (bias === null || bias === undefined || Math.abs(bias) < 0.1) return [];
  const [first, second] = raters && raters.length === 2 ? raters : ['the first assessor', 'the second assessor'];
  const [lenient, strict] = bias > 0 ? [first, second] : [second, first];
  return [
    `${lenient} gave the higher level more often than ${strict} (bias index ${twoDecimals(bias)}): part of the disagreement is systematic, a matter for assessor calibration rather than the rubric.`,
  ];
}

function coverageNotes(table: RatingTable, shape: Shape): string[] {
  const notes: string[] = [];
  const unused = table.categories.filter((_, level) => shape.levelShare[level] === 0);
  const used = table.categories.length - unused.length;
  if (used === 1) {
    notes.push(
      `Every rating is ${quoted(table.categories[shape.levelShare.findIndex((share) => share > 0)])}: agreement is perfect, but chance-corrected coefficients (kappa, pi, alpha) are undefined and the row has not been tested on submissions that differ.`,
    );
  } else if (unused.length > 0) {
    notes.push(
      `No assessor used level${unused.length === 1 ? '' : 's'} ${unused.map(quoted).join(', ')}: the row was not tested across its whole range, and Gwet's AC1 and Brennan-Prediger count ${unused.length === 1 ? 'it' : 'them'} among the ${table.categories.length} possible levels.`,
    );
  }
  if (shape.singleRated > 0) {
    notes.push(
      `${shape.singleRated} submission${shape.singleRated === 1 ? ' has' : 's have'} a single rating on this row and add${shape.singleRated === 1 ? 's' : ''} no pairs to agreement.`,
    );
  }
  return notes;
}

/** A level as notes name it: its value quoted, and its label in brackets when the label says more. */
function levelName(categories: readonly Category[], labels: readonly string[] | undefined, level: number): string {
  const text = labels?.[level];
  return text && text !== String(categories[level]) ? `${quoted(categories[level])} (${text})` : quoted(categories[level]);
}

/** A share as a percentage with at most one decimal: 0.738 -> "73.8%", 0.8 -> "80%". */
function percent(share: number): string {
  const tenths = Math.round(share * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** A coefficient with two decimals. */
function twoDecimals(value: number): string {
  return value.toFixed(2);
}

function quoted(category: Category): string {
  return `"${category}"`;
}
