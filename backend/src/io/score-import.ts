import { MAX_IMPORT_PROBLEMS, type ImportProblem } from '../protocol/import-rules.js';
import { readCsvRecords } from './csv-records.js';
import { InputFileError } from './errors.js';
import { levelKey } from './levels.js';
import { LONG_COLUMNS, LongRecordReader, longColumns, missingColumnMessage } from './long-scores.js';

export type { ImportProblem };

/** A rubric row as the import checks it: its key and its level values. */
export interface ImportRow {
  key: string;
  levels: readonly string[];
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

/** The import's own optional column, beside the long format's. */
const COMMENT_COLUMN = 'comment';
/** The file's name in errors of the shared reader; an import's problems never show it. */
const IMPORT_FILE = 'import';

/**
 * Checks a CSV of scores (`submission,assessor,criterion,level[,comment]`, any case and order)
 * against a rubric version, keeping going after a problem so a dry run can list the first
 * `maxProblems` with their line and field. The file is read as `concord analyze` reads it (see
 * `long-scores.ts`); what is the import's own: the comment column, levels checked against the
 * rubric version's rows, and scores. A score is one assessor's levels for every row of one
 * submission: a pair that misses a row is a problem, as is a repeated row.
 */
export async function parseScoreImport(text: string, rows: readonly ImportRow[], maxProblems = MAX_IMPORT_PROBLEMS): Promise<ParsedImport> {
  const problems: ImportProblem[] = [];
  let truncated = false;
  const problem = (line: number | null, field: string | null, message: string) => {
    if (problems.length < maxProblems) problems.push({ line, field, message });
    else truncated = true;
  };
  const rowLevels = new Map(rows.map((r) => [r.key, new Map(r.levels.map((l) => [levelKey(l), l]))]));
  const byPair = new Map<string, ImportedScore & { seen: Map<string, number> }>();
  const submissions: string[] = [];
  const seenSubmissions = new Set<string>();
  let ratings = 0;
  /** set by a header with every long column */
  const file: { reader: LongRecordReader | null; commentColumn: number } = { reader: null, commentColumn: -1 };

  const readRecord = (fields: string[], line: number) => {
    const { reader } = file;
    if (reader === null) return;
    const shape = reader.read(fields);
    if (shape !== null) {
      problem(line, shape.field, shape.message);
      return;
    }
    const { submission, assessor, criterion, level } = reader.record;
    const levels = rowLevels.get(criterion);
    if (!levels) {
      problem(line, 'criterion', `criterion "${criterion}" is not a row of this rubric version (rows: ${rows.map((r) => r.key).join(', ')})`);
      return;
    }
    const value = levels.get(levelKey(level));
    if (value === undefined) {
      problem(line, 'level', `level "${level}" is not a level of criterion "${criterion}" (levels: ${[...levels.values()].join(', ')})`);
      return;
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
      return;
    }
    score.seen.set(criterion, line);
    score.levels[criterion] = value;
    const comment = file.commentColumn >= 0 ? fields[file.commentColumn].trim() : '';
    if (comment) score.comments[criterion] = comment;
    ratings++;
    if (!seenSubmissions.has(submission)) {
      seenSubmissions.add(submission);
      submissions.push(submission);
    }
  };

  try {
    await readCsvRecords(text, {
      file: IMPORT_FILE,
      expectedHeader: `${LONG_COLUMNS.join(',')}[,${COMMENT_COLUMN}]`,
      header(fields, line) {
        const found = longColumns(fields);
        if ('missing' in found) {
          for (const column of found.missing) problem(line, column, missingColumnMessage(column, fields));
          return;
        }
        file.reader = new LongRecordReader(found.columns, fields.length);
        file.commentColumn = fields.map((name) => name.trim().toLowerCase()).indexOf(COMMENT_COLUMN);
      },
      record: readRecord,
    });
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    problem(error.line, error.field, error.problem);
    return { scores: [], submissions: [], ratings: 0, problems, truncated };
  }
  if (file.reader === null) return { scores: [], submissions: [], ratings: 0, problems, truncated };
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
