import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiPageResponse, ApiProblems, JSON_BODY_PROBLEMS } from '../common/openapi';
import { ListQuery, mapPage } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { MembersService, toMemberView } from './members.service';
import { CreateMemberDto, CreateTeamDto, UpdateTeamDto } from './teams.dto';
import { MemberDto, TeamDto } from './people.responses';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly members: MembersService,
  ) {}

  @Post('teams')
  @ApiOperation({ summary: 'Create a team', description: 'hr_admin. Without `parentId` the team is a root.' })
  @ApiCreatedResponse({ type: TeamDto, description: 'The team.' })
  @ApiProblems(403, ...JSON_BODY_PROBLEMS, { 409: 'An active team with this name already exists.' })
  create(@CurrentPrincipal() me: Principal, @Body() body: CreateTeamDto) {
    return this.teams.create(me, body);
  }

  @Get('teams')
  @ApiOperation({ summary: 'List teams', description: 'hr_admin: every active team; manager: the teams they manage and their descendants.' })
  @ApiPageResponse(TeamDto, 'A page of teams.')
  @ApiProblems(422)
  @Roles('hr_admin', 'manager')
  list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return this.teams.list(me, query);
  }

  @Get('teams/:id')
  @ApiOperation({ summary: 'Read a team', description: 'hr_admin, or a manager of the team or one of its ancestors.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TeamDto, description: 'The team.' })
  @ApiProblems({ 404: 'No such team, or outside the caller’s teams.' })
  @Roles('hr_admin', 'manager')
  get(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string) {
    return this.teams.get(me, id);
  }

  @Patch('teams/:id')
  @ApiOperation({ summary: 'Rename, move or re-staff a team', description: 'hr_admin. `parentId: null` makes the team a root.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TeamDto, description: 'The team.' })
  @ApiProblems(403, ...JSON_BODY_PROBLEMS, { 404: 'No such team.', 409: 'The new parent would make a cycle, or the name is taken.' })
  update(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Body() body: UpdateTeamDto) {
    return this.teams.update(me, id, body);
  }

  @Delete('teams/:id')
  @ApiOperation({ summary: 'Archive a team', description: 'hr_admin. Past results stay.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Archived.' })
  @ApiProblems(403, { 404: 'No such team.', 409: 'The team still has active child teams or members.' })
  @HttpCode(204)
  archive(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string) {
    return this.teams.archive(me, id);
  }

  @Post('teams/:id/members')
  @ApiOperation({ summary: 'Add a member to a team', description: 'hr_admin. Members answer surveys; they never sign in.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: MemberDto, description: 'The member.' })
  @ApiProblems(403, ...JSON_BODY_PROBLEMS, { 404: 'No such team.', 409: 'The email is already an active member of the organization.' })
  async addMember(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Body() body: CreateMemberDto) {
    return toMemberView(await this.members.add(me, id, body));
  }

  @Get('teams/:id/members')
  @ApiOperation({ summary: 'List a team’s members', description: 'hr_admin. The team’s own members, not its descendants’.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiPageResponse(MemberDto, 'A page of members.')
  @ApiProblems(403, 422, { 404: 'No such team.' })
  async listMembers(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Query() query: ListQuery) {
    return mapPage(await this.members.list(me.orgId, id, query), toMemberView);
  }

  @Delete('members/:id')
  @ApiOperation({ summary: 'Deactivate a member', description: 'hr_admin. Past responses stay; they were never linked to the member.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deactivated.' })
  @ApiProblems(403, { 404: 'No such active member.' })
  @HttpCode(204)
  deactivateMember(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('member')) id: string) {
    return this.members.deactivate(me, id);
  }
}
