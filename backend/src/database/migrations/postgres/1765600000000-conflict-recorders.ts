import type { MigrationInterface, QueryRunner } from 'typeorm';
import { separationSchema } from '../separation-schema.js';

/** Conflicts of interest remember whether an admin recorded them, so that only an admin removes those. */
export class ConflictRecorders1765600000000 implements MigrationInterface {
  name = 'ConflictRecorders1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of separationSchema('postgres')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "conflicts_of_interest" DROP COLUMN "recorded_by_admin"');
  }
}
