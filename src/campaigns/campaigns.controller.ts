import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ListQuery } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { CampaignLifecycleService } from './campaign-lifecycle.service';
import { CreateCampaignDto, UpdateCampaignDto } from './campaigns.dto';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly lifecycle: CampaignLifecycleService,
  ) {}

  @Post()
  create(@CurrentPrincipal() me: Principal, @Body() body: CreateCampaignDto) {
    return this.campaigns.create(me, body);
  }

  @Get()
  @Roles('hr_admin', 'manager')
  list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return this.campaigns.list(me, query);
  }

  @Get(':id')
  @Roles('hr_admin', 'manager')
  get(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    return this.campaigns.get(me, id);
  }

  @Patch(':id')
  update(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: UpdateCampaignDto) {
    return this.campaigns.update(me.orgId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    return this.campaigns.remove(me.orgId, id);
  }

  @Post(':id/launch')
  @HttpCode(200)
  async launch(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    await this.lifecycle.launch(me.orgId, id, me);
    return this.campaigns.get(me, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  async close(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('campaign')) id: string) {
    await this.lifecycle.close(id, { orgId: me.orgId, actor: me });
    return this.campaigns.get(me, id);
  }
}
