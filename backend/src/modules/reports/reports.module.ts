import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { PlanController } from './plan.controller.js';
import { ReportCache } from './report-cache.js';
import { ReportQueries } from './report-queries.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [CredentialsModule],
  controllers: [ReportsController, PlanController],
  providers: [ReportsService, ReportQueries, ReportCache],
  exports: [ReportsService],
})
export class ReportsModule {}
