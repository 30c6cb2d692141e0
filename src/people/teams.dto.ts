import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsSingleLine, Optional, normalizeEmail, trimString } from '../common/validators';

export class CreateTeamDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  managerIds?: string[];
}

export class UpdateTeamDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null makes the team a root' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  managerIds?: string[];
}

export class CreateMemberDto {
  @ApiProperty({ format: 'email', maxLength: 254 })
  @Transform(({ value }) => normalizeEmail(value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name?: string;
}

export interface TeamView {
  id: string;
  name: string;
  parentId: string | null;
  managerIds: string[];
}
