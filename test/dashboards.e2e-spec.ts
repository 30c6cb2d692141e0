import { SessionsService } from '../src/auth/sessions.service';
import { ScoringService } from '../src/scoring/scoring.service';
import { insertTeams, TreeTeam } from './support/closed-campaign';
import { insertTwoCampaigns } from './support/two-campaigns';
import { startTestEnv, TestEnv } from './support/harness';

type Auth = { Authorization: string };

/**
 * The dashboard pages over HTTP: the same scoping as the JSON API (a manager's subtree, HR's
 * organization; another team or organization is a 404 page, /dashboard/org a 403 page for a
 * manager), suppressed groups that say why and show no numbers, escaping, accessible markup.
 * Sessions are started directly here; test/dashboards.browser.e2e-spec.ts signs in by mail.
 */
describe('dashboard pages', () => {
  let env: TestEnv;
  let orgId: string;
  let hr: Auth;
  let teams: Record<string, TreeTeam>;
  let first: string;
  let second: string;
  let hrCookie: string;
  let managerCookie: string;
  let otherOrg: { orgId: string; userId: string; cookie: string };

  const cookieFor = async (org: string, userId: string) =>
    `rapport_session=${await env.api.get(SessionsService).create(env.db.manager, org, userId)}`;
  const get = (path: string, cookie?: string) => {
    const req = env.http().get(path);
    return cookie ? req.set('Cookie', cookie) : req;
  };

  beforeAll(async () => {
    env = await startTestEnv();
    let hrUserId: string;
    ({ orgId, auth: hr, userId: hrUserId } = await env.createOrg('Northwind'));
    const scoring = (await env.startWorker()).get(ScoringService);
    let managerId: string;
    ({ teams, managerId, first, second } = await insertTwoCampaigns(env, orgId, hr, {
      managerName: 'Mia <Manager>',
      secondName: 'Spring <pulse>',
      secondEngComment: '<script>alert("x")</script> we argue & make up',
    }));
    await scoring.score(first);
    await scoring.score(second);

    hrCookie = await cookieFor(orgId, hrUserId);
    managerCookie = await cookieFor(orgId, managerId);
    const other = await env.createOrg('Globex');
    otherOrg = { ...other, cookie: await cookieFor(other.orgId, other.userId) };
  });
  afterAll(() => env.close());

  it('sends a visitor without a session to the sign-in page', async () => {
    for (const path of ['/dashboard', `/dashboard/teams/${teams.Eng.id}`, '/dashboard/org']) {
      const res = await get(path);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login');
    }
  });

  it('lists a manager\'s teams and their subtrees with the latest index, participation and change, and nothing else', async () => {
    const res = await get('/dashboard', managerCookie).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    const page = res.text;
    expect(page).toContain('Mia &lt;Manager&gt;');
    for (const t of ['Eng', 'Web', 'Mobile']) expect(page).toContain(`/dashboard/teams/${teams[t].id}`);
    for (const t of ['Sales', 'Ops']) expect(page).not.toContain(teams[t].id);
    expect(page).not.toContain('/dashboard/org');
    // Latest survey, escaped; participation of Eng's subtree in Spring: 19 of 19 invited.
    expect(page).toContain('Spring &lt;pulse&gt;');
    expect(page).not.toContain('Spring <pulse>');
    expect(page).toMatch(/100\.0% \(19 of 19\)/);
    // Mobile was hidden in Winter, shown in Spring: no change to show; Web was shown both times.
    const row = (team: string) => page.slice(page.indexOf(`/dashboard/teams/${teams[team].id}`)).split('</tr>')[0];
    expect(row('Mobile')).toContain('first survey');
    expect(row('Web')).toMatch(/[+\u2212]\d+\.\d since Winter/);
    expect(page).toContain('<caption>');
  });

  it('lists every team for HR, with a link to the comparison', async () => {
    const page = (await get('/dashboard', hrCookie).expect(200)).text;
    for (const t of ['Eng', 'Web', 'Mobile', 'Sales', 'Ops']) expect(page).toContain(`/dashboard/teams/${teams[t].id}`);
    expect(page).toContain('href="/dashboard/org"');
    // Sales is hidden in Spring (4 answers): the reason, not a number.
    const sales = page.slice(page.indexOf(`/dashboard/teams/${teams.Sales.id}`)).split('</tr>')[0];
    expect(sales).toContain('hidden: fewer than 5 answers');
  });

  it('shows a team page: dimension bars with intervals, change, trend, distributions, comments, the guide and a picker', async () => {
    const res = await get(`/dashboard/teams/${teams.Eng.id}`, managerCookie).expect(200);
    const page = res.text;
    expect(page).toMatch(/<h1>Eng [0-9a-f]{6}<\/h1>/);
    // Picker: a GET form, both campaigns, the latest selected.
    expect(page).toContain(`<form class="picker" method="get" action="/dashboard/teams/${teams.Eng.id}">`);
    expect(page).toContain('<select id="campaignId" name="campaignId">');
    expect(page).toContain(`<option value="${second}" selected>`);
    expect(page).toContain(`<option value="${first}">`);
    // Charts: every svg is an image with a text alternative.
    const svgs = page.match(/<svg[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(/aria-label="[^"]{10,}"/);
    }
    expect(page).toMatch(/Relationship scores for Eng [0-9a-f]{6}, Spring &lt;pulse&gt;: scores on a 0 to 100 scale\. Psychological safety: \d+\.\d \(95% confidence/);
    expect(page).toContain('Repair after friction: not asked in this survey');
    expect(page).toMatch(/since Winter \((a real change|within normal variation)\)/);
    expect(page).toContain('index and dimension scores over time');
    expect(page).toContain('Answers to “');
    // The guide for the weakest shown dimension.
    expect(page).toContain('A conversation to have:');
    // Comments: only Eng's own, escaped.
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; we argue &amp; make up');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('Mobile now visible');
    // Headings in order, one h1.
    expect(page.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page).toContain('<h2>The five dimensions</h2>');
    // Child teams are linked.
    expect(page).toContain(`/dashboard/teams/${teams.Web.id}?campaignId=${second}`);
  });

  it('says why a suppressed campaign shows nothing, and shows no numbers', async () => {
    const page = (await get(`/dashboard/teams/${teams.Mobile.id}?campaignId=${first}`, managerCookie).expect(200)).text;
    expect(page).toContain('Why there are no scores for this survey');
    expect(page).toContain('Results are shown only from 5 answers up');
    expect(page).toContain('3 of 5 answered');
    // 5 invited and 3 answered: two more answers would have shown it, so that is said.
    expect(page).toContain('2 more answers would have reached the 5 needed.');
    expect(page).toContain('To see results next time');
    expect(page).not.toContain('<svg');
    expect(page).not.toContain('Relationship index');
    expect(page).not.toContain('Mobile secret');
    expect(page).not.toMatch(/confidence|Favourable|Average \d/);
    // Eng's own members were hidden to protect Mobile; Eng's subtree is shown, without comments.
    const eng = (await get(`/dashboard/teams/${teams.Eng.id}?campaignId=${first}`, managerCookie).expect(200)).text;
    expect(eng).toContain('Relationship index');
    expect(eng).toContain('No comments to show');
    expect(eng).not.toContain('Eng is kind');
  });

  it('marks a suppressed point in the trend as hidden instead of zero', async () => {
    const page = (await get(`/dashboard/teams/${teams.Mobile.id}`, hrCookie).expect(200)).text;
    expect(page).toMatch(/Index: Winter hidden, Spring &lt;pulse&gt; \d+\.\d/);
  });

  it('refuses a manager another team (404), /dashboard/org (403), and never shows data', async () => {
    const sales = await get(`/dashboard/teams/${teams.Sales.id}`, managerCookie);
    expect(sales.status).toBe(404);
    expect(sales.headers['content-type']).toMatch(/^text\/html/);
    expect(sales.text).toContain('Page not found');
    expect(sales.text).not.toContain('Sales');
    expect((await get(`/dashboard/teams/${teams.Sales.id}?campaignId=${second}`, managerCookie)).status).toBe(404);
    const org = await get('/dashboard/org', managerCookie);
    expect(org.status).toBe(403);
    expect(org.text).toContain('Not allowed');
    expect(org.text).not.toContain('<table');
  });

  it('answers 404 for another organization, unknown or malformed ids; a bad campaign id is refused, never a 500', async () => {
    expect((await get(`/dashboard/teams/${teams.Eng.id}`, otherOrg.cookie)).status).toBe(404);
    expect((await get(`/dashboard/org?campaignId=${first}`, otherOrg.cookie)).status).toBe(404);
    expect((await get('/dashboard/teams/not-a-uuid', hrCookie)).status).toBe(404);
    expect((await get('/dashboard/teams/00000000-0000-4000-8000-000000000000', hrCookie)).status).toBe(404);
    const bad = await get(`/dashboard/teams/${teams.Eng.id}?campaignId=nope`, hrCookie);
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    expect((await get('/dashboard/org?campaignId=00000000-0000-4000-8000-000000000000', hrCookie)).status).toBe(404);
    // Globex has no scored survey: an empty page, not Northwind's.
    const empty = (await get('/dashboard/org', otherOrg.cookie).expect(200)).text;
    expect(empty).toContain('No survey has been scored yet');
  });

  it('shows HR the teams × dimensions heatmap with suppressed cells marked in words, participation and alpha', async () => {
    const page = (await get(`/dashboard/org?campaignId=${first}`, hrCookie).expect(200)).text;
    expect(page).toContain('<table class="heatmap">');
    expect(page).toMatch(/<caption>Scores from 0 to 100 by team and dimension, Winter<\/caption>/);
    expect(page).toContain('<th scope="col">Psychological safety</th>');
    expect(page).not.toContain('<th scope="col">Repair'); // not asked
    expect((page.match(/<th scope="row"/g) ?? []).length).toBeGreaterThanOrEqual(7); // org + 6 groups
    const row = (label: string) => page.slice(page.indexOf(label)).split('</tr>')[0];
    // Mobile: 3 of 5 answered, hidden, with the reason in text in every cell.
    const mobile = row(`/dashboard/teams/${teams.Mobile.id}?campaignId=${first}">Mobile</a>`);
    expect(mobile).toContain('60.0% (3 of 5)');
    expect(mobile.match(/hidden: fewer than 5 answers/g)!.length).toBe(5); // index + 3 dimensions + eNPS
    expect(mobile).not.toMatch(/style="background/);
    // Eng's own members: 6 answered, hidden to protect Mobile.
    const direct = row(`">Eng</a>: own members only`);
    expect(direct).toContain('hidden to protect a smaller group');
    // Shown cells carry a colour and their number.
    const web = row(`/dashboard/teams/${teams.Web.id}?campaignId=${first}">Web</a>`);
    expect(web).toMatch(/<td style="background:#[0-9a-f]{6};color:#1d1d1f">\d+\.\d/);
    expect(page).toContain('Whole organization');
    expect(page).toContain('65.9% (27 of 41)');
    expect(page).toContain('Reliability of each dimension');
    expect(page).toContain('not computed (needs at least 2 questions and 30 complete answers)');
    expect(page).toContain(`<option value="${first}" selected>`);
    expect(page).toContain('<div class="scroll"><table class="heatmap">');
  });

  it('defaults the heatmap to the latest survey and shows significant changes in the cells', async () => {
    const page = (await get('/dashboard/org', hrCookie).expect(200)).text;
    expect(page).toContain(`<option value="${second}" selected>`);
    expect(page).toContain('Spring &lt;pulse&gt;');
    const sales = page.slice(page.indexOf(`">Sales</a>`)).split('</tr>')[0];
    expect(sales).toContain('hidden: fewer than 5 answers');
  });

  it('shows a team without scored surveys as "no results yet", and escapes live team names', async () => {
    const { Lonely } = await insertTeams(env.db, orgId, [{ name: 'Lonely' }]);
    await env.db.query(`UPDATE teams SET name = '<i>Lonely</i> & Co' WHERE id = $1`, [Lonely.id]);
    const page = (await get(`/dashboard/teams/${Lonely.id}`, hrCookie).expect(200)).text;
    expect(page).toContain('No results yet');
    expect(page).toContain('&lt;i&gt;Lonely&lt;/i&gt; &amp; Co');
    expect(page).not.toContain('<i>Lonely</i>');
    const home = (await get('/dashboard', hrCookie).expect(200)).text;
    expect(home).toContain('&lt;i&gt;Lonely&lt;/i&gt; &amp; Co');
    expect(home).toContain('No scored survey yet');
  });
});
