import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors.js';
import { IdParam } from '../../http/id-param.js';
import { Authenticated, CurrentUser, Roles } from '../auth/auth.decorators.js';
import { hasAnyRole, type AuthenticatedUser } from '../auth/authenticated-user.js';
import type { Role } from '../users/roles.js';

/** Who may know a window's seed: those who design or run the study, never its readers or adjudicators. */
const SEED_READERS: readonly Role[] = ['researcher', 'designer', 'admin'];
import { OpenValidationWindowRequest, ValidationWindowResponse } from './validation-windows.dto.js';
import { ValidationWindowsService } from './validation-windows.service.js';

@ApiTags('validation')
@Authenticated()
@Controller('credentials/:id/rubric-versions/:v/validation')
export class ValidationWindowsController {
  constructor(private readonly windows: ValidationWindowsService) {}

  @Post()
  @Roles('researcher', 'designer', 'admin')
  @ApiOperation({ summary: 'Open the validation window of a rubric version (the version becomes immutable)' })
  @ApiCreatedResponse({ type: ValidationWindowResponse })
  @ApiErrors({
    404: 'no such credential or version',
    409: 'already open, another window still collecting, or too few assessors',
  })
  open(
    @CurrentUser() actor: AuthenticatedUser,
    @IdParam('id') credentialId: number,
    @IdParam('v') version: number,
    @Body() request: OpenValidationWindowRequest,
  ): Promise<ValidationWindowResponse> {
    return this.windows.open(actor.id, credentialId, version, request);
  }

  @Get()
  @ApiOperation({ summary: 'Status and progress of the validation window' })
  @ApiOkResponse({ type: ValidationWindowResponse })
  @ApiErrors({ 404: 'no such credential or version, or no validation window yet' })
  get(@CurrentUser() user: AuthenticatedUser, @IdParam('id') credentialId: number, @IdParam('v') version: number): Promise<ValidationWindowResponse> {
    return this.windows.get(credentialId, version, hasAnyRole(user, SEED_READERS));
  }
}
