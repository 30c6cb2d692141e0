import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors';
import { ApiProblems } from '../common/openapi';
import { MembersImportService } from './members-import.service';
import { ImportResultDto } from './people.responses';

export class ImportQuery {
  @ApiPropertyOptional({ description: 'check the file and report what would change, writing nothing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('api/v1/members')
export class MembersImportController {
  constructor(private readonly importer: MembersImportService) {}

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import members from CSV',
    description:
      'hr_admin. Header `email,name,team,parent_team,manager_email` (`email` and `team` required). Creates missing teams and members and updates names and teams; never deactivates. All or nothing: any line in `errors` means nothing was written.',
  })
  @ApiConsumes('text/csv')
  @ApiOkResponse({ type: ImportResultDto, description: 'What was (or, with dryRun, would be) written, or the lines in error.' })
  @ApiProblems(401, 403, 413, 415, 422, { 409: 'Members or teams changed while importing; run it again.' })
  @ApiBody({ schema: { type: 'string', example: 'email,name,team,parent_team,manager_email\nana@example.com,Ana,Design,Product,lea@example.com' } })
  async import(@CurrentPrincipal() me: Principal, @Query() query: ImportQuery, @Body() csv: unknown) {
    if (typeof csv !== 'string') throw new DomainError('unsupported_media_type', 'Send the file as text/csv.');
    const { created, updated, deactivated, teamsCreated, errors } = await this.importer.import(me, csv, query.dryRun ?? false);
    return { created, updated, deactivated, teamsCreated, errors };
  }
}
