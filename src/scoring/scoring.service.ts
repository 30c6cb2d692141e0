import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors';
import { inTransaction } from '../database/transaction';
import { deriveDeltasFrom } from './deltas';
import { campaignPooling } from './pooling.sql';
import { INSERT_RELIABILITY } from './reliability.sql';
import * as OUT from './scoring-output.sql';
import * as SQL from './scoring.sql';
import { tCritical95 } from './student-t';
import { DEFAULT_ANONYMITY_THRESHOLD, HiddenReason, SuppressionGroup, suppressGroups } from './suppression';

export interface ScoreSummary {
  campaignId: string;
  groups: number;
  respondents: number;
  /** Groups suppressed as a whole (n below the threshold, or hidden to protect another). */
  suppressedGroups: number;
}

interface CampaignRow {
  id: string;
  org_id: string;
  status: string;
  threshold: number | null;
  closes_at: Date;
  created_at: Date;
}

/**
 * Scores one closed campaign (DESIGN.md §5): set-based SQL in PostgreSQL (scoring.sql.ts),
 * with the anonymity rule (suppression.ts) decided here, at scoring time, and stored with the
 * rows. Re-scoring deletes and re-inserts the campaign's rows in one transaction, so the
 * same inputs always give identical rows.
 */
@Injectable()
export class ScoringService {
  private readonly logger = new Logger('Scoring');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Scores (or re-scores) a campaign that is closed or already scored, and marks it scored. */
  async score(campaignId: string): Promise<ScoreSummary> {
    const started = Date.now();
    const summary = await inTransaction(this.db, async ({ manager }) => {
      for (const sql of SQL.SCORING_SETTINGS) await manager.query(sql);
      const [campaign]: CampaignRow[] = await manager.query(SQL.LOCK_CAMPAIGN, [campaignId]);
      if (!campaign) throw new NotFoundError('campaign');
      if (campaign.status !== 'closed' && campaign.status !== 'scored') {
        throw new ConflictError(`The campaign is ${campaign.status}; only a closed campaign can be scored.`);
      }
      // A campaign always has its threshold frozen at launch; the default covers one that lacks it.
      const threshold = campaign.threshold ?? DEFAULT_ANONYMITY_THRESHOLD;
      const id = [campaignId];
      const orgParams = [campaignId, campaign.org_id];
      const closing = [...orgParams, campaign.closes_at, campaign.created_at];

      for (const sql of SQL.CREATE_TREE) await manager.query(sql, sql.includes('$1') ? id : []);
      const [{ whole }]: Array<{ whole: boolean }> = await manager.query(SQL.READ_WHOLE_ORGANIZATION, id);
      // The same mapping close stored the responses by (a team pooled there already holds them).
      const { pooledInto: pooled } = await campaignPooling(manager, campaignId);
      await manager.query(SQL.CREATE_POOL, [[...pooled.keys()], [...pooled.values()]]);
      for (const sql of SQL.CREATE_GROUPS) await manager.query(sql, sql.includes('$1') ? id : []);
      await manager.query(SQL.CREATE_ASKED, id);
      const asked: Array<{ key: string; item: number; dimension: string; reversed: boolean; lo: number; hi: number; agreement: boolean; dim_items: number }> =
        await manager.query(SQL.READ_ASKED);
      const agreementDimensions = new Map(asked.filter((q) => q.agreement).map((q) => [q.dimension, q.dim_items]));
      const [passWorkMem, rollUpWorkMem] = SQL.PASS_WORK_MEM;
      await manager.query(passWorkMem);
      const dimensionKeys = [...agreementDimensions.keys()];
      await manager.query(SQL.createPass(agreementDimensions.size), [
        campaignId,
        asked.map((q) => q.key),
        asked.map((q) => q.item),
        asked.map((q) => (q.agreement ? dimensionKeys.indexOf(q.dimension) + 1 : 0)),
        ...(['reversed', 'lo', 'hi'] as const).map((column) => asked.map((q) => q[column])),
        dimensionKeys,
        [...agreementDimensions.values()],
      ]);
      await manager.query(rollUpWorkMem);
      for (const sql of SQL.ANALYZE_PASS) await manager.query(sql);
      await manager.query(SQL.CREATE_DIMENSION_STATS);
      await manager.query(SQL.CREATE_QUESTION_STATS);

      const hidden = await this.decideSuppression(manager, threshold);
      await manager.query(SQL.CREATE_HIDDEN, [hidden.map((h) => h.gkey), hidden.map((h) => h.metric), hidden.map((h) => h.reason)]);
      for (const sql of SQL.INDEX_HIDDEN) await manager.query(sql);
      const dfs: Array<{ df: number }> = await manager.query(SQL.READ_DEGREES_OF_FREEDOM);
      await manager.query(SQL.CREATE_T_TABLE, [dfs.map((d) => d.df), dfs.map((d) => tCritical95(d.df))]);

      for (const sql of OUT.DELETE_OUTPUT) await manager.query(sql, id);
      await manager.query(OUT.CREATE_ROSTER_PREVIOUS, closing);
      await manager.query(`ANALYZE sc_roster_prev`);
      const previous: Array<{ prev_id: string }> = await manager.query(OUT.READ_ROSTER_PREVIOUS);
      const previousIds = previous.map((p) => p.prev_id);
      const previousPooling = (await Promise.all(previousIds.map(async (prevId) => [...(await campaignPooling(manager, prevId)).pooledInto].map(([team, target]) => ({ prevId, team, target }))))).flat();
      await manager.query(OUT.CREATE_ROSTER_PREVIOUS_TEAMS, [previousIds, ...(['prevId', 'team', 'target'] as const).map((k) => previousPooling.map((p) => p[k]))]);
      await manager.query(OUT.CREATE_ROSTER_CHANGES, [campaignId, previousIds]);
      await manager.query(OUT.CREATE_ROUNDED, [threshold, campaignId]);
      await this.spreadRounding(manager, threshold);
      await manager.query(OUT.INSERT_GROUP_SCORES, orgParams);
      await manager.query(OUT.ANALYZE_GROUP_SCORES);
      await manager.query(OUT.INSERT_GROUP_RESULTS, [...orgParams, threshold, whole]);
      await manager.query(OUT.ANALYZE_GROUP_RESULTS);
      await manager.query(OUT.INSERT_QUESTION_SCORES, orgParams);
      await manager.query(INSERT_RELIABILITY, orgParams);
      await manager.query(SQL.MARK_SCORED, id);
      await deriveDeltasFrom(manager, campaignId);

      const [counts] = await manager.query<{ groups: number; suppressed: number; respondents: number | null }[]>(
        `SELECT count(*)::int AS groups, count(*) FILTER (WHERE suppressed)::int AS suppressed,
                max(responded) FILTER (WHERE scope = 'org')::int AS respondents
           FROM group_results WHERE campaign_id = $1`,
        id,
      );
      return { campaignId, groups: counts.groups, respondents: counts.respondents ?? 0, suppressedGroups: counts.suppressed };
    });
    this.logger.log(`scored campaign ${campaignId}: ${summary.groups} groups, ${summary.respondents} respondents in ${Date.now() - started} ms`);
    return summary;
  }

