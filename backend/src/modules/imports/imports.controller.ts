import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponse } from '../../http/error-response.js';
import { IdParam } from '../../http/id-param.js';
import { SCORE_IMPORT_BODY_LIMIT, uploadChunks } from '../../http/upload-body.js';
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
      'checks the file and lists the first problems with line and field; without it, a file with any problem is refused (422) and nothing is written. ' +
      'Up to 50 MB, read as it arrives (after the token and the role are checked) without keeping the text.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'submission,assessor,criterion,level\nPAD-001,ann@example.org,learning_targets,3\n' } })
  @ApiOkResponse({ type: ImportResultResponse })
  @ApiUnprocessableEntityResponse({ description: 'the file has problems (line and field in `errors`); nothing was written', type: ErrorResponse })
  @ApiConflictResponse({ description: 'the window no longer collects scores', type: ErrorResponse })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than 50 MB', type: ErrorResponse })
  importScores(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Query() query: ImportQuery,
    @Req() request: Request,
  ): Promise<ImportResultResponse> {
    return this.imports.importScores(actor.id, credentialId, version, uploadChunks(request, SCORE_IMPORT_BODY_LIMIT), query.dryRun ?? false);
  }
}
