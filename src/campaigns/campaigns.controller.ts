import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiPageResponse, ApiProblems, JSON_BODY_PROBLEMS } from '../common/openapi';
import { ListQuery } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { CampaignLifecycleService } from './campaign-lifecycle.service';
import { CreateCampaignDto, UpdateCampaignDto } from './campaigns.dto';
import { CampaignDto } from './campaigns.responses';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly lifecycle: CampaignLifecycleService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a draft campaign',
    description: 'hr_admin. `closesAt` must be after `opensAt` (or now); question keys must exist. Nothing is sent until launch.',
  })
  @ApiCreatedResponse({ type: CampaignDto, description: 'The campaign.' })
  @ApiProblems(403, ...JSON_BODY_PROBLEMS)
  create(@CurrentPrincipal() me: Principal, @Body() body: CreateCampaignDto) {
    return this.campaigns.create(me, body);
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns', description: 'hr_admin: all; manager: campaigns whose audience includes their teams.' })
  @ApiPageResponse(CampaignDto, 'A page of campaigns.')
  @ApiProblems(422)
  @Roles('hr_admin', 'manager')
  list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return this.campaigns.list(me, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a campaign', description: 'hr_admin, or a manager whose teams are in its audience.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignDto, description: 'The campaign.' })
  @ApiProblems({ 404: 'No such campaign in this organization.' })
  @Roles('hr_admin', 'manager')
  get(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    return this.campaigns.get(me, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a draft', description: 'hr_admin. Drafts only.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignDto, description: 'The campaign.' })
  @ApiProblems(403, ...JSON_BODY_PROBLEMS, { 404: 'No such campaign in this organization.', 409: 'The campaign was launched.' })
  update(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: UpdateCampaignDto) {
    return this.campaigns.update(me.orgId, id, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a draft', description: 'hr_admin. Drafts only.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(403, { 404: 'No such campaign in this organization.', 409: 'The campaign was launched.' })
  @HttpCode(204)
  remove(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    return this.campaigns.remove(me.orgId, id);
  }

  @Post(':id/launch')
  @ApiOperation({
    summary: 'Launch a draft',
    description:
      'hr_admin. Freezes the audience, team tree and threshold and invites every active member (emailed). Status `open`, or `scheduled` when `opensAt` is in the future (invited then).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignDto, description: 'The campaign.' })
  @ApiProblems(403, 400, 413, 415, { 404: 'No such campaign in this organization.', 409: 'Not a draft, closes in the past, or none of its teams is active.' })
  @HttpCode(200)
  async launch(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    await this.lifecycle.launch(me.orgId, id, me);
    return this.campaigns.get(me, id);
  }

  @Post(':id/close')
  @ApiOperation({
    summary: 'Close an open campaign',
    description: 'hr_admin. Answers are detached from people and the open-phase data dropped; scoring and reports follow in the background (status `scored`).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignDto, description: 'The campaign.' })
  @ApiProblems(403, 400, 413, 415, { 404: 'No such campaign in this organization.', 409: 'The campaign is not open.' })
  @HttpCode(200)
  async close(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    await this.lifecycle.close(id, { orgId: me.orgId, actor: me });
    return this.campaigns.get(me, id);
  }
}
