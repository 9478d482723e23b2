/** What a memo needs of the unit of work: its local write generation (null when others write too). */
export interface WriteGeneration {
  readonly localGeneration: number | null;
}

/**
 * Values read from the database, kept while no write can have changed them. On SQLite every write
 * goes through this process's unit of work, so a value read while its generation stayed the same
 * is still current; on PostgreSQL other instances write too, so nothing is kept and every `get`
 * reads. Keeps the `size` most recently stored keys.
 */
export class ReadMemo<Value> {
  private readonly entries = new Map<string, { value: Value; generation: number }>();

  constructor(
    private readonly writes: WriteGeneration,
    private readonly size = 1000,
  ) {}

  async get(key: string, read: () => Promise<Value>): Promise<Value> {
    // read before the read: a write that lands meanwhile leaves the value to be read again
    const generation = this.writes.localGeneration;
    if (generation === null) return read();
    const kept = this.entries.get(key);
    if (kept && kept.generation === generation) return kept.value;
    const value = await read();
    this.entries.delete(key);
    this.entries.set(key, { value, generation });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
