/**
 * What a team did with its results, as every reader sees it (API.md "Acting on results"): its
 * actions, the manager's mirror and whether the results were shared back with the team.
 * src/actions writes these tables; the results API, the dashboards and the emails read them
 * through here, so they all show the same thing.
 */
import { EntityManager } from 'typeorm';
import { DIMENSIONS, Dimension } from '../instruments/dimensions';
import { blindSpots, MirrorGap, mirrorGaps, MirrorItem, MirrorScores, scoreMirror } from './mirror';

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export interface ActionView {
  id: string;
  teamId: string;
  /** The campaign whose results the action answers; null for an action recorded without one. */
  campaignId: string | null;
  dimension: Dimension;
  title: string;
  detail: string | null;
  /** A calendar date (YYYY-MM-DD) in the organization's timezone. */
  dueOn: string | null;
  status: ActionStatus;
  note: string | null;
  /** The person who recorded it; `id` is null once that user has been removed. */
  createdBy: { id: string | null; name: string };
  createdAt: string;
  updatedAt: string;
  /** The campaign that asked the team whether this was followed through (null until one did). */
  followThroughCampaignId: string | null;
}

export interface ActionRow {
  id: string;
  team_id: string;
  campaign_id: string | null;
  dimension: Dimension;
  title: string;
  detail: string | null;
  due_on: string | null;
  status: ActionStatus;
  note: string | null;
  created_by: string | null;
  created_by_name: string;
  follow_through_campaign_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The columns of ActionRow; `a` is the actions table. A date leaves SQL as text, so no timezone can shift it. */
export const ACTION_COLUMNS = `a.id, a.team_id, a.campaign_id, a.dimension, a.title, a.detail, to_char(a.due_on, 'YYYY-MM-DD') AS due_on,
  a.status, a.note, a.created_by, a.created_by_name, a.follow_through_campaign_id, a.created_at, a.updated_at`;

export function toActionView(r: ActionRow): ActionView {
  return {
    id: r.id,
    teamId: r.team_id,
    campaignId: r.campaign_id,
    dimension: r.dimension,
    title: r.title,
    detail: r.detail,
    dueOn: r.due_on,
    status: r.status,
    note: r.note,
    createdBy: { id: r.created_by, name: r.created_by_name },
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    followThroughCampaignId: r.follow_through_campaign_id,
  };
}

export interface MirrorView {
  /** Per dimension, 0–100; null where the manager answered too few of its items. */
  scores: MirrorScores;
  by: { id: string; name: string };
  updatedAt: string;
  /** Expectation against the team's shown score, largest gap first. */
  gaps: MirrorGap[];
  /** The largest gaps, named on the team page. */
  blindSpots: MirrorGap[];
}

export interface ShareView {
  sharedAt: string;
  sharedBy: { id: string | null; name: string };
  recipients: number;
  message: string | null;
}

/** Every action of a team, newest first. */
export async function loadTeamActions(db: EntityManager, orgId: string, teamId: string): Promise<ActionView[]> {
  const rows: ActionRow[] = await db.query(
    `SELECT ${ACTION_COLUMNS} FROM actions a WHERE a.org_id = $1 AND a.team_id = $2 ORDER BY a.created_at DESC, a.id`,
    [orgId, teamId],
  );
  return rows.map(toActionView);
}

/** The campaign's asked items the mirror can score: those of the five dimensions. */
export async function mirrorItems(db: EntityManager, campaignId: string): Promise<MirrorItem[]> {
  return db.query(
    `SELECT q.key, q.dimension, q.reverse FROM campaigns c JOIN questions q ON q.key = ANY (c.question_keys)
      WHERE c.id = $1 AND q.dimension = ANY ($2::text[]) ORDER BY q.position`,
    [campaignId, DIMENSIONS],
  );
}

/**
 * The mirror shown beside a team's results: the reader's own when they recorded one, else the
 * latest recorded by anyone for that team (a co-manager, who the page names). Null when none.
 */
export async function loadMirror(
  db: EntityManager,
  input: { orgId: string; campaignId: string; teamId: string; readerId: string | null; team: Record<Dimension, { score: number } | null> },
): Promise<MirrorView | null> {
  const [row]: Array<{ user_id: string; name: string; answers: Record<string, number>; updated_at: Date }> = await db.query(
    `SELECT m.user_id, u.name, m.answers, m.updated_at FROM mirrors m JOIN users u ON u.id = m.user_id
      WHERE m.org_id = $1 AND m.campaign_id = $2 AND m.team_id = $3
      ORDER BY (m.user_id = $4) DESC, m.updated_at DESC LIMIT 1`,
    [input.orgId, input.campaignId, input.teamId, input.readerId],
  );
  if (!row) return null;
  const scores = scoreMirror(row.answers, await mirrorItems(db, input.campaignId));
  const gaps = mirrorGaps(scores, input.team);
  return { scores, by: { id: row.user_id, name: row.name }, updatedAt: new Date(row.updated_at).toISOString(), gaps, blindSpots: blindSpots(gaps) };
}

export async function loadShare(db: EntityManager, orgId: string, campaignId: string, teamId: string): Promise<ShareView | null> {
  const [row]: Array<{ shared_at: Date; shared_by: string | null; shared_by_name: string; recipients: number; message: string | null }> = await db.query(
    `SELECT shared_at, shared_by, shared_by_name, recipients, message FROM result_shares WHERE org_id = $1 AND campaign_id = $2 AND team_id = $3`,
    [orgId, campaignId, teamId],
  );
  return row
    ? { sharedAt: new Date(row.shared_at).toISOString(), sharedBy: { id: row.shared_by, name: row.shared_by_name }, recipients: row.recipients, message: row.message }
    : null;
}
