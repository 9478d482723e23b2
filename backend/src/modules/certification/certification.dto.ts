import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQuery, PageResponse } from '../../http/pagination.js';
import { MAXIMUM_ID } from '../../http/id-param.js';
import { ITEM_STATUSES, PROVENANCES, type ItemStatus, type Provenance } from '../../protocol/calibration-material.js';
import { POOLS, type Pool } from '../../protocol/calibration-pools.js';
import { ALL_CERTIFICATION_STATUSES, OVERRIDE_STATUSES, type CertificationStatus, type OverrideStatus } from '../../protocol/certification.js';
import { EvidenceResponse } from '../blind-form/blind-form.dto.js';
import { ATTEMPT_KINDS, ATTEMPT_STATUSES, SET_KINDS, type AttemptKind, type AttemptStatus, type SetKind } from './calibration-attempt.entity.js';

const levelMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const MAXIMUM_TEXT = 4000;

// ---- requests ----

export class CalibrationItemsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ITEM_STATUSES, description: 'every status when left out' })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional({ enum: POOLS, description: 'every pool (and none) when left out' })
  @IsOptional()
  @IsIn(POOLS)
  pool?: Pool;
}

export class ConfirmItemRequest {
  @ApiProperty({ ...levelMap, example: { learning_targets: '3' }, description: 'the true level of every rubric row, keyed by row key' })
  @IsObject()
  levels!: Record<string, string>;

  @ApiPropertyOptional({ ...levelMap, description: 'why each level is right; required on every row that was disagreed or adjudicated live' })
  @IsOptional()
  @IsObject()
  rationales?: Record<string, string>;
}

export class ExpertPanelItemRequest extends ConfirmItemRequest {
  @ApiPropertyOptional({ description: "the panel's reference for the response; unique per rubric version" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  externalRef?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  evidenceText?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidenceUrl?: string | null;
}

export class DrawPoolsRequest {
  @ApiPropertyOptional({ description: 'the seed of the random split; drawn when left out', example: 'pilot-2026' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  seed?: string;
}

export class SetsQuery {
  @ApiProperty({ description: 'the assessor the sets would be drawn for', maximum: MAXIMUM_ID })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAXIMUM_ID)
  assessorId!: number;
}

export class StartAttemptRequest {
  @ApiProperty({ enum: SET_KINDS })
  @IsIn(SET_KINDS)
  kind!: SetKind;

  @ApiPropertyOptional({ description: "the rubric version; the credential's latest version with calibration material when left out" })
  @IsOptional()
  @IsInt()
  @Min(1)
  rubricVersion?: number;
}

export class NoteRequest {
  @ApiProperty({ example: 'Study the anchors of the scoring-tool row, then take the practice set again.' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAXIMUM_TEXT)
  note!: string;
}

export class ReasonRequest {
  @ApiProperty({ example: 'Strong on every row but one; watch the feedback plan row for a month.' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAXIMUM_TEXT)
  reason!: string;
}

export class OverrideRequest extends ReasonRequest {
  @ApiProperty({ enum: OVERRIDE_STATUSES })
  @IsIn(OVERRIDE_STATUSES)
  status!: OverrideStatus;
}

export class ExactThresholdsInput {
  @ApiPropertyOptional({ example: 0.9 }) @IsOptional() @IsNumber() @Min(0) @Max(1) two?: number;
  @ApiPropertyOptional({ example: 0.8 }) @IsOptional() @IsNumber() @Min(0) @Max(1) three?: number;
  @ApiPropertyOptional({ example: 0.7 }) @IsOptional() @IsNumber() @Min(0) @Max(1) fourOrMore?: number;
}

export class PoolSharesInput {
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsInt() @Min(0) qualifying?: number;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(0) calibration?: number;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(0) validity?: number;
}

export class CertificationPolicyInput {
  @ApiPropertyOptional({ type: ExactThresholdsInput }) @IsOptional() @ValidateNested() @Type(() => ExactThresholdsInput) exactThresholds?: ExactThresholdsInput;
  @ApiPropertyOptional({ example: 0.2 }) @IsOptional() @IsNumber() rowFloorMargin?: number;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() maxNonAdjacentMisses?: number;
  @ApiPropertyOptional({ example: 10 }) @IsOptional() @IsInt() setSize?: number;
  @ApiPropertyOptional({ example: 5 }) @IsOptional() @IsInt() practiceSize?: number;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsInt() anchorsPerLevel?: number;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsInt() minBorderline?: number;
  @ApiPropertyOptional({ example: 12 }) @IsOptional() @IsInt() certificationMonths?: number;
  @ApiPropertyOptional({ type: PoolSharesInput }) @IsOptional() @ValidateNested() @Type(() => PoolSharesInput) poolShares?: PoolSharesInput;
}

export class CertificationSettingsRequest {
  @ApiPropertyOptional({ description: 'only qualified and probation assessors are drawn for live windows; needs qualifying material' })
  @IsOptional()
  @IsBoolean()
  requiresCertification?: boolean;

  @ApiPropertyOptional({ type: CertificationPolicyInput, description: 'the numbers that differ from the current policy' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CertificationPolicyInput)
  policy?: CertificationPolicyInput;
}

// ---- responses ----

export class PersonResponse {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
}

export class CalibrationItemRowResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ description: 'the level the row ended with live (agreed or adjudicated), or the panel’s' }) finalLevel!: string;
  @ApiProperty({ description: 'the readers chose different levels live' }) disagreed!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'the first confirming trainer’s level' }) confirmedLevel!: string | null;
  @ApiProperty({ type: String, nullable: true }) trueLevel!: string | null;
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
}

export class CalibrationItemResponse {
  @ApiProperty() id!: number;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty({ enum: PROVENANCES }) provenance!: Provenance;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiProperty({ description: 'disagreed or adjudicated live' }) borderline!: boolean;
  @ApiProperty({ enum: POOLS, nullable: true }) pool!: Pool | null;
  @ApiProperty({ type: String, nullable: true }) externalRef!: string | null;
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ type: [CalibrationItemRowResponse] }) rows!: CalibrationItemRowResponse[];
  @ApiProperty({ type: PersonResponse, nullable: true }) confirmedBy!: PersonResponse | null;
  @ApiProperty({ type: String, nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ type: PersonResponse, nullable: true }) settledBy!: PersonResponse | null;
  @ApiProperty({ type: String, nullable: true }) settledAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'the caller scored or adjudicated it live, so may not confirm it' }) callerTookPart!: boolean;
}

