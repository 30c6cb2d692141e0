import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { CampaignLifecycleService } from '../campaigns/campaign-lifecycle.service';
import { CreateCampaignDto } from '../campaigns/campaigns.dto';
import { CampaignsService } from '../campaigns/campaigns.service';
import { uuidPipe } from '../common/validation';
import { emptyForm, FormBody, FormState, list, submit, text, validated } from './admin-forms';
import { AdminFrame, adminFrame, refused } from './admin-frame';
import { renderCampaign, renderCampaigns } from './admin-campaigns.page';
import { RECENT_MEMBER_DAYS } from './admin-overview.service';
import { AdminReadsService } from './admin-reads.service';
import { fromLocalInput } from './local-time';

/** "48, 24" → [48, 24]; a word stays as typed so validation can name it. */
export function readReminders(value: string): Array<number | string> {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => (/^\d+$/.test(v) ? Number(v) : v));
}

/** /admin/campaigns: list, create (a draft), preview, launch or schedule, remind, close, delete (CampaignsService, CampaignLifecycleService). */
@ApiExcludeController()
@Controller('admin/campaigns')
@WebPage('hr_admin')
export class AdminCampaignsController {
  constructor(
    private readonly reads: AdminReadsService,
    private readonly campaigns: CampaignsService,
    private readonly lifecycle: CampaignLifecycleService,
  ) {}

  @Get()
  list(@CurrentSession() s: WebSession, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.listPage(adminFrame(s, req, reply), s, emptyForm());
  }

  @Post()
  async create(@CurrentSession() s: WebSession, @Body() body: FormBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { timezone } = await this.reads.organization(s.principal.orgId);
    const input = {
      name: text(body, 'name'),
      teamIds: list(body, 'teamIds'),
      includeSubteams: list(body, 'includeSubteams').includes('yes'),
      opensAt: fromLocalInput(text(body, 'opensAt'), timezone),
      closesAt: fromLocalInput(text(body, 'closesAt'), timezone),
      reminders: readReminders(text(body, 'reminders')),
      allowComments: list(body, 'allowComments').includes('yes'),
    };
    return submit(
      reply,
      async () => this.campaigns.create(s.principal, await validated(CreateCampaignDto, input)),
      { to: (c) => `/admin/campaigns/${c.id}`, notice: 'Draft created. Check who will be asked, then launch it.' },
      (state) => this.listPage(adminFrame(s, req, reply), s, state),
      body,
    );
  }

  @Get(':id')
  show(@CurrentSession() s: WebSession, @Param('id', uuidPipe('campaign')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.campaignPage(adminFrame(s, req, reply), s, id);
  }

  @Post(':id/launch')
  launch(@CurrentSession() s: WebSession, @Param('id', uuidPipe('campaign')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(s, id, req, reply, () => this.lifecycle.launch(s.principal.orgId, id, s.principal), 'Launched: invitations are on their way (or will be, at the opening time).');
  }

  @Post(':id/close')
  close(@CurrentSession() s: WebSession, @Param('id', uuidPipe('campaign')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(s, id, req, reply, () => this.lifecycle.close(id, { orgId: s.principal.orgId, actor: s.principal }), 'Closed. Scoring has started; results follow in a few minutes.');
  }

  @Post(':id/remind')
  remind(@CurrentSession() s: WebSession, @Param('id', uuidPipe('campaign')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(s, id, req, reply, () => this.lifecycle.remindNow(s.principal.orgId, id), 'Reminder sent to everyone who has not answered yet.');
  }

  @Post(':id/delete')
  remove(@CurrentSession() s: WebSession, @Param('id', uuidPipe('campaign')) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return submit(
      reply,
      () => this.campaigns.remove(s.principal.orgId, id),
      { to: '/admin/campaigns', notice: 'Draft deleted.' },
      (state) => this.campaignPage(refused(adminFrame(s, req, reply), state), s, id),
      {},
    );
  }

  private act(s: WebSession, id: string, req: FastifyRequest, reply: FastifyReply, action: () => Promise<unknown>, notice: string) {
    return submit(
      reply,
      action,
      { to: `/admin/campaigns/${id}`, notice },
      (state) => this.campaignPage(refused(adminFrame(s, req, reply), state), s, id),
      {},
    );
  }

  private async listPage(f: AdminFrame, s: WebSession, form: FormState) {
    const orgId = s.principal.orgId;
    const [campaigns, teams, org] = [await this.campaigns.list(s.principal, { limit: 200 }), await this.reads.teams(orgId), await this.reads.organization(orgId)];
    return renderCampaigns(f, campaigns.items.reverse(), teams, form, org.timezone);
  }

  private async campaignPage(f: AdminFrame, s: WebSession, id: string) {
    const campaign = await this.campaigns.get(s.principal, id);
    const org = await this.reads.organization(s.principal.orgId);
    const frozen = await this.campaigns.find(s.principal.orgId, id);
    const threshold = frozen.threshold ?? org.threshold;
    const audience = campaign.status === 'draft' ? await this.reads.audiencePreview(s.principal.orgId, campaign.teamIds, campaign.includeSubteams, threshold) : null;
    return renderCampaign(f, {
      campaign,
      threshold,
      timeZone: org.timezone,
      audience,
      recentlyAdded: audience ? await this.reads.recentlyAdded(s.principal.orgId, audience.map((r) => r.teamId), RECENT_MEMBER_DAYS) : [],
      progress: campaign.status === 'open' || campaign.status === 'scheduled' ? await this.reads.progress(id, threshold) : null,
    });
  }
}
