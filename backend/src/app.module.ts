import { Module, type DynamicModule } from '@nestjs/common';
import { Clock } from './common/clock.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AdjudicationModule } from './modules/adjudication/adjudication.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CredentialsModule } from './modules/credentials/credentials.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { ScoringModule } from './modules/scoring/scoring.module.js';
import { SubmissionsModule } from './modules/submissions/submissions.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { ValidationWindowsModule } from './modules/validation-windows/validation-windows.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        DatabaseModule,
        AuditModule,
        UsersModule,
        AuthModule,
        CredentialsModule,
        ValidationWindowsModule,
        SubmissionsModule,
        ScoringModule,
        AdjudicationModule,
        ReportsModule,
        ImportsModule,
      ],
    };
  }
}
