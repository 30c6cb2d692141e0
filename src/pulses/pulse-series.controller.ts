import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ListQuery } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { CreatePulseSeriesDto } from './pulse-series.dto';
import { PulseSeriesService } from './pulse-series.service';

/** Recurring pulses (hr_admin only): a campaign per slot, made and launched by the worker. */
@ApiTags('pulse series')
@ApiBearerAuth()
@Controller('api/v1/pulse-series')
export class PulseSeriesController {
  constructor(private readonly series: PulseSeriesService) {}

  @Post()
  create(@CurrentPrincipal() me: Principal, @Body() body: CreatePulseSeriesDto) {
    return this.series.create(me.orgId, body);
  }

  @Get()
  list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return this.series.list(me.orgId, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.get(me.orgId, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.pause(me.orgId, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.resume(me.orgId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.remove(me.orgId, id);
  }
}
