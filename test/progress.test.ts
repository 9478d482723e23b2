import { describe, expect, it } from 'vitest';
import { Progress } from '../backend/src/cli/progress.js';

function sink(isTTY = false) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
}

describe('Progress (standard error of concord analyze)', () => {
  it('reports a large file every 10% and says when it is done', () => {
    const { chunks, stream } = sink();
    const p = new Progress(stream, 'big.csv', 100 * 1024 * 1024, false);
    for (let read = 0; read <= 100 * 1024 * 1024; read += 1024 * 1024) p.update(read);
    p.phase('computing 1 criterion');
    p.done();
    const lines = chunks.join('').trim().split('\n');
    expect(lines.filter((l) => l.startsWith('reading big.csv:'))).toHaveLength(11);
    expect(lines[0]).toBe('reading big.csv: 0% (0.0 MB of 100.0 MB)');
    expect(lines).toContain('reading big.csv: 50% (50.0 MB of 100.0 MB)');
    expect(lines.at(-2)).toBe('computing 1 criterion...');
    expect(lines.at(-1)).toMatch(/^done in \d+\.\d s$/);
  });

  it('redraws one line in place on a terminal', () => {
    const { chunks, stream } = sink(true);
    const p = new Progress(stream, 'big.csv', 10 * 1024 * 1024, false);
    p.update(5 * 1024 * 1024);
    expect(chunks[0]).toBe('\r\x1b[Kreading big.csv: 50% (5.0 MB of 10.0 MB)');
  });

  it('stays silent for a small file and with --quiet', () => {
    const small = sink();
    const p = new Progress(small.stream, 'small.csv', 1024, false);
    p.update(1024);
    p.done();
    expect(small.chunks).toEqual([]);
    const quiet = sink();
    const q = new Progress(quiet.stream, 'big.csv', 100 * 1024 * 1024, true);
    q.update(50 * 1024 * 1024);
    expect(quiet.chunks).toEqual([]);
  });
});
