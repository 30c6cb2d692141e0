import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { ConflictError, NotFoundError } from '../common/errors';
import { Dimension, DIMENSIONS } from '../instruments/dimensions';
import { FOLLOW_THROUGH_KEY } from '../instruments/questions.service';
import { TeamsService } from '../people/teams.service';
import { participation } from '../scoring/participation';
import { DEFAULT_ANONYMITY_THRESHOLD } from '../scoring/suppression';
import { ActionView, loadMirror, loadShare, loadTeamActions, ShareView } from './team-loop';
import {
  CampaignResultsView,
  DimensionsView,
  DimView,
  GroupView,
  QuestionView,
  TeamGroupView,
  TeamResultsView,
  TrendPointView,
  TrendScoresView,
} from './results.views';
import { CAMPAIGN_COLUMNS, CampaignRow, groupColumns, groupKey, GroupRow, QuestionRow, SCORE_COLUMNS, ScoreRow, TrendGroupRow } from './results.rows';

/**
 * Results read from the stored scoring rows (the worker decided suppression once, at scoring
 * time; suppressed numbers are stored as NULL). The principal-facing methods check scope:
 * hr_admin reads the organization, a manager only the teams they manage and their
 * descendants, another organization's ids are 404, an unscored campaign is 409. The `load…`
 * methods do no access checks: summary emails and dashboards call them for a known audience.
 */
