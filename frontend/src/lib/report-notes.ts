/**
 * The report's notes as footnotes: a note that several rows carry is written once, below the
 * table, with a numbered marker on each row it concerns. Pure.
 *
 * The API words each note for its row ("With 50 submissions scored twice, the 95% interval of
 * agreement (73.3% to 94.2%) straddles the 80% threshold: …"), so notes of the same kind differ in
 * their numbers. The kinds the API writes are recognised here and split into the general text (the
 * footnote, once) and what is particular to each row (listed under the footnote by row). A note of
 * a kind not recognised is a footnote of its own, in full, shared by every row with the same text:
 * nothing the API says is ever dropped.
 */

export interface NoteRow {
  criterion: string;
  title: string;
  notes: readonly string[];
}

/** One row a footnote concerns, with what the note says of that row in particular (null when nothing). */
export interface FootnoteRow {
  criterion: string;
  title: string;
  particular: string | null;
}

export interface Footnote {
  /** 1, 2, 3… in order of first appearance, rows in rubric order. */
  number: number;
  /** The kind of note, or `text` for one not recognised. */
  kind: string;
  text: string;
  rows: FootnoteRow[];
}

export interface Footnotes {
  footnotes: Footnote[];
  /** Per row key, the numbers of its footnotes, in the order of its notes. */
  markers: Record<string, number[]>;
}

interface Parsed {
  kind: string;
  /** Notes with the same key share a footnote. */
  key: string;
  text: string;
  particular: string | null;
}

const LEVEL = String.raw`"(?:[^"\\]|\\.)*"(?: \([^)]*\))?`;

const STRADDLES = new RegExp(
  String.raw`^With (\d+) submissions? scored (?:twice|more than once), the 95% interval of agreement \((.+?) to (.+?)\) straddles the (.+?) threshold: (agreement meets the rule, but the data do not yet demonstrate it|the verdict could change with more submissions)\.(?: If agreement goes on at (.+?), about (\d+) more paired submissions? would settle it (as validated|as needing revision) with (.+?) probability\.)?$`,
);
const NEIGHBOURS = new RegExp(
  String.raw`^Exact agreement is (.+?) but (.+?) of rating pairs are within one level: most disagreements sit between neighbouring levels, most often between (${LEVEL}) and (${LEVEL})\. Sharpening the descriptors that separate those two levels is the likely fix\.$`,
);
const PARADOX =
  /^Agreement is (.+?) but (Cohen's|Fleiss') kappa is only (.+?): level (.+?) holds (.+?) of all ratings, so chance alone would produce most of the agreement(?: \(prevalence index .+?\))?\. This is the kappa paradox \(Feinstein & Cicchetti 1990\), not necessarily poor scoring; .+$/;
const BIAS = /^(.+) gave the higher level more often than (.+) \(bias index (.+?)\): part of the disagreement is systematic, a matter for assessor calibration rather than the rubric\.$/;
const UNUSED = /^No assessor used levels? (.+?): the row was not tested across its whole range, and Gwet's AC1 and Brennan-Prediger count (?:it|them) among the \d+ possible levels\.$/;
const SINGLE = /^(\d+) submissions? (?:has|have) a single rating on this row and adds? no pairs to agreement\.$/;

/** A note split into its general text and what it says of its row. */
export function parseNote(note: string): Parsed {
  const text = note.trim();
  let m = STRADDLES.exec(text);
  if (m) {
    const [, , low, high, threshold, consequence, , more, towards, power] = m;
    const meets = consequence!.startsWith('agreement meets');
    const settle = more
      ? ` The number under the row's status ("about N more to settle") is how many more paired submissions would settle it ${towards} with ${power} probability, if agreement goes on as it is.`
      : '';
    return {
      kind: 'straddles',
      key: `straddles|${threshold}|${meets}|${towards ?? ''}|${power ?? ''}`,
      text: meets
        ? `The 95% interval of agreement straddles the ${threshold} threshold: agreement meets the rule, but the data do not yet demonstrate it.${settle}`
        : `The 95% interval of agreement straddles the ${threshold} threshold: agreement is below it, but the verdict could change with more submissions.${settle}`,
      particular: `interval ${low} to ${high}${more ? `, about ${more} more` : ''}`,
    };
  }
  m = NEIGHBOURS.exec(text);
  if (m) {
    const [, exact, within, lower, higher] = m;
    return {
      kind: 'neighbours',
      key: 'neighbours',
      text: 'Exact agreement is well below agreement within one level: most disagreements sit between neighbouring levels. Sharpening the descriptors that separate the two levels named is the likely fix.',
      particular: `mostly between ${lower} and ${higher}; exact agreement ${exact}, within one level ${within}`,
    };
  }
  m = PARADOX.exec(text);
  if (m) {
    const [, agreement, kappaName, kappa, level, share] = m;
    return {
      kind: 'paradox',
      key: 'paradox',
      text:
        "Agreement is high but kappa is low because one level holds most of the ratings, so chance alone would produce most of the agreement. This is the kappa paradox (Feinstein & Cicchetti 1990), not necessarily poor scoring; Gwet's AC1 and PABAK, which do not collapse when one level dominates, are the better guide, and the submissions should cover more of the other levels.",
      particular: `agreement ${agreement}, ${kappaName} kappa ${kappa}; level ${level} holds ${share} of all ratings`,
    };
  }
  m = BIAS.exec(text);
  if (m) {
    const [, lenient, strict, bias] = m;
    return {
      kind: 'bias',
      key: 'bias',
      text: 'One reader gave the higher level more often than the other: part of the disagreement is systematic, a matter for assessor calibration rather than the rubric.',
      particular: `${lenient} higher than ${strict} (bias index ${bias})`,
    };
  }
  m = UNUSED.exec(text);
  if (m) {
    return {
      kind: 'unused',
      key: 'unused',
      text: "Some levels were never used: the row was not tested across its whole range, and Gwet's AC1 and Brennan-Prediger still count the unused levels among the possible ones.",
      particular: `never used: ${m[1]}`,
    };
  }
  m = SINGLE.exec(text);
  if (m) {
    const n = Number(m[1]);
    return { kind: 'single', key: 'single', text: 'Submissions with a single rating on a row add no pairs to its agreement.', particular: `${n} submission${n === 1 ? '' : 's'} with a single rating` };
  }
  return { kind: 'text', key: `text|${text}`, text, particular: null };
}

/** Every row's notes as numbered footnotes (each kind once) and the markers each row carries. Rows in rubric order. */
export function collectFootnotes(rows: readonly NoteRow[]): Footnotes {
  const byKey = new Map<string, Footnote>();
  const markers: Record<string, number[]> = {};
  for (const row of rows) {
    const mine: number[] = [];
    for (const note of row.notes) {
      if (!note.trim()) continue;
      const parsed = parseNote(note);
      let footnote = byKey.get(parsed.key);
      if (!footnote) {
        footnote = { number: byKey.size + 1, kind: parsed.kind, text: parsed.text, rows: [] };
        byKey.set(parsed.key, footnote);
      }
      if (!mine.includes(footnote.number)) {
        mine.push(footnote.number);
        footnote.rows.push({ criterion: row.criterion, title: row.title, particular: parsed.particular });
      }
    }
    markers[row.criterion] = mine;
  }
  return { footnotes: [...byKey.values()], markers };
}
