import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ADJUDICATION_REASONS } from '../../protocol/adjudication-rules.js';
import { ROW_DECISIONS } from '../../protocol/row-decision.js';
import { windowStatuses } from '../../protocol/window-status.js';

export class ReportQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: the per-row table' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class IntervalResponse {
  @ApiProperty() lo!: number;
  @ApiProperty() hi!: number;
  @ApiProperty({
    description: 'how the interval was obtained: wilson, its cluster-adjusted form, the score interval of a ratio of disagreements, or BCa bootstrap (ordinal alpha)',
  })
  method!: string;
}

export class EstimateResponse {
  @ApiProperty({ type: Number, nullable: true })
  value!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  se!: number | null;
  @ApiProperty({ type: [Number], nullable: true, minItems: 2, maxItems: 2 })
  ci!: [number, number] | null;
  @ApiProperty({
    type: IntervalResponse,
    nullable: true,
    description:
      'the recommended 95% interval: inside the range of the measure, never of zero width, null when the measure is undefined or has none; `ci` keeps the convention of irrCAC, statsmodels and scikit-learn',
  })
  interval!: IntervalResponse | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'SE under H0 (kappa = 0)' })
  se_null?: number | null;
  @ApiPropertyOptional({ description: 'why the value is null' })
  reason?: string;
}

export class MatrixResponse {
  @ApiProperty({ enum: ['confusion', 'coincidence'] })
  kind!: 'confusion' | 'coincidence';
  @ApiProperty({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  categories!: (string | number)[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'number' } }, description: 'counts[i][j]: reader A at level i, reader B at level j' })
  counts!: number[][];
  @ApiProperty()
  n!: number;
  @ApiPropertyOptional({ type: [String] })
  raters?: string[];
}

export class TrendPointResponse {
  @ApiProperty({ description: 'study sequence of the submission' })
  sequence!: number;
  @ApiProperty({ description: 'share of agreeing reader pairs on this submission' })
  agreement!: number;
  @ApiProperty()
  cumulative!: number;
  @ApiProperty({ description: 'mean over the last 10 submissions' })
  rolling!: number;
}

export class ConfusionResponse {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] })
  lower!: string | number;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] })
  higher!: string | number;
  @ApiProperty({ description: 'reader pairs split between the two levels' })
  count!: number;
  @ApiProperty({ description: 'settled at the lower level by adjudication' })
  settledLower!: number;
  @ApiProperty()
  settledHigher!: number;
  @ApiProperty()
  settledOther!: number;
  @ApiProperty({ description: 'not adjudicated yet' })
  pending!: number;
}

export class AdjudicationReasonsResponse {
  @ApiProperty() rubric_unclear!: number;
  @ApiProperty() evidence_ambiguous!: number;
  @ApiProperty() assessor_error!: number;
  @ApiProperty() other!: number;
}

export class AdjudicationNoteResponse {
  @ApiProperty() sequence!: number;
  @ApiProperty({ enum: ADJUDICATION_REASONS }) reason!: string;
  @ApiProperty() note!: string;
}

export class RowCommentResponse {
  @ApiProperty() sequence!: number;
  @ApiProperty({ description: 'reader slot: A, B, ...' }) reader!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] }) level!: string | number;
  @ApiProperty() comment!: string;
}

export class LevelResponse {
  @ApiProperty() value!: string;
  @ApiProperty() label!: string;
  @ApiProperty() descriptor!: string;
}

export class RowComparisonResponse {
  @ApiProperty() previousVersion!: number;
  @ApiProperty({ description: 'false when the row is new or was rewritten' }) carriedOver!: boolean;
  @ApiProperty({ description: 'the row existed in the previous version (same key)' }) existed!: boolean;
  @ApiProperty({ type: Number, nullable: true }) previousAgreement!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['validated', 'needs_revision'] }) previousVerdict!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['conclusive', 'inconclusive'] }) previousEvidence!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'agreement now minus agreement then' }) change!: number | null;
}

export class MoreSubmissionsResponse {
  @ApiProperty({ enum: ['validated', 'needs_revision'], description: 'the side the row would be settled on at its observed agreement' }) towards!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the fewest further paired submissions from which the chance of settling it stays at `power` or more; null when out of reach' })
  more!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'that chance, if agreement goes on at its observed rate' }) probability!: number | null;
  @ApiProperty() power!: number;
}

