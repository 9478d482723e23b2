import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldIssue } from '../protocol/errors.js';

export class FieldIssueResponse implements FieldIssue {
  @ApiProperty({ example: 'rows.0.levels.1.value', description: 'dotted path into the request body' })
  field!: string;

  @ApiProperty({ example: 'value must be a string' })
  message!: string;
}

/** The body of every error response. */
export class ErrorResponse {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({ example: 'this assignment is already scored' })
  message!: string;

  @ApiPropertyOptional({ example: 'already_scored', description: 'machine-readable reason' })
  code?: string;

  @ApiPropertyOptional({ type: [FieldIssueResponse], description: 'every field at fault (400 and 422)' })
  errors?: FieldIssueResponse[];
}
