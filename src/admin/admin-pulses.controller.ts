import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { CreatePulseSeriesDto } from '../pulses/pulse-series.dto';
import { PulseSeriesService } from '../pulses/pulse-series.service';
import { uuidPipe } from '../common/validation';
import { emptyForm, FormBody, FormState, integer, list, submit, text, validated } from './admin-forms';
import { AdminFrame, adminFrame, refused } from './admin-frame';
import { renderPulses } from './admin-pulses.page';
import { AdminReadsService } from './admin-reads.service';
import { fromLocalInput } from './local-time';

/** /admin/pulses: create, pause, resume, delete (PulseSeriesService). */
@ApiExcludeController()
@Controller('admin/pulses')
@WebPage('hr_admin')
export class AdminPulsesController {
  constructor(
    private readonly reads: AdminReadsService,
    private readonly pulses: PulseSeriesService,
  ) {}

  @Get()
  list(@CurrentSession() s: WebSession, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.page(adminFrame(s, req, reply), s.principal.orgId, emptyForm());
  }

  @Post()
  async create(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { timezone } = await this.reads.organization(s.principal.orgId);
    const input = {
      name: text(body, 'name'),
      teamIds: list(body, 'teamIds'),
      cadence: text(body, 'cadence'),
      itemsPerPulse: integer(body, 'itemsPerPulse'),
      durationDays: integer(body, 'durationDays'),
      startAt: fromLocalInput(text(body, 'startAt'), timezone),
    };
    return submit(
      reply,
      async () => this.pulses.create(s.principal.orgId, await validated(CreatePulseSeriesDto, input)),
      { to: '/admin/pulses', notice: `Pulse “${input.name.trim()}” created.` },
      (state) => this.page(adminFrame(s, req, reply), s.principal.orgId, state),
      body,
    );
  }

  @Post(':id/pause')
  pause(@CurrentSession() s: WebSession, @Param('id', uuidPipe('pulse series')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(s, req, reply, () => this.pulses.pause(s.principal.orgId, id), 'Pulse paused: no new slot starts until you resume it.');
  }

  @Post(':id/resume')
  resume(@CurrentSession() s: WebSession, @Param('id', uuidPipe('pulse series')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(s, req, reply, () => this.pulses.resume(s.principal.orgId, id), 'Pulse resumed.');
  }

  @Post(':id/delete')
  remove(@CurrentSession() s: WebSession, @Param('id', uuidPipe('pulse series')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(s, req, reply, () => this.pulses.remove(s.principal.orgId, id), 'Pulse deleted. Its past campaigns and results stay.');
  }

  private act(s: WebSession, req: FastifyRequest, reply: FastifyReply, action: () => Promise<unknown>, notice: string) {
    return submit(reply, action, { to: '/admin/pulses', notice }, (state) => this.page(refused(adminFrame(s, req, reply), state), s.principal.orgId, emptyForm()), {});
  }

  private async page(f: AdminFrame, orgId: string, form: FormState) {
    const [series, teams, org] = [await this.pulses.list(orgId, { limit: 200 }), await this.reads.teams(orgId), await this.reads.organization(orgId)];
    return renderPulses(f, series.items, teams, form, org.timezone);
  }
}
