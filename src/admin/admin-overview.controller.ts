import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { adminFrame } from './admin-frame';
import { renderOverview } from './admin-overview.page';
import { AdminOverviewService } from './admin-overview.service';
import { AdminReadsService } from './admin-reads.service';

/** /admin: what needs HR's attention now. */
@ApiExcludeController()
@Controller('admin')
@WebPage('hr_admin')
export class AdminOverviewController {
  constructor(
    private readonly overview: AdminOverviewService,
    private readonly reads: AdminReadsService,
  ) {}

  @Get()
  async show(@CurrentSession() s: WebSession, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const org = await this.reads.organization(s.principal.orgId);
    return renderOverview(adminFrame(s, req, reply), await this.overview.overview(s.principal.orgId), org.timezone);
  }
}
