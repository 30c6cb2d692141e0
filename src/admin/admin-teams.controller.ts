import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { NotFoundError } from '../common/errors';
import { uuidPipe } from '../common/validation';
import { CreateTeamDto, UpdateTeamDto } from '../people/teams.dto';
import { TeamsService } from '../people/teams.service';
import { emptyForm, FormBody, FormState, list, optional, submit, text, validated } from './admin-forms';
import { AdminFrame, adminFrame, refused } from './admin-frame';
import { AdminReadsService } from './admin-reads.service';
import { renderTeam, renderTeams } from './admin-teams.page';

const teamFields = (body: FormBody) => ({ name: text(body, 'name'), managerIds: list(body, 'managerIds') });

/** /admin/teams: the tree; create, rename, move, archive, assign managers (TeamsService does each). */
@ApiExcludeController()
@Controller('admin/teams')
@WebPage('hr_admin')
export class AdminTeamsController {
  constructor(
    private readonly reads: AdminReadsService,
    private readonly teams: TeamsService,
  ) {}

  @Get()
  list(@CurrentSession() s: WebSession, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.listPage(adminFrame(s, req, reply), s.principal.orgId, emptyForm());
  }

  @Post()
  create(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = { ...teamFields(body), parentId: optional(body, 'parentId') };
    return submit(
      reply,
      async () => this.teams.create(s.principal, await validated(CreateTeamDto, input)),
      { to: '/admin/teams', notice: `Team “${input.name.trim()}” created.` },
      (state) => this.listPage(adminFrame(s, req, reply), s.principal.orgId, state),
      body,
    );
  }

  @Get(':id')
  edit(@CurrentSession() s: WebSession, @Param('id', uuidPipe('team')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.teamPage(adminFrame(s, req, reply), s.principal.orgId, id, emptyForm());
  }

  @Post(':id')
  update(
    @CurrentSession() s: WebSession,
    @Param('id', uuidPipe('team')) id: string,
    @Body() body: FormBody,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = { ...teamFields(body), parentId: optional(body, 'parentId') ?? null };
    return submit(
      reply,
      async () => this.teams.update(s.principal, id, await validated(UpdateTeamDto, input)),
      { to: `/admin/teams/${id}`, notice: 'Team saved.' },
      (state) => this.teamPage(adminFrame(s, req, reply), s.principal.orgId, id, state),
      body,
    );
  }

  @Post(':id/archive')
  archive(@CurrentSession() s: WebSession, @Param('id', uuidPipe('team')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return submit(
      reply,
      () => this.teams.archive(s.principal, id),
      { to: '/admin/teams', notice: 'Team archived.' },
      (state) => this.listPage(refused(adminFrame(s, req, reply), state), s.principal.orgId, emptyForm()),
      {},
    );
  }

  private async listPage(f: AdminFrame, orgId: string, form: FormState) {
    return renderTeams(f, await this.reads.teams(orgId), await this.reads.users(orgId), form);
  }

  private async teamPage(f: AdminFrame, orgId: string, id: string, form: FormState) {
    const teams = await this.reads.teams(orgId);
    const team = teams.find((t) => t.id === id);
    if (!team) throw new NotFoundError('team');
    return renderTeam(f, team, teams, await this.reads.users(orgId), form);
  }
}
