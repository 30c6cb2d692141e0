import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { trimString } from '../common/validators';

/** A date-time with an explicit offset; a bare date or a local time is ambiguous and refused. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const toDate = ({ value }: { value: unknown }) =>
  typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : value;
const DATE_MESSAGE = { message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-05-01T09:00:00+02:00' };

export class CampaignFieldsDto {
  @ApiPropertyOptional({ type: [String], description: 'Keys from GET /api/v1/questions; default: the 24 agreement items' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(25)
  @ArrayUnique()
  @IsString({ each: true })
  questionKeys?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  includeSubteams?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'omit to open at launch' })
  @IsOptional()
  @Transform(toDate)
  @IsDate(DATE_MESSAGE)
  opensAt?: Date;

  @ApiPropertyOptional({ type: [Number], description: 'hours before close; default [48]' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(24 * 60, { each: true })
  reminders?: number[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  allowComments?: boolean;
}

export class CreateCampaignDto extends CampaignFieldsDto {
  @ApiProperty()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  teamIds: string[];

  @ApiProperty({ format: 'date-time' })
  @Transform(toDate)
  @IsDate(DATE_MESSAGE)
  closesAt: Date;
}

export class UpdateCampaignDto extends CampaignFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  teamIds?: string[];

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Transform(toDate)
  @IsDate(DATE_MESSAGE)
  closesAt?: Date;
}
