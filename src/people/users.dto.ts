import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { IsSingleLine, Optional, normalizeEmail, trimString } from '../common/validators';
import { Role, ROLES } from '../auth/principal';
import { User } from './user.entity';

export class CreateUserDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ana@example.com' })
  @Transform(({ value }) => normalizeEmail(value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Optional()
  @IsIn(ROLES)
  role?: Role;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'the key itself, shown this once only', example: 'rpk_…' }) key: string;
}

export class CreateApiKeyDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Optional()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 100)
  label?: string;
}

export function toUserView(user: User): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
