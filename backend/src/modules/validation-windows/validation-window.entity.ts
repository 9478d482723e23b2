import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { WindowStatus } from '../../protocol/window-status.js';
import { Credential } from '../credentials/credential.entity.js';
import { RubricVersion } from '../credentials/rubric-version.entity.js';
import { User } from '../users/user.entity.js';

/** The validation study of one rubric version. */
@Entity('validation_windows')
@Index('UQ_validation_windows_rubric_version', ['rubricVersionId'], { unique: true })
@Index('IDX_validation_windows_credential_status', ['credentialId', 'status'])
export class ValidationWindow {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_validation_windows' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  @Column('integer')
  rubricVersionId!: number;

  @Column('integer')
  targetSubmissions!: number;

  @Column('integer')
  readersPerSubmission!: number;

  @Column('double precision')
  threshold!: number;

  /** paired submissions before the report gives a provisional signal (`too_early` below) */
  @Column('integer', { default: 20 })
  minimumPaired!: number;

  @Column('integer')
  seed!: number;

  @Column('text')
  status!: WindowStatus;

  @Column('integer')
  openedById!: number;

  @Column('text')
  openedAt!: string;

  @Column('text', { nullable: true })
  adjudicatingAt!: string | null;

  @Column('text', { nullable: true })
  completedAt!: string | null;

  /** how many submissions have joined the study: the counter that gives their study sequence */
  @Column('integer', { default: 0 })
  studySubmissions!: number;

  /** raised by every write that changes what the window's report says; keys the report cache and its ETag */
  @Column('integer', { default: 0 })
  dataEpoch!: number;

  /** the credential required certified readers when the window opened */
  @Column('boolean', { default: false })
  readersCertified!: boolean;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_validation_windows_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => RubricVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rubric_version_id', foreignKeyConstraintName: 'FK_validation_windows_rubric_version' })
  rubricVersion?: Relation<RubricVersion>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'opened_by_id', foreignKeyConstraintName: 'FK_validation_windows_opened_by' })
  openedBy?: Relation<User>;
}
