import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * One line of the append-only audit log: who did what to which entity, when. The initial
 * migration adds triggers that refuse any UPDATE or DELETE on this table.
 */
@Entity('audit_log')
@Index('IDX_audit_log_entity', ['entityType', 'entityId'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_audit_log' })
  id!: number;

  /** null when the system acted on its own (e.g. the first administrator, a window closing itself) */
  @Column('integer', { nullable: true })
  actorId!: number | null;

  @Column('text')
  at!: string;

  /** e.g. `score.submitted`, `rubric_version.created` */
  @Column('text')
  action!: string;

  @Column('text')
  entityType!: string;

  @Column('text')
  entityId!: string;

  @Column('simple-json')
  details!: Record<string, unknown>;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'FK_audit_log_actor' })
  actor?: Relation<User>;
}
