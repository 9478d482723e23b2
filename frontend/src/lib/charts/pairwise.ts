/**
 * The assessor x assessor agreement matrix: who was paired with whom, how often, and how well they
 * agreed. Symmetric; the diagonal and pairs that never met stay blank.
 */
import { rampColour, textColourOn } from './format';

/** Pairs who shared fewer submissions are greyed: their agreement rests on too little. */
export const MINIMUM_SHARED_SUBMISSIONS = 5;
/** The fill of a cell whose agreement rests on too few shared submissions. */
export const UNRELIABLE_FILL = '#e5e7eb';

export interface AssessorPair {
  a: string;
  b: string;
  /** Submissions both scored. */
  compared: number;
  /** Share of their compared scores that agree, 0..1; null when there is nothing to compare. */
  agreement: number | null;
  /** Submissions both read; when given, a cell under MINIMUM_SHARED_SUBMISSIONS is greyed. */
  sharedSubmissions?: number;
}

export interface PairwiseCell {
  row: number;
  col: number;
  compared: number;
  agreement: number | null;
  /** submissions both read, when known */
  sharedSubmissions: number | null;
  /** false when the pair shared fewer than MINIMUM_SHARED_SUBMISSIONS submissions */
  reliable: boolean;
  fill: string | null;
  text: string | null;
}

export interface PairwiseMatrix {
  assessors: string[];
  /** cells[row][col]; null on the diagonal and where the two never scored the same submission. */
  cells: (PairwiseCell | null)[][];
}

/** Every assessor named in a pair, in the given order first, the rest sorted by name. */
export function assessorsOf(pairs: readonly AssessorPair[], order: readonly string[] = []): string[] {
  const named = new Set(pairs.flatMap((pair) => [pair.a, pair.b]));
  const rest = [...named].filter((name) => !order.includes(name)).sort((x, y) => x.localeCompare(y));
  return [...order, ...rest];
}

/**
 * Builds the symmetric matrix. A pair given twice (A-B and B-A) is merged: compared counts add up
 * and agreement is the mean weighted by compared.
 */
export function pairwiseMatrix(pairs: readonly AssessorPair[], order: readonly string[] = []): PairwiseMatrix {
  const assessors = assessorsOf(pairs, order);
  const index = new Map(assessors.map((name, i) => [name, i]));
  const merged = new Map<string, { compared: number; agreeing: number; known: number; shared: number | null }>();
  for (const pair of pairs) {
    if (pair.a === pair.b) continue;
    const [first, second] = [index.get(pair.a)!, index.get(pair.b)!].sort((x, y) => x - y) as [number, number];
    const key = `${first}:${second}`;
    const entry = merged.get(key) ?? { compared: 0, agreeing: 0, known: 0, shared: null };
    entry.compared += pair.compared;
    if (pair.sharedSubmissions !== undefined) entry.shared = (entry.shared ?? 0) + pair.sharedSubmissions;
    if (pair.agreement !== null && Number.isFinite(pair.agreement) && pair.compared > 0) {
      entry.agreeing += pair.agreement * pair.compared;
      entry.known += pair.compared;
    }
    merged.set(key, entry);
  }
  const cells = assessors.map((_, row) =>
    assessors.map((__, col): PairwiseCell | null => {
      if (row === col) return null;
      const entry = merged.get(`${Math.min(row, col)}:${Math.max(row, col)}`);
      if (!entry || entry.compared === 0) return null;
      const agreement = entry.known > 0 ? entry.agreeing / entry.known : null;
      const reliable = entry.shared === null || entry.shared >= MINIMUM_SHARED_SUBMISSIONS;
      const fill = agreement === null ? null : reliable ? rampColour(agreement) : UNRELIABLE_FILL;
      return { row, col, compared: entry.compared, agreement, sharedSubmissions: entry.shared, reliable, fill, text: fill === null ? null : textColourOn(fill) };
    }),
  );
  return { assessors, cells };
}
