import { ApiProperty } from '@nestjs/swagger';
import type { TeamView } from './teams.dto';
import type { ImportResult } from './members-import.service';

export class TeamDto implements TeamView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a root team' })
  parentId: string | null;

  @ApiProperty({ type: [String], format: 'uuid', description: 'users who manage the team' })
  managerIds: string[];
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ format: 'uuid' })
  teamId: string;

  @ApiProperty({ description: 'false once deactivated' })
  active: boolean;
}

export class ImportErrorDto {
  @ApiProperty({ type: 'integer', description: 'line of the file, 1 being the header' })
  line: number;

  @ApiProperty()
  message: string;
}

export class ImportResultDto implements Omit<ImportResult, 'changes'> {
  @ApiProperty({ type: 'integer', description: 'members added' })
  created: number;

  @ApiProperty({ type: 'integer', description: 'existing members whose name or team changed' })
  updated: number;

  @ApiProperty({ type: 'integer', description: 'always 0: an import never deactivates anyone' })
  deactivated: number;

  @ApiProperty({ type: 'integer', description: 'teams the file named that did not exist' })
  teamsCreated: number;

  @ApiProperty({ type: [ImportErrorDto], description: 'any entry means nothing was written' })
  errors: ImportErrorDto[];
}
