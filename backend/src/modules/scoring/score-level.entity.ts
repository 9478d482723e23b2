import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Score } from './score.entity.js';

/** The level one score gives one rubric row, with the assessor's optional comment. */
@Entity('score_levels')
export class ScoreLevel {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_score_levels' })
  scoreId!: number;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_score_levels' })
  rowKey!: string;

  @Column('text')
  level!: string;

  @Column('text', { nullable: true })
  comment!: string | null;

  @ManyToOne(() => Score, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'score_id', foreignKeyConstraintName: 'FK_score_levels_score' })
  score?: Relation<Score>;
}
