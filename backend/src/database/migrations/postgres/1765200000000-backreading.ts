import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backreadingSchema } from '../backreading-schema.js';

/** Backreading: live scores drawn each week for a trainer to read again, with corrected levels and a reason. */
export class Backreading1765200000000 implements MigrationInterface {
  name = 'Backreading1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of backreadingSchema('postgres')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "backreadings"');
  }
}
