import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
@Index('UQ_users_email', ['email'], { unique: true })
export class User {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_users' })
  id!: number;

  /** stored lower-cased and trimmed */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  /** `scrypt$N$r$p$salt$hash`, salt and hash in base64url */
  @Column('text')
  passwordHash!: string;

  @Column('text')
  createdAt!: string;

  /** when an administrator disabled the account (no sign-in, every token revoked); null while it is enabled */
  @Column('text', { nullable: true })
  disabledAt!: string | null;

  /** set with a temporary password: until the person chooses their own, their token opens only the password change */
  @Column('boolean', { default: false })
  mustChangePassword!: boolean;
}
