import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Pool } from '../../protocol/calibration-pools.js';
import type { ItemStatus, Provenance } from '../../protocol/calibration-material.js';
import { Credential } from '../credentials/credential.entity.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { User } from '../users/user.entity.js';

/**
 * A piece of calibration material: a response (the evidence of a study submission, or one an
 * expert panel scored) with a true level per row in `calibration_item_rows`. Usable once
 * `confirmed`; then drawn into one pool of its rubric version.
 */
@Entity('calibration_items')
@Index('IDX_calibration_items_version_pool', ['rubricVersionId', 'pool'])
@Index('UQ_calibration_items_source_submission', ['sourceSubmissionId'], { unique: true })
@Index('UQ_calibration_items_version_external_ref', ['rubricVersionId', 'externalRef'], { unique: true })
export class CalibrationItem {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_calibration_items' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  @Column('integer')
  rubricVersionId!: number;

  @Column('text')
  provenance!: Provenance;

  /** the study submission it comes from; null for expert-panel items */
  @Column('integer', { nullable: true })
  sourceSubmissionId!: number | null;

  /** the expert panel's reference for the item (CSV imports); unique per rubric version */
  @Column('text', { nullable: true })
  externalRef!: string | null;

  @Column('text', { nullable: true })
  evidenceText!: string | null;

  @Column('text', { nullable: true })
  evidenceUrl!: string | null;

  @Column('text')
  status!: ItemStatus;

  /** the readers disagreed on some row live (adjudicated items always are) */
  @Column('boolean')
  borderline!: boolean;

  /** null until the pools are drawn */
  @Column('text', { nullable: true })
  pool!: Pool | null;

  @Column('integer')
  createdById!: number;

  @Column('text')
  createdAt!: string;

  /** the first trainer who confirmed it (for an ambiguous item: whose levels differed) */
  @Column('integer', { nullable: true })
  confirmedById!: number | null;

  @Column('text', { nullable: true })
  confirmedAt!: string | null;

  /** the second trainer who settled an ambiguous item */
  @Column('integer', { nullable: true })
  settledById!: number | null;

  @Column('text', { nullable: true })
  settledAt!: string | null;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_calibration_items_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => RubricVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rubric_version_id', foreignKeyConstraintName: 'FK_calibration_items_rubric_version' })
  rubricVersion?: Relation<RubricVersion>;

  /** named, not imported: the submissions feature draws readers through this one */
  @ManyToOne('Submission')
  @JoinColumn({ name: 'source_submission_id', foreignKeyConstraintName: 'FK_calibration_items_source_submission' })
  sourceSubmission?: unknown;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'FK_calibration_items_created_by' })
  createdBy?: Relation<User>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'confirmed_by_id', foreignKeyConstraintName: 'FK_calibration_items_confirmed_by' })
  confirmedBy?: Relation<User>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'settled_by_id', foreignKeyConstraintName: 'FK_calibration_items_settled_by' })
  settledBy?: Relation<User>;
}

/** One row of a calibration item: the live final level, the first trainer's level, the true level and its rationale. */
@Entity('calibration_item_rows')
export class CalibrationItemRow {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_calibration_item_rows' })
  itemId!: number;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_calibration_item_rows' })
  rowKey!: string;

  /** the level the row ended with live (agreed or adjudicated), or the expert panel's */
  @Column('text')
  finalLevel!: string;

  /** the readers chose different levels on this row live */
  @Column('boolean')
  disagreed!: boolean;

  /** the first confirming trainer's level; differs from the final level on the rows that made the item ambiguous */
  @Column('text', { nullable: true })
  confirmedLevel!: string | null;

  /** null until confirmed */
  @Column('text', { nullable: true })
  trueLevel!: string | null;

  @Column('text', { nullable: true })
  rationale!: string | null;

  @ManyToOne(() => CalibrationItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_calibration_item_rows_item' })
  item?: Relation<CalibrationItem>;
}
