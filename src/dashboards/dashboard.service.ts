import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MirrorsService } from '../actions/mirrors.service';
import { Principal } from '../auth/principal';
import { NotFoundError } from '../common/errors';
import { QuestionsService } from '../instruments/questions.service';
import { TeamsService } from '../people/teams.service';
import { ResultsService } from '../results/results.service';
import { CampaignResultsView, HiddenReason, TeamResultsView, TrendScoresView } from '../results/results.views';
import { todayIn } from '../results/results.format';
import { loadTeamActions } from '../results/team-loop';
import { walkTeamTree } from '../results/team-tree';
import type { CoverageRow, LoopData, OpenMirror } from './team-loop-pages';

export interface CampaignRef {
  id: string;
  name: string;
  closesAt: string;
}

export interface HomeTeamRow {
  teamId: string;
  name: string;
  /** 0 for a top-level row (a team the manager manages, or a root of the organization). */
  depth: number;
  latest: CampaignRef | null;
  threshold: number | null;
  suppressed: boolean;
  hiddenReason: HiddenReason | null;
  /** The team a pooled-upward team is counted in, so the list can name it. */
  pooledInto: string | null;
  pooledIntoName: string | null;
  index: number | null;
  participation: number | null;
  invited: number | null;
  responded: number | null;
  /** The index against the team's previous scored campaign, when both are shown. */
  change: { delta: number; since: CampaignRef } | null;
}

export interface HomeData {
  teams: HomeTeamRow[];
}

export interface TeamPageData {
  team: { id: string; name: string };
  parent: { id: string; name: string } | null;
  /** The team whose group holds a pooled team's people, by name (it may be above the parent). */
  pooledIntoName: string | null;
  children: Array<{ id: string; name: string }>;
  /** Every scored campaign that included the team, oldest first (also the campaign picker). */
  trend: TrendScoresView[];
  /** The chosen campaign's results; null when the team has none yet. */
  results: TeamResultsView | null;
  /** The question bank's wording, by key; `reverse`: disagreeing is the favourable answer. */
  questionInfo: Record<string, { text: string; reverse: boolean }>;
  /** Actions, the mirror form and what the team did with its results. */
  loop: Omit<LoopData, 'csrf' | 'refused' | 'timeZone'>;
}

export interface OrgPageData {
  /** Scored campaigns, newest first (the campaign picker). */
  campaigns: CampaignRef[];
  results: CampaignResultsView | null;
  coverage: CoverageRow[];
}

interface TeamRow {
  id: string;
  name: string;
  parent_id: string | null;
}

