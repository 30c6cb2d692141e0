import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IsDateTimeWithOffset, IsTeamIds, trimString } from '../common/validators';


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
  @IsDateTimeWithOffset()
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
  @IsTeamIds()
  teamIds: string[];

  @ApiProperty({ format: 'date-time' })
  @IsDateTimeWithOffset()
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
  @IsTeamIds()
  teamIds?: string[];

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTimeWithOffset()
  closesAt?: Date;
}
