import type { MigrationInterface, QueryRunner } from 'typeorm';
import { readerWantedSchema } from '../reader-wanted-schema.js';

/** Open assignments that wait for a reader after theirs withdrew and nobody eligible could take them. */
export class ReaderWanted1765700000000 implements MigrationInterface {
  name = 'ReaderWanted1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of readerWantedSchema()) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "assignments" DROP COLUMN "awaiting_reader_since"');
  }
}