/**
 * Gathers what the dashboard pages show. Every number comes from ResultsService's
 * principal-facing methods (which check scope: another team is 404, another organization 404);
 * nothing here recomputes a statistic.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly results: ResultsService,
    private readonly teams: TeamsService,
    private readonly questions: QuestionsService,
    private readonly mirrors: MirrorsService,
  ) {}

  /** The signed-in person's teams (a manager: managed teams and their subtrees; HR: all), each with its latest campaign. */
  async home(principal: Principal): Promise<HomeData> {
    const visible = await this.teams.visibleTeamIds(principal);
    const ids = visible ? [...visible] : null;
    if (ids && ids.length === 0) return { teams: [] };
    const live: TeamRow[] = await this.db.query(
      `SELECT id, name, parent_id FROM teams WHERE org_id = $1 AND archived_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [principal.orgId, ids],
    );
    // The latest two scored campaigns of each team (subtree groups), newest first.
    const recent: Array<{ team_id: string; campaign_id: string; name: string; closes_at: Date; rn: string }> = await this.db.query(
      `SELECT team_id, campaign_id, name, closes_at, rn FROM (
         SELECT g.team_id, g.campaign_id, c.name, c.closes_at,
                row_number() OVER (PARTITION BY g.team_id ORDER BY c.closes_at DESC, c.created_at DESC) AS rn
           FROM group_results g JOIN campaigns c ON c.id = g.campaign_id
          WHERE c.org_id = $1 AND c.status = 'scored' AND g.scope = 'subtree'
            AND ($2::uuid[] IS NULL OR g.team_id = ANY($2::uuid[]))
       ) x WHERE rn <= 2`,
      [principal.orgId, ids],
    );
    const byCampaign = new Map<string, CampaignResultsView>();
    for (const id of new Set(recent.map((r) => r.campaign_id))) byCampaign.set(id, await this.results.campaignResults(principal, id));
    const groupOf = (campaignId: string, teamId: string) =>
      byCampaign.get(campaignId)?.teams.find((t) => t.teamId === teamId && t.scope === 'subtree') ?? null;
    const ref = (r: { campaign_id: string; name: string; closes_at: Date }): CampaignRef => ({
      id: r.campaign_id,
      name: r.name,
      closesAt: new Date(r.closes_at).toISOString(),
    });

    // A pooled team is counted in its parent at the time, which may be outside the reader's list or since renamed.
    const pooledIds = [...new Set([...byCampaign.values()].flatMap((c) => c.teams.map((t) => t.pooledInto).filter((x): x is string => !!x)))];
    const pooledNames = new Map<string, string>(
      pooledIds.length === 0
        ? []
        : (await this.db.query<{ id: string; name: string }[]>(`SELECT id, name FROM teams WHERE org_id = $1 AND id = ANY($2::uuid[])`, [principal.orgId, pooledIds])).map((r) => [r.id, r.name]),
    );
    const rows = walkTeamTree(live, (t) => ({ id: t.id, parentId: t.parent_id, name: t.name })).map(({ team, depth }): HomeTeamRow => {
      const latest = recent.find((r) => r.team_id === team.id && Number(r.rn) === 1);
      const previous = recent.find((r) => r.team_id === team.id && Number(r.rn) === 2);
      const now = latest ? groupOf(latest.campaign_id, team.id) : null;
      const before = previous ? groupOf(previous.campaign_id, team.id) : null;
      return {
        teamId: team.id,
        name: team.name,
        depth,
        latest: latest ? ref(latest) : null,
        threshold: latest ? (byCampaign.get(latest.campaign_id)?.threshold ?? null) : null,
        suppressed: now?.suppressed ?? false,
        hiddenReason: now?.hiddenReason ?? null,
        pooledInto: now?.pooledInto ?? null,
        pooledIntoName: now?.pooledInto ? (pooledNames.get(now.pooledInto) ?? null) : null,
        index: now?.index ?? null,
        participation: now?.participation ?? null,
        invited: now?.invited ?? null,
        responded: now?.responded ?? null,
        change:
          now?.index != null && before?.index != null && previous
            ? { delta: Math.round((now.index - before.index) * 10) / 10, since: ref(previous) }
            : null,
      };
    });
    return { teams: rows };
  }

  /**
   * One team's page for a campaign (default: its latest). Outside the reader's scope: 404.
   * `timeZone`: the organization's, whose calendar says which actions are overdue.
   */
  async team(principal: Principal, teamId: string, { campaignId, timeZone }: { campaignId?: string; timeZone: string }): Promise<TeamPageData> {
    const questionInfo = Object.fromEntries([...(await this.questions.byKey()).values()].map((q) => [q.key, { text: q.text, reverse: q.reverse }]));
    // The rest beside the trend and results, which check scope: on a busy machine every round
    // trip waits for the database to be scheduled, and one after the other they were most of
    // the page's time (bench:dashboards). A refused scope check wins over anything the others found.
    const [page, rest] = await Promise.allSettled([
      this.results.teamPage(principal, teamId, campaignId),
      Promise.all([
        this.db.query<TeamRow[]>(
          `SELECT id, name, parent_id FROM teams
            WHERE org_id = $2 AND (id = $1 OR id = (SELECT parent_id FROM teams WHERE id = $1) OR (parent_id = $1 AND archived_at IS NULL))
            ORDER BY name`,
          [teamId, principal.orgId],
        ),
        this.teams.visibleTeamIds(principal),
        // The mirror is a manager's own expectation of their team; HR reads it, a form would be out of place.
        principal.role === 'manager' ? this.openMirrors(principal, teamId, questionInfo) : [],
      ]),
    ]);
    if (page.status === 'rejected') throw page.reason;
    if (rest.status === 'rejected') throw rest.reason;
    const { trend, results } = page.value;
    const [family, visible, openMirrors] = rest.value;
    const actions = results ? results.actions : await loadTeamActions(this.db.manager, principal.orgId, teamId);
    const team = family.find((t) => t.id === teamId);
    if (!team) throw new NotFoundError('team');
    const canSee = (id: string | null): id is string => id !== null && (!visible || visible.has(id));
    const parent = canSee(team.parent_id) ? family.find((t) => t.id === team.parent_id) : undefined;
    const pooledInto = results?.pooledInto
      ? await this.db.query<{ name: string }[]>(`SELECT name FROM teams WHERE org_id = $1 AND id = $2`, [principal.orgId, results.pooledInto])
      : [];
    return {
      team: { id: team.id, name: team.name },
      parent: parent ? { id: parent.id, name: parent.name } : null,
      pooledIntoName: pooledInto[0]?.name ?? null,
      children: family.filter((c) => c.parent_id === teamId && canSee(c.id)).map((c) => ({ id: c.id, name: c.name })),
      trend,
      results,
      questionInfo,
      loop: {
        teamId: team.id,
        teamName: team.name,
        actions,
        today: todayIn(timeZone),
        openMirrors,
      },
    };
  }

  /** Open campaigns over the team, each with the reader's mirror so far (the form while it is open). */
  private async openMirrors(principal: Principal, teamId: string, questionInfo: Record<string, { text: string }>): Promise<OpenMirror[]> {
    const open: Array<{ id: string; name: string; closes_at: Date }> = await this.db.query(
      `SELECT id, name, closes_at FROM campaigns
        WHERE org_id = $1 AND status = 'open' AND team_tree @> jsonb_build_array(jsonb_build_object('id', $2::text))
        ORDER BY closes_at, id`,
      [principal.orgId, teamId],
    );
    const forms: OpenMirror[] = [];
    for (const c of open) {
      const own = await this.mirrors.own(principal, c.id, teamId);
      forms.push({
        campaignId: c.id,
        campaignName: c.name,
        closesAt: new Date(c.closes_at).toISOString(),
        items: own.items.map((q) => ({ key: q.key, dimension: q.dimension, text: questionInfo[q.key]?.text ?? q.key })),
        answers: own.answers,
        updatedAt: own.updatedAt,
      });
    }
    return forms;
  }

  /** The organization's heatmap for a scored campaign (default: the latest); hr_admin only (the route says so). */
  async org(principal: Principal, campaignId?: string): Promise<OrgPageData> {
    const rows: Array<{ id: string; name: string; closes_at: Date }> = await this.db.query(
      `SELECT id, name, closes_at FROM campaigns WHERE org_id = $1 AND status = 'scored' ORDER BY closes_at DESC, created_at DESC`,
      [principal.orgId],
    );
    const campaigns = rows.map((r) => ({ id: r.id, name: r.name, closesAt: new Date(r.closes_at).toISOString() }));
    const id = campaignId ?? campaigns[0]?.id;
    if (!id) return { campaigns, results: null, coverage: [] };
    const results = await this.results.campaignResults(principal, id);
    const counts: Array<{ team_id: string; status: keyof CoverageRow['actions']; n: number }> = await this.db.query(
      `SELECT team_id, status, count(*)::int AS n FROM actions WHERE org_id = $1 AND campaign_id = $2 GROUP BY team_id, status`,
      [principal.orgId, id],
    );
    const shared: Array<{ team_id: string }> = await this.db.query(`SELECT team_id FROM result_shares WHERE org_id = $1 AND campaign_id = $2`, [principal.orgId, id]);
    const sharedIds = new Set(shared.map((r) => r.team_id));
    const coverage = walkTeamTree(
      results.teams.filter((t) => t.scope === 'subtree'),
      (t) => ({ id: t.teamId, parentId: t.parentId, name: t.name }),
    ).map(({ team: t }) => {
      const actions = { planned: 0, in_progress: 0, done: 0, dropped: 0 };
      for (const c of counts) if (c.team_id === t.teamId) actions[c.status] = c.n;
      return { teamId: t.teamId, actions, shared: sharedIds.has(t.teamId) };
    });
    return { campaigns, results, coverage };
  }
}
