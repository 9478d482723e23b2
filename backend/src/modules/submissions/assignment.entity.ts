import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Submission } from './submission.entity.js';

export type AssignmentStatus = 'pending' | 'scored';

/** One assessor's duty to score one submission, as reader `readerSlot` (1 = A, 2 = B, ...). */
@Entity('assignments')
@Index('UQ_assignments_submission_assessor', ['submissionId', 'assessorId'], { unique: true })
@Index('UQ_assignments_submission_reader_slot', ['submissionId', 'readerSlot'], { unique: true })
@Index('IDX_assignments_assessor_status', ['assessorId', 'status'])
export class Assignment {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_assignments' })
  id!: number;

  @Column('integer')
  submissionId!: number;

  @Column('integer')
  assessorId!: number;

  @Column('integer')
  readerSlot!: number;

  @Column('text')
  status!: AssignmentStatus;

  @Column('text')
  assignedAt!: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_assignments_submission' })
  submission?: Relation<Submission>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_assignments_assessor' })
  assessor?: Relation<User>;
}
