import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CertificationStatus } from '../../protocol/certification.js';
import { Credential } from '../credentials/credential.entity.js';
import { User } from '../users/user.entity.js';

/** An assessor's certification for one credential; an assessor without a row is `in_training`. */
@Entity('certifications')
@Index('UQ_certifications_credential_assessor', ['credentialId', 'assessorId'], { unique: true })
export class Certification {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_certifications' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  @Column('integer')
  assessorId!: number;

  @Column('text')
  status!: CertificationStatus;

  @Column('integer')
  round!: number;

  @Column('integer')
  failedInRound!: number;

  @Column('boolean')
  remediationAssigned!: boolean;

  @Column('text', { nullable: true })
  remediationNote!: string | null;

  @Column('integer', { nullable: true })
  certifiedVersion!: number | null;

  @Column('text', { nullable: true })
  certifiedAt!: string | null;

  @Column('text', { nullable: true })
  expiresAt!: string | null;

  @Column('text')
  updatedAt!: string;

  /** while paused (recalibration required, suspended): the status to return to */
  @Column('text', { nullable: true })
  heldStatus!: 'qualified' | 'probation' | null;

  /** a calibration set must be passed before the live queue resumes */
  @Column('boolean', { default: false })
  recalibrationPending!: boolean;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_certifications_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_certifications_assessor' })
  assessor?: Relation<User>;
}

/** Where an assessor's schedule of validity items stands for a credential (`protocol/validity-seeding.ts`). */
@Entity('validity_schedules')
@Index('UQ_validity_schedules_credential_assessor', ['credentialId', 'assessorId'], { unique: true })
export class ValiditySchedule {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_validity_schedules' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  @Column('integer')
  assessorId!: number;

  @Column('text')
  seed!: string;

  @Column('integer')
  deliveries!: number;

  @Column('integer')
  lastValidityAt!: number;

  @Column('integer')
  gapIndex!: number;

  @Column('text')
  reentry!: string;

  @Column('text')
  updatedAt!: string;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_validity_schedules_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_validity_schedules_assessor' })
  assessor?: Relation<User>;
}

/** One step of an assessor's certification timeline: the transition, its reason and who acted (null: the system). */
@Entity('certification_events')
@Index('IDX_certification_events_credential_assessor', ['credentialId', 'assessorId'])
export class CertificationEvent {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_certification_events' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  @Column('integer')
  assessorId!: number;

  @Column('text')
  fromStatus!: CertificationStatus;

  @Column('text')
  toStatus!: CertificationStatus;

  @Column('text')
  action!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('integer', { nullable: true })
  actorId!: number | null;

  @Column('integer', { nullable: true })
  attemptId!: number | null;

  @Column('text')
  at!: string;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_certification_events_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id', foreignKeyConstraintName: 'FK_certification_events_assessor' })
  assessor?: Relation<User>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'FK_certification_events_actor' })
  actor?: Relation<User>;
}
