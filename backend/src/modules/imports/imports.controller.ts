import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorResponse } from '../../http/error-response.js';
import { IdParam } from '../../http/id-param.js';
import { InvalidError } from '../../protocol/errors.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ImportQuery, ImportResultResponse } from './imports.dto.js';
import { ImportsService } from './imports.service.js';

@ApiTags('imports')
@Authenticated()
@Roles('researcher', 'admin')
@Controller('credentials/:id/rubric-versions/:v/scores/import')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import study scores from CSV, all or nothing',
    description:
      'Body: CSV with the header submission,assessor,criterion,level[,comment] (any case and order). `submission` is the ' +
      "submission's reference in the system it came from (new to this credential), `assessor` an assessor's account email. " +
      'Each submission needs one complete score (every rubric row) from each of the window\'s readers. `?dryRun=true` ' +
      'checks the file and lists the first problems with line and field; without it, a file with any problem is refused (422) and nothing is written.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'submission,assessor,criterion,level\nPAD-001,ann@example.org,learning_targets,3\n' } })
  @ApiOkResponse({ type: ImportResultResponse })
  @ApiUnprocessableEntityResponse({ description: 'the file has problems (line and field in `errors`); nothing was written', type: ErrorResponse })
  @ApiConflictResponse({ description: 'the window no longer collects scores', type: ErrorResponse })
  importScores(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Query() query: ImportQuery,
    @Body() body: unknown,
  ): Promise<ImportResultResponse> {
    if (typeof body !== 'string') throw new InvalidError('body', 'send the CSV file as the request body with Content-Type: text/csv');
    return this.imports.importScores(actor.id, credentialId, version, body, query.dryRun ?? false);
  }
}
