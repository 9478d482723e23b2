import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs writes as transactions, one after another.
 *
 * TypeORM's `sqlite` driver shares one connection among all query runners, so two transactions
 * started at once would interleave on it ("cannot start a transaction within a transaction", or
 * worse, one request's statements landing in another's transaction). Every write in Concord
 * therefore goes through `run`, which queues transactions in this process: each one sees the
 * committed result of the one before (loads, counts, statuses are re-read inside), and a failure
 * rolls back all of its statements. Reads may go straight to the data source; they can see the
 * statements of a transaction in progress, never a half-applied one after it fails. One server
 * process per database file is assumed; other processes would wait on SQLite's busy timeout.
 */
@Injectable()
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();
  private writes = 0;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * A number that changes whenever a write transaction starts or ends: a value read from the
   * database while it stays the same is still current, so caches can skip asking again.
   */
  get generation(): number {
    return this.writes;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => {
      this.writes++;
      return this.dataSource.transaction(work);
    });
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    void this.tail.then(() => this.writes++);
    return result;
  }
}
