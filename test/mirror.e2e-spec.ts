import { ScoringService } from '../src/scoring/scoring.service';
import { AGREE_KEYS, answersAll, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { scoringRows } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';
import { managerWithKey } from './support/loop';

type Auth = { Authorization: string };

/**
 * The manager's mirror: recorded while the campaign is open, never a response (it changes no
 * count and no score), shown after close beside the team's scores with the largest gaps named,
 * and only to the team's managers and HR.
 */
describe('the manager’s mirror', () => {
  let env: TestEnv;
  let orgId: string;
  let hr: Auth;
  let mia: Auth; // manages Eng
  let sam: Auth; // manages Sales
  let scoring: ScoringService;
  let eng: { id: string; emails: string[] };
  let sales: { id: string; emails: string[] };
  let campaign: string;

  const put = (auth: Auth, campaignId: string, teamId: string, answers: Array<{ questionKey: string; value: number }>) =>
    env.http().put(`/api/v1/campaigns/${campaignId}/mirror/${teamId}`).set(auth).send({ answers });
  /** Mia expects the best answer on every item: strongly disagree with the three reverse-keyed ones. */
  const REVERSED = ['ps_mistakes_held', 'ps_rejected_different', 'ps_hard_to_ask'];
  const hopeful = () => AGREE_KEYS.map((questionKey) => ({ questionKey, value: REVERSED.includes(questionKey) ? 1 : 7 }));

  beforeAll(async () => {
    env = await startTestEnv();
    ({ orgId, auth: hr } = await env.createOrg());
    scoring = (await env.startWorker()).get(ScoringService);
    eng = await teamWithMembers(env, hr, 'Eng', 5);
    sales = await teamWithMembers(env, hr, 'Sales', 5);
    mia = (await managerWithKey(env, hr, orgId, 'mia@example.com', 'Mia', [eng.id])).auth;
    sam = (await managerWithKey(env, hr, orgId, 'sam@example.com', 'Sam', [sales.id])).auth;
    campaign = (await launchedCampaign(env, hr, { name: 'Spring', teamIds: [eng.id, sales.id] })).id;
  });
  afterAll(() => env.close());

  it('records the manager’s expectation while the campaign is open, and a second PUT replaces it', async () => {
    const first = await put(mia, campaign, eng.id, [{ questionKey: 'trust_good_intent', value: 2 }]).expect(200);
    expect(first.body.expectation.trust).toBeNull(); // 1 of 5 trust items: fewer than half
    const res = await put(mia, campaign, eng.id, hopeful()).expect(200);
    expect(res.body).toMatchObject({ campaignId: campaign, teamId: eng.id, answers: expect.any(Array), updatedAt: expect.any(String) });
    expect(res.body.answers).toHaveLength(24);
    // ps: four items at 7 and three reverse-keyed answered 1 (= 7 after keying) → 100.
    expect(res.body.expectation).toEqual({ psychological_safety: 100, trust: 100, learning: 100, repair: 100, co_creation: 100 });
    expect((await env.db.query(`SELECT count(*)::int AS n FROM mirrors WHERE campaign_id = $1`, [campaign]))[0].n).toBe(1);
  });

  it('keeps managers to their own teams and refuses what is not a survey item', async () => {
    await put(sam, campaign, eng.id, hopeful()).expect(404);
    const outside = await teamWithMembers(env, hr, 'Outside', 1);
    await put(hr, campaign, outside.id, hopeful()).expect(404); // not in the campaign
    await put(mia, '00000000-0000-4000-8000-000000000000', eng.id, hopeful()).expect(404);
    const bad = await put(mia, campaign, eng.id, [{ questionKey: 'recommend', value: 9 }, { questionKey: 'trust_good_intent', value: 8 }]).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['answers.0.questionKey', 'answers.0.value', 'answers.1.value']);
    await put(mia, campaign, eng.id, [{ questionKey: 'trust_good_intent', value: 5 }, { questionKey: 'trust_good_intent', value: 5 }]).expect(422);
    await env.http().put(`/api/v1/campaigns/${campaign}/mirror/${eng.id}`).set(mia).send({ answers: [] }).expect(422);
    const draft = await env.http().post('/api/v1/campaigns').set(hr).send({ name: 'Later', teamIds: [eng.id], closesAt: new Date(Date.now() + 86400_000).toISOString() }).expect(201);
    await put(hr, draft.body.id, eng.id, hopeful()).expect(404); // a draft has no frozen audience yet
  });

  it('changes no team number: scores with and without the mirror are identical, and it is never a response', async () => {
    const links = await linksOf(env, campaign);
    let i = 0;
    for (const token of links.values()) await env.http().post(`/api/v1/surveys/${token}/response`).send({ answers: answersAll(3 + (i++ % 3)) }).expect(201);
    await env.http().post(`/api/v1/campaigns/${campaign}/close`).set(hr).expect(200);
    await put(mia, campaign, eng.id, hopeful()).expect(410);
    await scoring.score(campaign);
    const withMirror = await scoringRows(env.db, campaign);
    expect(withMirror.groups.find((g: { team_id: string }) => g.team_id === eng.id).responded).toBe(5);
    expect((await env.db.query(`SELECT count(*)::int AS n FROM responses WHERE campaign_id = $1`, [campaign]))[0].n).toBe(10);
    const saved = await env.db.query(`SELECT * FROM mirrors WHERE campaign_id = $1`, [campaign]);
    await env.db.query(`DELETE FROM mirrors WHERE campaign_id = $1`, [campaign]);
    await scoring.score(campaign);
    expect(await scoringRows(env.db, campaign)).toEqual(withMirror);
    for (const m of saved) {
      await env.db.query(`INSERT INTO mirrors (org_id, campaign_id, team_id, user_id, answers, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        m.org_id, m.campaign_id, m.team_id, m.user_id, m.answers, m.updated_at,
      ]);
    }
  });

  it('shows the expectation beside the team’s scores, with the largest gaps named as blind spots', async () => {
    const res = await env.http().get(`/api/v1/teams/${eng.id}/results?campaignId=${campaign}`).set(mia).expect(200);
    expect(res.body.mirror).toEqual({ psychological_safety: 100, trust: 100, learning: 100, repair: 100, co_creation: 100 });
    expect(res.body.mirrorBy).toMatchObject({ name: 'Mia' });
    expect(res.body.blindSpots).toHaveLength(2);
    for (const spot of res.body.blindSpots) {
      expect(spot.expected).toBe(100);
      expect(spot.gap).toBeCloseTo(100 - res.body.dimensions[spot.dimension].score, 1);
    }
    // The largest gap first: the lowest team score.
    const lowest = Object.entries(res.body.dimensions as Record<string, { score: number }>).sort(([, a], [, b]) => a.score - b.score)[0][0];
    expect(res.body.blindSpots[0].dimension).toBe(lowest);
    // HR sees it too; Sam's team has no mirror, and Eng's results are not his to read.
    expect((await env.http().get(`/api/v1/teams/${eng.id}/results?campaignId=${campaign}`).set(hr).expect(200)).body.mirror).not.toBeNull();
    expect((await env.http().get(`/api/v1/teams/${sales.id}/results?campaignId=${campaign}`).set(sam).expect(200)).body.mirror).toBeNull();
    await env.http().get(`/api/v1/teams/${eng.id}/results?campaignId=${campaign}`).set(sam).expect(404);
  });
});
