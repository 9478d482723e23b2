import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CertificationModule } from '../certification/certification.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { ValidationWindowsModule } from '../validation-windows/validation-windows.module.js';
import { SubmissionResultsService } from './submission-results.service.js';
import { SubmissionsController } from './submissions.controller.js';
import { SubmissionsService } from './submissions.service.js';

@Module({
  imports: [AuditModule, CredentialsModule, CertificationModule, ValidationWindowsModule],
  controllers: [SubmissionsController],
  providers: [SubmissionsService, SubmissionResultsService],
  exports: [SubmissionsService, SubmissionResultsService],
})
export class SubmissionsModule {}
