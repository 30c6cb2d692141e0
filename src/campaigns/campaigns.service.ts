import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit.events';
import { Principal } from '../auth/principal';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors';
import { ListQuery, Page, paginate } from '../common/pagination';
import { inTransaction } from '../database/transaction';
import { QuestionsService } from '../instruments/questions.service';
import { TeamsService } from '../people/teams.service';
import { Campaign } from './campaign.entity';
import { CreateCampaignDto, UpdateCampaignDto } from './campaigns.dto';
import { participation } from '../scoring/participation';

export interface CampaignView {
  id: string;
  name: string;
  status: Campaign['status'];
  teamIds: string[];
  includeSubteams: boolean;
  questionKeys: string[];
  opensAt: string | null;
  closesAt: string;
  closedAt: string | null;
  reminders: number[];
  allowComments: boolean;
  invited: number;
  /** null for managers while the campaign is open: a live count would time each answer. */
  responded: number | null;
  participation: number | null;
  scoredAt: string | null;
  reportFailures: number;
  statusDetail: string | null;
}

/** Drafts: create, edit, delete, read. State changes beyond draft belong to the lifecycle. */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly questions: QuestionsService,
    private readonly teams: TeamsService,
  ) {}

  async create(actor: Principal, input: CreateCampaignDto): Promise<CampaignView> {
    const orgId = actor.orgId;
    const questionKeys = input.questionKeys ?? (await this.questions.defaultKeys());
    await this.validate(this.db.manager, orgId, { ...input, questionKeys });
    const saved = await inTransaction(this.db, async ({ manager }) => {
      const campaign = await manager.getRepository(Campaign).save({
      orgId,
      name: input.name,
      teamIds: input.teamIds,
      includeSubteams: input.includeSubteams ?? true,
      questionKeys,
      opensAt: input.opensAt ?? null,
      closesAt: input.closesAt,
      reminderHours: input.reminders ?? [48],
      allowComments: input.allowComments ?? true,
      status: 'draft',
      });
      await recordAudit(manager, {
        orgId,
        actor,
        type: 'campaign.created',
        subject: { kind: 'campaign', id: campaign.id, label: campaign.name },
        detail: { teamIds: campaign.teamIds, includeSubteams: campaign.includeSubteams },
      });
      return campaign;
    });
    return this.view(await this.find(orgId, saved.id));
  }

  async update(orgId: string, id: string, input: UpdateCampaignDto): Promise<CampaignView> {
    const current = await this.find(orgId, id);
    if (current.status !== 'draft') throw new ConflictError('Only a draft can be edited; this campaign was launched.');
    const next = {
      teamIds: input.teamIds ?? current.teamIds,
      questionKeys: input.questionKeys ?? current.questionKeys,
      opensAt: input.opensAt !== undefined ? input.opensAt : current.opensAt,
      closesAt: input.closesAt ?? current.closesAt,
    };
    await this.validate(this.db.manager, orgId, next);
    const changes: Partial<Campaign> = { ...next };
    if (input.name !== undefined) changes.name = input.name;
    if (input.includeSubteams !== undefined) changes.includeSubteams = input.includeSubteams;
    if (input.reminders !== undefined) changes.reminderHours = input.reminders;
    if (input.allowComments !== undefined) changes.allowComments = input.allowComments;
    // Conditional on still being a draft: a launch that won the race makes this a 409.
    const result = await this.db.getRepository(Campaign).update({ id, orgId, status: 'draft' }, changes);
    if (result.affected === 0) throw new ConflictError('Only a draft can be edited; this campaign was launched.');
    return this.view(await this.find(orgId, id));
  }

  async remove(orgId: string, id: string): Promise<void> {
    await this.find(orgId, id);
    const result = await this.db.getRepository(Campaign).delete({ id, orgId, status: 'draft' });
    if (result.affected === 0) throw new ConflictError('Only a draft can be deleted; this campaign was launched.');
  }

  async get(principal: Principal, id: string): Promise<CampaignView> {
    const campaign = await this.find(principal.orgId, id);
    if (!(await this.canRead(principal, campaign))) throw new NotFoundError('campaign');
    return this.forReader(principal, await this.view(campaign));
  }

  async list(principal: Principal, query: ListQuery): Promise<Page<CampaignView>> {
    const qb = this.db.getRepository(Campaign).createQueryBuilder('c').where('c.org_id = :orgId', { orgId: principal.orgId });
    const visible = await this.teams.visibleTeamIds(principal);
    if (visible) {
      // A manager reads launched campaigns whose frozen audience includes one of their teams.
      qb.andWhere(`c.status <> 'draft' AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.team_tree) t WHERE (t->>'id')::uuid = ANY(:visible))`, {
        visible: [...visible],
      });
    }
    const page = await paginate(qb, query);
    return { items: (await this.views(page.items)).map((v) => this.forReader(principal, v)), nextCursor: page.nextCursor };
  }

  async find(orgId: string, id: string, manager: EntityManager = this.db.manager): Promise<Campaign> {
    const campaign = await manager.getRepository(Campaign).findOneBy({ id, orgId });
    if (!campaign) throw new NotFoundError('campaign');
    return campaign;
  }

  async canRead(principal: Principal, campaign: Campaign): Promise<boolean> {
    const visible = await this.teams.visibleTeamIds(principal);
    if (!visible) return true;
    return campaign.status !== 'draft' && (campaign.teamTree ?? []).some((t) => visible.has(t.id));
  }

  private forReader(principal: Principal, view: CampaignView): CampaignView {
    if (principal.role === 'hr_admin' || view.status !== 'open') return view;
    return { ...view, responded: null, participation: null };
  }

  async view(c: Campaign): Promise<CampaignView> {
    const [view] = await this.views([c]);
    return view;
  }

  /** Views of many campaigns in one round trip: a list of a hundred was a hundred queries. */
  async views(campaigns: Campaign[]): Promise<CampaignView[]> {
    if (campaigns.length === 0) return [];
    // While open, answers live in the campaign's own partition; after close the count is frozen.
    const counts: Array<{ id: string; responded: number; report_failures: number }> = await this.db.query(
      `SELECT c.id,
              CASE WHEN c.status = 'open' THEN (SELECT count(*)::int FROM open_responses r WHERE r.campaign_id = c.id) ELSE c.responded END AS responded,
              (SELECT count(*)::int FROM email_outbox_general o WHERE o.campaign_id = c.id AND o.kind LIKE 'report%' AND o.status = 'failed') AS report_failures
         FROM unnest($1::uuid[], $2::text[], $3::int[]) AS c(id, status, responded)`,
      [campaigns.map((c) => c.id), campaigns.map((c) => c.status), campaigns.map((c) => c.responded)],
    );
    const byId = new Map(counts.map((r) => [r.id, r]));
    return campaigns.map((c) => this.toView(c, byId.get(c.id)!));
  }

  private toView(c: Campaign, { responded, report_failures }: { responded: number; report_failures: number }): CampaignView {
    return {
      id: c.id,
      name: c.name,
      status: c.status,
      teamIds: c.teamIds,
      includeSubteams: c.includeSubteams,
      questionKeys: c.questionKeys,
      opensAt: c.opensAt?.toISOString() ?? null,
      closesAt: c.closesAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      reminders: c.reminderHours,
      allowComments: c.allowComments,
      invited: c.invited,
      responded,
      participation: participation(responded, c.invited),
      scoredAt: c.scoredAt?.toISOString() ?? null,
      reportFailures: report_failures,
      statusDetail: c.statusDetail,
    };
  }

  private async validate(
    manager: EntityManager,
    orgId: string,
    input: { teamIds: string[]; questionKeys: string[]; closesAt: Date; opensAt?: Date | null },
  ): Promise<void> {
    const errors: Array<{ field: string; message: string }> = [];
    const bank = new Set((await this.questions.choosable()).map((q) => q.key));
    for (const key of input.questionKeys) if (!bank.has(key)) errors.push({ field: 'questionKeys', message: `unknown question key "${key}"` });
    const opensAt = input.opensAt ?? new Date();
    if (input.closesAt.getTime() <= Math.max(opensAt.getTime(), Date.now())) {
      errors.push({ field: 'closesAt', message: 'closesAt must be after opensAt and in the future' });
    }
    const found: Array<{ id: string }> = await manager.query(
      `SELECT id FROM teams WHERE org_id = $1 AND archived_at IS NULL AND id = ANY($2::uuid[])`,
      [orgId, input.teamIds],
    );
    const known = new Set(found.map((r) => r.id));
    for (const id of input.teamIds) if (!known.has(id)) errors.push({ field: 'teamIds', message: `${id} is not an active team` });
    if (errors.length > 0) throw new ValidationFailedError(errors);
  }
}
