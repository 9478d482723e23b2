import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Role } from './roles.js';
import { User } from './user.entity.js';

@Entity('user_roles')
export class UserRole {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_user_roles' })
  userId!: number;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_user_roles' })
  role!: Role;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_roles_user' })
  user?: Relation<User>;
}
