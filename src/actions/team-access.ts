import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { NotFoundError } from '../common/errors';
import { TeamsService } from '../people/teams.service';

/**
 * Who may act on a team's results (API.md "Acting on results"): hr_admin anywhere in their
 * organization, a manager on the teams they manage and those teams' live descendants (the
 * scoping the results already use). Anything else, another organization's team included, is
 * a 404: a manager cannot even learn that the team exists.
 */
export async function requireActingOn(db: EntityManager, teams: TeamsService, principal: Principal, teamId: string): Promise<{ id: string; name: string }> {
  const [team]: Array<{ id: string; name: string }> = await db.query(
    `SELECT id, name FROM teams WHERE id = $1 AND org_id = $2 AND archived_at IS NULL`,
    [teamId, principal.orgId],
  );
  if (!team) throw new NotFoundError('team');
  const visible = await teams.visibleTeamIds(principal);
  if (visible && !visible.has(teamId)) throw new NotFoundError('team');
  return team;
}

export interface CampaignForTeam {
  id: string;
  name: string;
  status: 'draft' | 'scheduled' | 'open' | 'closed' | 'scored';
}

/**
 * A campaign of the organization whose frozen audience included the team; else null.
 * `forShare` holds the row until commit, so a close cannot slip in between check and write.
 */
export async function campaignForTeam(db: EntityManager, orgId: string, campaignId: string, teamId: string, forShare = false): Promise<CampaignForTeam | null> {
  const [campaign]: CampaignForTeam[] = await db.query(
    `SELECT id, name, status FROM campaigns
      WHERE id = $1 AND org_id = $2 AND coalesce(team_tree, '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('id', $3::text))${forShare ? ' FOR SHARE' : ''}`,
    [campaignId, orgId, teamId],
  );
  return campaign ?? null;
}
