import Papa from 'papaparse';
import { levelKey } from './levels.js';

/** A rubric row as the import checks it: its key and its level values. */
export interface ImportRow {
  key: string;
  levels: readonly string[];
}

/** One problem in an import file, with where it is. */
export interface ImportProblem {
  line: number | null;
  field: string | null;
  message: string;
}

/** One assessor's complete score of one submission, as the file gives it. */
export interface ImportedScore {
  submission: string;
  assessor: string;
  /** row key -> level value as the rubric spells it */
  levels: Record<string, string>;
  comments: Record<string, string>;
  /** the first line of this score in the file */
  line: number;
}

export interface ParsedImport {
  /** scores in file order (by their first line) */
  scores: ImportedScore[];
  /** submissions in order of first appearance */
  submissions: string[];
  ratings: number;
  problems: ImportProblem[];
  /** true when more problems exist than were kept */
  truncated: boolean;
}

export const IMPORT_COLUMNS = ['submission', 'assessor', 'criterion', 'level'] as const;

/**
 * Checks a CSV of scores (`submission,assessor,criterion,level[,comment]`, any case and order)
 * against a rubric version, keeping going after a problem so a dry run can list the first
 * `maxProblems` with their line and field. A score is one assessor's levels for every row of
 * one submission: a pair that misses a row is a problem, as is a repeated row.
 */
export function parseScoreImport(text: string, rows: readonly ImportRow[], maxProblems = 20): ParsedImport {
  const problems: ImportProblem[] = [];
  let truncated = false;
  const problem = (line: number | null, field: string | null, message: string) => {
    if (problems.length < maxProblems) problems.push({ line, field, message });
    else truncated = true;
  };
  const rowLevels = new Map(rows.map((r) => [r.key, new Map(r.levels.map((l) => [levelKey(l), l]))]));
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    problem((quoteError.row ?? 0) + 1, null, `malformed CSV: ${quoteError.message}`);
    return { scores: [], submissions: [], ratings: 0, problems, truncated };
  }
  const records = result.data;
  const headerIndex = records.findIndex((r) => !(r.length === 1 && r[0].trim() === ''));
  if (headerIndex < 0) {
    problem(null, null, `the file is empty: expected a header line (${IMPORT_COLUMNS.join(',')}[,comment])`);
    return { scores: [], submissions: [], ratings: 0, problems, truncated };
  }
  const header = records[headerIndex].map((h) => h.trim().toLowerCase());
  const column = Object.fromEntries([...IMPORT_COLUMNS, 'comment'].map((c) => [c, header.indexOf(c)])) as Record<string, number>;
  const missing = IMPORT_COLUMNS.filter((c) => column[c] < 0);
  if (missing.length) {
    for (const c of missing) problem(headerIndex + 1, c, `the header has no "${c}" column (found: ${records[headerIndex].join(', ')})`);
    return { scores: [], submissions: [], ratings: 0, problems, truncated };
  }

  const byPair = new Map<string, ImportedScore & { seen: Map<string, number> }>();
  const submissions: string[] = [];
  const seenSubmissions = new Set<string>();
  let ratings = 0;
  for (let i = headerIndex + 1; i < records.length; i++) {
    const fields = records[i];
    const line = i + 1;
    if (fields.length === 1 && fields[0].trim() === '') continue;
    if (fields.length !== header.length) {
      problem(line, null, `has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${header.length}`);
      continue;
    }
    const get = (c: string) => fields[column[c]].trim();
    const empty = IMPORT_COLUMNS.filter((c) => get(c) === '');
    if (empty.length) {
      problem(line, empty[0], 'is empty');
      continue;
    }
    const [submission, assessor, criterion, level] = IMPORT_COLUMNS.map(get);
    const levels = rowLevels.get(criterion);
    if (!levels) {
      problem(line, 'criterion', `criterion "${criterion}" is not a row of this rubric version (rows: ${rows.map((r) => r.key).join(', ')})`);
      continue;
    }
    const value = levels.get(levelKey(level));
    if (value === undefined) {
      problem(line, 'level', `level "${level}" is not a level of criterion "${criterion}" (levels: ${[...levels.values()].join(', ')})`);
      continue;
    }
    const pairKey = `${submission}\u0000${assessor}`;
    let score = byPair.get(pairKey);
    if (!score) {
      score = { submission, assessor, levels: {}, comments: {}, line, seen: new Map() };
      byPair.set(pairKey, score);
    }
    const earlier = score.seen.get(criterion);
    if (earlier !== undefined) {
      problem(line, 'criterion', `assessor "${assessor}" already scored criterion "${criterion}" of submission "${submission}" on line ${earlier}`);
      continue;
    }
    score.seen.set(criterion, line);
    score.levels[criterion] = value;
    const comment = column.comment >= 0 ? get('comment') : '';
    if (comment) score.comments[criterion] = comment;
    ratings++;
    if (!seenSubmissions.has(submission)) {
      seenSubmissions.add(submission);
      submissions.push(submission);
    }
  }
  if (byPair.size === 0 && problems.length === 0) problem(null, null, 'has a header but no scores');
  const scores: ImportedScore[] = [];
  for (const { seen, ...score } of byPair.values()) {
    const absent = rows.filter((r) => !seen.has(r.key)).map((r) => r.key);
    if (absent.length) {
      problem(score.line, 'criterion', `the score of submission "${score.submission}" by assessor "${score.assessor}" has no level for ${absent.map((k) => `"${k}"`).join(', ')}: a score gives every row`);
      continue;
    }
    scores.push(score);
  }
  return { scores, submissions, ratings, problems, truncated };
}
