import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RubricRowRecord } from './rubric-row.entity.js';

/** One level of a rubric row, as stored; `position` gives the order (lowest first on an ordinal scale). */
@Entity('rubric_levels')
@Index('UQ_rubric_levels_row_value', ['rubricRowId', 'value'], { unique: true })
@Index('UQ_rubric_levels_row_position', ['rubricRowId', 'position'], { unique: true })
export class RubricLevelRecord {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_rubric_levels' })
  id!: number;

  @Column('integer')
  rubricRowId!: number;

  @Column('integer')
  position!: number;

  @Column('text')
  value!: string;

  @Column('text')
  label!: string;

  @Column('text')
  descriptor!: string;

  @ManyToOne(() => RubricRowRecord, (row) => row.levels, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rubric_row_id', foreignKeyConstraintName: 'FK_rubric_levels_rubric_row' })
  rubricRow?: Relation<RubricRowRecord>;
}
