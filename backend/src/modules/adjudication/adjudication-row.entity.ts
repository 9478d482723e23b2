import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { AdjudicationReason } from '../../protocol/adjudication-rules.js';
import { Adjudication } from './adjudication.entity.js';

/** The final level of one rubric row of an adjudicated submission, with the reason for a disagreement. */
@Entity('adjudication_rows')
export class AdjudicationRow {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_adjudication_rows' })
  adjudicationId!: number;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_adjudication_rows' })
  rowKey!: string;

  @Column('text')
  level!: string;

  /** true when the readers chose different levels on this row */
  @Column('boolean')
  disagreed!: boolean;

  @Column('text', { nullable: true })
  reason!: AdjudicationReason | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @ManyToOne(() => Adjudication, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'adjudication_id', foreignKeyConstraintName: 'FK_adjudication_rows_adjudication' })
  adjudication?: Relation<Adjudication>;
}
