import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { pendingMigrations } from '../../database/migrate.js';
import { engineOf } from '../../database/sql.js';
import { Public } from '../auth/auth.decorators.js';
import { HealthResponse, ReadinessResponse } from './health.dto.js';

/** For a load balancer: liveness (the process answers) and readiness (the database answers and is migrated). */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ type: HealthResponse })
  health(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database is reachable and every migration is applied (503 otherwise)' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessResponse> {
    const database = engineOf(this.dataSource);
    let databaseReachable = false;
    let pending: string[] = [];
    try {
      await this.dataSource.query('SELECT 1');
      databaseReachable = true;
      pending = await pendingMigrations(this.dataSource);
    } catch {
      // reported below as not ready
    }
    const ready = databaseReachable && pending.length === 0;
    if (!ready) response.status(503);
    return { status: ready ? 'ready' : 'not_ready', database, databaseReachable, pendingMigrations: pending };
  }
}
