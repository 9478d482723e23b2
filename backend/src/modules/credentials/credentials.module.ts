import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CredentialsController } from './credentials.controller.js';
import { CredentialsService } from './credentials.service.js';
import { RubricVersionsService } from './rubric-versions.service.js';

@Module({
  imports: [AuditModule],
  controllers: [CredentialsController],
  providers: [CredentialsService, RubricVersionsService],
  exports: [RubricVersionsService],
})
export class CredentialsModule {}
