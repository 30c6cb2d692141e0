import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditQuery } from '../audit/audit.dto';
import { AuditService } from '../audit/audit.service';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { UpdateOrganizationDto } from '../organizations/organizations.dto';
import { OrganizationsService } from '../organizations/organizations.service';
import { emptyForm, FormBody, FormState, integer, submit, text, validated } from './admin-forms';
import { AdminFrame, adminFrame } from './admin-frame';
import { AdminReadsService } from './admin-reads.service';
import { renderAudit, renderSettings } from './admin-settings.page';

/** /admin/settings (OrganizationsService) and /admin/audit (AuditService). */
@ApiExcludeController()
@Controller('admin')
@WebPage('hr_admin')
export class AdminSettingsController {
  constructor(
    private readonly reads: AdminReadsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  @Get('settings')
  show(@CurrentSession() s: WebSession, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.settingsPage(adminFrame(s, req, reply), s.principal.orgId, emptyForm());
  }

  @Post('settings')
  save(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = {
      name: text(body, 'name'),
      anonymityThreshold: integer(body, 'anonymityThreshold'),
      timezone: text(body, 'timezone').trim(),
      allowedEmailDomains: text(body, 'allowedEmailDomains').split(/[\s,]+/).filter(Boolean),
    };
    return submit(
      reply,
      async () => this.organizations.update(s.principal, await validated(UpdateOrganizationDto, input)),
      { to: '/admin/settings', notice: 'Settings saved.' },
      (state) => this.settingsPage(adminFrame(s, req, reply), s.principal.orgId, state),
      body,
    );
  }

  @Get('audit')
  async trail(@CurrentSession() s: WebSession, @Query() query: AuditQuery, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const [page, org] = [await this.audit.list(s.principal.orgId, { ...query, limit: query.limit ?? 100 }), await this.reads.organization(s.principal.orgId)];
    return renderAudit(adminFrame(s, req, reply), page.items, page.nextCursor, query.type, org.timezone);
  }

  private async settingsPage(f: AdminFrame, orgId: string, form: FormState) {
    return renderSettings(f, await this.reads.organization(orgId), form);
  }
}
