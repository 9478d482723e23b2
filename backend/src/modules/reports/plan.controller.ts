import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { InvalidError } from '../../protocol/errors.js';
import { DEFAULT_THRESHOLD } from '../../protocol/row-verdict.js';
import { planRequestIssues, planSampleSize } from '../../protocol/sample-size.js';
import { ErrorResponse } from '../../http/error-response.js';
import { Authenticated, Roles } from '../auth/auth.decorators.js';
import { PlanQuery, SampleSizePlanResponse } from './plan.dto.js';

@ApiTags('reports')
@Authenticated()
@Roles('researcher', 'designer', 'trainer', 'admin')
@Controller('plan')
export class PlanController {
  @Get()
  @ApiOperation({
    summary: 'The submissions a rubric row needs to be validated, for a window being planned',
    description:
      'Exact binomial power of the decision `validated` (lower 97.5% Clopper-Pearson bound of agreement at or above the threshold) with two readers per submission; with more readers a conservative figure. The same as `concord plan`.',
  })
  @ApiOkResponse({ type: SampleSizePlanResponse })
  @ApiUnprocessableEntityResponse({ description: 'the expected agreement does not exceed the threshold, or another value is out of range', type: ErrorResponse })
  plan(@Query() query: PlanQuery): SampleSizePlanResponse {
    const request = { expected: query.expected, threshold: query.threshold ?? DEFAULT_THRESHOLD, power: query.power, readers: query.readers, ...(query.at === undefined ? {} : { at: query.at }) };
    const issues = planRequestIssues(request);
    if (issues.length) throw InvalidError.fromIssues(issues);
    return planSampleSize(request);
  }
}
