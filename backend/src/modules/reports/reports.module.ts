import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { ValidationWindowsModule } from '../validation-windows/validation-windows.module.js';
import { CredentialSummaryController } from './credential-summary.controller.js';
import { CredentialSummaryService } from './credential-summary.service.js';
import { PlanController } from './plan.controller.js';
import { ReportCache } from './report-cache.js';
import { ReportQueries } from './report-queries.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { RowEvidenceController } from './row-evidence.controller.js';

@Module({
  imports: [CredentialsModule, ValidationWindowsModule],
  controllers: [ReportsController, PlanController, CredentialSummaryController, RowEvidenceController],
  providers: [ReportsService, ReportQueries, ReportCache, CredentialSummaryService],
  exports: [ReportsService],
})
export class ReportsModule {}
