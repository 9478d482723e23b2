import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from './errors.js';
import { assertImportable, firstProblems, importIssues, importProblems, listedScores, type ImportCheckInput, type ScoreToImport } from './import-rules.js';

const score = (submission: string, assessor: string, line: number) => ({ submission, assessor, line });
const lower = (email: string) => email.trim().toLowerCase();

type Extra = Partial<Omit<ImportCheckInput, 'scores'>> & { scores?: ScoreToImport[]; submissions?: string[] };

const input = ({ scores, submissions, ...extra }: Extra = {}): ImportCheckInput => ({
  scores: listedScores(scores ?? [score('S1', 'ann@x', 2), score('S1', 'bob@x', 4), score('S2', 'ann@x', 6), score('S2', 'bob@x', 8)], submissions ?? ['S1', 'S2']),
  window: { targetSubmissions: 10, readersPerSubmission: 2, studySubmissions: 0 },
  accountKey: lower,
  assessorAccounts: new Set(['ann@x', 'bob@x']),
  existingSubmissions: new Set(),
  ...extra,
});

describe('assertImportable(versionNumber, window)', () => {
  it('takes scores only while the window collects', () => {
    expect(() => assertImportable(2, { status: 'collecting' })).not.toThrow();
    expect(() => assertImportable(2, null)).toThrow(NotFoundError);
    expect(() => assertImportable(2, null)).toThrow('rubric version 2 has no validation window: open one before importing its scores');
    try {
      assertImportable(2, { status: 'adjudicating' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe('window_not_collecting');
      expect((error as ConflictError).message).toBe('the validation window is adjudicating: it no longer takes scores');
    }
  });
});

describe('importProblems(input)', () => {
  it('finds nothing wrong with new submissions each scored by the window\'s readers', () => {
    expect(importProblems(input())).toEqual([]);
  });

  it('reports an unknown assessor once, on its first score, matched by account key', () => {
    const problems = importProblems(input({ assessorAccounts: new Set(['ann@x']), scores: [score('S1', 'ann@x', 2), score('S1', 'BOB@x', 4), score('S2', 'ann@x', 6), score('S2', 'bob@x ', 8)] }));
    expect(problems).toEqual([{ line: 4, field: 'assessor', message: 'no assessor account has the email "BOB@x"' }]);
  });

  it('refuses submissions already held, beyond the study\'s room, or with the wrong number of scores', () => {
    const problems = importProblems(
      input({
        scores: [score('S1', 'ann@x', 2), score('S2', 'ann@x', 4), score('S2', 'bob@x', 6), score('S3', 'ann@x', 8), score('S3', 'bob@x', 10), score('S4', 'ann@x', 12)],
        submissions: ['S1', 'S2', 'S3', 'S4'],
        window: { targetSubmissions: 5, readersPerSubmission: 2, studySubmissions: 2 },
        existingSubmissions: new Set(['S2']),
      }),
    );
    expect(problems).toEqual([
      { line: 2, field: 'assessor', message: 'submission "S1" has 1 score; each study submission needs 2, by different assessors' },
      { line: 4, field: 'submission', message: 'submission "S2" is already in Concord for this credential; an import adds new submissions only' },
      { line: 12, field: 'submission', message: 'the study has room for 3 more submissions (target 5); "S4" is one too many' },
    ]);
  });

  it('refuses one account written twice on a submission (another casing of the email), as the import would', () => {
    const problems = importProblems(
      input({ scores: [score('S1', 'ann@x', 2), score('S1', 'bob@x', 4), score('S2', 'Ann@X', 6), score('S2', ' ann@x', 8)] }),
    );
    expect(problems).toEqual([
      { line: 8, field: 'assessor', message: '" ann@x" and "Ann@X" (line 6) are the same account; each study submission needs 2 scores by different assessors' },
    ]);
  });

  it('puts assessor problems before submission problems, and says when the study is full', () => {
    const problems = importProblems(input({ assessorAccounts: new Set(['ann@x']), window: { targetSubmissions: 1, readersPerSubmission: 2, studySubmissions: 1 } }));
    expect(problems.map((problem) => problem.message)).toEqual([
      'no assessor account has the email "bob@x"',
      'the study has room for 0 more submissions (target 1); "S1" is one too many',
      'the study has room for 0 more submissions (target 1); "S2" is one too many',
    ]);
  });

  it('stops at max + 1 problems: a file of many wrong submissions costs no message per submission', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `S${i}`);
    const problems = importProblems(
      input({ scores: many.map((ref, i) => score(ref, 'ann@x', i + 2)), submissions: many, window: { targetSubmissions: 1, readersPerSubmission: 1, studySubmissions: 1 } }),
      20,
    );
    expect(problems).toHaveLength(21);
    expect(problems[20].message).toBe('the study has room for 0 more submissions (target 1); "S20" is one too many');
  });
});

describe('firstProblems(found, more, max) and importIssues(problems)', () => {
  const problem = (line: number) => ({ line, field: 'level', message: `line ${line}` });

  it('keeps the first max problems and says when some were left out', () => {
    expect(firstProblems({ problems: [problem(1)], truncated: false }, [problem(2)], 2)).toEqual({ problems: [problem(1), problem(2)], truncated: false });
    expect(firstProblems({ problems: [problem(1)], truncated: false }, [problem(2), problem(3)], 2)).toEqual({ problems: [problem(1), problem(2)], truncated: true });
    expect(firstProblems({ problems: [problem(1), problem(2)], truncated: true }, [], 2).truncated).toBe(true);
  });

  it('names the line and the column of each problem as its field, or the file', () => {
    expect(importIssues([problem(11), { line: null, field: null, message: 'the file is empty' }, { line: 1, field: null, message: 'm' }])).toEqual([
      { field: 'line 11, level', message: 'line 11' },
      { field: 'file', message: 'the file is empty' },
      { field: 'line 1', message: 'm' },
    ]);
  });
});
