import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One counter of sign-in attempts, shared by every instance through the database: per client
 * address (`address:` keys, attempts in a fixed window) or per account (`account:` keys, failures
 * in a row). Keys hold hashes, never an address or an email.
 */
@Entity('sign_in_throttles')
export class SignInThrottle {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_sign_in_throttles' })
  key!: string;

  /** attempts in the window (addresses) or failures in a row (accounts) */
  @Column('integer')
  hits!: number;

  /** when the count starts again from zero */
  @Column('text')
  windowEndsAt!: string;

  /** until when every attempt is refused with 429; null when not blocked */
  @Column('text', { nullable: true })
  blockedUntil!: string | null;
}
