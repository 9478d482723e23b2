import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Scale } from '../../stats/types.js';
import { RubricLevelRecord } from './rubric-level.entity.js';
import { RubricVersion } from './rubric-version.entity.js';

/** One row (criterion) of a rubric version, as stored. */
@Entity('rubric_rows')
@Index('UQ_rubric_rows_version_key', ['rubricVersionId', 'key'], { unique: true })
@Index('UQ_rubric_rows_version_position', ['rubricVersionId', 'position'], { unique: true })
export class RubricRowRecord {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_rubric_rows' })
  id!: number;

  @Column('integer')
  rubricVersionId!: number;

  /** 0, 1, ... in rubric order */
  @Column('integer')
  position!: number;

  @Column('text')
  key!: string;

  @Column('text')
  title!: string;

  @Column('text')
  descriptor!: string;

  @Column('text')
  scale!: Scale;

  /** true when copied unchanged from the previous version */
  @Column('boolean')
  carriedOver!: boolean;

  @ManyToOne(() => RubricVersion, (version) => version.rows, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rubric_version_id', foreignKeyConstraintName: 'FK_rubric_rows_rubric_version' })
  rubricVersion?: Relation<RubricVersion>;

  @OneToMany(() => RubricLevelRecord, (level) => level.rubricRow, { cascade: ['insert'] })
  levels?: Relation<RubricLevelRecord>[];
}
