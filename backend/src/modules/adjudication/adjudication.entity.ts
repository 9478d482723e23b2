import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Submission } from '../submissions/submission.entity.js';
import { User } from '../users/user.entity.js';

/** A third evaluator's decision on a submission whose readers disagreed; one per submission. */
@Entity('adjudications')
@Index('UQ_adjudications_submission', ['submissionId'], { unique: true })
export class Adjudication {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_adjudications' })
  id!: number;

  @Column('integer')
  submissionId!: number;

  @Column('integer')
  adjudicatorId!: number;

  @Column('text')
  recordedAt!: string;

  @ManyToOne(() => Submission)
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_adjudications_submission' })
  submission?: Relation<Submission>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'adjudicator_id', foreignKeyConstraintName: 'FK_adjudications_adjudicator' })
  adjudicator?: Relation<User>;
}
