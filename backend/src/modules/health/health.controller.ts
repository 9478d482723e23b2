import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { pendingMigrations } from '../../database/migrate.js';
import { engineOf, query } from '../../database/sql.js';
import { ApiErrors } from '../../http/api-errors.js';
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
  @ApiErrors({ 503: 'the database does not answer, or migrations are pending (code not_ready)' })
  async ready(): Promise<ReadinessResponse> {
    let pending: string[];
    try {
      await query(this.dataSource, 'SELECT 1');
      pending = await pendingMigrations(this.dataSource);
    } catch (error) {
      throw notReady(`the database does not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (pending.length > 0) throw notReady(`migrations are pending: ${pending.join(', ')} (run npm run migrate)`);
    return { status: 'ready', database: engineOf(this.dataSource) };
  }
}

function notReady(message: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ message, code: 'not_ready' });
}
