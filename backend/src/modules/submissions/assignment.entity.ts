import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Submission } from './submission.entity.js';

export type AssignmentStatus = 'pending' | 'scored';

/**
 * One assessor's duty to score one submission, as reader `readerSlot` (1 = A, 2 = B, ...); or a
 * validity item delivered in the live queue (`calibrationAttemptItemId`, no submission, no slot),
 * served and scored through the same routes so that nothing tells the two apart.
 */
@Entity('assignments')
@Index('UQ_assignments_submission_assessor', ['submissionId', 'assessorId'], { unique: true })
@Index('UQ_assignments_submission_reader_slot', ['submissionId', 'readerSlot'], { unique: true })
@Index('IDX_assignments_assessor_status', ['assessorId', 'status'])
@Index('UQ_assignments_calibration_attempt_item', ['calibrationAttemptItemId'], { unique: true })
export class Assignment {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_assignments' })
  id!: number;

  /** null for a validity item */
  @Column('integer', { nullable: true })
  submissionId!: number | null;

  @Column('integer')
  assessorId!: number;

  /** null for a validity item */
  @Column('integer', { nullable: true })
  readerSlot!: number | null;

  @Column('text')
  status!: AssignmentStatus;

  @Column('text')
  assignedAt!: string;

  /**
   * set when its reader withdrew (disabled, no longer an assessor, certification removed or queue
   * paused, or recused) and nobody eligible could take it: the window's status counts it
   */
  @Column('text', { nullable: true })
  awaitingReaderSince!: string | null;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_assignments_submission' })
  submission?: Relation<Submission>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_assignments_assessor' })
  assessor?: Relation<User>;

  /** the validity item this assignment delivers; named, not imported: certification draws readers for submissions */
  @Column('integer', { nullable: true })
  calibrationAttemptItemId!: number | null;

  @ManyToOne('CalibrationAttemptItem')
  @JoinColumn({ name: 'calibration_attempt_item_id', foreignKeyConstraintName: 'FK_assignments_calibration_attempt_item' })
  calibrationAttemptItem?: unknown;
}
