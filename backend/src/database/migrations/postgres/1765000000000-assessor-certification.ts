import type { MigrationInterface, QueryRunner } from 'typeorm';
import { certificationSchema } from '../certification-schema.js';

/**
 * Assessor certification: the credential's requirement and policy, whether a window's readers
 * were certified, calibration items with their rows, attempts with their items and answers,
 * certifications and their timeline.
 */
export class AssessorCertification1765000000000 implements MigrationInterface {
  name = 'AssessorCertification1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of certificationSchema('postgres')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['certification_events', 'certifications', 'calibration_answers', 'calibration_attempt_items', 'calibration_attempts', 'calibration_item_rows', 'calibration_items']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    for (const [table, column] of [['validation_windows', 'readers_certified'], ['credentials', 'certification_policy'], ['credentials', 'requires_certification']]) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
    }
  }
}
