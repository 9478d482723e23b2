import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { assertMayWriteVersion } from '../../protocol/rubric-versioning.js';
import { IdParam } from '../../http/id-param.js';
import { PageQuery } from '../../http/pagination.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import {
  CreateCredentialRequest,
  CreateRubricVersionRequest,
  CredentialDetailResponse,
  CredentialPageResponse,
  CredentialResponse,
  ReplaceRubricRowsRequest,
  RubricVersionResponse,
  RubricVersionSummaryResponse,
} from './credentials.dto.js';
import { CredentialsService } from './credentials.service.js';
import { RubricVersionsService } from './rubric-versions.service.js';

@ApiTags('credentials')
@Authenticated()
@Controller('credentials')
export class CredentialsController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly rubricVersions: RubricVersionsService,
  ) {}

  @Post()
  @Roles('researcher', 'designer', 'admin')
  @ApiOperation({ summary: 'Create a credential' })
  @ApiCreatedResponse({ type: CredentialResponse })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() request: CreateCredentialRequest): Promise<CredentialResponse> {
    return this.credentials.create(actor.id, request);
  }

  @Get()
  @ApiOperation({ summary: 'Every credential, a page at a time' })
  @ApiOkResponse({ type: CredentialPageResponse })
  list(@Query() query: PageQuery): Promise<CredentialPageResponse> {
    return this.credentials.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A credential and its rubric versions' })
  @ApiOkResponse({ type: CredentialDetailResponse })
  @ApiErrors({ 404: 'no such credential' })
  get(@IdParam('id') credentialId: number): Promise<CredentialDetailResponse> {
    return this.credentials.get(credentialId);
  }

  @Post(':id/rubric-versions')
  @Roles('researcher', 'designer', 'admin')
  @ApiOperation({
    summary: 'Create the first rubric version, or revise the latest into the next (rows not replaced are carried over)',
    description: 'Researchers publish a credential\'s first version; revising it (with `previousVersion`) is for designers and admins (403 otherwise).',
  })
  @ApiCreatedResponse({ type: RubricVersionResponse })
  @ApiErrors({
    403: 'a researcher asked to revise a version',
    404: 'no such credential, or no such previous version',
    409: 'a first version exists already, or the version revised is not the latest',
    422: 'the rows break a rubric rule (duplicate keys or levels)',
  })
  createVersion(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @Body() request: CreateRubricVersionRequest,
  ): Promise<RubricVersionResponse> {
    assertMayWriteVersion(actor.roles, request.previousVersion !== undefined);
    return this.rubricVersions.create(actor.id, credentialId, request);
  }

  @Get(':id/rubric-versions')
  @ApiOperation({ summary: "A credential's rubric versions" })
  @ApiOkResponse({ type: [RubricVersionSummaryResponse] })
  @ApiErrors({ 404: 'no such credential' })
  listVersions(@IdParam('id') credentialId: number): Promise<RubricVersionSummaryResponse[]> {
    return this.rubricVersions.list(credentialId);
  }

  @Get(':id/rubric-versions/:v')
  @ApiOperation({ summary: 'One rubric version with its rows and levels' })
  @ApiOkResponse({ type: RubricVersionResponse })
  @ApiErrors({ 404: 'no such credential or version' })
  getVersion(@IdParam('id') credentialId: number, @IdParam('v') version: number): Promise<RubricVersionResponse> {
    return this.rubricVersions.get(credentialId, version);
  }

  @Put(':id/rubric-versions/:v')
  @Roles('designer', 'admin')
  @ApiOperation({ summary: 'Replace the rows of a version that is not under validation yet' })
  @ApiOkResponse({ type: RubricVersionResponse })
  @ApiErrors({
    404: 'no such credential or version',
    409: 'the version is under validation and immutable',
    422: 'the rows break a rubric rule (duplicate keys or levels)',
  })
  replaceRows(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Body() request: ReplaceRubricRowsRequest,
  ): Promise<RubricVersionResponse> {
    return this.rubricVersions.replaceRows(actor.id, credentialId, version, request.rows);
  }
}
