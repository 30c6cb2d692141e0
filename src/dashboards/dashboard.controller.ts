import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { csrfToken } from '../auth/csrf';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { uuidPipe } from '../common/validation';
import { PageFrame, renderHome, renderOrg, renderTeam } from './dashboard-pages';
import { DashboardService } from './dashboard.service';
import { TeamResultsQuery } from '../results/results.dto';

/**
 * The signed-in dashboards (API.md "Web and operations"): the same scoping as the JSON API,
 * since every number comes through ResultsService's checked methods. A team outside the
 * reader's scope or organization is a 404 page; /dashboard/org is a 403 page for a manager.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get()
  @WebPage()
  async home(@CurrentSession() session: WebSession, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return renderHome(frameOf(session, reply), await this.dashboards.home(session.principal));
  }

  @Get('org')
  @WebPage('hr_admin')
  async org(@CurrentSession() session: WebSession, @Query() query: TeamResultsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return renderOrg(frameOf(session, reply), await this.dashboards.org(session.principal, query.campaignId));
  }

  @Get('teams/:id')
  @WebPage()
  async team(
    @CurrentSession() session: WebSession,
    @Param('id', uuidPipe('team')) id: string,
    @Query() query: TeamResultsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return renderTeam(frameOf(session, reply), await this.dashboards.team(session.principal, id, { campaignId: query.campaignId, timeZone: session.orgTimeZone }));
  }
}

export function frameOf(session: WebSession, reply: FastifyReply): PageFrame {
  const { principal } = session;
  return { orgName: session.orgName, timeZone: session.orgTimeZone, user: { id: principal.userId, name: principal.name, email: principal.email, role: principal.role }, csrf: csrfToken(reply) };
}
