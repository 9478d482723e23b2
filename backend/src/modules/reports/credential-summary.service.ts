import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RubricVersionsService } from '../credentials/rubric-versions.service.js';
import { ValidationWindowsService } from '../validation-windows/validation-windows.service.js';
import type { CredentialSummaryResponse, VersionOverviewResponse } from './credential-summary.dto.js';
import { ReportsService } from './reports.service.js';

/**
 * A credential at a glance: each rubric version with its window (settings and progress) and the
 * verdict counts of its report, in one answer. The counts come from the report itself (cached by
 * its data epochs), so they never disagree with what the report says.
 */
@Injectable()
export class CredentialSummaryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubricVersions: RubricVersionsService,
    private readonly windows: ValidationWindowsService,
    private readonly reports: ReportsService,
  ) {}

  async summary(credentialId: number): Promise<CredentialSummaryResponse> {
    const credential = await this.rubricVersions.credentialOrThrow(this.dataSource.manager, credentialId);
    const versions = await this.rubricVersions.list(credentialId);
    const overviews: VersionOverviewResponse[] = [];
    for (const version of versions) {
      const opened = version.validationStatus !== null;
      overviews.push({
        ...version,
        window: opened ? await this.windows.get(credentialId, version.version) : null,
        verdicts: opened ? (await this.reports.report(credentialId, version.version)).summary : null,
      });
    }
    return {
      id: credential.id,
      title: credential.title,
      description: credential.description,
      createdAt: credential.createdAt,
      latestVersion: versions.at(-1)?.version ?? null,
      versions: overviews,
    };
  }
}
