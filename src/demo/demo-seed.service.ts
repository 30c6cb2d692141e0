import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MagicLinksService } from '../sign-in/magic-links.service';
import { CampaignLifecycleService } from '../campaigns/campaign-lifecycle.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { QuestionsService } from '../instruments/questions.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { MembersImportService } from '../people/members-import.service';
import { TeamsService } from '../people/teams.service';
import { UsersService } from '../people/users.service';
import { SurveysService } from '../responses/surveys.service';
import { personalTokens } from '../campaigns/tokens';
import { ActionsService } from '../actions/actions.service';
import { MirrorsService } from '../actions/mirrors.service';
import { ResultSharesService } from '../actions/result-shares.service';
import { Principal } from '../auth/principal';
import { ScoringService } from '../scoring/scoring.service';
import { DEMO_ACTIONS, DEMO_CAMPAIGNS, DEMO_MANAGERS, DEMO_MIRROR, DEMO_ORG, DEMO_SHARE, DEMO_TEAMS, seededRandom, simulateResponse } from './demo-data';

export interface DemoSeeded {
  orgId: string;
  apiKey: string;
  adminEmail: string;
  signInLink: string | null;
  campaignIds: string[];
}

const DAY = 24 * 3600_000;

/**
 * A living demo organization, built through the same services the API uses: people by CSV
 * import, three campaigns launched, answered through personal links and closed by the
 * lifecycle. Scoring and reports then run through the real queues in the worker.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly importer: MembersImportService,
    private readonly teams: TeamsService,
    private readonly questions: QuestionsService,
    private readonly campaigns: CampaignsService,
    private readonly lifecycle: CampaignLifecycleService,
    private readonly surveys: SurveysService,
    private readonly magicLinks: MagicLinksService,
    private readonly scoring: ScoringService,
    private readonly actions: ActionsService,
    private readonly mirrors: MirrorsService,
    private readonly shares: ResultSharesService,
  ) {}

  async exists(): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(`SELECT 1 FROM organizations WHERE name = $1`, [DEMO_ORG.name]);
    return rows.length > 0;
  }

  async seed(): Promise<DemoSeeded> {
    const org = await this.organizations.createWithAdmin({
      name: DEMO_ORG.name,
      adminEmail: DEMO_ORG.admin.email,
      adminName: DEMO_ORG.admin.name,
      timezone: DEMO_ORG.timezone,
    });
    // The demo acts as its HR admin would, so the audit trail reads like a real organization's.
    const admin: Principal = { orgId: org.orgId, userId: org.userId, role: 'hr_admin', email: DEMO_ORG.admin.email, name: DEMO_ORG.admin.name };
    for (const manager of Object.values(DEMO_MANAGERS)) {
      await this.users.create(admin, { ...manager, role: 'manager' });
    }
    await this.importPeople(admin);

    const teamIds: Array<{ id: string; name: string }> = await this.db.query(`SELECT id, name FROM teams WHERE org_id = $1`, [org.orgId]);
    const rootId = teamIds.find((t) => t.name === 'Northwind')!.id;
    const bank = await this.questions.all();
    const questionKeys = [...(await this.questions.defaultKeys()), 'recommend'];
    const asked = bank.filter((q) => questionKeys.includes(q.key));
    const random = seededRandom(20261125);
    const campaignIds: string[] = [];
    const teamId = (name: string) => teamIds.find((t) => t.name === name)!.id;
    const managers = await this.managerPrincipals(org.orgId);

    for (const [round, plan] of DEMO_CAMPAIGNS.entries()) {
      const created = await this.campaigns.create(admin, {
        name: plan.name,
        teamIds: [rootId],
        closesAt: new Date(Date.now() + DAY),
        questionKeys,
        reminders: [],
      });
      await this.lifecycle.launch(org.orgId, created.id, admin);
      const links = await this.personalLinks(created.id);
      if (DEMO_MIRROR.campaign === round) await this.recordMirror(managers[DEMO_MIRROR.manager], created.id, teamId(DEMO_MIRROR.team));
      for (const { teamName, token } of links) {
        if (random() > plan.participation) continue;
        const team = DEMO_TEAMS.find((t) => t.name === teamName)!;
        // Teams with actions from the campaign before are also asked whether they followed through.
        const questions = (await this.surveys.open(token)).questions;
        await this.surveys.create(token, simulateResponse(team, round, questions.length > asked.length ? questions : asked, random));
      }
      // Dated in the past before it closes, so trends and deltas read in the right order.
      const closesAt = new Date(Date.now() - plan.closedDaysAgo * DAY);
      await this.db.query(
        `UPDATE campaigns SET opens_at = $2, launched_at = $2, opened_at = $2, closes_at = $3 WHERE id = $1`,
        [created.id, new Date(closesAt.getTime() - 10 * DAY), closesAt],
      );
      await this.lifecycle.close(created.id, { actor: admin });
      await this.db.query(`UPDATE campaigns SET closed_at = closes_at WHERE id = $1`, [created.id]);
      await this.db.query(`DELETE FROM campaign_reminders WHERE campaign_id = $1`, [created.id]);
      // Scored here, in order, so the managers can act on the results before the next campaign
      // opens (and that campaign asks about follow-through); the worker's own scoring run
      // later gives the same rows.
      await this.scoring.score(created.id);
      await this.recordActions(round, created.id, managers, teamId);
      campaignIds.push(created.id);
      this.logger.log(`${plan.name}: ${links.length} invited`);
    }

    const share = managers[DEMO_SHARE.manager];
    await this.shares.share(share, teamId(DEMO_SHARE.team), { campaignId: campaignIds[DEMO_SHARE.campaign], message: DEMO_SHARE.message });

    const [link] = await this.magicLinks.issueForEmail(DEMO_ORG.admin.email);
    return { orgId: org.orgId, apiKey: org.apiKey, adminEmail: DEMO_ORG.admin.email, signInLink: link?.url ?? null, campaignIds };
  }

  private async managerPrincipals(orgId: string): Promise<Record<keyof typeof DEMO_MANAGERS, Principal>> {
    const rows: Array<{ id: string; email: string; name: string }> = await this.db.query(`SELECT id, email, name FROM users WHERE org_id = $1`, [orgId]);
    const principal = (email: string): Principal => {
      const user = rows.find((u) => u.email === email)!;
      return { userId: user.id, orgId, role: 'manager', email: user.email, name: user.name };
    };
    return { product: principal(DEMO_MANAGERS.product.email), engineering: principal(DEMO_MANAGERS.engineering.email) };
  }

  /** The actions agreed after campaign `round`, moved to where they stand today. */
  private async recordActions(round: number, campaignId: string, managers: Record<keyof typeof DEMO_MANAGERS, Principal>, teamId: (name: string) => string) {
    for (const plan of DEMO_ACTIONS.filter((a) => a.after === round)) {
      const me = managers[plan.manager];
      const dueOn = plan.dueInDays === undefined ? undefined : new Date(Date.now() + plan.dueInDays * DAY).toISOString().slice(0, 10);
      const action = await this.actions.create(me, teamId(plan.team), { campaignId, dimension: plan.dimension, title: plan.title, detail: plan.detail, dueOn });
      if (plan.status !== 'planned') await this.actions.update(me, action.id, { status: plan.status, note: plan.note });
    }
  }

  /** A manager who expects a little more of the team than it reports: the gap shows as a blind spot. */
  private async recordMirror(me: Principal, campaignId: string, teamId: string) {
    const { items } = await this.mirrors.own(me, campaignId, teamId);
    const answers = items.map((q) => ({ questionKey: q.key, value: q.reverse ? 8 - DEMO_MIRROR.level : DEMO_MIRROR.level }));
    await this.mirrors.record(me, campaignId, teamId, { answers });
  }

  /** Departments (teams without members of their own) first, then everyone else by CSV import. */
  private async importPeople(admin: Principal): Promise<void> {
    const orgId = admin.orgId;
    const managerIds: Array<{ id: string; email: string }> = await this.db.query(`SELECT id, email FROM users WHERE org_id = $1`, [orgId]);
    const created = new Map<string, string>();
    for (const team of DEMO_TEAMS.filter((t) => t.members === 0)) {
      const manager = team.manager ? managerIds.find((u) => u.email === DEMO_MANAGERS[team.manager!].email)?.id : undefined;
      const view = await this.teams.create(admin, {
        name: team.name,
        parentId: team.parent ? created.get(team.parent) : undefined,
        managerIds: manager ? [manager] : [],
      });
      created.set(team.name, view.id);
    }
    const lines = ['email,name,team,parent_team'];
    for (const team of DEMO_TEAMS.filter((t) => t.members > 0)) {
      for (let i = 1; i <= team.members; i++) {
        lines.push(`${team.name.toLowerCase()}.${i}@northwind.example,${team.name} member ${i},${team.name},${team.parent ?? ''}`);
      }
    }
    const result = await this.importer.import(admin, lines.join('\n'), false);
    if (result.errors.length > 0) throw new Error(`demo people did not import: ${JSON.stringify(result.errors)}`);
  }

  /** The links as the mailer would compute them: the demo answers through them like a person. */
  private async personalLinks(campaignId: string): Promise<Array<{ teamName: string; token: string }>> {
    const [{ sealed_key, team_tree }] = await this.db.query<{ sealed_key: Buffer; team_tree: Array<{ id: string; name: string }> }[]>(
      `SELECT k.sealed_key, c.team_tree FROM campaign_keys k JOIN campaigns c ON c.id = k.campaign_id WHERE k.campaign_id = $1`,
      [campaignId],
    );
    const names = new Map(team_tree.map((t) => [t.id, t.name]));
    // In the members' order, not the random invitation ids: the seeded answers then land on the
    // same people every time, so the demo (and its test) reads the same on every first start.
    const invitations = await this.db.query<{ id: string; team_id: string }[]>(
      `SELECT i.id, i.team_id FROM invitations i JOIN members m ON m.id = i.member_id WHERE i.campaign_id = $1 ORDER BY m.email`,
      [campaignId],
    );
    const tokens = personalTokens(this.config.masterKey, sealed_key, campaignId, invitations.map((i) => i.id));
    const links = invitations.map((i, n) => ({ teamName: names.get(i.team_id)!, token: tokens[n] }));
    return links;
  }
}
