import { ScoringService } from '../src/scoring/scoring.service';
import { insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS as KEYS, TreeTeam } from './support/closed-campaign';
import { insertTwoCampaigns } from './support/two-campaigns';
import { startTestEnv, TestEnv } from './support/harness';

type Auth = { Authorization: string };

/**
 * The results API over scored campaigns: shapes, scoping (hr_admin / manager / another
 * organization), 409 before scoring, and deltas that never reveal a suppressed score.
 */
describe('results API', () => {
  let env: TestEnv;
  let orgId: string;
  let hr: Auth;
  let manager: Auth;
  let teams: Record<string, TreeTeam>;
  let first: string;
  let second: string;
  let scoring: ScoringService;

  beforeAll(async () => {
    env = await startTestEnv();
    ({ orgId, auth: hr } = await env.createOrg());
    scoring = (await env.startWorker()).get(ScoringService);
    let managerId: string;
    ({ teams, managerId, first, second } = await insertTwoCampaigns(env, orgId, hr));
    const key = await env.http().post(`/api/v1/users/${managerId}/api-keys`).set(hr).send({}).expect(201);
    manager = { Authorization: `Bearer ${key.body.key}` };
  });
  afterAll(() => env.close());

  it('answers 409 while the campaign is not scored, then 200 once scored', async () => {
    await env.http().get(`/api/v1/campaigns/${first}/results`).set(hr).expect(409);
    await env.http().get(`/api/v1/teams/${teams.Eng.id}/results?campaignId=${first}`).set(hr).expect(409);
    await scoring.score(first);
    await scoring.score(second);
    await env.http().get(`/api/v1/campaigns/${first}/results`).set(hr).expect(200);
  });

  it('gives hr_admin every group, the organization and reliability, with numbers rounded to one decimal', async () => {
    const { body } = await env.http().get(`/api/v1/campaigns/${first}/results`).set(hr).expect(200);
    expect(body.campaign).toMatchObject({ id: first, name: 'Winter', status: 'scored' });
    expect(body.threshold).toBe(5);
    expect(body.teams.map((t: { name: string; scope: string }) => `${t.name}/${t.scope}`)).toEqual([
      'Eng/subtree', 'Eng/direct', 'Web/subtree', 'Mobile/subtree', 'Sales/subtree', 'Ops/subtree',
    ]);
    const eng = body.teams[0];
    expect(eng).toMatchObject({ teamId: teams.Eng.id, parentId: null, invited: 21, responded: 16, participation: 76.2, suppressed: false });
    expect(eng.dimensions.repair).toBeNull(); // not asked
    const trust = eng.dimensions.trust;
    expect(Object.keys(trust).sort()).toEqual(['ciHigh', 'ciLow', 'delta', 'favorable', 'n', 'neutral', 'previousCampaignId', 'score', 'sd', 'significant', 'unfavorable'].sort());
    for (const v of [trust.score, trust.sd, trust.ciLow, trust.ciHigh, trust.favorable, eng.index, eng.enps]) {
      expect(typeof v).toBe('number');
      expect(Math.round(v * 10) / 10).toBe(v);
    }
    // trust of Eng's subtree: values 5,6,5,6,5,6, 4,4,5,5,6,6,7, 1,2,1 → mean s, then (s − 1)/6·100
    const values = [5, 6, 5, 6, 5, 6, 4, 4, 5, 5, 6, 6, 7, 1, 2, 1];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(trust.score).toBeCloseTo(((mean - 1) / 6) * 100, 1);
    expect(trust.n).toBe(16);
    expect(body.org).toMatchObject({ invited: 41, responded: 27, participation: 65.9, suppressed: false });
    expect(body.reliability).toEqual({ learning: null, psychological_safety: null, trust: null });
  });

  it('hides a small team and the sibling that would give it away by subtraction, in the whole group and every metric', async () => {
    const { body } = await env.http().get(`/api/v1/campaigns/${first}/results`).set(hr).expect(200);
    const byKey = Object.fromEntries(body.teams.map((t: { name: string; scope: string }) => [`${t.name}/${t.scope}`, t]));
    // Under Eng: direct (6), Web (7), Mobile (3). Mobile < 5; the smallest shown sibling (direct, 6) is hidden too.
    for (const key of ['Mobile/subtree', 'Eng/direct']) {
      expect(byKey[key]).toMatchObject({ suppressed: true, index: null, enps: null });
      expect(Object.values(byKey[key].dimensions).every((d) => d === null)).toBe(true);
    }
    expect(byKey['Web/subtree'].suppressed).toBe(false);
    expect(byKey['Eng/subtree'].suppressed).toBe(false);
    // participation stays visible for a hidden group: it says nothing about answers
    expect(byKey['Mobile/subtree']).toMatchObject({ invited: 5, responded: 3, participation: 60 });
  });

  it('never shows a delta against a suppressed score, nor a score that is suppressed now', async () => {
    const { body } = await env.http().get(`/api/v1/campaigns/${second}/results`).set(hr).expect(200);
    const byKey = Object.fromEntries(body.teams.map((t: { name: string; scope: string }) => [`${t.name}/${t.scope}`, t]));
    // Mobile is shown now (6), but was hidden in Winter: its score is shown, its delta is not.
    const mobile = byKey['Mobile/subtree'];
    expect(mobile.suppressed).toBe(false);
    expect(mobile.dimensions.trust.score).toBeCloseTo(((4.5 - 1) / 6) * 100, 1);
    expect(mobile.dimensions.trust).toMatchObject({ delta: null, significant: null, previousCampaignId: null });
    // Web was shown both times: a delta against Winter.
    const web = byKey['Web/subtree'].dimensions.trust;
    expect(web.previousCampaignId).toBe(first);
    const s = (vals: number[]) => ((vals.reduce((a, b) => a + b, 0) / vals.length - 1) / 6) * 100;
    expect(web.delta).toBeCloseTo(s([5, 5, 5, 5, 6, 6, 6]) - s([4, 4, 5, 5, 6, 6, 7]), 1);
    expect(typeof web.significant).toBe('boolean');
    // Sales fell below the threshold: nothing at all, so no delta that could reveal it.
    expect(byKey['Sales/subtree']).toMatchObject({ suppressed: true, index: null });
    expect(byKey['Sales/subtree'].dimensions.trust).toBeNull();
    expect(byKey['Ops/subtree'].suppressed).toBe(true);
    // Winter's Sales (shown then) does not leak through the organization's delta either: org is shown, with its own delta.
    expect(body.org.dimensions.trust.previousCampaignId).toBe(first);
  });

  it('gives a team its questions (suppressed ones null, distribution too, with the reason) and only its own members\' comments', async () => {
    const eng = await env.http().get(`/api/v1/teams/${teams.Eng.id}/results?campaignId=${first}`).set(hr).expect(200);
    expect(eng.body).toMatchObject({ teamId: teams.Eng.id, scope: 'subtree', suppressed: false, threshold: 5 });
    const mistakes = eng.body.questions.find((q: { key: string }) => q.key === 'ps_mistakes_held');
    // raw = 8 − v over the 16 answers; mean after reverse keying = mean of v
    expect(mistakes.distribution).toHaveLength(7);
    expect(mistakes.distribution.reduce((a: number, b: number) => a + b, 0)).toBe(16);
    expect(mistakes.mean).toBeCloseTo([5, 6, 5, 6, 5, 6, 4, 4, 5, 5, 6, 6, 7, 1, 2, 1].reduce((a, b) => a + b, 0) / 16, 2);
    expect(eng.body.questions.find((q: { key: string }) => q.key === 'recommend').distribution).toHaveLength(11);
    // Eng's own members were hidden (to protect Mobile) in Winter: no comments, and never Mobile's.
    expect(eng.body.comments).toEqual([]);
    const mobile = await env.http().get(`/api/v1/teams/${teams.Mobile.id}/results?campaignId=${first}`).set(hr).expect(200);
    expect(mobile.body).toMatchObject({ suppressed: true, index: null, comments: [] });
    for (const q of mobile.body.questions) {
      expect(q).toMatchObject({ n: null, mean: null, favorable: null, distribution: null, hiddenReason: 'few_answers', distributionHiddenReason: 'few_answers' });
    }
    // Spring (the default: latest): Eng's own members shown, so their comment, still not Mobile's.
    const latest = await env.http().get(`/api/v1/teams/${teams.Eng.id}/results`).set(hr).expect(200);
    expect(latest.body.campaign.id).toBe(second);
    expect(latest.body.comments).toEqual(['Eng again']);
    const mobileNow = await env.http().get(`/api/v1/teams/${teams.Mobile.id}/results`).set(hr).expect(200);
    expect(mobileNow.body.comments).toEqual(['Mobile now visible']);
  });

  it('gives the trend oldest first', async () => {
    const { body } = await env.http().get(`/api/v1/teams/${teams.Mobile.id}/trend`).set(hr).expect(200);
    expect(body.map((p: { campaignId: string }) => p.campaignId)).toEqual([first, second]);
    expect(body[0]).toMatchObject({ suppressed: true, index: null });
    expect(body[0].dimensions.trust).toBeNull();
    expect(body[1].suppressed).toBe(false);
    expect(typeof body[1].index).toBe('number');
  });

  it('scopes a manager to their teams and descendants: no org entry, no reliability, 404 elsewhere', async () => {
    const { body } = await env.http().get(`/api/v1/campaigns/${first}/results`).set(manager).expect(200);
    expect(body.teams.map((t: { name: string; scope: string }) => `${t.name}/${t.scope}`)).toEqual(['Eng/subtree', 'Eng/direct', 'Web/subtree', 'Mobile/subtree']);
    expect(body.org).toBeUndefined();
    expect(body.reliability).toBeUndefined();
    await env.http().get(`/api/v1/teams/${teams.Web.id}/results`).set(manager).expect(200);
    await env.http().get(`/api/v1/teams/${teams.Web.id}/trend`).set(manager).expect(200);
    await env.http().get(`/api/v1/teams/${teams.Sales.id}/results`).set(manager).expect(404);
    await env.http().get(`/api/v1/teams/${teams.Sales.id}/trend`).set(manager).expect(404);
    // a campaign none of the manager's teams took part in
    const { Other } = await insertTeams(env.db, orgId, [{ name: 'Other' }]);
    const elsewhere = await insertClosedCampaign(env.db, { orgId, tree: [Other], threshold: 5, questionKeys: KEYS, responses: [] });
    await scoring.score(elsewhere);
    await env.http().get(`/api/v1/campaigns/${elsewhere}/results`).set(manager).expect(404);
    await env.http().get(`/api/v1/campaigns/${elsewhere}/results`).set(hr).expect(200);
  });

  it('answers 404 for another organization, unknown and malformed ids, and a team outside the campaign', async () => {
    const other = await env.createOrg('Globex');
    await env.http().get(`/api/v1/campaigns/${first}/results`).set(other.auth).expect(404);
    await env.http().get(`/api/v1/teams/${teams.Eng.id}/results`).set(other.auth).expect(404);
    await env.http().get(`/api/v1/teams/${teams.Eng.id}/trend`).set(other.auth).expect(404);
    await env.http().get(`/api/v1/campaigns/not-a-uuid/results`).set(hr).expect(404);
    await env.http().get(`/api/v1/teams/not-a-uuid/trend`).set(hr).expect(404);
    await env.http().get(`/api/v1/campaigns/00000000-0000-4000-8000-000000000000/results`).set(hr).expect(404);
    const { Lonely } = await insertTeams(env.db, orgId, [{ name: 'Lonely' }]);
    await env.http().get(`/api/v1/teams/${Lonely.id}/results?campaignId=${first}`).set(hr).expect(404);
    await env.http().get(`/api/v1/teams/${Lonely.id}/results`).set(hr).expect(404);
    expect((await env.http().get(`/api/v1/teams/${Lonely.id}/trend`).set(hr).expect(200)).body).toEqual([]);
    const bad = await env.http().get(`/api/v1/teams/${teams.Eng.id}/results?campaignId=nope`).set(hr);
    expect(bad.status).toBe(422);
  });
});
