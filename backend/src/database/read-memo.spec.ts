import { describe, expect, it } from 'vitest';
import { ReadMemo } from './read-memo.js';

describe('ReadMemo', () => {
  it('keeps a value while no write happened (SQLite), and reads again after one', async () => {
    const writes = { localGeneration: 0 as number | null };
    const memo = new ReadMemo<string>(writes);
    let reads = 0;
    const read = async () => `value ${++reads}`;
    expect(await memo.get('k', read)).toBe('value 1');
    expect(await memo.get('k', read)).toBe('value 1');
    writes.localGeneration = 1;
    expect(await memo.get('k', read)).toBe('value 2');
    expect(reads).toBe(2);
  });

  it('does not keep a value read while a write happened', async () => {
    const writes = { localGeneration: 0 as number | null };
    const memo = new ReadMemo<string>(writes);
    let reads = 0;
    const read = async () => {
      reads++;
      writes.localGeneration = 1; // a write lands while the value is read
      return 'read during a write';
    };
    await memo.get('k', read);
    await memo.get('k', read);
    expect(reads).toBe(2);
  });

  it('keeps nothing when other processes write too (PostgreSQL)', async () => {
    const memo = new ReadMemo<number>({ localGeneration: null });
    let reads = 0;
    const read = async () => ++reads;
    await memo.get('k', read);
    await memo.get('k', read);
    expect(reads).toBe(2);
  });

  it('keeps the most recently stored keys only', async () => {
    const memo = new ReadMemo<string>({ localGeneration: 0 }, 2);
    let reads = 0;
    const read = async () => `v${++reads}`;
    await memo.get('a', read);
    await memo.get('b', read);
    await memo.get('c', read);
    expect(await memo.get('b', read)).toBe('v2');
    expect(await memo.get('a', read)).toBe('v4');
  });
});
