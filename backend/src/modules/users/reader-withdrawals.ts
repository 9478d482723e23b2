import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WithdrawalReason } from '../../protocol/recusal.js';

/** A reader who can no longer score: all their open assignments, or those of one credential (`credentialId`). */
export interface WithdrawnReader {
  userId: number;
  /** who caused it (null: the system, e.g. a monitoring rule) */
  actorId: number | null;
  reason: WithdrawalReason;
  /** only the assignments of this credential (certification and pauses are per credential) */
  credentialId: number | null;
}

/** What follows when a reader withdraws or comes back; the conflicts feature passes their open assignments on. */
export interface ReaderWithdrawalListener {
  withdrawn(manager: EntityManager, reader: WithdrawnReader): Promise<void>;
  returned(manager: EntityManager, reader: { userId: number; credentialId: number | null }): Promise<void>;
}

/**
 * Where the features that take a reader out (users: disabling, roles; certification: removal and
 * pauses) say so, inside their transaction, and where the feature that reassigns open work
 * (conflicts, which imports both) listens. It registers at start-up, so that neither of the first
 * two imports it.
 */
@Injectable()
export class ReaderWithdrawals {
  private listener: ReaderWithdrawalListener | null = null;

  register(listener: ReaderWithdrawalListener): void {
    this.listener = listener;
  }

  async withdrawn(manager: EntityManager, reader: WithdrawnReader): Promise<void> {
    await this.listener?.withdrawn(manager, reader);
  }

  async returned(manager: EntityManager, reader: { userId: number; credentialId: number | null }): Promise<void> {
    await this.listener?.returned(manager, reader);
  }
}
