import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { countsShown, poolingPreview, PoolingOutcome, treeOrder } from './team-tree';

export interface ConsoleTeam {
  id: string;
  parentId: string | null;
  name: string;
  depth: number;
  managers: Array<{ id: string; name: string }>;
  members: number;
}

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: 'hr_admin' | 'manager';
  keys: Array<{ id: string; label: string | null; createdAt: Date; lastUsedAt: Date | null }>;
}

export interface AudienceRow {
  teamId: string;
  name: string;
  depth: number;
  invited: number;
  outcome: PoolingOutcome;
}

export interface ProgressRow {
  teamId: string;
  name: string;
  depth: number;
  invited: number;
  /** null when the count would say who answered (see `countsShown`). */
  responded: number | null;
}

/**
 * What the console reads beyond the API's own lists: one query per page section, all scoped by
 * the organization. Every change the console makes goes through the feature services instead.
 */
@Injectable()
export class AdminReadsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async teams(orgId: string): Promise<ConsoleTeam[]> {
    const rows: Array<Omit<ConsoleTeam, 'depth'>> = await this.db.query(
      `SELECT t.id, t.parent_id AS "parentId", t.name,
              coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
                          FROM team_managers tm JOIN users u ON u.id = tm.user_id WHERE tm.team_id = t.id), '[]') AS managers,
              (SELECT count(*)::int FROM members m WHERE m.team_id = t.id AND m.active) AS members
         FROM teams t WHERE t.org_id = $1 AND t.archived_at IS NULL`,
      [orgId],
    );
    return treeOrder(rows);
  }

  async members(orgId: string, teamId: string): Promise<Array<{ id: string; email: string; name: string | null; createdAt: Date }>> {
    return this.db.query(
      `SELECT id, email, name, created_at AS "createdAt" FROM members WHERE org_id = $1 AND team_id = $2 AND active ORDER BY email`,
      [orgId, teamId],
    );
  }

  async users(orgId: string): Promise<ConsoleUser[]> {
    return this.db.query(
      `SELECT u.id, u.email, u.name, u.role,
              coalesce((SELECT json_agg(json_build_object('id', k.id, 'label', k.label, 'createdAt', k.created_at, 'lastUsedAt', k.last_used_at) ORDER BY k.created_at)
                          FROM api_keys k WHERE k.user_id = u.id AND k.revoked_at IS NULL), '[]') AS keys
         FROM users u WHERE u.org_id = $1 ORDER BY u.role, u.name, u.email`,
      [orgId],
    );
  }

  async organization(orgId: string): Promise<{ name: string; threshold: number; timezone: string; allowedEmailDomains: string[] }> {
    const [org] = await this.db.query<{ name: string; threshold: number; timezone: string; allowedEmailDomains: string[] }[]>(
      `SELECT name, anonymity_threshold AS threshold, timezone, allowed_email_domains AS "allowedEmailDomains" FROM organizations WHERE id = $1`,
      [orgId],
    );
    if (!org) throw new NotFoundError('organization');
    return org;
  }

  /**
   * Who a campaign over these teams would ask right now, team by team, and how each team's
   * answers would be reported: on its own, pooled into an ancestor, or hidden.
   */
  async audiencePreview(orgId: string, teamIds: string[], includeSubteams: boolean, threshold: number): Promise<AudienceRow[]> {
    const rows: Array<{ id: string; parentId: string | null; name: string; invited: number }> = await this.db.query(
      `WITH RECURSIVE audience AS (
         SELECT id FROM teams WHERE org_id = $1 AND archived_at IS NULL AND id = ANY($2::uuid[])
         UNION
         SELECT t.id FROM teams t JOIN audience a ON t.parent_id = a.id WHERE $3 AND t.org_id = $1 AND t.archived_at IS NULL
       )
       SELECT t.id, t.parent_id AS "parentId", t.name,
              (SELECT count(*)::int FROM members m WHERE m.team_id = t.id AND m.active) AS invited
         FROM teams t JOIN audience a ON a.id = t.id`,
      [orgId, teamIds, includeSubteams],
    );
    const outcomes = poolingPreview(rows, threshold);
    return treeOrder(rows).map((t) => ({ teamId: t.id, name: t.name, depth: t.depth, invited: t.invited, outcome: outcomes.get(t.id)! }));
  }

  /** Active members of these teams added within the last `days` days: to check before a launch. */
  async recentlyAdded(orgId: string, teamIds: string[], days: number): Promise<Array<{ email: string; team: string; createdAt: Date }>> {
    return this.db.query(
      `SELECT m.email, t.name AS team, m.created_at AS "createdAt"
         FROM members m JOIN teams t ON t.id = m.team_id
        WHERE m.org_id = $1 AND m.active AND m.team_id = ANY($2::uuid[]) AND m.created_at > now() - make_interval(days => $3)
        ORDER BY m.created_at DESC`,
      [orgId, teamIds, days],
    );
  }

  /**
   * Participation per team of an open campaign, from its frozen tree: invited from the
   * invitations, responded from the open-phase answers, withheld where a count would say who
   * answered (DESIGN §4 item 8).
   */
  async progress(campaignId: string, threshold: number): Promise<ProgressRow[]> {
    const rows: Array<{ id: string; parentId: string | null; name: string; invited: number; responded: number }> = await this.db.query(
      `SELECT t->>'id' AS id, t->>'parentId' AS "parentId", t->>'name' AS name,
              (SELECT count(*)::int FROM invitations i WHERE i.campaign_id = c.id AND i.team_id = (t->>'id')::uuid) AS invited,
              CASE WHEN c.status = 'open'
                   THEN (SELECT count(*)::int FROM open_responses r WHERE r.campaign_id = c.id AND r.team_id = (t->>'id')::uuid)
                   ELSE 0 END AS responded
         FROM campaigns c, jsonb_array_elements(c.team_tree) t
        WHERE c.id = $1`,
      [campaignId],
    );
    const shown = countsShown(rows, threshold);
    return treeOrder(rows).map((t) => ({ teamId: t.id, name: t.name, depth: t.depth, invited: t.invited, responded: shown.has(t.id) ? t.responded : null }));
  }
}
