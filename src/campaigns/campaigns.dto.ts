import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IsDateTimeWithOffset, IsSingleLine, IsTeamIds, Optional, trimString } from '../common/validators';


export class CampaignFieldsDto {
  @ApiPropertyOptional({ type: [String], description: 'Keys from GET /api/v1/questions; default: the 24 agreement items' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(25)
  @ArrayUnique()
  @IsString({ each: true })
  questionKeys?: string[];

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  includeSubteams?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'omit to open at launch' })
  @Optional()
  @IsDateTimeWithOffset()
  opensAt?: Date;

  @ApiPropertyOptional({ type: 'integer', isArray: true, minimum: 1, maximum: 24 * 60, maxItems: 5, uniqueItems: true, description: 'hours before close; default [48]' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(24 * 60, { each: true })
  reminders?: number[];

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  allowComments?: boolean;
}

export class CreateCampaignDto extends CampaignFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsTeamIds()
  teamIds: string[];

  @ApiProperty({ format: 'date-time' })
  @IsDateTimeWithOffset()
  closesAt: Date;
}

export class UpdateCampaignDto extends CampaignFieldsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional()
  @IsTeamIds()
  teamIds?: string[];

  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsDateTimeWithOffset()
  closesAt?: Date;
}
