import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Closed campaigns written straight into PostgreSQL, as the lifecycle leaves them at close
 * (responses/answers/comments, status 'closed', frozen tree and threshold), so scoring can be
 * tested on exactly chosen answers.
 */
export interface TreeTeam {
  id: string;
  parentId: string | null;
  name: string;
}

/** Teams by name (a parent named by an earlier entry); returns them by name. */
export async function insertTeams(db: DataSource, orgId: string, specs: Array<{ name: string; parent?: string }>): Promise<Record<string, TreeTeam>> {
  const teams: Record<string, TreeTeam> = {};
  for (const spec of specs) {
    const parentId = spec.parent ? teams[spec.parent].id : null;
    const [row] = await db.query(`INSERT INTO teams (org_id, name, parent_id) VALUES ($1, $2, $3) RETURNING id`, [
      orgId,
      `${spec.name} ${randomBytes(3).toString('hex')}`,
      parentId,
    ]);
    teams[spec.name] = { id: row.id, parentId, name: spec.name };
  }
  return teams;
}

export interface FixtureResponse {
  teamId: string;
  answers: Record<string, number>;
}

export interface ClosedCampaignSpec {
  orgId: string;
  name?: string;
  tree: TreeTeam[];
  questionKeys: string[];
  threshold: number;
  closesAt?: Date;
  /** Invitations per team id; default: as many as the team's responses. */
  invited?: Record<string, number>;
  responses: FixtureResponse[];
  comments?: Array<{ teamId: string; body: string }>;
  allowComments?: boolean;
  status?: 'closed' | 'open';
}

export async function insertClosedCampaign(db: DataSource, spec: ClosedCampaignSpec): Promise<string> {
  const closesAt = spec.closesAt ?? new Date();
  const invited = spec.invited ?? {};
  const perTeam = new Map<string, number>();
  for (const r of spec.responses) perTeam.set(r.teamId, (perTeam.get(r.teamId) ?? 0) + 1);
  const invitations = new Map(spec.tree.map((t) => [t.id, invited[t.id] ?? perTeam.get(t.id) ?? 0]));
  const totalInvited = [...invitations.values()].reduce((a, b) => a + b, 0);

  const [campaign] = await db.query(
    `INSERT INTO campaigns (org_id, name, status, team_ids, question_keys, closes_at, opened_at, closed_at, threshold, team_tree,
                            invited, responded, allow_comments, launched_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6::timestamptz - interval '7 days', $7, $8, $9, $10, $11, $12, $6::timestamptz - interval '7 days')
     RETURNING id`,
    [
      spec.orgId,
      spec.name ?? 'Pulse',
      // 'closed' only once every row is in: a worker's reconciler would score a half-written campaign.
      'open',
      spec.tree.filter((t) => !t.parentId || !spec.tree.some((p) => p.id === t.parentId)).map((t) => t.id),
      spec.questionKeys,
      closesAt,
      spec.status === 'open' ? null : closesAt,
      spec.threshold,
      JSON.stringify(spec.tree),
      totalInvited,
      spec.responses.length,
      spec.allowComments ?? true,
    ],
  );
  const campaignId: string = campaign.id;

  for (const [teamId, count] of invitations) {
    for (let i = 0; i < count; i++) {
      const [member] = await db.query(`INSERT INTO members (org_id, team_id, email, name) VALUES ($1, $2, $3, 'M') RETURNING id`, [
        spec.orgId,
        teamId,
        `m-${randomBytes(6).toString('hex')}@example.com`,
      ]);
      await db.query(`INSERT INTO invitations (org_id, campaign_id, member_id, team_id) VALUES ($1, $2, $3, $4)`, [
        spec.orgId,
        campaignId,
        member.id,
        teamId,
      ]);
    }
  }

  for (const r of spec.responses) {
    const responseId = randomUUID();
    await db.query(`INSERT INTO responses (id, org_id, campaign_id, team_id) VALUES ($1, $2, $3, $4)`, [responseId, spec.orgId, campaignId, r.teamId]);
    const keys = Object.keys(r.answers);
    if (keys.length > 0) {
      await db.query(`INSERT INTO answers (response_id, question_key, value) SELECT $1, k, v FROM unnest($2::text[], $3::int[]) AS x(k, v)`, [
        responseId,
        keys,
        keys.map((k) => r.answers[k]),
      ]);
    }
  }
  for (const c of spec.comments ?? []) {
    await db.query(`INSERT INTO campaign_comments (org_id, campaign_id, team_id, body) VALUES ($1, $2, $3, $4)`, [spec.orgId, campaignId, c.teamId, c.body]);
  }
  if ((spec.status ?? 'closed') === 'closed') await db.query(`UPDATE campaigns SET status = 'closed' WHERE id = $1`, [campaignId]);
  return campaignId;
}

/** Every scoring row of a campaign, in a fixed order, for comparing two scorings. */
export async function scoringRows(db: DataSource, campaignId: string) {
  const q = (table: string, order: string) => db.query(`SELECT * FROM ${table} WHERE campaign_id = $1 ORDER BY ${order}`, [campaignId]);
  return {
    groups: await q('group_results', 'scope, team_id'),
    scores: await q('group_scores', 'scope, team_id, dimension'),
    questions: await q('question_scores', 'scope, team_id, question_key'),
    reliability: await q('campaign_reliability', 'dimension'),
  };
}

/** A small deterministic PRNG for generated answers. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A short survey over three dimensions and `recommend`, for results and dashboard fixtures. */
export const SHORT_SURVEY_KEYS = ['ps_mistakes_held', 'ps_raise_problems', 'trust_follow_through', 'trust_good_intent', 'learn_honest_feedback', 'recommend'];

/** One respondent of SHORT_SURVEY_KEYS agreeing at level `v` (the reverse item answered 8 − v). */
export const shortSurveyAnswers = (v: number) => ({
  ps_mistakes_held: 8 - v,
  ps_raise_problems: v,
  trust_follow_through: v,
  trust_good_intent: v,
  learn_honest_feedback: v,
  recommend: v + 3,
});
