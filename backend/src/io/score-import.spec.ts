import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { parseScoreImport, type ParsedImport } from './score-import.js';

const scoresOf = (parsed: ParsedImport) => Array.from({ length: parsed.scores.count }, (_, i) => parsed.scores.score(i));
const submissionsOf = (parsed: ParsedImport) => Array.from({ length: parsed.scores.submissionCount }, (_, i) => parsed.scores.submissionRef(i));

const rows = [
  { key: 'tool', levels: ['1', '2', '3', '4'] },
  { key: 'shared', levels: ['no', 'yes'] },
];

describe('await parseScoreImport(text, rows)', async () => {
  it('groups lines into one score per submission and assessor, keeping comments', async () => {
    const parsed = await parseScoreImport(
      'Submission,Assessor,Criterion,Level,Comment\nS1,ann@x,tool,3,"levels overlap, I think"\nS1,ann@x,shared,yes,\nS1,bob@x,tool,2,\nS1,bob@x,shared,yes,\n',
      rows,
    );
    expect(parsed.problems).toEqual([]);
    expect(submissionsOf(parsed)).toEqual(['S1']);
    expect(parsed.ratings).toBe(4);
    expect(scoresOf(parsed)).toEqual([
      { submission: 'S1', assessor: 'ann@x', levels: { tool: '3', shared: 'yes' }, comments: { tool: 'levels overlap, I think' }, line: 2 },
      { submission: 'S1', assessor: 'bob@x', levels: { tool: '2', shared: 'yes' }, comments: {}, line: 4 },
    ]);
  });

  it('keeps going after a problem and reports each with its line and field', async () => {
    const parsed = await parseScoreImport(
      'submission,assessor,criterion,level\nS1,a,tool,5\nS1,a,nope,1\nS1,a,shared\n,a,tool,1\nS2,a,tool,1\nS2,a,tool,2\nS2,a,shared,no\nS3,a,tool,1\n',
      rows,
    );
    expect(parsed.problems).toEqual([
      { line: 2, field: 'level', message: 'level "5" is not a level of criterion "tool" (levels: 1, 2, 3, 4)' },
      { line: 3, field: 'criterion', message: 'criterion "nope" is not a row of this rubric version (rows: tool, shared)' },
      { line: 4, field: null, message: 'has 3 fields where the header has 4' },
      { line: 5, field: 'submission', message: 'is empty' },
      { line: 7, field: 'criterion', message: 'assessor "a" already scored criterion "tool" of submission "S2" on line 6' },
      { line: 9, field: 'criterion', message: 'the score of submission "S3" by assessor "a" has no level for "shared": a score gives every row' },
    ]);
    expect(scoresOf(parsed).map((s) => s.submission)).toEqual(['S2']);
  });

  it('stops listing after maxProblems and says more were left out', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `S${i},a,tool,9`).join('\n');
    const parsed = await parseScoreImport(`submission,assessor,criterion,level\n${lines}\n`, rows, { maxProblems: 5 });
    expect(parsed.problems).toHaveLength(5);
    expect(parsed.truncated).toBe(true);
  });

  it('names a missing column and an empty file', async () => {
    expect((await parseScoreImport('submission,assessor,level\nS1,a,1\n', rows)).problems).toEqual([
      { line: 1, field: 'criterion', message: 'the header has no "criterion" column (found: submission, assessor, level)' },
    ]);
    expect((await parseScoreImport('', rows)).problems[0].message).toContain('the file is empty');
    expect((await parseScoreImport('submission,assessor,criterion,level\n', rows)).problems[0].message).toBe('has a header but no scores');
  });

  it('matches numeric levels by value ("3.0" is level "3")', async () => {
    const parsed = await parseScoreImport('submission,assessor,criterion,level\nS1,a,tool,3.0\nS1,a,shared,no\n', rows);
    expect(parsed.scores.score(0).levels.tool).toBe('3');
  });

  it('reads a stream chunk by chunk, cut anywhere, as it reads the same text whole: plain and quoted lines, comments, problems far apart', async () => {
    const lines = ['submission,assessor,criterion,level,comment'];
    for (let s = 0; s < 3000; s++) {
      for (const assessor of ['ann@x', 'bob@x']) {
        lines.push(`S${s},${assessor},tool,${1 + (s % 4)},${s % 7 === 0 ? '"a comment, quoted"' : s % 5 === 0 ? 'plain comment' : ''}`);
        lines.push(`S${s},${assessor},shared,${s === 1500 && assessor === 'bob@x' ? 'maybe' : 'yes'},`);
      }
    }
    lines[10] = 'S2,ann@x,tool,9,';
    const text = lines.join('\n') + '\n';
    const whole = await parseScoreImport(text, rows);
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 997) chunks.push(bytes.subarray(at, at + 997));
    const streamed = await parseScoreImport(Readable.from(chunks), rows);
    expect(streamed.problems).toEqual(whole.problems);
    expect(streamed.problems.map((p) => [p.line, p.field])).toEqual([[11, 'level'], [6005, 'level'], [10, 'criterion'], [6004, 'criterion']]);
    expect(scoresOf(streamed)).toEqual(scoresOf(whole));
    expect(streamed.scores.count).toBe(5998);
    expect(streamed.scores.score(0).comments).toEqual({ tool: 'a comment, quoted' });
    expect(streamed.scores.score(10).comments).toEqual({ tool: 'plain comment' });
    expect(streamed.ratings).toBe(whole.ratings);
  });
});
