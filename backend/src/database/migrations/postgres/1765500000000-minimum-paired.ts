import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Validation windows: the paired submissions a row needs before the report gives a provisional signal. */
export class MinimumPaired1765500000000 implements MigrationInterface {
  name = 'MinimumPaired1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "validation_windows" ADD COLUMN "minimum_paired" integer NOT NULL DEFAULT 20');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "validation_windows" DROP COLUMN "minimum_paired"');
  }
}
