import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Credential } from '../credentials/credential.entity.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { User } from '../users/user.entity.js';
import { ValidationWindow } from '../validation-windows/validation-window.entity.js';

/**
 * An earner's work for a credential, in arrival order. A study submission belongs to a validation
 * window (`windowId`, `studySequence` 1..target) and has `readersRequired` >= 2; any other has one reader.
 */
@Entity('submissions')
@Index('UQ_submissions_credential_sequence', ['credentialId', 'sequence'], { unique: true })
@Index('UQ_submissions_window_study_sequence', ['windowId', 'studySequence'], { unique: true })
@Index('IDX_submissions_rubric_version', ['rubricVersionId'])
@Index('UQ_submissions_credential_external_ref', ['credentialId', 'externalRef'], { unique: true })
@Index('UQ_submissions_resubmission_of', ['resubmissionOfId'], { unique: true })
export class Submission {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_submissions' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  /** the rubric version it is scored against */
  @Column('integer')
  rubricVersionId!: number;

  /** 1, 2, ... in arrival order within the credential */
  @Column('integer')
  sequence!: number;

  @Column('integer', { nullable: true })
  windowId!: number | null;

  /** 1..target within the window; null outside the study */
  @Column('integer', { nullable: true })
  studySequence!: number | null;

  @Column('integer')
  readersRequired!: number;

  @Column('text')
  earnerName!: string;

  @Column('text', { nullable: true })
  earnerOrganisation!: string | null;

  @Column('text', { nullable: true })
  evidenceText!: string | null;

  @Column('text', { nullable: true })
  evidenceUrl!: string | null;

  /** set when every reader has scored: true when their levels differ on some row */
  @Column('boolean', { default: false })
  needsAdjudication!: boolean;

  @Column('integer')
  receivedById!: number;

  @Column('text')
  receivedAt!: string;

  /** the submission's reference in the system it came from (imports); unique per credential */
  @Column('text', { nullable: true })
  externalRef!: string | null;

  /** the earlier submission this one resubmits (one resubmission per submission) */
  @Column('integer', { nullable: true })
  resubmissionOfId!: number | null;

  /** the adjudicator who took this case from the queue (`POST /api/adjudications/claim`), while the claim holds */
  @Column('integer', { nullable: true })
  adjudicationClaimedById!: number | null;

  /** when that claim lapses (ISO 8601); the queue then offers the case again */
  @Column('text', { nullable: true })
  adjudicationClaimedUntil!: string | null;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_submissions_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => RubricVersion)
  @JoinColumn({ name: 'rubric_version_id', foreignKeyConstraintName: 'FK_submissions_rubric_version' })
  rubricVersion?: Relation<RubricVersion>;

  @ManyToOne(() => ValidationWindow)
  @JoinColumn({ name: 'window_id', foreignKeyConstraintName: 'FK_submissions_window' })
  window?: Relation<ValidationWindow>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'received_by_id', foreignKeyConstraintName: 'FK_submissions_received_by' })
  receivedBy?: Relation<User>;

  @ManyToOne(() => Submission)
  @JoinColumn({ name: 'resubmission_of_id', foreignKeyConstraintName: 'FK_submissions_resubmission_of' })
  resubmissionOf?: Relation<Submission>;
}
