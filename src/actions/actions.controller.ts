import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiPageResponse, ApiProblems, JSON_BODY_PROBLEMS } from '../common/openapi';
import { ListQuery } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { ActionDto } from '../results/team-loop.responses';
import { CreateActionDto, MirrorDto, MirrorResponse, ShareResponse, ShareResultsDto, UpdateActionDto } from './actions.dto';
import { ActionsService } from './actions.service';
import { MirrorsService } from './mirrors.service';
import { ResultSharesService } from './result-shares.service';

const NOT_YOURS = 'No such team, campaign or action in your organization, or not one of your teams.';

/**
 * Acting on results (API.md): the team's managers (a team they manage or one within it) and
 * hr_admin anywhere in the organization. Everything else is a 404.
 */
@ApiTags('acting on results')
@ApiBearerAuth()
@Controller('api/v1')
@Roles('hr_admin', 'manager')
@ApiProblems(401)
export class ActionsController {
  constructor(
    private readonly actions: ActionsService,
    private readonly mirrors: MirrorsService,
    private readonly shares: ResultSharesService,
  ) {}

  @Post('teams/:id/actions')
  @ApiOperation({ summary: 'Record an action the team agreed on after its results' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: ActionDto, description: 'The action.' })
  @ApiProblems(...JSON_BODY_PROBLEMS, { 404: NOT_YOURS })
  create(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Body() body: CreateActionDto) {
    return this.actions.create(me, id, body);
  }

  @Get('teams/:id/actions')
  @ApiOperation({ summary: 'The team’s actions, oldest first' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiPageResponse(ActionDto, 'A page of actions.')
  @ApiProblems(422, { 404: NOT_YOURS })
  list(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('team')) id: string, @Query() query: ListQuery) {
    return this.actions.list(me, id, query);
  }

  @Get('actions/:id')
  @ApiOperation({ summary: 'One action' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ActionDto, description: 'The action.' })
  @ApiProblems({ 404: NOT_YOURS })
  get(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('action')) id: string) {
    return this.actions.get(me, id);
  }

  @Patch('actions/:id')
  @ApiOperation({ summary: 'Move an action (status and note) or edit it; null clears detail, dueOn or note' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ActionDto, description: 'The action.' })
  @ApiProblems(...JSON_BODY_PROBLEMS, { 404: NOT_YOURS })
  update(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('action')) id: string, @Body() body: UpdateActionDto) {
    return this.actions.update(me, id, body);
  }

  @Delete('actions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an action recorded by mistake (to give one up, set its status to dropped)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems({ 404: NOT_YOURS })
  remove(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('action')) id: string) {
    return this.actions.remove(me, id);
  }

  @Put('campaigns/:id/mirror/:teamId')
  @ApiOperation({ summary: 'The manager’s mirror: answer the survey’s items as you expect the team to, while it is open' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'teamId', format: 'uuid' })
  @ApiOkResponse({ type: MirrorResponse, description: 'The mirror as recorded.' })
  @ApiProblems(...JSON_BODY_PROBLEMS, { 404: NOT_YOURS, 409: 'The campaign has not opened yet.', 410: 'The campaign has closed.' })
  mirror(
    @CurrentPrincipal() me: Principal,
    @Param('id', uuidPipe('campaign')) id: string,
    @Param('teamId', uuidPipe('team')) teamId: string,
    @Body() body: MirrorDto,
  ) {
    return this.mirrors.record(me, id, teamId, body);
  }

  @Post('teams/:id/results/share')
  @HttpCode(202)
  @ApiOperation({ summary: 'Email the team’s shown results and its actions to every active member, once per campaign' })
  @ApiAcceptedResponse({ type: ShareResponse, description: 'One email per active member is on its way' })
  @ApiOkResponse({ type: ShareResponse, description: 'Already shared for this campaign: nothing new was sent' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProblems(...JSON_BODY_PROBLEMS, { 404: NOT_YOURS, 409: 'The team’s results are hidden, or the campaign is not scored yet.' })
  async share(
    @CurrentPrincipal() me: Principal,
    @Param('id', uuidPipe('team')) id: string,
    @Body() body: ShareResultsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShareResponse> {
    const { created, ...outcome } = await this.shares.share(me, id, body);
    if (!created) reply.status(200);
    return outcome;
  }
}
