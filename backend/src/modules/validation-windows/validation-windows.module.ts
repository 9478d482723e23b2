import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CertificationModule } from '../certification/certification.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { ValidationWindowsController } from './validation-windows.controller.js';
import { ValidationWindowsService } from './validation-windows.service.js';

@Module({
  imports: [AuditModule, CredentialsModule, CertificationModule],
  controllers: [ValidationWindowsController],
  providers: [ValidationWindowsService],
  exports: [ValidationWindowsService],
})
export class ValidationWindowsModule {}