export class CalibrationItemPageResponse extends PageResponse {
  @ApiProperty({ type: [CalibrationItemResponse] }) items!: CalibrationItemResponse[];
}

export class CandidatesCreatedResponse {
  @ApiProperty({ description: 'candidates created now' }) created!: number;
  @ApiProperty({ description: 'study submissions already candidates, or without final levels' }) skipped!: number;
}

export class LevelCoverageResponse {
  @ApiProperty() level!: string;
  @ApiProperty() count!: number;
}

export class RowCoverageResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ type: [LevelCoverageResponse] }) levels!: LevelCoverageResponse[];
}

export class MissingLevelResponse {
  @ApiProperty() rowKey!: string;
  @ApiProperty() level!: string;
}

export class PoolResponse {
  @ApiProperty({ enum: POOLS }) pool!: Pool;
  @ApiProperty() items!: number;
  @ApiProperty() borderline!: number;
  @ApiProperty({ type: [RowCoverageResponse] }) rows!: RowCoverageResponse[];
  @ApiProperty({ type: [MissingLevelResponse], description: 'levels no item of the pool has' }) missing!: MissingLevelResponse[];
}

export class MaterialCountsResponse {
  @ApiProperty() candidate!: number;
  @ApiProperty() ambiguous!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty({ description: 'confirmed, not yet in a pool' }) unpooled!: number;
}

export class PoolsResponse {
  @ApiProperty() rubricVersion!: number;
  @ApiProperty({ type: MaterialCountsResponse }) material!: MaterialCountsResponse;
  @ApiProperty({ type: [PoolResponse] }) pools!: PoolResponse[];
}

