import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The account lifecycle: a user can be disabled, and a temporary password must be changed at the next sign-in. */
export class AccountLifecycle1765400000000 implements MigrationInterface {
  name = 'AccountLifecycle1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD COLUMN "disabled_at" text');
    await queryRunner.query('ALTER TABLE "users" ADD COLUMN "must_change_password" boolean NOT NULL DEFAULT (0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "must_change_password"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "disabled_at"');
  }
}
