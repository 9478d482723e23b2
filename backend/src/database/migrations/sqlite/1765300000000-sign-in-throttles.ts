import type { MigrationInterface, QueryRunner } from 'typeorm';
import { signInThrottlesSchema } from '../sign-in-throttles-schema.js';

/** Sign-in throttling: attempts per client address and failures per account, counted in the database so that every instance sees them. */
export class SignInThrottles1765300000000 implements MigrationInterface {
  name = 'SignInThrottles1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of signInThrottlesSchema()) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "sign_in_throttles"');
  }
}