export class SetAvailabilityResponse {
  @ApiProperty({ enum: ATTEMPT_KINDS }) kind!: AttemptKind;
  @ApiProperty({ type: String, nullable: true, description: 'A, B or C for a qualifying set' }) label!: string | null;
  @ApiProperty({ description: 'items of the pool this assessor may still see' }) unseenItems!: number;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why no valid set can be drawn: the row and level missing, or the shortfall' }) problem!: string | null;
}

export class CertificationPolicyResponse {
  @ApiProperty({ type: ExactThresholdsInput }) exactThresholds!: { two: number; three: number; fourOrMore: number };
  @ApiProperty() rowFloorMargin!: number;
  @ApiProperty() maxNonAdjacentMisses!: number;
  @ApiProperty() setSize!: number;
  @ApiProperty() practiceSize!: number;
  @ApiProperty() anchorsPerLevel!: number;
  @ApiProperty() minBorderline!: number;
  @ApiProperty() certificationMonths!: number;
  @ApiProperty({ type: PoolSharesInput }) poolShares!: { qualifying: number; calibration: number; validity: number };
}

export class CertificationSettingsResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() requiresCertification!: boolean;
  @ApiProperty({ type: CertificationPolicyResponse }) policy!: CertificationPolicyResponse;
  @ApiProperty({ description: 'a rubric version of the credential has qualifying material in its pool' }) qualifyingMaterial!: boolean;
}

export class RowJudgementResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ type: [String], description: 'the row’s levels in order; the confusion matrix follows it' }) levelValues!: string[];
  @ApiProperty() threshold!: number;
  @ApiProperty() floor!: number;
  @ApiProperty() decisions!: number;
  @ApiProperty() exact!: number;
  @ApiProperty() adjacent!: number;
  @ApiProperty() nonAdjacent!: number;
  @ApiProperty() exactRate!: number;
  @ApiProperty() meetsFloor!: boolean;
  @ApiProperty() withinNonAdjacent!: boolean;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'integer' } }, description: 'counts[true level][answered level]' })
  confusion!: number[][];
}

export class JudgementResponse {
  @ApiProperty() passed!: boolean;
  @ApiProperty() decisions!: number;
  @ApiProperty() exact!: number;
  @ApiProperty() pooledRate!: number;
  @ApiProperty() pooledRequired!: number;
  @ApiProperty({ type: [String] }) failures!: string[];
  @ApiProperty({ type: [RowJudgementResponse] }) rows!: RowJudgementResponse[];
}

export class AttemptSummaryResponse {
  @ApiProperty() id!: number;
  @ApiProperty() credentialId!: number;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty({ enum: ATTEMPT_KINDS }) kind!: AttemptKind;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ enum: ATTEMPT_STATUSES }) status!: AttemptStatus;
  @ApiProperty({ type: [String] }) judgedRows!: string[];
  @ApiProperty() items!: number;
  @ApiProperty() scored!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the trainer’s note with a remediation practice set' }) note!: string | null;
  @ApiProperty({ type: JudgementResponse, nullable: true }) judgement!: JudgementResponse | null;
}

export class ItemFeedbackRowResponse {
  @ApiProperty() key!: string;
  @ApiProperty() trueLevel!: string;
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the assessor’s level' }) answer!: string | null;
  @ApiProperty({ enum: ['exact', 'adjacent', 'non_adjacent', 'unanswered'] }) match!: 'exact' | 'adjacent' | 'non_adjacent' | 'unanswered';
}

export class AttemptItemResponse {
  @ApiProperty({ description: 'what the assessor opens and scores, as an assignment id' }) assignmentId!: number;
  @ApiProperty() position!: number;
  @ApiProperty({ enum: ['pending', 'scored'] }) status!: 'pending' | 'scored';
  @ApiProperty({ type: [ItemFeedbackRowResponse], nullable: true, description: 'practice: after the item is scored; qualifying and calibration: once the set is judged' })
  feedback!: ItemFeedbackRowResponse[] | null;
}

export class AttemptDetailResponse extends AttemptSummaryResponse {
  @ApiProperty() credentialTitle!: string;
  @ApiProperty({ type: [AttemptItemResponse] }) itemList!: AttemptItemResponse[];
}

