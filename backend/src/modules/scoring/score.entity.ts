import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { Assignment } from '../submissions/assignment.entity.js';
import { Submission } from '../submissions/submission.entity.js';
import { User } from '../users/user.entity.js';

export type ScoreSource = 'assignment' | 'import';

/**
 * One assessor's sealed score of one submission; its levels are in `score_levels`.
 * Denormalised (rubric version, reader slot, assessor) so a report reads a version's scores
 * in submission order with one indexed join, and an import can insert scores without assignments.
 */
@Entity('scores')
@Index('UQ_scores_assignment', ['assignmentId'], { unique: true })
@Index('UQ_scores_submission_assessor', ['submissionId', 'assessorId'], { unique: true })
@Index('UQ_scores_submission_reader_slot', ['submissionId', 'readerSlot'], { unique: true })
@Index('IDX_scores_rubric_version', ['rubricVersionId'])
export class Score {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_scores' })
  id!: number;

  /** null for imported scores */
  @Column('integer', { nullable: true })
  assignmentId!: number | null;

  @Column('integer')
  submissionId!: number;

  @Column('integer')
  assessorId!: number;

  @Column('integer')
  rubricVersionId!: number;

  @Column('integer')
  readerSlot!: number;

  @Column('text')
  source!: ScoreSource;

  @Column('text')
  submittedAt!: string;

  @ManyToOne(() => Assignment)
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'FK_scores_assignment' })
  assignment?: Relation<Assignment>;

  @ManyToOne(() => Submission)
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'FK_scores_submission' })
  submission?: Relation<Submission>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_scores_assessor' })
  assessor?: Relation<User>;

  @ManyToOne(() => RubricVersion)
  @JoinColumn({ name: 'rubric_version_id', foreignKeyConstraintName: 'FK_scores_rubric_version' })
  rubricVersion?: Relation<RubricVersion>;
}
