import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiPageResponse, ApiProblems, JSON_BODY_PROBLEMS } from '../common/openapi';
import { ListQuery } from '../common/pagination';
import { uuidPipe } from '../common/validation';
import { CreatePulseSeriesDto } from './pulse-series.dto';
import { PulseSeriesDto } from './pulse-series.responses';
import { PulseSeriesService } from './pulse-series.service';

/** Recurring pulses (hr_admin only): a campaign per slot, made and launched by the worker. */
@ApiTags('pulse series')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1/pulse-series')
export class PulseSeriesController {
  constructor(private readonly series: PulseSeriesService) {}

  @Post()
  @ApiOperation({
    summary: 'Start a pulse series',
    description: 'hr_admin. A campaign per slot is made and launched by the worker, items rotating so each is asked equally often.',
  })
  @ApiCreatedResponse({ type: PulseSeriesDto, description: 'The series.' })
  @ApiProblems(...JSON_BODY_PROBLEMS)
  create(@CurrentPrincipal() me: Principal, @Body() body: CreatePulseSeriesDto) {
    return this.series.create(me.orgId, body);
  }

  @Get()
  @ApiOperation({ summary: 'List pulse series', description: 'hr_admin.' })
  @ApiPageResponse(PulseSeriesDto, 'A page of pulse series.')
  @ApiProblems(422)
  list(@CurrentPrincipal() me: Principal, @Query() query: ListQuery) {
    return this.series.list(me.orgId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a pulse series', description: 'hr_admin.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PulseSeriesDto, description: 'The series.' })
  @ApiProblems({ 404: 'No such pulse series in this organization.' })
  get(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.get(me.orgId, id);
  }

  @Post(':id/pause')
  @ApiOperation({ summary: 'Pause a series', description: 'hr_admin. No new slot is made while paused; a pulse already open runs to its close.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PulseSeriesDto, description: 'The series.' })
  @ApiProblems(400, 413, 415, { 404: 'No such pulse series in this organization.' })
  @HttpCode(200)
  pause(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.pause(me.orgId, id);
  }

  @Post(':id/resume')
  @ApiOperation({ summary: 'Resume a paused series', description: 'hr_admin. Slots missed while paused are not made up; the slot open right now is, if its window has not passed.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PulseSeriesDto, description: 'The series.' })
  @ApiProblems(400, 413, 415, { 404: 'No such pulse series in this organization.' })
  @HttpCode(200)
  resume(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.resume(me.orgId, id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'End a series', description: 'hr_admin. No new slot is made; campaigns already made stay.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Ended.' })
  @ApiProblems({ 404: 'No such pulse series in this organization.' })
  @HttpCode(204)
  remove(@CurrentPrincipal() me: Principal, @Param('id', uuidPipe('pulse series')) id: string) {
    return this.series.remove(me.orgId, id);
  }
}
