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

  @ManyToOne(() => User)
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'FK_credentials_created_by' })
  createdBy?: Relation<User>;
}
