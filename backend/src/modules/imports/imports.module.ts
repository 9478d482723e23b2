import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { ValidationWindowsModule } from '../validation-windows/validation-windows.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportQueries } from './import-queries.js';
import { ImportWriter } from './import-writer.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [AuditModule, CredentialsModule, ValidationWindowsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportQueries, ImportWriter],
})
export class ImportsModule {}
