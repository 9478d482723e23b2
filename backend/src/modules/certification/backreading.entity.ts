import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Credential } from '../credentials/credential.entity.js';
import { User } from '../users/user.entity.js';

export const BACKREADING_STATUSES = ['pending', 'reviewed'] as const;
export type BackreadingStatus = (typeof BACKREADING_STATUSES)[number];

/**
 * A live score drawn for backreading (R5): a trainer reads the submission again and may record
 * corrected levels with a reason. One per score.
 */
@Entity('backreadings')
@Index('UQ_backreadings_score', ['scoreId'], { unique: true })
@Index('IDX_backreadings_credential_status', ['credentialId', 'status'])
export class Backreading {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_backreadings' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  @Column('integer')
  assessorId!: number;

  @Column('integer')
  scoreId!: number;

  /** the ISO week it was drawn for, e.g. 2026-W49 */
  @Column('text')
  week!: string;

  @Column('text')
  status!: BackreadingStatus;

  @Column('text')
  queuedAt!: string;

  @Column('integer', { nullable: true })
  reviewerId!: number | null;

  @Column('text', { nullable: true })
  reviewedAt!: string | null;

  /** row key -> corrected level, as JSON; null when the trainer agreed with every level */
  @Column('text', { nullable: true })
  correctedLevels!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_backreadings_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_backreadings_assessor' })
  assessor?: Relation<User>;

  /** named, not imported: scoring reads certification */
  @ManyToOne('Score', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'score_id', foreignKeyConstraintName: 'FK_backreadings_score' })
  score?: unknown;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'reviewer_id', foreignKeyConstraintName: 'FK_backreadings_reviewer' })
  reviewer?: Relation<User>;
}
