/**
 * The byte-level pieces of the CSV reader's fast path (`csv-records.ts`): a plain line (no
 * quote) as byte ranges, trimmed as `String.prototype.trim` trims, and interning of byte
 * strings to integers, so that a submission or assessor seen before costs no string.
 * Every range is UTF-8 the reader has checked, so equal bytes are equal text.
 */

/** The fields of one plain line as byte ranges of `bytes`; one instance is reused from line to line. */
export class PlainLine {
  /** the bytes that hold the line (a plain Uint8Array, so that the reading code sees one kind of array) */
  bytes: Uint8Array = new Uint8Array(0);
  /** the same bytes as a Buffer, to decode */
  buffer: Buffer = Buffer.alloc(0);
  /** how many fields the line has (a line without a comma has one) */
  fields = 0;
  starts = new Int32Array(16);
  ends = new Int32Array(16);

  /** field i as the text a CSV parser gives: decoded, not trimmed */
  text(i: number): string {
    return this.buffer.toString('utf8', this.starts[i], this.ends[i]);
  }

  /** the text of `bytes[start, end)` */
  decode(start: number, end: number): string {
    return this.buffer.toString('utf8', start, end);
  }

  /** every field as text */
  texts(): string[] {
    const out = new Array<string>(this.fields);
    for (let i = 0; i < this.fields; i++) out[i] = this.text(i);
    return out;
  }

  /** makes room for one more field */
  grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

/**
 * The first byte of `bytes[start, end)` that `String.prototype.trim` keeps: it drops ASCII
 * white space and line ends and, in UTF-8, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000 and U+FEFF.
 */
export function trimStart(bytes: Uint8Array, start: number, end: number): number {
  while (start < end) {
    const b = bytes[start];
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) start++;
    else if (b < 0xc2) break;
    else {
      const n = spaceLength(bytes, start, end);
      if (n === 0) break;
      start += n;
    }
  }
  return start;
}

/** One past the last byte of `bytes[start, end)` that `String.prototype.trim` keeps. */
export function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  while (end > start) {
    const b = bytes[end - 1];
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) end--;
    else if (b < 0x80) break;
    else if (end - 2 >= start && bytes[end - 2] === 0xc2 && b === 0xa0) end -= 2;
    else if (end - 3 >= start && spaceLength(bytes, end - 3, end) === 3) end -= 3;
    else break;
  }
  return end;
}

/** The length of the white space character that starts at `i` (a lead byte), or 0. */
function spaceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i];
  if (b === 0xc2) return i + 1 < end && bytes[i + 1] === 0xa0 ? 2 : 0;
  if (i + 2 >= end) return 0;
  const b1 = bytes[i + 1];
  const b2 = bytes[i + 2];
  if (b === 0xe1) return b1 === 0x9a && b2 === 0x80 ? 3 : 0;
  if (b === 0xe2) {
    if (b1 === 0x80) return (b2 >= 0x80 && b2 <= 0x8a) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf ? 3 : 0;
    return b1 === 0x81 && b2 === 0x9f ? 3 : 0;
  }
  if (b === 0xe3) return b1 === 0x80 && b2 === 0x80 ? 3 : 0;
  if (b === 0xef) return b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  return 0;
}

/** Whether two byte ranges hold the same bytes. */
export function sameBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return false;
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

const encoder = new TextEncoder();

/**
 * Byte strings to dense integers (0, 1, 2, ... in order of first sight) in an open-addressing
 * hash table (FNV-1a, linear probing, at most half full) over one byte pool: a million submissions cost a few megabytes and no string each.
 */
export class ByteInterner {
  private pool = new Uint8Array(1 << 16);
  private used = 0;
  /** where string id starts in the pool; `offsets[id + 1]` is where it ends */
  private offsets = new Int32Array(1025);
  private hashes = new Int32Array(1024);
  /** slot -> its string's hash and id (-1: empty), side by side */
  private slots = new Int32Array(2 * 2048).fill(-1);
  private scratch = new Uint8Array(256);
  size = 0;

  /** The id of `bytes[start, end)`, or -1 when it was never interned. */
  find(bytes: Uint8Array, start: number, end: number): number {
    return this.lookup(bytes, start, end, false);
  }

  /** The id of `bytes[start, end)`, given the next id when it is new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.lookup(bytes, start, end, true);
  }

  /** The id of a string (as its UTF-8 bytes), given the next id when it is new. */
  internText(text: string): number {
    const length = this.encode(text);
    return this.lookup(this.scratch, 0, length, true);
  }

  /** The text of an id. */
  text(id: number): string {
    return Buffer.from(this.pool.buffer, this.pool.byteOffset + this.offsets[id], this.offsets[id + 1] - this.offsets[id]).toString('utf8');
  }

  private encode(text: string): number {
    if (text.length * 3 > this.scratch.length) this.scratch = new Uint8Array(text.length * 3);
    return encoder.encodeInto(text, this.scratch).written;
  }

  private lookup(bytes: Uint8Array, start: number, end: number, add: boolean): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    hash = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
    hash ^= hash >>> 16;
    const { slots, pool, offsets } = this;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1];
      if (id === -1) return add ? this.add(bytes, start, end, hash, slot) : -1;
      if (slots[2 * slot] === hash && sameBytes(pool, offsets[id], offsets[id + 1], bytes, start, end)) return id;
    }
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const id = this.size++;
    const length = end - start;
    if (this.used + length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.used + length));
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
    }
    if (id === this.hashes.length) {
      const hashes = new Int32Array(2 * id);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const offsets = new Int32Array(2 * id + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    const { pool } = this;
    let at = this.used;
    for (let i = start; i < end; i++) pool[at++] = bytes[i];
    this.offsets[id] = this.used;
    this.offsets[id + 1] = at;
    this.used = at;
    this.hashes[id] = hash;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = id;
    if (this.size * 4 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    // Four times larger: a million names rehash a third of what doubling costs, into a table at most half full.
    const slots = new Int32Array(this.slots.length * 4).fill(-1);
    const mask = (slots.length >> 1) - 1;
    for (let id = 0; id < this.size; id++) {
      const hash = this.hashes[id];
      let slot = hash & mask;
      while (slots[2 * slot + 1] !== -1) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = id;
    }
    this.slots = slots;
  }
}
