import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../auth/auth.decorators.js';
import { AuditQuery, AuditPageResponse, toAuditEntryResponse } from './audit.dto.js';
import { AuditLogService } from './audit-log.service.js';

@ApiTags('audit')
@Authenticated()
@Controller('audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @Roles('researcher', 'admin')
  @ApiOperation({ summary: 'The append-only audit log, newest first; filtered by actor, action, entity and a range of instants' })
  @ApiOkResponse({ type: AuditPageResponse })
  async list(@Query() query: AuditQuery): Promise<AuditPageResponse> {
    const page = await this.auditLog.list(query, query);
    const names = await this.auditLog.actorNames(page.items.map((entry) => entry.actorId));
    return { ...page, items: page.items.map((entry) => toAuditEntryResponse(entry, names)) };
  }
}
