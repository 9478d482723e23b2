import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CertificationModule } from '../certification/certification.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { ValidationWindowsModule } from '../validation-windows/validation-windows.module.js';
import { ScoringController } from './scoring.controller.js';
import { ScoringService } from './scoring.service.js';

@Module({
  imports: [AuditModule, CredentialsModule, CertificationModule, ValidationWindowsModule],
  controllers: [ScoringController],
  providers: [ScoringService],
  exports: [ScoringService],
})
export class ScoringModule {}
