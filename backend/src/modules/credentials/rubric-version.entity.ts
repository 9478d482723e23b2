import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Credential } from './credential.entity.js';
import { RubricRowRecord } from './rubric-row.entity.js';

@Entity('rubric_versions')
@Index('UQ_rubric_versions_credential_version', ['credentialId', 'version'], { unique: true })
export class RubricVersion {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_rubric_versions' })
  id!: number;

  @Column('integer')
  credentialId!: number;

  /** 1, 2, ... within the credential */
  @Column('integer')
  version!: number;

  /** the version this one revises; null for a first version */
  @Column('integer', { nullable: true })
  previousVersion!: number | null;

  @Column('integer')
  createdById!: number;

  @Column('text')
  createdAt!: string;

  @ManyToOne(() => Credential, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credential_id', foreignKeyConstraintName: 'FK_rubric_versions_credential' })
  credential?: Relation<Credential>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'FK_rubric_versions_created_by' })
  createdBy?: Relation<User>;

  @OneToMany(() => RubricRowRecord, (row) => row.rubricVersion, { cascade: ['insert'] })
  rows?: Relation<RubricRowRecord>[];
}
