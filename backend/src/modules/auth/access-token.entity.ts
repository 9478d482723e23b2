import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

/** A login token; only its SHA-256 hash is stored. */
@Entity('access_tokens')
@Index('UQ_access_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_access_tokens_user', ['userId'])
export class AccessToken {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_access_tokens' })
  id!: number;

  @Column('integer')
  userId!: number;

  /** SHA-256 of the token, hex */
  @Column('text')
  tokenHash!: string;

  @Column('text')
  createdAt!: string;

  @Column('text')
  expiresAt!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_access_tokens_user' })
  user?: Relation<User>;
}
