import { Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Clock } from './common/clock.js';
import { entities } from './composition/entities.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { requestLogging, type LoggingOptions } from './http/request-logging.js';
import { AdjudicationModule } from './modules/adjudication/adjudication.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CertificationModule } from './modules/certification/certification.module.js';
import { ConflictsModule } from './modules/conflicts/conflicts.module.js';
import { CredentialsModule } from './modules/credentials/credentials.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { ScoringModule } from './modules/scoring/scoring.module.js';
import { SubmissionsModule } from './modules/submissions/submissions.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { ValidationWindowsModule } from './modules/validation-windows/validation-windows.module.js';

/**
 * The built dashboard (vite build writes dist/frontend): found beside the compiled server
 * (dist/src -> dist/frontend) or, when the server runs from source in tests, under dist/.
 */
export function dashboardFolder(): string | null {
  const candidates = ['../frontend', '../../dist/frontend'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  return candidates.find((folder) => existsSync(`${folder}/index.html`)) ?? null;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock: Clock = new Clock(), logging: LoggingOptions = { level: 'info' }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        requestLogging(logging),
        ConfigModule.forRoot(config, clock),
        DatabaseModule.forRoot(entities),
        HealthModule,
        AuditModule,
        UsersModule,
        AuthModule,
        CredentialsModule,
        CertificationModule,
        ConflictsModule,
        ValidationWindowsModule,
        SubmissionsModule,
        ScoringModule,
        AdjudicationModule,
        ReportsModule,
        ImportsModule,
        ...dashboard(),
      ],
    };
  }
}

/** Serves the dashboard at / (index.html for every path outside /api, so deep links work). */
function dashboard(): DynamicModule[] {
  const rootPath = dashboardFolder();
  if (rootPath === null) return [];
  return [ServeStaticModule.forRoot({ rootPath, exclude: ['/api/{*path}'] })];
}
