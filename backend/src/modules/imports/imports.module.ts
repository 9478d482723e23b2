import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { ValidationWindowsModule } from '../validation-windows/validation-windows.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [AuditModule, CredentialsModule, ValidationWindowsModule],
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule {}
