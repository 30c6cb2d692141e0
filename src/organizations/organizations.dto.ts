import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsSingleLine, IsTimeZone, Optional, trimString } from '../common/validators';
import { Organization } from './organization.entity';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 3, maximum: 50, description: 'Smallest group whose scores are shown; applies to campaigns launched afterwards' })
  @Optional()
  @IsInt()
  @Min(3)
  @Max(50)
  anonymityThreshold?: number;

  @ApiPropertyOptional({ example: 'Europe/Paris' })
  @Optional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['example.com'],
    description: 'member and user addresses must be in one of these domains (exactly); [] allows any',
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((d: unknown) => (typeof d === 'string' ? d.trim().toLowerCase() : d)) : value))
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(DOMAIN, { each: true, message: 'each of allowedEmailDomains must be a domain name such as example.com' })
  allowedEmailDomains?: string[];
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer', minimum: 3, maximum: 50, description: 'smallest group whose scores are shown' }) anonymityThreshold: number;
  @ApiProperty({ example: 'Europe/Paris', description: 'IANA timezone; "day" and "month" mean this zone' }) timezone: string;
  @ApiProperty({ type: [String], description: 'member and user addresses must be in one of these; [] allows any' }) allowedEmailDomains: string[];
}

export function toOrganizationView(org: Organization): OrganizationDto {
  return {
    id: org.id,
    name: org.name,
    anonymityThreshold: org.anonymityThreshold,
    timezone: org.timezone,
    allowedEmailDomains: org.allowedEmailDomains,
  };
}