  /**
   * Rounds, beside the groups whose roster changed, those that would let one be rebuilt exactly
   * (a rounded parent from its exact children, a rounded child from its parent and exact
   * siblings): suppression's own propagation (suppression.ts), with rounded groups standing
   * for hidden ones. Groups hidden as a whole stay hidden.
   */
  private async spreadRounding(manager: EntityManager, threshold: number): Promise<void> {
    const groups: Array<{ gkey: string; parent_key: string | null; responded: number; rounded: boolean; reason: HiddenReason | null }> =
      await manager.query(OUT.READ_ROUNDING_TREE);
    if (!groups.some((g) => g.rounded)) return;
    const given = new Map<string, HiddenReason>(groups.filter((g) => g.reason !== null || g.rounded).map((g) => [g.gkey, g.reason ?? 'roster_change']));
    const spread = suppressGroups(groups.map((g) => ({ key: g.gkey, parent: g.parent_key, n: g.responded })), threshold, given);
    const more = [...spread.keys()].filter((k) => !given.has(k));
    if (more.length) await manager.query(OUT.ROUND_ALSO, [more]);
  }

  /**
   * Runs the rule of DESIGN.md §5 for every metric over the group tree: first the group as a
   * whole (n = respondents; a team pooled upward is hidden as such), then each dimension,
   * question and eNPS with its own n, starting from the groups already hidden as a whole.
   */
  private async decideSuppression(manager: EntityManager, threshold: number): Promise<Array<{ gkey: string; metric: string; reason: HiddenReason }>> {
    const groups: Array<{ gkey: string; parent_key: string | null; responded: number; pooled_into: string | null }> = await manager.query(SQL.READ_GROUPS);
    const dimNs: Array<{ dimension: string; ns: number[] }> = await manager.query(SQL.READ_DIMENSION_NS);
    const questionNs: Array<{ key: string; ns: number[] }> = await manager.query(SQL.READ_QUESTION_NS);

    const tree = (ns: readonly number[]): SuppressionGroup[] => groups.map((g, i) => ({ key: g.gkey, parent: g.parent_key, n: ns[i] }));
    const hidden: Array<{ gkey: string; metric: string; reason: HiddenReason }> = [];

    const pooledAway = new Map<string, HiddenReason>(
      groups.filter((g) => g.pooled_into !== null && g.responded < threshold).map((g) => [g.gkey, 'pooled_upward']),
    );
    const wholeGroups = suppressGroups(tree(groups.map((g) => g.responded)), threshold, pooledAway);
    for (const [gkey, reason] of wholeGroups) hidden.push({ gkey, metric: 'group', reason });

    const perMetric = new Map<string, number[]>([
      ...dimNs.map((r) => [`dim:${r.dimension}`, r.ns] as const),
      ...questionNs.map((r) => [`q:${r.key}`, r.ns] as const),
      ...questionNs.filter((r) => r.key === 'recommend').map((r) => ['enps', r.ns] as const),
    ]);
    for (const [metric, ns] of [...perMetric.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const [gkey, reason] of suppressGroups(tree(ns), threshold, wholeGroups)) hidden.push({ gkey, metric, reason });
    }
    return hidden;
  }
}
