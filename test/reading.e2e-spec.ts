import { INestApplicationContext } from '@nestjs/common';
import { SessionsService } from '../src/auth/sessions.service';
import { divergingColours } from '../src/dashboards/charts';
import { ReportsService } from '../src/reports/reports.service';
import { ScoringService } from '../src/scoring/scoring.service';
import { insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS as KEYS, shortSurveyAnswers, TreeTeam } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';
import { CaughtMail, SmtpSink } from './support/smtp';

/**
 * What HR and a manager read after a survey, checked as they would read it: teams in tree
 * order (children right under their parent, siblings alphabetical) on /dashboard/org, in the
 * HR summary and in the manager's sections; a reverse-worded item drawn so that green is
 * favourable; the 0–10 item as eNPS, never "% favourable". Real PostgreSQL, worker and SMTP.
 */
describe('results as people read them', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let orgId: string;
  let teams: Record<string, TreeTeam>;
  let campaignId: string;
  let hrCookie: string;
  let hr: { Authorization: string };
  let hrEmail: string;
  let hrMail: CaughtMail;
  let miaMail: CaughtMail;
  let patMail: CaughtMail;
  let wesMail: CaughtMail;
  const mia = 'mia.reads@example.com';
  const pat = 'pat.protects@example.com'; // manages Able, hidden to protect Wee
  const wes = 'wes.wee@example.com'; // manages Wee: 3 of 6 answered

  const get = (path: string, cookie: string) => env.http().get(path).set('Cookie', cookie);
  // Alpha's own members: the reverse item mostly "disagree" (favourable), recommend 8, 9, 9, 9, 10.
  const person = (team: string, v: number) => ({ teamId: teams[team].id, answers: shortSurveyAnswers(v) });

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: smtp.url });
    let hrUserId: string;
    ({ orgId, userId: hrUserId, auth: hr } = await env.createOrg('Readers'));
    [{ email: hrEmail }] = await env.db.query(`SELECT email FROM users WHERE id = $1`, [hrUserId]);
    worker = await env.startWorker();
    // Created in an order, and named, so that alphabetical order would put children under the wrong parent.
    teams = await insertTeams(env.db, orgId, [
      { name: 'Beta' }, { name: 'Mango', parent: 'Beta' }, { name: 'Alpha' }, { name: 'Able', parent: 'Beta' }, { name: 'Zulu', parent: 'Alpha' }, { name: 'Wee', parent: 'Beta' },
    ]);
    const manage = async (email: string, name: string, ...managed: string[]) => {
      const user = await env.http().post('/api/v1/users').set(hr).send({ email, name, role: 'manager' }).expect(201);
      for (const t of managed) await env.db.query(`INSERT INTO team_managers (org_id, team_id, user_id) VALUES ($1, $2, $3)`, [orgId, teams[t].id, user.body.id]);
    };
    await manage(mia, 'Mia', 'Beta', 'Alpha');
    await manage(pat, 'Pat', 'Able');
    await manage(wes, 'Wes', 'Wee');
    campaignId = await insertClosedCampaign(env.db, {
      orgId,
      name: 'Autumn',
      tree: Object.values(teams),
      threshold: 5,
      questionKeys: KEYS,
      responses: [
        ...[5, 6, 6, 6, 7].map((v) => person('Alpha', v)),
        ...[4, 5, 5, 6, 6].map((v) => person('Zulu', v)),
        ...[3, 4, 5, 5, 6].map((v) => person('Able', v)),
        ...[5, 5, 6, 6, 7, 6].map((v) => person('Mango', v)),
        // Wee: 3 of 6 answered, hidden; Able (5), the smallest shown sibling, is hidden to protect it.
        ...[4, 5, 6].map((v) => person('Wee', v)),
      ],
      invited: { [teams.Wee.id]: 6 },
    });
    await worker.get(ScoringService).score(campaignId);
    await worker.get(ReportsService).write(campaignId);
    const reports = await smtp.waitFor((m) => m.subject.endsWith(': Autumn'), 4, 30_000);
    [hrMail, miaMail, patMail, wesMail] = [hrEmail, mia, pat, wes].map((to) => reports.find((m) => m.to.includes(to))!);
    hrCookie = `rapport_session=${await env.api.get(SessionsService).create(env.db.manager, orgId, hrUserId)}`;
  });
  afterAll(async () => {
    await env.close();
    await smtp.stop();
  });

  const TREE = ['Alpha', 'Alpha own members', 'Zulu', 'Beta', 'Able', 'Mango', 'Wee'];

  it('/dashboard/org lists teams in tree order: each child right under its parent, siblings alphabetical', async () => {
    const page = (await get(`/dashboard/org?campaignId=${campaignId}`, hrCookie).expect(200)).text;
    const heatmap = page.slice(page.indexOf('<table class="heatmap">'));
    const rows = [...heatmap.matchAll(/<th scope="row"[^>]*>(.*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').replace(': own members only', ' own members'));
    expect(rows.slice(0, 8)).toEqual(['Whole organization', ...TREE]);
  });

  it('the HR summary lists participation and scores in the same tree order', () => {
    const names = (section: string) =>
      hrMail.text
        .split(section)[1]
        .split('\n\n')[0]
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(':')[0].replace(' (own members)', ' own members'))
        .filter((n) => n && !n.startsWith('('));
    expect(names('Participation by team:')).toEqual(TREE);
    expect(names('Scores by team')).toEqual(['Whole organization', ...TREE]);
  });

  it("the manager's sections and the groups within them follow the tree too", () => {
    const text = miaMail.text;
    expect(text.indexOf('\nAlpha\n')).toBeGreaterThan(-1);
    expect(text.indexOf('\nAlpha\n')).toBeLessThan(text.indexOf('\nBeta\n'));
    const betaGroups = text.split('\nBeta\n')[1].split('Groups in this team:')[1];
    expect(betaGroups.indexOf('Able:')).toBeLessThan(betaGroups.indexOf('Mango:'));
    expect(betaGroups.indexOf('Mango:')).toBeLessThan(betaGroups.indexOf('Wee:'));
    const alphaGroups = text.split('\nAlpha\n')[1].split('Groups in this team:')[1];
    expect(alphaGroups.indexOf('Alpha (own members):')).toBeLessThan(alphaGroups.indexOf('Zulu:'));
  });

  it('draws a reverse-worded item with its favourable answers on the green end, and says it is worded in reverse', async () => {
    const page = (await get(`/dashboard/teams/${teams.Alpha.id}?campaignId=${campaignId}`, hrCookie).expect(200)).text;
    const block = page.slice(page.indexOf('If I make a mistake on this team'));
    const item = block.slice(0, block.indexOf('</div>'));
    expect(item).toContain('Worded in reverse, so disagreeing is the favourable answer');
    // Raw answers 1–7 were 1, 5, 3, 1, 0, 0, 0: 9 of 10 disagreed, which is favourable.
    expect(item).toContain('least to most favourable: 10 answers. 7 strongly agree: 0, 6 agree: 0, 5 somewhat agree: 0, 4 neither agree nor disagree: 1, 3 somewhat disagree: 3, 2 disagree: 5, 1 strongly disagree: 1.');
    expect(item).toContain('90.0% favourable (disagreeing)');
    const colours = divergingColours(7);
    const width = (fills: string[]) =>
      [...item.matchAll(/<rect x="[\d.]+" y="2" width="([\d.]+)" height="24" fill="(#[0-9a-f]{6})"/g)].filter((m) => fills.includes(m[2])).reduce((a, m) => a + Number(m[1]), 0);
    expect(width(colours.slice(4))).toBeGreaterThan(300); // of 400: most of the bar is green
    expect(width(colours.slice(0, 3))).toBe(0); // nobody agreed, so no red
  });

  it('shows the 0–10 item as eNPS with promoters, passives and detractors, never as "% favourable"', async () => {
    const api = await env.http().get(`/api/v1/teams/${teams.Alpha.id}/results?campaignId=${campaignId}`).set(hr).expect(200);
    // Alpha with Zulu answered 8, 9, 9, 9, 10 and 7, 8, 8, 9, 9: 6 promoters, 4 passives, no detractor.
    const words = 'eNPS +60 (on \u2212100 to 100): 60% promoters (9\u201310), 40% passives (7\u20138), 0% detractors (0\u20136)';
    expect(api.body.enps).toBe(60);
    const page = (await get(`/dashboard/teams/${teams.Alpha.id}?campaignId=${campaignId}`, hrCookie).expect(200)).text;
    expect(page).toContain(`<p class="headline">${words}.</p>`);
    const recommend = page.slice(page.indexOf('Would you recommend this team?'));
    expect(recommend.slice(0, recommend.indexOf('</div>'))).not.toMatch(/favou?rable/);

    const org = (await get(`/dashboard/org?campaignId=${campaignId}`, hrCookie).expect(200)).text;
    expect(org).toContain('eNPS <small>(−100 to 100)</small>');
    expect(org).toMatch(/<td class="num">\+\d+(\.\d)?<\/td><\/tr>/);

    expect(hrMail.text).toContain('eNPS (\u2212100 to 100)');
    expect(hrMail.text).toMatch(/^\s+Alpha: [\d. |]+\| \+60$/m);
    expect(miaMail.text).toContain(`${words}, on "would you recommend this team".`);
    expect(miaMail.text + hrMail.text).not.toMatch(/recommend[^\n]*favou?rable/i);
  });

  it('a manager whose team is hidden to protect a smaller neighbour is told so, and never told to raise participation', async () => {
    const section = patMail.text.split(/^Able$/m)[2] ?? patMail.text.split(/^Able$/m)[1];
    expect(section).toContain('showing this team would let the answers of a smaller neighbouring group be worked out');
    expect(section).toContain('more answers from this team would not change it');
    expect(patMail.text + patMail.html).not.toMatch(/participation could rise|more answers would have/i);
    const page = (await get(`/dashboard/teams/${teams.Able.id}?campaignId=${campaignId}`, hrCookie).expect(200)).text;
    expect(page).toContain('more answers from this team would not change it');
    expect(page).not.toContain('To see results next time');
  });

  it('a manager whose team had too few answers is told how many more would have shown it', async () => {
    expect(wesMail.text).toContain('3 of 6 answered.');
    expect(wesMail.text).toContain('2 more answers would have reached the 5 needed.');
    expect(wesMail.text).toContain('How participation could rise');
    const org = (await get(`/dashboard/org?campaignId=${campaignId}`, hrCookie).expect(200)).text;
    const row = (name: string) => org.slice(org.indexOf(`">${name}</a>`)).split('</tr>')[0];
    expect(row('Wee')).toContain('hidden: fewer than 5 answers');
    expect(row('Able')).toContain('hidden to protect a smaller group');
    expect(hrMail.text).toMatch(/^\s+Able: hidden[ |a-z]*\(hidden to protect a smaller group\)$/m);
    expect(hrMail.text).toMatch(/^\s+Wee: hidden[ |a-z]*\(hidden: fewer than 5 answers\)$/m);
  });
});
