import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ListQuery, mapPage } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { MembersService, toMemberView } from './members.service';
import { CreateMemberDto, CreateTeamDto, UpdateTeamDto } from './teams.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('api/v1')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly members: MembersService,
  ) {}

  @Post('teams')
  create(@CurrentPrincipal() me: Principal, @Body() body: CreateTeamDto) {
    return this.teams.create(me, body);
  }

  @Get('teams')
  @Roles('hr_admin', 'manager')
  list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return this.teams.list(me, query);
  }

  @Get('teams/:id')
  @Roles('hr_admin', 'manager')
  get(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string) {
    return this.teams.get(me, id);
  }

  @Patch('teams/:id')
  update(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Body() body: UpdateTeamDto) {
    return this.teams.update(me, id, body);
  }

  @Delete('teams/:id')
  @HttpCode(204)
  archive(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string) {
    return this.teams.archive(me, id);
  }

  @Post('teams/:id/members')
  async addMember(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Body() body: CreateMemberDto) {
    return toMemberView(await this.members.add(me, id, body));
  }

  @Get('teams/:id/members')
  async listMembers(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Query() query: ListQuery) {
    return mapPage(await this.members.list(me.orgId, id, query), toMemberView);
  }

  @Delete('members/:id')
  @HttpCode(204)
  deactivateMember(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('member')) id: string) {
    return this.members.deactivate(me, id);
  }
}
