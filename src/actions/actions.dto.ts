import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate, Optional, trimString } from '../common/validators';
import { DIMENSIONS, Dimension } from '../instruments/dimensions';
import { MirrorScoresDto } from '../results/team-loop.responses';
import { ACTION_STATUSES, ActionStatus } from '../results/team-loop';

/** Text that may be cleared with null (PATCH) or left out. */
const Clearable = () => ValidateIf((_, value) => value !== undefined && value !== null);

/** An empty text field of a form means "none". */
const blankToNull = (value: unknown) => {
  const trimmed = trimString(value);
  return trimmed === '' ? null : trimmed;
};

export class CreateActionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The campaign whose results the action answers (scored, and including the team)' })
  @Optional()
  @IsUUID(undefined, { message: 'campaignId must be a campaign id' })
  campaignId?: string;

  @ApiProperty({ enum: DIMENSIONS })
  @IsIn(DIMENSIONS, { message: `dimension must be one of ${DIMENSIONS.join(', ')}` })
  dimension: Dimension;

  @ApiProperty({ maxLength: 200 })
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200, { message: 'title must be between 1 and 200 characters' })
  title: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000 })
  @Transform(({ value }) => blankToNull(value))
  @Clearable()
  @IsString()
  @MaxLength(2000)
  detail?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-05-01', description: 'A calendar date in the organization’s timezone' })
  @Transform(({ value }) => blankToNull(value))
  @Clearable()
  @IsCalendarDate()
  dueOn?: string | null;
}

export class UpdateActionDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200, { message: 'title must be between 1 and 200 characters' })
  title?: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true })
  @Transform(({ value }) => blankToNull(value))
  @Clearable()
  @IsString()
  @MaxLength(2000)
  detail?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-05-01' })
  @Transform(({ value }) => blankToNull(value))
  @Clearable()
  @IsCalendarDate()
  dueOn?: string | null;

  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @Optional()
  @IsIn(ACTION_STATUSES, { message: `status must be one of ${ACTION_STATUSES.join(', ')}` })
  status?: ActionStatus;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true, description: 'What happened: why it is done, stuck or dropped' })
  @Transform(({ value }) => blankToNull(value))
  @Clearable()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class MirrorAnswerDto {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  questionKey: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7 })
  @IsInt()
  value: number;
}

export class MirrorDto {
  @ApiProperty({ type: [MirrorAnswerDto], description: 'The campaign’s items, answered as the manager expects the team to answer' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MirrorAnswerDto)
  answers: MirrorAnswerDto[];
}

export class MirrorResponse {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ type: [MirrorAnswerDto] }) answers: MirrorAnswerDto[];
  @ApiProperty({ type: MirrorScoresDto, description: 'The expectation per dimension, 0–100 (null: too few of its items answered)' })
  expectation: Record<Dimension, number | null>;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ShareResultsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'campaignId must be a campaign id' })
  campaignId: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000, description: 'A note from the manager, sent with the results' })
  @Transform(({ value }) => blankToNull(value))
  @Clearable()
  @IsString()
  @MaxLength(2000)
  message?: string | null;
}

export class ShareResponse {
  @ApiProperty({ description: 'true when this campaign’s results had already been shared with the team: nothing new was sent' })
  alreadyShared: boolean;
  @ApiProperty({ type: 'integer', description: 'Members the results were (or, when already shared, had been) sent to' }) recipients: number;
  @ApiProperty({ format: 'date-time' }) sharedAt: string;
}
