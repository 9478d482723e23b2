import type { MigrationInterface, QueryRunner } from 'typeorm';
import { validitySchema } from '../validity-schema.js';

/**
 * Validity items delivered in live queues: an assignment is either a submission's or a
 * calibration item's (`calibration_attempt_item_id`), an assessor's validity schedule per
 * credential, when a validity item's feedback shows, and the pauses of a certification.
 */
export class ValidityDeliveries1765100000000 implements MigrationInterface {
  name = 'ValidityDeliveries1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of validitySchema('sqlite')) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('ValidityDeliveries1765100000000 cannot be reverted: restore the database from a backup taken before it');
  }
}
