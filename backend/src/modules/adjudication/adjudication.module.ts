import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { ValidationWindowsModule } from '../validation-windows/validation-windows.module.js';
import { AdjudicationController } from './adjudication.controller.js';
import { AdjudicationService } from './adjudication.service.js';

@Module({
  imports: [AuditModule, CredentialsModule, ValidationWindowsModule],
  controllers: [AdjudicationController],
  providers: [AdjudicationService],
  exports: [AdjudicationService],
})
export class AdjudicationModule {}
