import { DataSource } from 'typeorm';
import { ScoringService } from '../src/scoring/scoring.service';
import { ClosedCampaignSpec, insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS as KEYS, shortSurveyAnswers as answers, TreeTeam } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';

type Auth = { Authorization: string };

/**
 * Attacks on what scoring shows (issues 12 and 13), each against the results API as a reader
 * would make it: counting a small team, reading a distribution everyone answered alike,
 * subtracting two campaigns whose roster barely changed, comparing a part of the organization
 * with the whole, and scoring campaigns out of order.
 */
describe('scoring under attack', () => {
  let env: TestEnv;
  let orgId: string;
  let hr: Auth;
  let scoring: ScoringService;
  const days = (d: number) => new Date(Date.now() - d * 86400_000);
  const people = (team: TreeTeam, values: number[]) => values.map((v) => ({ teamId: team.id, answers: answers(v) }));
  const campaignResults = async (id: string) => (await env.http().get(`/api/v1/campaigns/${id}/results`).set(hr).expect(200)).body;
  const teamResults = async (teamId: string, id: string) => (await env.http().get(`/api/v1/teams/${teamId}/results?campaignId=${id}`).set(hr).expect(200)).body;
  type Entry = Record<string, unknown> & { teamId: string; scope: string; dimensions: Record<string, { delta: number | null; score: number } | null> };
  const entry = (body: { teams: Entry[] }, team: TreeTeam, scope = 'subtree'): Entry => body.teams.find((t) => t.teamId === team.id && t.scope === scope)!;

  beforeAll(async () => {
    env = await startTestEnv();
    ({ orgId, auth: hr } = await env.createOrg());
    scoring = (await env.startWorker()).get(ScoringService);
  });
  afterAll(() => env.close());

  it('a team of one invited is pooled into its parent: no "1 of 1 answered", its answer counted with the parent', async () => {
    const { Ops, Solo } = await insertTeams(env.db, orgId, [{ name: 'Ops' }, { name: 'Solo', parent: 'Ops' }]);
    const id = await insertClosedCampaign(env.db, {
      orgId, tree: [Ops, Solo], threshold: 5, questionKeys: KEYS, responses: [...people(Ops, [5, 5, 6, 4, 5]), ...people(Solo, [1])],
    });
    await scoring.score(id);
    const body = await campaignResults(id);
    expect(entry(body, Solo)).toMatchObject({ invited: 1, responded: null, participation: null, suppressed: true, hiddenReason: 'pooled_upward', pooledInto: Ops.id });
    // Ops's own members now hold Solo's person too: six answers, shown.
    expect(entry(body, Ops, 'direct')).toMatchObject({ invited: 6, responded: 6, suppressed: false });
  });

  it('a group invited below the threshold shows no response count, even with nowhere to pool into', async () => {
    const { Tiny } = await insertTeams(env.db, orgId, [{ name: 'Tiny' }]);
    const id = await insertClosedCampaign(env.db, { orgId, tree: [Tiny], threshold: 5, questionKeys: KEYS, responses: people(Tiny, [3, 4]), invited: { [Tiny.id]: 3 } });
    await scoring.score(id);
    const tiny = entry(await campaignResults(id), Tiny);
    expect(tiny).toMatchObject({ invited: 3, responded: null, participation: null, suppressed: true, hiddenReason: 'few_answers', hiddenReasons: { responded: 'few_answers' } });
  });

  it('withholds a distribution where one value holds all answers but at most one, and says why', async () => {
    const { Alike } = await insertTeams(env.db, orgId, [{ name: 'Alike' }]);
    // ps_raise_problems: 6,6,6,6,2 (all but one alike: withheld); trust_good_intent the same; learn_honest_feedback: 6,6,6,2,2 (shown)
    const responses = [6, 6, 6, 6, 2].map((v, i) => ({ teamId: Alike.id, answers: { ...answers(v), learn_honest_feedback: i < 3 ? 6 : 2 } }));
    const id = await insertClosedCampaign(env.db, { orgId, tree: [Alike], threshold: 5, questionKeys: KEYS, responses });
    await scoring.score(id);
    const { questions } = await teamResults(Alike.id, id);
    const byKey = Object.fromEntries(questions.map((q: { key: string }) => [q.key, q]));
    expect(byKey.ps_raise_problems).toMatchObject({ distribution: null, distributionHiddenReason: 'few_answers', hiddenReason: null });
    expect(byKey.ps_raise_problems.mean).toBeCloseTo(5.2, 5);
    expect(byKey.learn_honest_feedback).toMatchObject({ distribution: [0, 2, 0, 0, 0, 3, 0], distributionHiddenReason: null });
  });

  it('says which hidden group protects a smaller one', async () => {
    const { Dept, Big, Small } = await insertTeams(env.db, orgId, [{ name: 'Dept' }, { name: 'Big', parent: 'Dept' }, { name: 'Small', parent: 'Dept' }]);
    const id = await insertClosedCampaign(env.db, {
      orgId, tree: [Dept, Big, Small], threshold: 5, questionKeys: KEYS,
      responses: [...people(Dept, [5, 5, 5, 5, 5, 6]), ...people(Big, [4, 5, 6, 7, 4, 5, 6]), ...people(Small, [2, 3])],
      invited: { [Small.id]: 6 },
    });
    await scoring.score(id);
    const body = await campaignResults(id);
    expect(entry(body, Small)).toMatchObject({ suppressed: true, hiddenReason: 'few_answers', responded: 2 });
    expect(entry(body, Dept, 'direct')).toMatchObject({ suppressed: true, hiddenReason: 'protects_smaller_group' });
    expect(entry(body, Big)).toMatchObject({ suppressed: false, hiddenReason: null });
  });

  it('one person joins between two pulses: the second shows whole numbers and no counts, so subtracting gives nothing exact', async () => {
    const { Pod } = await insertTeams(env.db, orgId, [{ name: 'Pod' }]);
    const base: Omit<ClosedCampaignSpec, 'responses' | 'closesAt'> = { orgId, tree: [Pod], threshold: 5, questionKeys: KEYS };
    const before = await insertClosedCampaign(env.db, { ...base, closesAt: days(20), responses: people(Pod, [4, 5, 6, 5, 4, 6]) });
    await scoring.score(before);
    // The same six answer as before and one newcomer answers 1: score × n would give the newcomer away.
    const after = await insertClosedCampaign(env.db, { ...base, closesAt: days(5), responses: people(Pod, [4, 5, 6, 5, 4, 6, 1]), status: 'open' });
    await sameMembers(env.db, before, after, Pod.id);
    await env.db.query(`UPDATE campaigns SET status = 'closed', closed_at = closes_at WHERE id = $1`, [after]);
    await scoring.score(after);

    const pod = entry(await campaignResults(after), Pod);
    expect(pod).toMatchObject({ suppressed: false, rounded: true, responded: null, participation: null, hiddenReasons: { responded: 'roster_change' } });
    const trust = pod.dimensions.trust as unknown as Record<string, number | null>;
    expect(Number.isInteger(trust.score)).toBe(true);
    expect(trust.n).toBeNull();
    const { questions } = await teamResults(Pod.id, after);
    for (const q of questions) expect(q).toMatchObject({ distribution: null, distributionHiddenReason: 'roster_change', mean: null, n: null });
    // The first campaign (nothing to compare with) stays exact.
    expect(entry(await campaignResults(before), Pod)).toMatchObject({ rounded: false, responded: 6 });
  });

  it('a group hidden in its previous campaign is rounded when one joiner lets it be shown, so it never gives back what its hiding protected', async () => {
    const { Pod } = await insertTeams(env.db, orgId, [{ name: 'Pod' }]);
    const base: Omit<ClosedCampaignSpec, 'responses' | 'closesAt'> = { orgId, tree: [Pod], threshold: 5, questionKeys: KEYS };
    const before = await insertClosedCampaign(env.db, { ...base, closesAt: days(20), responses: people(Pod, [4, 5, 6, 5]) });
    await scoring.score(before);
    const after = await insertClosedCampaign(env.db, { ...base, closesAt: days(5), responses: people(Pod, [4, 5, 6, 5, 1]), status: 'open' });
    await sameMembers(env.db, before, after, Pod.id);
    await env.db.query(`UPDATE campaigns SET status = 'closed', closed_at = closes_at WHERE id = $1`, [after]);
    await scoring.score(after);

    expect(entry(await campaignResults(before), Pod)).toMatchObject({ suppressed: true });
    expect(entry(await campaignResults(after), Pod)).toMatchObject({ suppressed: false, rounded: true, responded: null, hiddenReasons: { responded: 'roster_change' } });
  });

  it('a team that stops being pooled into its parent leaves the parent\'s own members changed by two, so they are rounded', async () => {
    const { P, S } = await insertTeams(env.db, orgId, [{ name: 'P' }, { name: 'S', parent: 'P' }]);
    const base: Omit<ClosedCampaignSpec, 'responses' | 'closesAt'> = { orgId, tree: [P, S], threshold: 5, questionKeys: KEYS };
    const before = await insertClosedCampaign(env.db, { ...base, closesAt: days(20), responses: [...people(P, [4, 5, 6, 5, 4, 6]), ...people(S, [2, 3])] });
    await scoring.score(before);
    const after = await insertClosedCampaign(env.db, {
      ...base, closesAt: days(5), responses: [...people(P, [4, 5, 6, 5, 4, 6]), ...people(S, [2, 3, 5, 5, 5])], status: 'open',
    });
    for (const team of [P, S]) await sameMembers(env.db, before, after, team.id);
    await env.db.query(`UPDATE campaigns SET status = 'closed', closed_at = closes_at WHERE id = $1`, [after]);
    await scoring.score(after);

    expect(entry(await campaignResults(before), P, 'direct')).toMatchObject({ rounded: false, responded: 8 });
    expect(entry(await campaignResults(after), P, 'direct')).toMatchObject({ suppressed: false, rounded: true, responded: null });
  });

  it('a team\'s own members are rounded when the teams pooled into them changed, however many joined', async () => {
    const { P, S } = await insertTeams(env.db, orgId, [{ name: 'P' }, { name: 'S', parent: 'P' }]);
    const base: Omit<ClosedCampaignSpec, 'responses' | 'closesAt'> = { orgId, tree: [P, S], threshold: 5, questionKeys: KEYS };
    const before = await insertClosedCampaign(env.db, { ...base, closesAt: days(20), responses: [...people(P, [4, 5, 6, 5, 4, 6]), ...people(S, [2, 3])] });
    await scoring.score(before);
    // S's two leave P's own members (S is no longer pooled) and three join P: changed by five.
    const after = await insertClosedCampaign(env.db, {
      ...base, closesAt: days(5), responses: [...people(P, [4, 5, 6, 5, 4, 6, 5, 5, 5]), ...people(S, [2, 3, 5, 5, 5, 4, 4])], status: 'open',
    });
    for (const team of [P, S]) await sameMembers(env.db, before, after, team.id);
    await env.db.query(`UPDATE campaigns SET status = 'closed', closed_at = closes_at WHERE id = $1`, [after]);
    await scoring.score(after);

    expect(entry(await campaignResults(after), P, 'direct')).toMatchObject({ suppressed: false, rounded: true, responded: null });
  });

  it('a group new in this campaign whose people were counted elsewhere before is rounded', async () => {
    // An organization of its own: the group is new, so it is compared with the organization's previous campaign.
    const own = await env.createOrg();
    const { R, M, X, Y, Z } = await insertTeams(env.db, own.orgId, [
      { name: 'R' }, { name: 'M', parent: 'R' }, { name: 'X', parent: 'M' }, { name: 'Y', parent: 'M' }, { name: 'Z', parent: 'M' },
    ]);
    const base: Omit<ClosedCampaignSpec, 'responses' | 'closesAt'> = { orgId: own.orgId, tree: [R, M, X, Y, Z], threshold: 5, questionKeys: KEYS };
    const z = people(Z, [5, 6, 5, 6, 5]);
    // Before, Y (2) is pooled through M into R; after one leaves X (4), X and Y hold together in M's own members.
    const before = await insertClosedCampaign(env.db, { ...base, closesAt: days(20), responses: [...people(R, [4, 5, 6, 5, 4]), ...people(X, [3, 4, 5, 3, 4]), ...people(Y, [2, 3]), ...z] });
    await scoring.score(before);
    const after = await insertClosedCampaign(env.db, { ...base, closesAt: days(5), responses: [...people(R, [4, 5, 6, 5, 4]), ...people(X, [4, 5, 3, 4]), ...people(Y, [2, 3]), ...z], status: 'open' });
    for (const team of [R, X, Y, Z]) await sameMembers(env.db, before, after, team.id);
    await env.db.query(`UPDATE campaigns SET status = 'closed', closed_at = closes_at WHERE id = $1`, [after]);
    await scoring.score(after);

    const { body } = await env.http().get(`/api/v1/campaigns/${after}/results`).set(own.auth).expect(200);
    expect(entry(body, M, 'direct')).toMatchObject({ suppressed: false, rounded: true, responded: null });
  });

  it('a rounded organization is not the sum of exact teams: the smaller team is rounded too', async () => {
    // An organization of its own: the others' campaigns would be its organization's previous ones.
    const own = await env.createOrg();
    const { A, B } = await insertTeams(env.db, own.orgId, [{ name: 'A' }, { name: 'B' }]);
    const base: Omit<ClosedCampaignSpec, 'responses' | 'closesAt'> = { orgId: own.orgId, tree: [A, B], threshold: 5, questionKeys: KEYS };
    const before = await insertClosedCampaign(env.db, { ...base, closesAt: days(20), responses: [...people(A, [4, 5, 6, 5, 4, 6, 4, 5, 6, 5]), ...people(B, [3, 4, 5, 3, 4, 5])] });
    await scoring.score(before);
    const after = await insertClosedCampaign(env.db, {
      ...base, closesAt: days(5), responses: [...people(A, [4, 6, 4, 5, 6]), ...people(B, [4, 5, 6, 5, 3, 4, 5, 3, 4, 5, 1])], status: 'open',
    });
    // Four of A move to B, one leaves A, one joins B: A and B change by five each, the organization by two.
    await env.db.query(
      `WITH b AS (SELECT member_id, row_number() OVER (ORDER BY team_id = $3 DESC, member_id) AS k FROM invitations WHERE campaign_id = $1),
            a AS (SELECT id, row_number() OVER (ORDER BY team_id = $4 DESC, member_id) AS k FROM invitations WHERE campaign_id = $2)
       UPDATE invitations i SET member_id = b.member_id
         FROM a JOIN b ON b.k = CASE WHEN a.k <= 4 THEN a.k WHEN a.k <= 10 THEN a.k + 6 WHEN a.k = 11 THEN NULL ELSE a.k - 7 END
        WHERE i.id = a.id`,
      [before, after, A.id, B.id],
    );
    await env.db.query(`UPDATE campaigns SET status = 'closed', closed_at = closes_at WHERE id = $1`, [after]);
    await scoring.score(after);

    const { body } = await env.http().get(`/api/v1/campaigns/${after}/results`).set(own.auth).expect(200);
    expect(body.org).toMatchObject({ rounded: true });
    expect(entry(body, A)).toMatchObject({ suppressed: false, rounded: true, responded: null });
    expect(entry(body, B)).toMatchObject({ suppressed: false, rounded: false, responded: 11 });
  });

  it('a campaign over one department is an audience, compared only with the same people, never with the whole organization', async () => {
    const t = await insertTeams(env.db, orgId, [{ name: 'Sales' }, { name: 'East', parent: 'Sales' }, { name: 'Support' }]);
    // The teams existed before both launches: the first campaign asked every one of this organization's teams.
    await env.db.query(`UPDATE teams SET created_at = now() - interval '400 days' WHERE org_id = $1`, [orgId]);
    const everyone = await env.db.query(`SELECT id, parent_id AS "parentId", name FROM teams WHERE org_id = $1`, [orgId]);
    const whole = await insertClosedCampaign(env.db, {
      orgId, name: 'All hands', tree: everyone, threshold: 5, questionKeys: KEYS, closesAt: days(40),
      responses: [...people(t.Sales, [2, 2, 2, 2, 2]), ...people(t.East, [2, 2, 3, 3, 2]), ...people(t.Support, [7, 7, 7, 7, 7, 6])],
    });
    await scoring.score(whole);
    const dept = await insertClosedCampaign(env.db, {
      orgId, name: 'Sales check-in', tree: [t.Sales, t.East], threshold: 5, questionKeys: KEYS, closesAt: days(10),
      responses: [...people(t.Sales, [3, 2, 2, 3, 2]), ...people(t.East, [2, 3, 3, 3, 2])],
    });
    await scoring.score(dept);

    const body = await campaignResults(dept);
    expect(body.org).toBeUndefined();
    expect(body.audience).toMatchObject({ label: 'Sales and its teams', invited: 10, suppressed: false });
    // The audience is not the organization of "All hands": no delta (that would be a false alarm of about −40).
    expect(body.audience.dimensions.trust.delta).toBeNull();
    // Sales over its subtree holds the same people in both: compared.
    expect(entry(body, t.Sales).dimensions.trust!.delta).not.toBeNull();
    expect((await campaignResults(whole)).org).toMatchObject({ suppressed: false });
  });

  it('scoring an earlier-closing campaign after a later one gives the later one its delta', async () => {
    const { Lab } = await insertTeams(env.db, orgId, [{ name: 'Lab' }]);
    const base = { orgId, tree: [Lab], threshold: 5, questionKeys: KEYS };
    // The earlier one stays open until the later one is scored (the worker's reconciler scores closed campaigns on its own).
    const early = await insertClosedCampaign(env.db, { ...base, closesAt: days(30), responses: people(Lab, [2, 3, 2, 3, 2, 3]), status: 'open' });
    const late = await insertClosedCampaign(env.db, { ...base, closesAt: days(3), responses: people(Lab, [6, 7, 6, 7, 6, 7]) });
    await scoring.score(late);
    expect(entry(await campaignResults(late), Lab).dimensions.trust!.delta).toBeNull();
    await env.db.query(`UPDATE campaigns SET status = 'closed', closed_at = closes_at WHERE id = $1`, [early]);
    await scoring.score(early);
    const trust = entry(await campaignResults(late), Lab).dimensions.trust!;
    expect(trust.delta).toBeCloseTo(66.7, 1);
    expect(trust).toMatchObject({ significant: true, previousCampaignId: early });
  });
});

/** Makes the first `count` invitations of `after` in the team the same people as `before`'s (fixtures invent new members). */
async function sameMembers(db: DataSource, before: string, after: string, teamId: string): Promise<void> {
  await db.query(
    `WITH b AS (SELECT member_id, row_number() OVER (ORDER BY member_id) AS k FROM invitations WHERE campaign_id = $1 AND team_id = $3),
          a AS (SELECT id, row_number() OVER (ORDER BY member_id) AS k FROM invitations WHERE campaign_id = $2 AND team_id = $3)
     UPDATE invitations i SET member_id = b.member_id FROM a JOIN b USING (k) WHERE i.id = a.id`,
    [before, after, teamId],
  );
}