export class ReportRowResponse {
  @ApiProperty({ description: 'the rubric row key' }) criterion!: string;
  @ApiProperty() title!: string;
  @ApiProperty() descriptor!: string;
  @ApiProperty({ type: [LevelResponse] }) levels!: LevelResponse[];
  @ApiProperty({ description: 'copied unchanged from the previous version' }) carriedOver!: boolean;
  @ApiProperty({ enum: ['nominal', 'ordinal'] }) scale!: string;
  @ApiProperty({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } }) categories!: (string | number)[];
  @ApiProperty({ description: 'submissions with a score on this row' }) units!: number;
  @ApiProperty({ description: 'reader slots' }) raters!: number;
  @ApiProperty() ratings!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/EstimateResponse' },
    description: 'every measure defined on the row, named as in `concord analyze --json`',
  })
  metrics!: Record<string, EstimateResponse>;
  @ApiProperty({
    enum: ROW_DECISIONS,
    description:
      'what the row status reads. Once the window is closed: validated (the lower 97.5% bound of agreement reaches the threshold), meets_rule_not_demonstrated (agreement reaches it, the bound does not), needs_revision (agreement below it), undefined (no submission scored twice). While it collects: too_early (under the minimum of paired submissions), then likely_validated, likely_needs_revision or undetermined from a group-sequential boundary',
  })
  decision!: string;
  @ApiProperty({ enum: ['validated', 'needs_revision'], description: 'agreement against the threshold by the point estimate alone; `decision` leads' }) verdict!: string;
  @ApiProperty({ enum: ['conclusive', 'inconclusive'], description: 'conclusive when `evidence_interval` lies wholly on the verdict\'s side of the threshold' }) evidence!: string;
  @ApiProperty({ type: [Number], nullable: true, description: '95% interval of agreement: two one-sided 97.5% bounds' }) evidence_interval!: [number, number] | null;
  @ApiProperty({ enum: ['clopper_pearson', 'clopper_pearson_cluster', 'none'], description: 'Clopper-Pearson with two scores per submission; on the cluster-adjusted effective n with more' })
  evidence_method!: string;
  @ApiProperty({ type: MoreSubmissionsResponse, nullable: true, description: 'for an inconclusive row' }) more_submissions!: MoreSubmissionsResponse | null;
  @ApiProperty({ type: [String] }) notes!: string[];
  @ApiProperty({ type: MatrixResponse }) matrix!: MatrixResponse;
  @ApiProperty({ type: String, nullable: true, enum: ['too_early', 'likely_validated', 'likely_needs_revision', 'undetermined'], description: 'while the window collects, the provisional decision; null once it is closed' })
  early_signal!: string | null;
  @ApiProperty({ type: [TrendPointResponse] }) trend!: TrendPointResponse[];
  @ApiProperty({ type: Number, nullable: true, description: 'study sequence at which the window reached its target' }) closed_at!: number | null;
  @ApiProperty({ type: [ConfusionResponse] }) confusions!: ConfusionResponse[];
  @ApiProperty({ type: AdjudicationReasonsResponse }) adjudication_reasons!: AdjudicationReasonsResponse;
  @ApiProperty({ type: [AdjudicationNoteResponse] }) adjudication_notes!: AdjudicationNoteResponse[];
  @ApiProperty({ type: [RowCommentResponse] }) comments!: RowCommentResponse[];
  @ApiProperty({ type: RowComparisonResponse, nullable: true }) comparison!: RowComparisonResponse | null;
}

export class PassRateResponse {
  @ApiProperty() reader!: string;
  @ApiProperty() passRate!: number;
  @ApiProperty() n!: number;
}

export class DecisionResponse {
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: { $ref: '#/components/schemas/EstimateResponse' } })
  metrics!: Record<string, EstimateResponse> | null;
  @ApiProperty() units!: number;
  @ApiProperty({ type: [PassRateResponse] }) passRateByReader!: PassRateResponse[];
}

export class RateResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'successes / n; null when n = 0' }) value!: number | null;
  @ApiProperty() n!: number;
  @ApiProperty({ type: [Number], nullable: true, description: 'Wilson 95% interval' }) interval!: [number, number] | null;
}

export class DifferencesResponse {
  @ApiProperty({ description: 'ordered rows where the level differs from the final one' }) n!: number;
  @ApiProperty({ description: 'of which above the final level' }) higher!: number;
  @ApiProperty({ description: 'of which below the final level' }) lower!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'mean (own - final) in level steps over those rows' }) meanSteps!: number | null;
}