@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly teams: TeamsService,
  ) {}

  /**
   * GET /campaigns/:id/results. A manager gets only the teams[] entries of their visible
   * teams, no `org` entry and no `reliability`; a manager none of whose teams took part gets 404.
   */
  async campaignResults(principal: Principal, campaignId: string): Promise<CampaignResultsView> {
    const campaign = await this.findCampaign(principal.orgId, campaignId);
    const visible = await this.teams.visibleTeamIds(principal);
    if (visible && !(campaign.team_tree ?? []).some((t) => visible.has(t.id))) throw new NotFoundError('campaign');
    this.requireScored(campaign);
    return this.loadCampaignResults(campaign.org_id, campaign.id, { visibleTeamIds: visible });
  }

  /** GET /teams/:id/results?campaignId= (default: the latest scored campaign that included the team). */
  async teamResults(principal: Principal, teamId: string, campaignId?: string): Promise<TeamResultsView> {
    return this.afterScopeCheck(this.requireVisibleTeam(principal, teamId), this.readTeamResults(principal, teamId, campaignId));
  }

  private async readTeamResults(principal: Principal, teamId: string, campaignId?: string): Promise<TeamResultsView> {
    let campaign: CampaignRow;
    if (campaignId) {
      campaign = await this.campaignOfTeam(principal.orgId, teamId, campaignId);
    } else {
      const [latest]: CampaignRow[] = await this.db.query(
        `SELECT ${CAMPAIGN_COLUMNS('c')}
           FROM campaigns c JOIN group_results g ON g.campaign_id = c.id AND g.scope = 'subtree' AND g.team_id = $2
          WHERE c.org_id = $1 AND c.status = 'scored' ORDER BY c.closes_at DESC, c.created_at DESC LIMIT 1`,
        [principal.orgId, teamId],
      );
      if (!latest) throw new NotFoundError('scored campaign for this team');
      campaign = latest;
    }
    this.requireScored(campaign);
    const view = await this.teamResultsIn(campaign, teamId, { mirrorFor: principal.userId });
    if (!view) throw new NotFoundError('team');
    return view;
  }

  /** GET /teams/:id/trend: the team's subtree over every scored campaign that included it, oldest first. */
  async teamTrend(principal: Principal, teamId: string): Promise<TrendPointView[]> {
    return this.afterScopeCheck(this.requireVisibleTeam(principal, teamId), this.loadTrend(principal.orgId, teamId));
  }

  /**
   * A team's dashboard page: its trend (scores only: what the page draws) and one campaign's
   * results (default: its latest, the trend's last point; null when it has none) behind one
   * scope check. The campaign's group row is the trend's, not read a second time.
   */
  async teamPage(principal: Principal, teamId: string, campaignId?: string): Promise<{ trend: TrendScoresView[]; results: TeamResultsView | null }> {
    return this.afterScopeCheck(this.requireVisibleTeam(principal, teamId), this.readTeamPage(principal, teamId, campaignId));
  }

  private async readTeamPage(principal: Principal, teamId: string, campaignId?: string): Promise<{ trend: TrendScoresView[]; results: TeamResultsView | null }> {
    const [rows, scoreRows] = await Promise.all([
      this.trendGroups(principal.orgId, teamId),
      this.db.query<Array<{ campaign_id: string; dimension: Dimension; score: number }>>(
        `SELECT s.campaign_id, s.dimension, round(s.score, 1)::float8 AS score
           FROM group_scores s JOIN campaigns c ON c.id = s.campaign_id
          WHERE c.org_id = $1 AND c.status = 'scored' AND s.team_id = $2 AND s.scope = 'subtree' AND s.score IS NOT NULL`,
        [principal.orgId, teamId],
      ),
    ]);
    const shown = new Map<string, Map<Dimension, number>>();
    for (const r of scoreRows) shown.set(r.campaign_id, (shown.get(r.campaign_id) ?? new Map<Dimension, number>()).set(r.dimension, r.score));
    const trend: TrendScoresView[] = rows.map((r) => ({
      ...this.trendPointHeader(r),
      scores: Object.fromEntries(DIMENSIONS.map((d) => [d, r.suppressed ? null : (shown.get(r.campaign_id)?.get(d) ?? null)])) as Record<Dimension, number | null>,
    }));
    const chosen = campaignId ?? rows.at(-1)?.campaign_id;
    if (!chosen) return { trend, results: null };
    const campaign = await this.campaignOfTeam(principal.orgId, teamId, chosen);
    this.requireScored(campaign);
    const results = await this.teamResultsIn(campaign, teamId, { mirrorFor: principal.userId, group: rows.find((r) => r.campaign_id === chosen) });
    if (!results) throw new NotFoundError('team');
    return { trend, results };
  }

  /**
   * The reads of a principal-facing method run beside its scope check, which saves a round trip
   * per page (bench:dashboards); a refused check wins over whatever the reads found or failed
   * with, so a reader outside the scope learns nothing more than before.
   */
  private async afterScopeCheck<T>(check: Promise<void>, read: Promise<T>): Promise<T> {
    const [checked, done] = await Promise.allSettled([check, read]);
    if (checked.status === 'rejected') throw checked.reason;
    if (done.status === 'rejected') throw done.reason;
    return done.value;
  }

  /** A scored campaign's groups; `visibleTeamIds` null means the whole organization (with org entry and reliability). */
  async loadCampaignResults(orgId: string, campaignId: string, options: { visibleTeamIds: Set<string> | null }): Promise<CampaignResultsView> {
    const campaign = await this.findCampaign(orgId, campaignId);
    this.requireScored(campaign);
    const visible = options.visibleTeamIds;
    const groups: Array<GroupRow & { position: number }> = await this.db.query(
      `SELECT ${groupColumns()}, position FROM group_results WHERE campaign_id = $1 ORDER BY position`,
      [campaignId],
    );
    const scores = this.indexScores(await this.db.query<ScoreRow[]>(`SELECT ${SCORE_COLUMNS} FROM group_scores WHERE campaign_id = $1`, [campaignId]));
    const names = new Map((campaign.team_tree ?? []).map((t) => [t.id, t]));
    const asksEnps = campaign.question_keys.includes('recommend');

    const view: CampaignResultsView = {
      campaign: this.campaignHeader(campaign),
      threshold: campaign.threshold ?? DEFAULT_ANONYMITY_THRESHOLD,
      teams: groups
        .filter((g) => g.scope !== 'org' && (!visible || visible.has(g.team_id as string)))
        .map((g) => this.teamGroup(g, names, scores, asksEnps)),
    };
    if (!visible) {
      const org = groups.find((g) => g.scope === 'org');
      // Rows scored before audiences were told apart (null) were all shown as the organization.
      if (org && org.audience_is_organization !== false) view.org = this.group(org, scores, asksEnps);
      else if (org) view.audience = { label: audienceLabel(campaign.team_tree ?? []), ...this.group(org, scores, asksEnps) };
      const alphas: Array<{ dimension: string; alpha: number | null }> = await this.db.query(
        `SELECT dimension, round(alpha, 3)::float8 AS alpha FROM campaign_reliability WHERE campaign_id = $1 ORDER BY dimension`,
        [campaignId],
      );
      view.reliability = Object.fromEntries(alphas.map((a) => [a.dimension, a.alpha]));
    }
    return view;
  }

  /**
   * One team's subtree entry in one scored campaign, with its questions, own members' comments,
   * follow-through, actions and whether it was shared; null if the team was not in it. The
   * manager's mirror only with `mirrorFor` (the reader, whose own mirror comes first): it is
   * for the team's managers and HR, never for a mail to the team.
   */
  async loadTeamResults(orgId: string, teamId: string, campaignId: string, options: { mirrorFor?: string } = {}): Promise<TeamResultsView | null> {
    const campaign = await this.findCampaign(orgId, campaignId);
    this.requireScored(campaign);
    return this.teamResultsIn(campaign, teamId, options);
  }

  /**
   * loadTeamResults for a campaign already read. Reads that do not depend on one another run
   * side by side: on a busy machine each round trip waits for the database to be scheduled, and
   * one after the other they were most of a team page's time (bench:dashboards).
   */
  private async teamResultsIn(
    campaign: CampaignRow,
    teamId: string,
    options: { mirrorFor?: string; group?: GroupRow },
  ): Promise<TeamResultsView | null> {
    const { org_id: orgId, id: campaignId } = campaign;
    const tree = campaign.team_tree ?? [];
    // Comments belong to the team's own members: its 'direct' group when it has child teams, else its subtree.
    const ownScope = tree.some((t) => t.parentId === teamId) ? 'direct' : 'subtree';
    const [rows, scoreRows, questionRows, comments, actions, shared]: [GroupRow[], ScoreRow[], QuestionRow[], string[], ActionView[], ShareView | null] = await Promise.all([
      options.group
        ? [options.group]
        : this.db.query<GroupRow[]>(`SELECT ${groupColumns()} FROM group_results WHERE campaign_id = $1 AND team_id = $2 AND scope = 'subtree'`, [campaignId, teamId]),
      this.db.query<ScoreRow[]>(`SELECT ${SCORE_COLUMNS} FROM group_scores WHERE campaign_id = $1 AND team_id = $2 AND scope = 'subtree'`, [campaignId, teamId]),
      this.db.query<QuestionRow[]>(
        `SELECT s.question_key AS key, s.dimension, s.suppressed, s.n, round(s.mean, 2)::float8 AS mean,
                round(s.favorable, 1)::float8 AS favorable, s.distribution, s.hidden_reason, s.distribution_hidden_reason
           FROM question_scores s JOIN questions q ON q.key = s.question_key
          WHERE s.campaign_id = $1 AND s.team_id = $2 AND s.scope = 'subtree'
          ORDER BY q.position`,
        [campaignId, teamId],
      ),
      campaign.allow_comments ? this.comments(orgId, campaignId, teamId, ownScope) : [],
      loadTeamActions(this.db.manager, orgId, teamId),
      loadShare(this.db.manager, orgId, campaignId, teamId),
    ]);
    const subtree = rows.find((r) => r.scope === 'subtree');
    if (!subtree) return null;
    const scores = this.indexScores(scoreRows);
    const questions: QuestionView[] = questionRows.map((q) => ({
      key: q.key,
      dimension: q.dimension,
      n: q.suppressed || subtree.counts_hidden_reason !== null ? null : q.n,
      mean: q.mean,
      favorable: q.favorable,
      hiddenReason: q.hidden_reason,
      distribution: q.distribution_hidden_reason === null ? q.distribution.map(Number) : null,
      distributionHiddenReason: q.distribution_hidden_reason,
    }));
    const group = this.teamGroup(subtree, new Map(tree.map((t) => [t.id, t])), scores, campaign.question_keys.includes('recommend'));
    const mirror = options.mirrorFor
      ? await loadMirror(this.db.manager, { orgId, campaignId, teamId, readerId: options.mirrorFor, team: group.dimensions })
      : null;
    return {
      campaign: this.campaignHeader(campaign),
      threshold: campaign.threshold ?? DEFAULT_ANONYMITY_THRESHOLD,
      ...group,
      questions,
      comments,
      followThrough: this.dimView(subtree, scores, FOLLOW_THROUGH_KEY),
      actions,
      mirror: mirror?.scores ?? null,
      mirrorBy: mirror ? { ...mirror.by, updatedAt: mirror.updatedAt } : null,
      mirrorGaps: mirror?.gaps ?? [],
      blindSpots: mirror?.blindSpots ?? [],
      shared,
    };
  }

  /** The comments of the team's own members, only when their group (`ownScope`) is shown. */
  private async comments(orgId: string, campaignId: string, teamId: string, ownScope: 'direct' | 'subtree'): Promise<string[]> {
    // Stored shuffled at close; ordering by random UUID keeps that order meaningless and stable.
    const found: Array<{ body: string }> = await this.db.query(
      `SELECT body FROM campaign_comments
        WHERE org_id = $1 AND campaign_id = $2 AND team_id = $3
          AND EXISTS (SELECT 1 FROM group_results g WHERE g.campaign_id = $2 AND g.team_id = $3 AND g.scope = $4 AND NOT g.suppressed)
        ORDER BY id`,
      [orgId, campaignId, teamId, ownScope],
    );
    return found.map((c) => c.body);
  }

  /** The team's subtree over every scored campaign that included it, oldest first. */
  async loadTrend(orgId: string, teamId: string): Promise<TrendPointView[]> {
    // The points and their scores side by side: the same campaigns, picked by the same conditions.
    const [rows, scoreRows] = await Promise.all([
      this.trendGroups(orgId, teamId),
      this.db.query<ScoreRow[]>(
        `SELECT ${SCORE_COLUMNS}
           FROM group_scores s JOIN campaigns c ON c.id = s.campaign_id
          WHERE c.org_id = $1 AND c.status = 'scored' AND s.team_id = $2 AND s.scope = 'subtree'`,
        [orgId, teamId],
      ),
    ]);
    const scores = this.indexScores(scoreRows);
    return rows.map((r) => ({ ...this.trendPointHeader(r), dimensions: this.dimensions(r, scores) }));
  }

  /** The team's subtree group in every scored campaign that included it, oldest first. */
  private trendGroups(orgId: string, teamId: string): Promise<TrendGroupRow[]> {
    return this.db.query<TrendGroupRow[]>(
      `SELECT ${groupColumns('g')}, c.name, c.closes_at
         FROM group_results g JOIN campaigns c ON c.id = g.campaign_id
        WHERE c.org_id = $1 AND c.status = 'scored' AND g.team_id = $2 AND g.scope = 'subtree'
        ORDER BY c.closes_at, c.created_at`,
      [orgId, teamId],
    );
  }

  private trendPointHeader(r: TrendGroupRow) {
    return {
      campaignId: r.campaign_id,
      campaignName: r.name,
      closesAt: new Date(r.closes_at).toISOString(),
      suppressed: r.suppressed,
      index: r.suppressed ? null : r.index,
    };
  }

  private async findCampaign(orgId: string, campaignId: string): Promise<CampaignRow> {
    const [campaign]: CampaignRow[] = await this.db.query(`SELECT ${CAMPAIGN_COLUMNS()} FROM campaigns WHERE id = $1 AND org_id = $2`, [campaignId, orgId]);
    if (!campaign) throw new NotFoundError('campaign');
    return campaign;
  }

  /** A campaign of the organization that included the team (else 404). */
  private async campaignOfTeam(orgId: string, teamId: string, campaignId: string): Promise<CampaignRow> {
    const campaign = await this.findCampaign(orgId, campaignId);
    if (!(campaign.team_tree ?? []).some((t) => t.id === teamId)) throw new NotFoundError('campaign');
    return campaign;
  }

  private requireScored(campaign: CampaignRow): void {
    if (campaign.status !== 'scored') throw new ConflictError(`The campaign is ${campaign.status}; results exist once it is closed and scored.`);
  }

  private async requireVisibleTeam(principal: Principal, teamId: string): Promise<void> {
    const [[team], visible] = await Promise.all([
      this.db.query<unknown[]>(`SELECT 1 FROM teams WHERE id = $1 AND org_id = $2`, [teamId, principal.orgId]),
      this.teams.visibleTeamIds(principal),
    ]);
    if (!team) throw new NotFoundError('team');
    if (visible && !visible.has(teamId)) throw new NotFoundError('team');
  }

  private campaignHeader(c: CampaignRow) {
    return {
      id: c.id,
      name: c.name,
      status: c.status,
      closesAt: new Date(c.closes_at).toISOString(),
      closedAt: c.closed_at ? new Date(c.closed_at).toISOString() : null,
    };
  }

  private indexScores(rows: ScoreRow[]): Map<string, Map<string, ScoreRow>> {
    const byGroup = new Map<string, Map<string, ScoreRow>>();
    for (const r of rows) {
      const key = `${r.campaign_id}|${groupKey(r.scope, r.team_id)}`;
      const m = byGroup.get(key) ?? new Map<string, ScoreRow>();
      m.set(r.dimension, r);
      byGroup.set(key, m);
    }
    return byGroup;
  }

  private teamGroup(g: GroupRow, names: Map<string, { name: string; parentId: string | null }>, scores: Map<string, Map<string, ScoreRow>>, asksEnps: boolean): TeamGroupView {
    const team = names.get(g.team_id as string);
    const view: TeamGroupView = {
      teamId: g.team_id as string,
      name: team?.name ?? '',
      parentId: team?.parentId ?? null,
      scope: g.scope as 'subtree' | 'direct',
      ...this.group(g, scores, asksEnps),
    };
    if (g.pooled_into) view.pooledInto = g.pooled_into;
    return view;
  }

  private group(g: GroupRow, scores: Map<string, Map<string, ScoreRow>>, asksEnps: boolean): GroupView {
    const countsShown = g.counts_hidden_reason === null;
    const hiddenReasons: GroupView['hiddenReasons'] = {};
    if (!countsShown) hiddenReasons.responded = g.counts_hidden_reason!;
    const own = scores.get(`${g.campaign_id}|${groupKey(g.scope, g.team_id)}`);
    for (const d of DIMENSIONS) {
      const reason = own?.get(d)?.hidden_reason ?? null;
      if (reason) hiddenReasons[d] = reason;
    }
    if (asksEnps && g.enps_hidden_reason) hiddenReasons.enps = g.enps_hidden_reason;
    const view: GroupView = {
      invited: g.invited,
      responded: countsShown ? g.responded : null,
      participation: countsShown ? participation(g.responded, g.invited) : null,
      suppressed: g.suppressed,
      hiddenReason: g.suppressed ? (g.hidden_reason ?? 'few_answers') : null,
      hiddenReasons,
      rounded: g.rounded,
      index: g.suppressed ? null : g.index,
      dimensions: this.dimensions(g, scores),
    };
    if (asksEnps) view.enps = g.suppressed ? null : g.enps;
    return view;
  }

  private dimensions(g: GroupRow, scores: Map<string, Map<string, ScoreRow>>): DimensionsView {
    return Object.fromEntries(DIMENSIONS.map((d) => [d, this.dimView(g, scores, d)])) as DimensionsView;
  }

  /** One scored dimension of a group (or follow_through, scored as a one-item dimension); null when hidden or not asked. */
  private dimView(g: GroupRow, scores: Map<string, Map<string, ScoreRow>>, dimension: string): DimView | null {
    const s = scores.get(`${g.campaign_id}|${groupKey(g.scope, g.team_id)}`)?.get(dimension);
    if (g.suppressed || !s || s.score === null) return null;
    return {
      score: s.score,
      n: g.counts_hidden_reason === null ? s.n : null,
      sd: s.sd,
      ciLow: s.ci_low,
      ciHigh: s.ci_high,
      favorable: s.favorable as number,
      neutral: s.neutral as number,
      unfavorable: s.unfavorable as number,
      delta: s.delta,
      significant: s.significant,
      previousCampaignId: s.delta === null ? null : s.previous_campaign_id,
    };
  }
}

/**
 * The people a campaign asked, in words, from its frozen tree: "Sales", "Sales and Ops", "Sales and
 * its teams", "Sales, Ops and their teams".
 */
export function audienceLabel(tree: ReadonlyArray<{ id: string; parentId: string | null; name: string }>): string {
  const ids = new Set(tree.map((t) => t.id));
  const names = tree.filter((t) => t.parentId === null || !ids.has(t.parentId)).map((t) => t.name);
  if (names.length === 0) return 'Nobody';
  if (names.length === tree.length) return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return names.length === 1 ? `${names[0]} and its teams` : `${names.join(', ')} and their teams`;
}
