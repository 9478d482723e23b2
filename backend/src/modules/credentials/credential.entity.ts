import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

@Entity('credentials')
export class Credential {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_credentials' })
  id!: number;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('integer')
  createdById!: number;

  @Column('text')
  createdAt!: string;

  /** how many submissions the credential has received: the counter that numbers them (`UPDATE ... RETURNING`) */
  @Column('integer', { default: 0 })
  submissionsReceived!: number;

  /** while true, only qualified and probation assessors are drawn for its live validation windows */
  @Column('boolean', { default: false })
  requiresCertification!: boolean;

  /** the certification numbers that differ from the defaults, as JSON; null for the defaults */
  @Column('text', { nullable: true })
  certificationPolicy!: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'FK_credentials_created_by' })
  createdBy?: Relation<User>;
}
