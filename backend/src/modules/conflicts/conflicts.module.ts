import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CertificationModule } from '../certification/certification.module.js';
import { UsersModule } from '../users/users.module.js';
import { ConflictsController } from './conflicts.controller.js';
import { ConflictsService } from './conflicts.service.js';
import { ReassignmentService } from './reassignment.service.js';

/**
 * Conflicts of interest, declared or recorded by an admin, and the recusal that follows a late
 * one; and the reassignment of the open work of a reader who can no longer score it.
 */
@Module({
  imports: [AuditModule, UsersModule, CertificationModule],
  controllers: [ConflictsController],
  providers: [ConflictsService, ReassignmentService],
})
export class ConflictsModule {}
