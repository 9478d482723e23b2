import type { AdjudicationReason } from './adjudication-rules.js';
import { readerLabel } from './reader-slots.js';
import type { StudySubmission } from './study-report.js';

/**
 * What a designer revising a rubric row reads beside its descriptors: every submission on which
 * the readers split on the row, grouped by the levels they split between (the confused pair, or
 * the set of levels when more than two readers split three ways), each with what each reader
 * slot gave and wrote and how adjudication settled it, with its reason and note. Readers are
 * named by slot (A, B, ...), never by person. Pure.
 */

/** A rubric row as the evidence names it: its key and its level values in order, lowest first. */
export interface EvidenceRow {
  key: string;
  title: string;
  levels: readonly string[];
}

export interface EvidenceReading {
  /** reader slot: A, B, ... */
  reader: string;
  level: string;
  comment: string | null;
}

export interface EvidenceCase {
  /** study sequence of the submission */
  sequence: number;
  readings: EvidenceReading[];
  /** the level adjudication settled on; null while it waits for the adjudicator */
  finalLevel: string | null;
  reason: AdjudicationReason | null;
  note: string | null;
}

export interface EvidenceGroup {
  /** the distinct levels the readers gave, in level order: the confused pair with two readers */
  levels: string[];
  cases: EvidenceCase[];
  /** cases whose readers left a comment */
  commented: number;
  /** cases not adjudicated yet */
  pending: number;
}

export interface RowEvidence {
  criterion: string;
  title: string;
  /** study submissions scored by at least two readers on the row */
  paired: number;
  /** of which the readers split */
  disagreeing: number;
  /** most cases first, then in level order */
  groups: EvidenceGroup[];
}

/**
 * The evidence of one row from the window's submissions (levels as indexes into `row.levels`).
 *
 * @example rowEvidence({ key: 'tool', title: 'Tool', levels: ['1', '2'] }, [{ sequence: 1, readings: [
 *   { slot: 1, assessorId: '7', levels: { tool: 0 }, comments: { tool: 'vague' } },
 *   { slot: 2, assessorId: '8', levels: { tool: 1 } }] }])
 * // { criterion: 'tool', title: 'Tool', paired: 1, disagreeing: 1, groups: [{ levels: ['1', '2'], commented: 1, pending: 1, cases: [
 * //   { sequence: 1, readings: [{ reader: 'A', level: '1', comment: 'vague' }, { reader: 'B', level: '2', comment: null }], finalLevel: null, reason: null, note: null }] }] }
 */
export function rowEvidence(row: EvidenceRow, submissions: readonly StudySubmission[]): RowEvidence {
  const groups = new Map<string, { indexes: number[]; group: EvidenceGroup }>();
  let paired = 0;
  let disagreeing = 0;
  const levelAt = (index: number) => row.levels[index] ?? String(index);
  for (const submission of [...submissions].sort((a, b) => a.sequence - b.sequence)) {
    const readings = [...submission.readings]
      .sort((a, b) => a.slot - b.slot)
      .filter((reading) => reading.levels?.[row.key] !== undefined);
    if (readings.length < 2) continue;
    paired++;
    const indexes = [...new Set(readings.map((reading) => reading.levels![row.key]!))].sort((a, b) => a - b);
    if (indexes.length < 2) continue;
    disagreeing++;
    const key = indexes.join(':');
    let entry = groups.get(key);
    if (!entry) {
      entry = { indexes, group: { levels: indexes.map(levelAt), cases: [], commented: 0, pending: 0 } };
      groups.set(key, entry);
    }
    const settled = submission.adjudication?.levels[row.key];
    const why = submission.adjudication?.reasons[row.key];
    const evidenceCase: EvidenceCase = {
      sequence: submission.sequence,
      readings: readings.map((reading) => ({
        reader: readerLabel(reading.slot),
        level: levelAt(reading.levels![row.key]!),
        comment: reading.comments?.[row.key]?.trim() || null,
      })),
      finalLevel: settled === undefined ? null : levelAt(settled),
      reason: why?.reason ?? null,
      note: why?.note?.trim() || null,
    };
    entry.group.cases.push(evidenceCase);
    if (evidenceCase.readings.some((reading) => reading.comment !== null)) entry.group.commented++;
    if (settled === undefined) entry.group.pending++;
  }
  const ordered = [...groups.values()].sort((a, b) => b.group.cases.length - a.group.cases.length || compareIndexes(a.indexes, b.indexes));
  return { criterion: row.key, title: row.title, paired, disagreeing, groups: ordered.map((entry) => entry.group) };
}

function compareIndexes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
