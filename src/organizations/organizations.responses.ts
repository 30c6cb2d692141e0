import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../auth/principal';
import { OrganizationDto } from './organizations.dto';

export class MeUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}

export class MeDto {
  @ApiProperty({ type: MeUserDto })
  user: MeUserDto;

  @ApiProperty({ type: OrganizationDto })
  org: OrganizationDto;
}
