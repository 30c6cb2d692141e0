import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { participation } from '../scoring/participation';

/** How long before a launch a new member counts as "added shortly before" (DESIGN §4 item 9). */
export const RECENT_MEMBER_DAYS = 7;
/** An open campaign closing within this many hours is "closing soon". */
export const CLOSING_SOON_HOURS = 48;

export interface Overview {
  threshold: number;
  open: Array<{ id: string; name: string; closesAt: Date; invited: number; responded: number; participation: number | null; closingSoon: boolean }>;
  scheduled: Array<{ id: string; name: string; opensAt: Date }>;
  failedReports: Array<{ id: string; name: string; failures: number }>;
  teamsWithoutManager: Array<{ id: string; name: string }>;
  smallTeams: Array<{ id: string; name: string; members: number }>;
  /** Members invited to a launched campaign who joined their team shortly before its launch, and members added lately. */
  recentMembers: Array<{ email: string; team: string; addedAt: Date; campaign: string | null }>;
}

/** The console's first page: what needs HR's attention now. */
@Injectable()
export class AdminOverviewService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async overview(orgId: string): Promise<Overview> {
    const [{ threshold }] = await this.db.query<{ threshold: number }[]>(`SELECT anonymity_threshold AS threshold FROM organizations WHERE id = $1`, [orgId]);
    const open: Array<{ id: string; name: string; closes_at: Date; invited: number; responded: number; closing_soon: boolean }> = await this.db.query(
      `SELECT c.id, c.name, c.closes_at, c.invited,
              (SELECT count(*)::int FROM open_responses r WHERE r.campaign_id = c.id) AS responded,
              c.closes_at < now() + make_interval(hours => ${CLOSING_SOON_HOURS}) AS closing_soon
         FROM campaigns c WHERE c.org_id = $1 AND c.status = 'open' ORDER BY c.closes_at`,
      [orgId],
    );
    const scheduled = await this.db.query<Overview['scheduled']>(
      `SELECT id, name, opens_at AS "opensAt" FROM campaigns WHERE org_id = $1 AND status = 'scheduled' ORDER BY opens_at`,
      [orgId],
    );
    const failedReports = await this.db.query<Overview['failedReports']>(
      `SELECT c.id, c.name, count(*)::int AS failures
         FROM campaigns c JOIN email_outbox o ON o.campaign_id = c.id AND o.kind LIKE 'report%' AND o.status = 'failed'
        WHERE c.org_id = $1 GROUP BY c.id, c.name ORDER BY c.name`,
      [orgId],
    );
    const teamsWithoutManager = await this.db.query<Overview['teamsWithoutManager']>(
      `SELECT t.id, t.name FROM teams t
        WHERE t.org_id = $1 AND t.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM team_managers tm WHERE tm.team_id = t.id)
        ORDER BY t.name`,
      [orgId],
    );
    // Teams with people of their own but fewer than the threshold: their answers are pooled upward.
    const smallTeams = await this.db.query<Overview['smallTeams']>(
      `SELECT t.id, t.name, count(m.id)::int AS members
         FROM teams t JOIN members m ON m.team_id = t.id AND m.active
        WHERE t.org_id = $1 AND t.archived_at IS NULL
        GROUP BY t.id, t.name HAVING count(m.id) < $2 ORDER BY t.name`,
      [orgId, threshold],
    );
    const recentMembers = await this.db.query<Overview['recentMembers']>(
      `SELECT m.email, t.name AS team, m.created_at AS "addedAt", c.name AS campaign
         FROM invitations i
         JOIN campaigns c ON c.id = i.campaign_id AND c.status IN ('open', 'closed', 'scored')
         JOIN members m ON m.id = i.member_id
         JOIN teams t ON t.id = m.team_id
        WHERE i.org_id = $1 AND c.launched_at > now() - interval '60 days'
          AND m.created_at BETWEEN c.launched_at - make_interval(days => ${RECENT_MEMBER_DAYS}) AND c.launched_at
       UNION ALL
       SELECT m.email, t.name, m.created_at, NULL
         FROM members m JOIN teams t ON t.id = m.team_id
        WHERE m.org_id = $1 AND m.active AND m.created_at > now() - make_interval(days => ${RECENT_MEMBER_DAYS})
          AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.member_id = m.id)
       ORDER BY 3 DESC LIMIT 100`,
      [orgId],
    );
    return {
      threshold,
      open: open.map((c) => ({
        id: c.id,
        name: c.name,
        closesAt: c.closes_at,
        invited: c.invited,
        responded: c.responded,
        participation: participation(c.responded, c.invited),
        closingSoon: c.closing_soon,
      })),
      scheduled,
      failedReports,
      teamsWithoutManager,
      smallTeams,
      recentMembers,
    };
  }
}
