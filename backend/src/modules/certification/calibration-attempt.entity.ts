import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Credential } from '../credentials/credential.entity.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { User } from '../users/user.entity.js';
import { CalibrationItem } from './calibration-item.entity.js';

export const ATTEMPT_KINDS = ['practice', 'qualifying', 'calibration', 'validity'] as const;
export type AttemptKind = (typeof ATTEMPT_KINDS)[number];
/** The kinds of set an assessor starts (validity items are delivered, never started). */
export const SET_KINDS = ['practice', 'qualifying', 'calibration'] as const;
export type SetKind = (typeof SET_KINDS)[number];
export const ATTEMPT_STATUSES = ['in_progress', 'passed', 'failed', 'completed'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/**
 * A set of calibration items drawn for one assessor: practice (feedback after each item),
 * qualifying (set A, B or C: feedback once the set is scored) or calibration (the rows changed
 * by a revision), judged when its last item is scored; or an assessor's validity items of a rubric
 * version (`validity`), delivered one at a time in the live queue and never closed.
 */
@Entity('calibration_attempts')
@Index('IDX_calibration_attempts_assessor_credential', ['assessorId', 'credentialId'])
export class CalibrationAttempt {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_calibration_attempts' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  @Column('integer')
  rubricVersionId!: number;

  @Column('integer')
  assessorId!: number;

  @Column('text')
  kind!: AttemptKind;

  /** A, B or C for a qualifying set; null otherwise */
  @Column('text', { nullable: true })
  label!: string | null;

  /** the row keys the set is judged on, as JSON */
  @Column('text')
  judgedRows!: string;

  @Column('text')
  status!: AttemptStatus;

  @Column('text')
  seed!: string;

  /** the trainer's note with a remediation practice set */
  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text')
  startedAt!: string;

  @Column('text', { nullable: true })
  finishedAt!: string | null;

  /** the qualification rule's judgement, as JSON, once judged */
  @Column('text', { nullable: true })
  judgement!: string | null;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_calibration_attempts_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => RubricVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rubric_version_id', foreignKeyConstraintName: 'FK_calibration_attempts_rubric_version' })
  rubricVersion?: Relation<RubricVersion>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_calibration_attempts_assessor' })
  assessor?: Relation<User>;
}

/** One item of an attempt, in the order served; its id is what the assessor scores, like an assignment's. */
@Entity('calibration_attempt_items')
@Index('UQ_calibration_attempt_items_attempt_item', ['attemptId', 'itemId'], { unique: true })
@Index('IDX_calibration_attempt_items_item', ['itemId'])
export class CalibrationAttemptItem {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_calibration_attempt_items' })
  id!: number;

  @Column('integer')
  attemptId!: number;

  @Column('integer')
  itemId!: number;

  @Column('integer')
  position!: number;

  @Column('text', { nullable: true })
  scoredAt!: string | null;

  /** validity items: `scheduled`, `reentry_first` or `reentry_second` */
  @Column('text', { nullable: true })
  deliveryKind!: string | null;

  /** validity items: when the assessor may see the true level and rationale */
  @Column('text', { nullable: true })
  feedbackAt!: string | null;

  @ManyToOne(() => CalibrationAttempt, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attempt_id', foreignKeyConstraintName: 'FK_calibration_attempt_items_attempt' })
  attempt?: Relation<CalibrationAttempt>;

  @ManyToOne(() => CalibrationItem)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_calibration_attempt_items_item' })
  item?: Relation<CalibrationItem>;
}

/** The level an assessor gave one row of an attempt item, with an optional comment. */
@Entity('calibration_answers')
export class CalibrationAnswer {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_calibration_answers' })
  attemptItemId!: number;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_calibration_answers' })
  rowKey!: string;

  @Column('text')
  level!: string;

  @Column('text', { nullable: true })
  comment!: string | null;

  @ManyToOne(() => CalibrationAttemptItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attempt_item_id', foreignKeyConstraintName: 'FK_calibration_answers_attempt_item' })
  attemptItem?: Relation<CalibrationAttemptItem>;
}