export class AssessorRowResponse {
  @ApiProperty() assessorId!: number;
  @ApiProperty() name!: string;
  @ApiProperty() scored!: number;
  @ApiProperty({ type: Number, nullable: true }) coReaderAgreement!: number | null;
  @ApiProperty() coReaderPairs!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'exact agreement with the final level, over rows whose final exists' }) finalAgreement!: number | null;
  @ApiProperty() finalCompared!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'mean (own level - final level) in level steps over every ordered row compared; negative = harsh' })
  meanSignedDifference!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['harsh', 'lenient', 'balanced'], description: 'the direction of the differences from the final level; null with fewer than 3' })
  severity!: string | null;
  @ApiProperty({ type: RateResponse, description: 'agreement with co-readers, every row pair' }) coReader!: RateResponse;
  @ApiProperty({ type: RateResponse, description: 'exact agreement with the final level' }) exact!: RateResponse;
  @ApiProperty({ type: RateResponse, description: 'within one level of the final, ordered rows' }) adjacent!: RateResponse;
  @ApiProperty({ description: 'rows scored whose final level is not known yet' }) pending!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'quadratic-weighted kappa against the final levels' }) qwk!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'standardised mean difference against the final levels' }) smd!: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'QWK >= 0.70 (an indicator, not a gate)' }) meetsQwkNorm!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true, description: '|SMD| <= 0.15 (an indicator, not a gate)' }) meetsSmdNorm!: boolean | null;
  @ApiProperty({ type: DifferencesResponse }) differences!: DifferencesResponse;
  @ApiProperty({ type: String, nullable: true, enum: ['harsh', 'lenient', 'balanced'] }) direction!: string | null;
  @ApiProperty({ description: 'adjudications with reason assessor_error on rows where this assessor was not the final level' }) assessorErrors!: number;
}

export class AssessorPairResponse {
  @ApiProperty() a!: number;
  @ApiProperty() b!: number;
  @ApiProperty() aName!: string;
  @ApiProperty() bName!: string;
  @ApiProperty({ description: 'submissions both read' }) sharedSubmissions!: number;
  @ApiProperty({ description: 'rows both scored on them' }) compared!: number;
  @ApiProperty() agreement!: number;
  @ApiProperty({ type: [Number], nullable: true, description: 'Wilson 95% interval' }) interval!: [number, number] | null;
  @ApiProperty({ description: 'false below 5 shared submissions: shown greyed' }) reliable!: boolean;
}

export class ReportWindowResponse {
  @ApiProperty({ enum: windowStatuses }) status!: string;
  @ApiProperty() targetSubmissions!: number;
  @ApiProperty() readersPerSubmission!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty({ description: 'paired submissions before the early signal (too_early below)' }) minimumPaired!: number;
  @ApiProperty() seed!: number;
  @ApiProperty({ description: 'the credential required certified readers when the window opened; false: the readers were not yet certified' })
  readersCertified!: boolean;
  @ApiProperty({ description: 'study submissions received' }) studySubmissions!: number;
  @ApiProperty({ description: 'study submissions with all their scores' }) fullyScored!: number;
  @ApiProperty() awaitingAdjudication!: number;
}

/** Rows per decision: the counts add up to `rows`. */
export class ReportSummaryResponse {
  @ApiProperty({ description: 'rubric rows; the sum of the other counts' }) rows!: number;
  @ApiProperty() validated!: number;
  @ApiProperty() meetsRuleNotDemonstrated!: number;
  @ApiProperty() needsRevision!: number;
  @ApiProperty() likelyValidated!: number;
  @ApiProperty() likelyNeedsRevision!: number;
  @ApiProperty() undetermined!: number;
  @ApiProperty() tooEarly!: number;
  @ApiProperty() undefined!: number;
}

export class ReportResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty({ type: Number, nullable: true }) previousVersion!: number | null;
  @ApiProperty({ description: 'when the report was computed (ISO 8601)' }) computedAt!: string;
  @ApiProperty({ type: ReportWindowResponse }) window!: ReportWindowResponse;
  @ApiProperty({ type: ReportSummaryResponse }) summary!: ReportSummaryResponse;
  @ApiProperty({ type: [ReportRowResponse] }) rows!: ReportRowResponse[];
  @ApiProperty({ type: DecisionResponse, description: 'agreement on the overall pass/fail decision' }) decision!: DecisionResponse;
  @ApiProperty({ type: [AssessorRowResponse] }) assessors!: AssessorRowResponse[];
  @ApiProperty({ type: [AssessorPairResponse] }) assessorPairs!: AssessorPairResponse[];
}