export class TimelineEntryResponse {
  @ApiProperty() at!: string;
  @ApiProperty({ enum: ALL_CERTIFICATION_STATUSES }) from!: CertificationStatus;
  @ApiProperty({ enum: ALL_CERTIFICATION_STATUSES }) to!: CertificationStatus;
  @ApiProperty({ example: 'set_A_failed' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: PersonResponse, nullable: true, description: 'null when the system acted' }) actor!: PersonResponse | null;
  @ApiProperty({ type: Number, nullable: true }) attemptId!: number | null;
}

export class AssessorCertificationResponse {
  @ApiProperty() assessorId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ALL_CERTIFICATION_STATUSES }) status!: CertificationStatus;
  @ApiProperty({ type: Number, nullable: true }) certifiedVersion!: number | null;
  @ApiProperty({ type: String, nullable: true }) certifiedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) expiresAt!: string | null;
  @ApiProperty() nextAction!: string;
  @ApiProperty({ description: 'may be drawn as a reader for the credential’s latest rubric version' }) eligible!: boolean;
  @ApiProperty({ description: 'why the assessor is or is not in the reader pool' }) eligibilityReason!: string;
  @ApiProperty() attempts!: number;
}

export class AssessorCertificationListResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() requiresCertification!: boolean;
  @ApiProperty({ type: Number, nullable: true }) latestVersion!: number | null;
  @ApiProperty({ type: [AssessorCertificationResponse] }) items!: AssessorCertificationResponse[];
}

export class CertificationDetailResponse extends AssessorCertificationResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() round!: number;
  @ApiProperty() failedInRound!: number;
  @ApiProperty() remediationAssigned!: boolean;
  @ApiProperty({ type: String, nullable: true }) remediationNote!: string | null;
  @ApiProperty({ type: [AttemptSummaryResponse] }) attemptList!: AttemptSummaryResponse[];
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
}

export class AnchorRowResponse {
  @ApiProperty() key!: string;
  @ApiProperty() trueLevel!: string;
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
}

export class AnchorResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ type: [AnchorRowResponse] }) rows!: AnchorRowResponse[];
}

export class AnchorListResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty({ type: [AnchorResponse] }) items!: AnchorResponse[];
}

export class MyCredentialCalibrationResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the version with calibration material that sets are drawn from' }) rubricVersion!: number | null;
  @ApiProperty() requiresCertification!: boolean;
  @ApiProperty({ enum: ALL_CERTIFICATION_STATUSES }) status!: CertificationStatus;
  @ApiProperty() nextAction!: string;
  @ApiProperty({ type: String, nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) remediationNote!: string | null;
  @ApiProperty({ enum: SET_KINDS, isArray: true, description: 'kinds of set the assessor may start now' }) mayStart!: SetKind[];
  @ApiProperty({ type: [String], description: 'rows a calibration set would cover (changed since certification)' }) calibrationRows!: string[];
  @ApiProperty({ type: [AttemptSummaryResponse] }) attempts!: AttemptSummaryResponse[];
}

export class MyCalibrationResponse {
  @ApiProperty({ type: [MyCredentialCalibrationResponse] }) credentials!: MyCredentialCalibrationResponse[];
}

export class LiveFeedbackRowResponse {
  @ApiProperty() key!: string;
  @ApiProperty() myLevel!: string;
  @ApiProperty() finalLevel!: string;
  @ApiProperty() matched!: boolean;
}

export class LiveFeedbackResponse {
  @ApiProperty({ description: 'the assignment the score was given on' }) assignmentId!: number;
  @ApiProperty() credentialId!: number;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty() scoredAt!: string;
  @ApiProperty() windowCompletedAt!: string;
  @ApiProperty({ type: [LiveFeedbackRowResponse] }) rows!: LiveFeedbackRowResponse[];
}

export class LiveFeedbackPageResponse extends PageResponse {
  @ApiProperty({ type: [LiveFeedbackResponse] }) items!: LiveFeedbackResponse[];
}
