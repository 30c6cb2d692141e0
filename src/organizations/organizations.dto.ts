import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsTimeZone, Optional, trimString } from '../common/validators';
import { Organization } from './organization.entity';

export class UpdateOrganizationDto {
  @ApiPropertyOptional()
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ minimum: 3, maximum: 50, description: 'Smallest group whose scores are shown' })
  @Optional()
  @IsInt()
  @Min(3)
  @Max(50)
  anonymityThreshold?: number;

  @ApiPropertyOptional({ example: 'Europe/Paris' })
  @Optional()
  @IsTimeZone()
  timezone?: string;
}

export function toOrganizationView(org: Organization) {
  return { id: org.id, name: org.name, anonymityThreshold: org.anonymityThreshold, timezone: org.timezone };
}
