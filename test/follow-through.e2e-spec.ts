import { ScoringService } from '../src/scoring/scoring.service';
import { AGREE_KEYS, answersAll, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { managerWithKey } from './support/loop';

type Auth = { Authorization: string };

/**
 * Follow-through on the real path: a team records actions after a campaign; the next
 * campaign that includes the team asks its members (and only them) "We followed through on
 * what we agreed after our last survey"; the answers come back as `followThrough`, scored like
 * a one-item dimension and left out of the index; the survey after that does not ask again.
 */
describe('follow-through', () => {
  let env: TestEnv;
  let orgId: string;
  let hr: Auth;
  let mia: Auth;
  let scoring: ScoringService;
  let teams: Record<'Eng' | 'Web' | 'Sales', { id: string; emails: string[] }>;
  let first: string;
  let actionId: string;
  let asking: string;
  let firstQuestions: Map<string, string[]>;

  const questionsOf = async (campaignId: string) => {
    const byEmail = new Map<string, string[]>();
    for (const [email, token] of await linksOf(env, campaignId)) {
      const survey = await env.http().get(`/api/v1/surveys/${token}`).expect(200);
      byEmail.set(email, survey.body.questions.map((q: { key: string }) => q.key));
    }
    return byEmail;
  };
  const everyone = () => [...teams.Eng.emails, ...teams.Web.emails, ...teams.Sales.emails];

  /** Everyone answers all items at `value`; Web's members also answer follow_through with `followThrough[i]`. */
  async function answerAndScore(campaignId: string, value: number, followThrough: number[] = []) {
    const links = await linksOf(env, campaignId);
    for (const [email, token] of links) {
      const i = teams.Web.emails.indexOf(email);
      const extra = i >= 0 && followThrough[i] !== undefined ? [{ questionKey: 'follow_through', value: followThrough[i] }] : [];
      await env.http().post(`/api/v1/surveys/${token}/response`).send({ answers: [...answersAll(value), ...extra] }).expect(201);
    }
    await env.http().post(`/api/v1/campaigns/${campaignId}/close`).set(hr).expect(200);
    await scoring.score(campaignId);
  }

  beforeAll(async () => {
    env = await startTestEnv();
    ({ orgId, auth: hr } = await env.createOrg());
    scoring = (await env.startWorker()).get(ScoringService);
    await env.http().patch('/api/v1/org').set(hr).send({ anonymityThreshold: 3 }).expect(200);
    const eng = await teamWithMembers(env, hr, 'Eng', 3);
    teams = { Eng: eng, Web: await teamWithMembers(env, hr, 'Web', 5, eng.id), Sales: await teamWithMembers(env, hr, 'Sales', 3) };
    mia = (await managerWithKey(env, hr, orgId, 'mia@example.com', 'Mia', [teams.Eng.id])).auth;
    first = (await launchedCampaign(env, hr, { name: 'Winter', teamIds: [teams.Eng.id, teams.Sales.id] })).id;
    firstQuestions = await questionsOf(first);
    await answerAndScore(first, 5);
  });
  afterAll(() => env.close());

  it('is not a question HR can pick, and no campaign asks it before a team has actions', async () => {
    const bank = await env.http().get('/api/v1/questions').set(hr).expect(200);
    expect(bank.body.map((q: { key: string }) => q.key)).not.toContain('follow_through');
    const refused = await env.http().post('/api/v1/campaigns').set(hr).send({ name: 'x', teamIds: [teams.Eng.id], closesAt: new Date(Date.now() + 86400_000).toISOString(), questionKeys: ['follow_through'] }).expect(422);
    expect(refused.body.errors[0].field).toBe('questionKeys');
    expect(firstQuestions.size).toBe(11);
    for (const keys of firstQuestions.values()) expect(keys).toEqual(AGREE_KEYS);
  });

  it('is asked by the next campaign that includes the team, of that team’s members only', async () => {
    actionId = (await env.http().post(`/api/v1/teams/${teams.Web.id}/actions`).set(mia).send({ campaignId: first, dimension: 'learning', title: 'Feedback pairs' }).expect(201)).body.id;
    // A campaign over Sales alone is not Web's next survey: nothing asked, the action still waits.
    const salesOnly = (await launchedCampaign(env, hr, { name: 'Sales check', teamIds: [teams.Sales.id] })).id;
    for (const keys of (await questionsOf(salesOnly)).values()) expect(keys).not.toContain('follow_through');
    expect((await env.http().get(`/api/v1/actions/${actionId}`).set(mia).expect(200)).body.followThroughCampaignId).toBeNull();

    asking = (await launchedCampaign(env, hr, { name: 'Spring', teamIds: [teams.Eng.id, teams.Sales.id] })).id;
    const asked = await questionsOf(asking);
    for (const email of everyone()) {
      const keys = asked.get(email)!;
      if (teams.Web.emails.includes(email)) expect(keys).toEqual([...AGREE_KEYS, 'follow_through']);
      else expect(keys).toEqual(AGREE_KEYS); // Eng's own members and Sales: their teams agreed nothing
    }
    expect((await env.http().get(`/api/v1/actions/${actionId}`).set(mia).expect(200)).body.followThroughCampaignId).toBe(asking);
  });

  it('refuses a follow-through answer from someone who was not asked', async () => {
    const links = await linksOf(env, asking);
    const res = await env.http().post(`/api/v1/surveys/${links.get(teams.Sales.emails[0])}/response`).send({ answers: [{ questionKey: 'follow_through', value: 7 }] }).expect(422);
    expect(res.body.errors[0].field).toBe('answers.0.questionKey');
  });

  it('is reported as followThrough, scored like a one-item dimension and kept out of the index', async () => {
    await answerAndScore(asking, 6, [7, 6, 5, 4, 3]);
    const web = (await env.http().get(`/api/v1/teams/${teams.Web.id}/results?campaignId=${asking}`).set(mia).expect(200)).body;
    // Values 7, 6, 5, 4, 3: mean 5 → (5 − 1) / 6 × 100 = 66.7; sd of the 0–100 scores 26.4;
    // 3 of 5 at 5 or more (favorable), 1 at 3 or less (unfavorable).
    expect(web.followThrough).toMatchObject({ score: 66.7, n: 5, sd: 26.4, favorable: 60, neutral: 20, unfavorable: 20, delta: null });
    expect(web.followThrough.ciLow).toBeLessThan(66.7);
    // The index is the mean of the five dimensions; follow-through's 66.7 would pull it down.
    const five: number[] = Object.values(web.dimensions as Record<string, { score: number }>).map((d) => d.score);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(five).toHaveLength(5);
    expect(Math.abs(web.index - mean(five))).toBeLessThan(0.1);
    expect(Math.abs(web.index - mean([...five, 66.7]))).toBeGreaterThan(1);
    expect(web.actions.find((a: { id: string }) => a.id === actionId).followThroughCampaignId).toBe(asking);
    const sales = (await env.http().get(`/api/v1/teams/${teams.Sales.id}/results?campaignId=${asking}`).set(hr).expect(200)).body;
    expect(sales.followThrough).toBeNull();
    const campaign = (await env.http().get(`/api/v1/campaigns/${asking}/results`).set(hr).expect(200)).body;
    expect(Object.keys(campaign.reliability)).not.toContain('follow_through');
  });

  it('is not asked again by the survey after, unless the team records new actions', async () => {
    const after = (await launchedCampaign(env, hr, { name: 'Summer', teamIds: [teams.Eng.id] })).id;
    for (const keys of (await questionsOf(after)).values()) expect(keys).not.toContain('follow_through');
    await env.http().post(`/api/v1/teams/${teams.Eng.id}/actions`).set(mia).send({ campaignId: asking, dimension: 'trust', title: 'Open roadmap' }).expect(201);
    const next = (await launchedCampaign(env, hr, { name: 'Autumn', teamIds: [teams.Eng.id, teams.Sales.id] })).id;
    const asked = await questionsOf(next);
    // Eng's action reaches Eng's own members and the team within it, not Sales.
    for (const email of [...teams.Eng.emails, ...teams.Web.emails]) expect(asked.get(email)).toContain('follow_through');
    for (const email of teams.Sales.emails) expect(asked.get(email)).not.toContain('follow_through');
  });

  it('is asked of everyone a small team is pooled with, so an answer to it cannot tell which sub-team a pooled response came from', async () => {
    // Threshold 3. Sales (3) ─── Desk (1): Desk's person is stored as Sales at close.
    const desk = await teamWithMembers(env, hr, 'Desk', 1, teams.Sales.id);
    const earlier = (await launchedCampaign(env, hr, { name: 'Desk first', teamIds: [teams.Sales.id] })).id;
    await answerAndScore(earlier, 5);
    await env.http().post(`/api/v1/teams/${desk.id}/actions`).set(hr).send({ campaignId: earlier, dimension: 'trust', title: 'Weekly check-in' }).expect(201);
    const next = (await launchedCampaign(env, hr, { name: 'Desk check', teamIds: [teams.Sales.id] })).id;
    const asked = await questionsOf(next);
    for (const email of [...teams.Sales.emails, ...desk.emails]) expect(asked.get(email)).toContain('follow_through');
  });
});
