import { ScoringService } from '../src/scoring/scoring.service';
import { insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS as KEYS, shortSurveyAnswers as answers, TreeTeam } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';
import { managerWithKey } from './support/loop';
import { CaughtMail, SmtpSink } from './support/smtp';

type Auth = { Authorization: string };

/**
 * Results back to the team: one email per active member with the team's shown aggregates, its
 * actions and the manager's message; once per team and campaign, even when two shares race;
 * never for a hidden team; only by the team's managers and HR.
 */
describe('sharing results with the team', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let orgId: string;
  let hr: Auth;
  let mia: Auth; // manages Eng (children Web and Mobile)
  let sam: Auth; // manages Sales
  let teams: Record<string, TreeTeam>;
  let campaign: string;

  const membersOf = async (teamIds: string[]): Promise<string[]> =>
    (await env.db.query<{ email: string }[]>(`SELECT email FROM members WHERE team_id = ANY($1::uuid[]) AND active ORDER BY email`, [teamIds])).map((r) => r.email);
  const outboxCount = async () => (await env.db.query(`SELECT count(*)::int AS n FROM email_outbox WHERE kind = 'results_share'`))[0].n as number;
  const share = (auth: Auth, teamId: string, body: Record<string, unknown>) => env.http().post(`/api/v1/teams/${teamId}/results/share`).set(auth).send(body);

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: smtp.url });
    ({ orgId, auth: hr } = await env.createOrg());
    const scoring = (await env.startWorker()).get(ScoringService);
    teams = await insertTeams(env.db, orgId, [{ name: 'Eng' }, { name: 'Web', parent: 'Eng' }, { name: 'Mobile', parent: 'Eng' }, { name: 'Sales' }, { name: 'Ops' }]);
    mia = (await managerWithKey(env, hr, orgId, 'mia@example.com', 'Mia', [teams.Eng.id])).auth;
    sam = (await managerWithKey(env, hr, orgId, 'sam@example.com', 'Sam', [teams.Sales.id])).auth;
    const people = (team: string, values: number[]) => values.map((v) => ({ teamId: teams[team].id, answers: answers(v) }));
    // Mobile has 3 answers (< 5): hidden, and Web with it (a lone hidden child could be subtracted from Eng).
    campaign = await insertClosedCampaign(env.db, {
      orgId, name: 'Spring', tree: Object.values(teams), threshold: 5, questionKeys: KEYS,
      responses: [...people('Web', [4, 5, 6, 5, 6, 7]), ...people('Mobile', [2, 3, 2]), ...people('Sales', [3, 4, 5, 6, 7]), ...people('Ops', [4, 5, 6, 4, 5, 6])],
      invited: { [teams.Web.id]: 7, [teams.Mobile.id]: 4, [teams.Sales.id]: 6, [teams.Ops.id]: 6 },
      comments: [{ teamId: teams.Sales.id, body: 'A private remark about Sales' }],
    });
    await scoring.score(campaign);
    await env.db.query(`UPDATE members SET active = false WHERE id = (SELECT id FROM members WHERE team_id = $1 ORDER BY id LIMIT 1)`, [teams.Sales.id]);
  });
  afterAll(async () => {
    await env.close();
    await smtp.stop();
  });

  it('emails each active member once, with the shown scores, the team’s actions and the message', async () => {
    await env.http().post(`/api/v1/teams/${teams.Sales.id}/actions`).set(sam).send({ campaignId: campaign, dimension: 'trust', title: 'Open pipeline review', dueOn: '2026-05-01' }).expect(201);
    const dropped = (await env.http().post(`/api/v1/teams/${teams.Sales.id}/actions`).set(sam).send({ campaignId: campaign, dimension: 'trust', title: 'Weekly offsite' }).expect(201)).body;
    await env.http().patch(`/api/v1/actions/${dropped.id}`).set(sam).send({ status: 'dropped' }).expect(200);
    const recipients = await membersOf([teams.Sales.id]);
    expect(recipients).toHaveLength(5); // 6 invited, one has left since

    const res = await share(sam, teams.Sales.id, { campaignId: campaign, message: 'Thank you <all> for answering.' }).expect(202);
    expect(res.body).toEqual({ alreadyShared: false, recipients: 5, sharedAt: expect.any(String) });
    const mails = await smtp.waitFor((m: CaughtMail) => m.subject.startsWith('What Sales'), 5);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(recipients);
    const results = (await env.http().get(`/api/v1/teams/${teams.Sales.id}/results?campaignId=${campaign}`).set(sam).expect(200)).body;
    for (const mail of mails) {
      expect(mail.text).toContain('Thank you <all> for answering.');
      expect(mail.html).toContain('Thank you &lt;all&gt; for answering.');
      expect(mail.text).toContain(`Trust: ${results.dimensions.trust.score.toFixed(1)}`);
      expect(mail.text).toContain('Open pipeline review — Trust, planned, due 1 May 2026');
      expect(mail.text).not.toContain('Weekly offsite');
      expect(mail.text).not.toContain('A private remark');
      expect(mail.html).not.toContain('A private remark');
    }
    expect((await env.http().get(`/api/v1/teams/${teams.Sales.id}/results?campaignId=${campaign}`).set(sam).expect(200)).body.shared).toMatchObject({ recipients: 5, message: 'Thank you <all> for answering.' });
  });

  it('sends nothing new when the same campaign is shared again', async () => {
    const before = await outboxCount();
    const again = await share(hr, teams.Sales.id, { campaignId: campaign }).expect(200);
    expect(again.body).toMatchObject({ alreadyShared: true, recipients: 5 });
    expect(await outboxCount()).toBe(before);
  });

  it('sends once when two shares of the same team arrive at the same moment', async () => {
    const before = await outboxCount();
    const [a, b] = await Promise.all([share(hr, teams.Ops.id, { campaignId: campaign }), share(hr, teams.Ops.id, { campaignId: campaign })]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect(await outboxCount()).toBe(before + 6);
    const rows = await env.db.query(`SELECT dedupe_key FROM email_outbox WHERE kind = 'results_share' AND dedupe_key LIKE $1`, [`%-${teams.Ops.id}-%`]);
    expect(new Set(rows.map((r: { dedupe_key: string }) => r.dedupe_key)).size).toBe(6);
    const trail = (await env.http().get('/api/v1/audit-events').query({ type: 'results.shared' }).set(hr).expect(200)).body.items;
    expect(trail.filter((e: { subject: { id: string } }) => e.subject.id === teams.Ops.id)).toEqual([
      expect.objectContaining({ subject: { kind: 'team', id: teams.Ops.id, label: expect.stringMatching(/^Ops /) }, detail: expect.objectContaining({ recipients: 6 }) }),
    ]);
  });

  it('never shares a hidden team’s results', async () => {
    const before = await outboxCount();
    const res = await share(mia, teams.Mobile.id, { campaignId: campaign }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/hidden/);
    expect(await outboxCount()).toBe(before);
  });

  it('shares a team with children with the members of the whole subtree', async () => {
    const res = await share(mia, teams.Eng.id, { campaignId: campaign }).expect(202);
    expect(res.body.recipients).toBe((await membersOf([teams.Eng.id, teams.Web.id, teams.Mobile.id])).length);
  });

  it('keeps managers to their own teams and refuses bad input', async () => {
    await share(mia, teams.Sales.id, { campaignId: campaign }).expect(404);
    await share(sam, teams.Web.id, { campaignId: campaign }).expect(404);
    await share(sam, teams.Sales.id, { campaignId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    const other = await env.createOrg('Globex');
    await share(other.auth, teams.Sales.id, { campaignId: campaign }).expect(404);
    for (const body of [{}, { campaignId: 'x' }, { campaignId: campaign, message: 'm'.repeat(2001) }, { campaignId: campaign, cc: 'all' }]) {
      await share(sam, teams.Sales.id, body).expect(422);
    }
  });
});
