import { personalTokens } from '../../src/campaigns/tokens';
import { TestEnv } from './harness';

type Auth = { Authorization: string };

/** A team with `size` members; returns the team id and the members' addresses. */
export async function teamWithMembers(env: TestEnv, auth: Auth, name: string, size: number, parentId?: string) {
  const team = await env.http().post('/api/v1/teams').set(auth).send({ name, ...(parentId ? { parentId } : {}) }).expect(201);
  const emails: string[] = [];
  for (let i = 0; i < size; i++) {
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${i}@example.com`;
    await env.http().post(`/api/v1/teams/${team.body.id}/members`).set(auth).send({ email, name: `${name} ${i}` }).expect(201);
    emails.push(email);
  }
  return { id: team.body.id as string, emails };
}

export function hoursFromNow(hours: number): string {
  return new Date(Date.now() + hours * 3600_000).toISOString();
}

export async function launchedCampaign(env: TestEnv, auth: Auth, body: Record<string, unknown>) {
  const created = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Spring pulse', closesAt: hoursFromNow(72), ...body }).expect(201);
  const launched = await env.http().post(`/api/v1/campaigns/${created.body.id}/launch`).set(auth).expect(200);
  return launched.body as { id: string; status: string; invited: number };
}

/**
 * The personal links of an open campaign, by member email, computed as the mailer does: from
 * the sealed campaign key and the master key the test environment holds.
 */
export async function linksOf(env: TestEnv, campaignId: string): Promise<Map<string, string>> {
  const [{ sealed_key }] = await env.db.query<{ sealed_key: Buffer }[]>(`SELECT sealed_key FROM campaign_keys WHERE campaign_id = $1`, [campaignId]);
  const rows: Array<{ id: string; email: string }> = await env.db.query(
    `SELECT i.id, m.email FROM invitations i JOIN members m ON m.id = i.member_id WHERE i.campaign_id = $1`,
    [campaignId],
  );
  const tokens = personalTokens(env.config.masterKey, sealed_key, campaignId, rows.map((r) => r.id));
  return new Map(rows.map((r, i) => [r.email, tokens[i]]));
}

export const AGREE_KEYS = [
  'ps_mistakes_held', 'ps_raise_problems', 'ps_rejected_different', 'ps_take_risks', 'ps_hard_to_ask', 'ps_no_undermining',
  'ps_skills_valued', 'trust_follow_through', 'trust_good_intent', 'trust_share_openly', 'trust_manager_back', 'trust_honest_manager',
  'learn_honest_feedback', 'learn_blind_spots', 'learn_first_impressions', 'learn_from_each_other', 'repair_conflict_resolved',
  'repair_own_missteps', 'repair_support_hard_times', 'repair_move_on', 'cocreate_build_on_ideas', 'cocreate_shared_purpose',
  'cocreate_ownership', 'cocreate_better_together',
];

export function answersAll(value: number, keys = AGREE_KEYS) {
  return keys.map((questionKey) => ({ questionKey, value }));
}
