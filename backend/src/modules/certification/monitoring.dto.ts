import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageResponse } from '../../http/pagination.js';
import { ALL_CERTIFICATION_STATUSES, type CertificationStatus } from '../../protocol/certification.js';
import { EvidenceResponse } from '../blind-form/blind-form.dto.js';

export class NoteOnlyRequest {
  @ApiProperty({ example: 'Talked through the feedback-plan anchors; watching the next ten items.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note!: string;
}

export class FindingResponse {
  @ApiProperty({ enum: ['R1', 'R2', 'R3', 'R4'] }) rule!: string;
  @ApiProperty({ enum: ['recalibration_required', 'drifting_lenient', 'drifting_severe', 'watch'] }) flag!: string;
  @ApiProperty() reason!: string;
}

export class ProfileRateResponse {
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty() n!: number;
  @ApiProperty({ type: [Number], nullable: true, description: 'Wilson 95% interval' }) interval!: number[] | null;
}

export class ValidityRowResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ type: ProfileRateResponse, description: 'exact agreement with the true level' }) exact!: ProfileRateResponse;
  @ApiProperty({ type: ProfileRateResponse, description: 'within one level (ordinal rows)' }) adjacent!: ProfileRateResponse;
}

export class ValidityWindowResponse {
  @ApiProperty({ description: 'validity items in the R1 window (the last 10 since the restart)' }) items!: number;
  @ApiProperty() full!: boolean;
  @ApiProperty() decisions!: number;
  @ApiProperty() pooledRate!: number;
  @ApiProperty({ description: 'R1 fires below this' }) limit!: number;
  @ApiProperty() nonAdjacentMisses!: number;
}

export class CusumResponse {
  @ApiProperty() h!: number;
  @ApiProperty({ type: [Number], description: 'S_t per observation since the restart' }) S!: number[];
  @ApiProperty({ type: Number, nullable: true }) alarmIndex!: number | null;
}

export class EwmaResponse {
  @ApiProperty() sigma0!: number;
  @ApiProperty() lambda!: number;
  @ApiProperty() L!: number;
  @ApiProperty({ type: [Number] }) z!: number[];
  @ApiProperty({ type: [Number] }) ucl!: number[];
  @ApiProperty({ type: [Number] }) lcl!: number[];
  @ApiProperty({ type: Number, nullable: true }) firstAlarmIndex!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['upper', 'lower'] }) firstAlarmSide!: string | null;
}

export class LiveWatchResponse {
  @ApiProperty({ description: 'double-scored live rows in the R4 window' }) rows!: number;
  @ApiProperty() full!: boolean;
  @ApiProperty() rate!: number;
  @ApiProperty() required!: number;
}

export class RulerEntryResponse {
  @ApiProperty({ description: "the assessor's name; to the assessor themself, others are unnamed" }) label!: string;
  @ApiProperty() severity!: number;
  @ApiProperty() se!: number;
  @ApiProperty({ description: 'this is the profile’s assessor' }) self!: boolean;
  @ApiProperty({ description: 'the expert panel, anchored at 0' }) expert!: boolean;
}

export class RaschProfileResponse {
  @ApiProperty({ type: [String], description: 'the rows analysed together (one number of levels)' }) rows!: string[];
  @ApiProperty({ type: Number, nullable: true }) severity!: number | null;
  @ApiProperty({ type: Number, nullable: true }) se!: number | null;
  @ApiProperty({ type: Number, nullable: true }) infit!: number | null;
  @ApiProperty({ type: Number, nullable: true }) outfit!: number | null;
  @ApiProperty({ type: Number, nullable: true }) fairAverage!: number | null;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [String], enum: ['severe', 'lenient', 'inconsistent', 'muted', 'insufficient_data'], isArray: true }) flags!: string[];
  @ApiProperty({ type: [RulerEntryResponse] }) ruler!: RulerEntryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'why there is no estimate (too little data, a disconnected design)' }) problem!: string | null;
}

export class AssessorProfileResponse {
  @ApiProperty() credentialId!: number;
  @ApiProperty() assessorId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ALL_CERTIFICATION_STATUSES }) status!: CertificationStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'the rubric version watched: the latest with validity items' }) rubricVersion!: number | null;
  @ApiProperty({ type: [String], description: 'flags raised by the monitoring rules' }) flags!: string[];
  @ApiProperty({ type: [FindingResponse] }) findings!: FindingResponse[];
  @ApiProperty({ description: 'validity items scored (to the assessor: those whose feedback is due)' }) validityItems!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'validity items the assessor has never seen, after the next delivery (the pool warning counts the same)' })
  unseenValidityItems!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'for the trainer: fewer than 20 unseen validity items left' }) poolWarning!: string | null;
  @ApiProperty({ type: [ValidityRowResponse] }) validityRows!: ValidityRowResponse[];
  @ApiProperty({ type: ValidityWindowResponse }) window!: ValidityWindowResponse;
  @ApiProperty({ type: CusumResponse }) cusum!: CusumResponse;
  @ApiProperty({ type: EwmaResponse }) ewma!: EwmaResponse;
  @ApiProperty({ type: LiveWatchResponse }) live!: LiveWatchResponse;
  @ApiProperty({ type: RaschProfileResponse }) rasch!: RaschProfileResponse;
}

/** The profile an assessor sees of themself: no ids or names, other assessors unnamed on the ruler. */
export class MyProfileResponse extends OmitType(AssessorProfileResponse, ['assessorId', 'name', 'poolWarning'] as const) {}

export class ValidityFeedbackRowResponse {
  @ApiProperty() key!: string;
  @ApiProperty() myLevel!: string;
  @ApiProperty() trueLevel!: string;
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
  @ApiProperty() matched!: boolean;
}

export class ValidityFeedbackResponse {
  @ApiProperty({ description: 'the live-queue assignment it was delivered as' }) assignmentId!: number;
  @ApiProperty() credentialId!: number;
  @ApiProperty() credentialTitle!: string;
  @ApiProperty() rubricVersion!: number;
  @ApiProperty() scoredAt!: string;
  @ApiProperty({ type: EvidenceResponse }) evidence!: EvidenceResponse;
  @ApiProperty({ type: [ValidityFeedbackRowResponse] }) rows!: ValidityFeedbackRowResponse[];
}

export class ValidityFeedbackPageResponse extends PageResponse {
  @ApiProperty({ type: [ValidityFeedbackResponse] }) items!: ValidityFeedbackResponse[];
}
