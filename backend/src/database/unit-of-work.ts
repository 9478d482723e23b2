import type { OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { dataSourceOptions, type EntityList } from './data-source-options.js';
import type { DatabaseTarget, Engine } from '../config/database-target.js';
import { migrate } from './migrate.js';
import { withTransientRetries } from './retry.js';

/**
 * Runs every write as one transaction, and holds the invariants the way each engine can.
 *
 * PostgreSQL: each `run` is a READ COMMITTED transaction on its own pooled connection, so several
 * API instances write at once. The work takes the row locks its decision needs, always in the
 * order credential, assignment, window (`lockRow` in database/sql.ts; the window's
 * `lockForChange` before counting, drawing or closing; `forUpdate` with `SKIP LOCKED` for
 * queues), numbers rows from counter columns (`UPDATE ... RETURNING`), and relies on unique
 * constraints as the last guard. A serialisation failure or deadlock (40001, 40P01) is retried up to 3 times with
 * jitter, then answered 503 with Retry-After (`RetryLaterError`).
 *
 * SQLite: one writer connection of its own, and transactions queued on it one after another in this
 * process (TypeORM's sqlite driver shares one connection among its query runners, so two
 * transactions at once would interleave on it). Reads go through the other, read-only connection
 * (the application's DataSource): in WAL mode they see only committed data and never wait for the
 * writer. SQLite itself allows one writer per file, so the queue loses nothing.
 */
export class UnitOfWork implements OnModuleDestroy {
  private tail: Promise<unknown> = Promise.resolve();
  private writes = 0;

  private constructor(
    readonly engine: Engine,
    private readonly writer: DataSource,
    private readonly ownsWriter: boolean,
  ) {}

  /**
   * Migrates the database (under an advisory lock on PostgreSQL) and returns the unit of work. On
   * SQLite it opens the writer connection and makes `reader` read-only.
   */
  static async open(reader: DataSource, target: DatabaseTarget, entities: EntityList): Promise<UnitOfWork> {
    if (target.engine === 'postgres') {
      await migrate(reader);
      return new UnitOfWork('postgres', reader, false);
    }
    const writer = new DataSource(dataSourceOptions(target, entities));
    await writer.initialize();
    try {
      await migrate(writer);
      await reader.query('PRAGMA query_only = ON');
    } catch (error) {
      await writer.destroy();
      throw error;
    }
    return new UnitOfWork('sqlite', writer, true);
  }

  /**
   * On SQLite, where this process makes every write, a number that changes whenever a write
   * transaction starts or ends: what was read while it stayed the same is still current
   * (`ReadMemo`). Null on PostgreSQL, where other instances write too and nothing read may be kept.
   */
  get localGeneration(): number | null {
    return this.engine === 'sqlite' ? this.writes : null;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.engine === 'postgres') return withTransientRetries(() => this.writer.transaction('READ COMMITTED', work));
    const result = this.tail.then(() => {
      this.writes++;
      return this.writer.transaction(work);
    });
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    void this.tail.then(() => this.writes++);
    return result;
  }

  async onModuleDestroy(): Promise<void> {
    await this.tail;
    if (this.ownsWriter && this.writer.isInitialized) await this.writer.destroy();
  }
}
