import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from './user.entity.js';

/** An organisation an assessor declared a conflict of interest with: never assigned its earners. */
@Entity('conflicts_of_interest')
@Index('UQ_conflicts_of_interest_user_organisation', ['userId', 'organisationKey'], { unique: true })
export class ConflictOfInterest {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_conflicts_of_interest' })
  id!: number;

  @Column('integer')
  userId!: number;

  /** as the assessor wrote it */
  @Column('text')
  organisation!: string;

  /** normalised for comparison (see normaliseOrganisation) */
  @Column('text')
  organisationKey!: string;

  @Column('text')
  declaredAt!: string;

  /** recorded by an admin: only an admin removes it; the person's own declarations never do */
  @Column('boolean', { default: false })
  recordedByAdmin!: boolean;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_conflicts_of_interest_user' })
  user?: Relation<User>;
}
