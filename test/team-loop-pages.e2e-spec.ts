import { SessionsService } from '../src/auth/sessions.service';
import { ScoringService } from '../src/scoring/scoring.service';
import { insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS as KEYS, shortSurveyAnswers as answers, TreeTeam } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';
import { managerWithKey } from './support/loop';

type Auth = { Authorization: string };

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];

/**
 * The team page's forms as a manager uses them: record an action (a refused field comes back
 * beside the field, with what was typed), move it, share the results, record a mirror while a
 * survey is open; HR sees which teams acted. Every form needs its CSRF token.
 */
describe('closing the loop on the dashboard', () => {
  let env: TestEnv;
  let orgId: string;
  let hr: Auth;
  let teams: Record<string, TreeTeam>;
  let scored: string;
  let open: string;
  let mia: { userId: string; cookie: string };
  let hrCookie: string;

  const cookieFor = async (userId: string) => `rapport_session=${await env.api.get(SessionsService).create(env.db.manager, orgId, userId)}`;
  /** A page and a browser-like agent holding its CSRF cookie. */
  const visit = async (path: string, cookie: string) => {
    const agent = env.http();
    const res = await agent.get(path).set('Cookie', cookie).expect(200);
    const csrfCookie = (res.headers['set-cookie'] as unknown as string[] | undefined)?.map((c) => c.split(';')[0]) ?? [];
    const cookies = [cookie, ...csrfCookie].join('; ');
    return { page: res.text, post: (to: string, form: Record<string, string>) => agent.post(to).set('Cookie', cookies).type('form').send({ _csrf: csrfOf(res.text), ...form }) };
  };

  beforeAll(async () => {
    env = await startTestEnv();
    let hrUserId: string;
    ({ orgId, auth: hr, userId: hrUserId } = await env.createOrg());
    const scoring = (await env.startWorker()).get(ScoringService);
    teams = await insertTeams(env.db, orgId, [{ name: 'Eng' }, { name: 'Sales' }]);
    const manager = await managerWithKey(env, hr, orgId, 'mia@example.com', 'Mia', [teams.Eng.id]);
    const people = (team: string, values: number[]) => values.map((v) => ({ teamId: teams[team].id, answers: answers(v) }));
    scored = await insertClosedCampaign(env.db, {
      orgId, name: 'Spring', tree: Object.values(teams), threshold: 5, questionKeys: KEYS,
      responses: [...people('Eng', [2, 3, 4, 5, 6, 3]), ...people('Sales', [5, 6, 5, 6, 5])],
    });
    await scoring.score(scored);
    open = await insertClosedCampaign(env.db, { orgId, name: 'Summer', tree: Object.values(teams), threshold: 5, questionKeys: KEYS, responses: [], status: 'open' });
    mia = { userId: manager.userId, cookie: await cookieFor(manager.userId) };
    hrCookie = await cookieFor(hrUserId);
  });
  afterAll(() => env.close());

  const teamPage = () => `/dashboard/teams/${teams.Eng.id}?campaignId=${scored}`;

  it('shows the conversation guide’s dimension as the starting point of the action form', async () => {
    const { page } = await visit(teamPage(), mia.cookie);
    expect(page).toContain('What the team agreed');
    expect(page).toContain('No actions recorded yet.');
    const guide = /A conversation to have: [^<]+<\/h2>\s*<div class="card">\s*<p>([^<]+) is the lowest/.exec(page)![1];
    const selected = /<select id="action-dimension"[^>]*>.*?<option value="([a-z_]+)" selected>([^<]+)<\/option>/s.exec(page)!;
    expect(selected[2]).toBe(guide);
  });

  it('records an action with post-redirect-get, and shows a refused field beside it with what was typed', async () => {
    const { post } = await visit(teamPage(), mia.cookie);
    const refused = await post(`/dashboard/teams/${teams.Eng.id}/actions`, { back: `${teamPage()}#actions`, campaignId: scored, dimension: 'learning', title: '', detail: 'Keep <this> text', dueOn: '2026-02-30' }).expect(422);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toMatch(/<input id="action-title" aria-describedby="action-title-help action-title-error" aria-invalid="true"/);
    expect(refused.text).toMatch(/<p class="field-error" id="action-title-error">title must be between 1 and 200 characters<\/p>/);
    expect(refused.text).toMatch(/<p class="field-error" id="action-due-error">dueOn must be a date/);
    expect(refused.text).toContain('Keep &lt;this&gt; text</textarea>');
    expect((await env.db.query(`SELECT count(*)::int AS n FROM actions`))[0].n).toBe(0);

    const created = await post(`/dashboard/teams/${teams.Eng.id}/actions`, { back: `${teamPage()}#actions`, campaignId: scored, dimension: 'learning', title: 'Feedback pairs', detail: '', dueOn: '2026-05-01' }).expect(303);
    expect(created.headers.location).toBe(`${teamPage()}#actions`);
    const { page } = await visit(teamPage(), mia.cookie);
    expect(page).toContain('<strong>Feedback pairs</strong> <span class="status status-planned">Planned</span>');
    expect(page).toContain('Agreed after this survey');
    expect(page).toContain('due 1 May 2026');
  });

  it('moves an action and deletes one recorded by mistake', async () => {
    const [action] = await env.db.query(`SELECT id FROM actions WHERE title = 'Feedback pairs'`);
    const { post } = await visit(teamPage(), mia.cookie);
    await post(`/dashboard/actions/${action.id}`, { back: `${teamPage()}#actions`, status: 'in_progress', note: 'First pairs met', dueOn: '2026-05-01' }).expect(303);
    const bad = await post(`/dashboard/actions/${action.id}`, { back: teamPage(), status: 'finished', note: '', dueOn: '' }).expect(422);
    expect(bad.text).toMatch(/id="status-[0-9a-f-]+-error">status must be one of/);
    const { page } = await visit(teamPage(), mia.cookie);
    expect(page).toContain('<span class="status status-in_progress">In progress</span>');
    expect(page).toContain('<em>Note:</em> First pairs met');
    const extra = await env.http().post(`/api/v1/teams/${teams.Eng.id}/actions`).set(hr).send({ dimension: 'trust', title: 'Oops' }).expect(201);
    const again = await visit(teamPage(), mia.cookie);
    await again.post(`/dashboard/actions/${extra.body.id}/delete`, { back: teamPage() }).expect(303);
    expect((await env.db.query(`SELECT count(*)::int AS n FROM actions WHERE id = $1`, [extra.body.id]))[0].n).toBe(0);
  });

  it('marks a planned action overdue once its due day has passed on the organization\'s calendar', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const late = await env.http().post(`/api/v1/teams/${teams.Eng.id}/actions`).set(hr).send({ dimension: 'trust', title: 'Late one', dueOn: day(-3) }).expect(201);
    const ahead = await env.http().post(`/api/v1/teams/${teams.Eng.id}/actions`).set(hr).send({ dimension: 'trust', title: 'Ahead one', dueOn: day(30) }).expect(201);
    const { page } = await visit(teamPage(), mia.cookie);
    const item = (id: string) => page.slice(page.indexOf(`id="action-${id}"`)).split('</li>')[0];
    expect(item(late.body.id)).toContain('(overdue)');
    expect(item(ahead.body.id)).not.toContain('overdue');
    await env.db.query(`DELETE FROM actions WHERE id = ANY ($1)`, [[late.body.id, ahead.body.id]]);
  });

  it('refuses a form without its CSRF token, and another team’s action', async () => {
    const [action] = await env.db.query(`SELECT id FROM actions WHERE title = 'Feedback pairs'`);
    const forged = await env.http().post(`/dashboard/actions/${action.id}`).set('Cookie', mia.cookie).type('form').send({ status: 'done' });
    expect(forged.status).toBe(403);
    const sales = await env.http().post(`/api/v1/teams/${teams.Sales.id}/actions`).set(hr).send({ dimension: 'trust', title: 'Sales only' }).expect(201);
    const { post } = await visit(teamPage(), mia.cookie);
    await post(`/dashboard/actions/${sales.body.id}`, { status: 'done' }).expect(404);
    await post(`/dashboard/teams/${teams.Sales.id}/actions`, { dimension: 'trust', title: 'x' }).expect(404);
  });

  it('records the manager’s mirror while a survey is open, with the answers kept on the form', async () => {
    const { page, post } = await visit(`/dashboard/teams/${teams.Eng.id}`, mia.cookie);
    expect(page).toContain('Record your expectation for “Summer”');
    const done = await post(`/dashboard/teams/${teams.Eng.id}/mirror`, { back: `/dashboard/teams/${teams.Eng.id}#mirror-form`, campaignId: open, q_ps_raise_problems: '6', q_trust_good_intent: '5', q_learn_honest_feedback: '3' }).expect(303);
    expect(done.headers.location).toBe(`/dashboard/teams/${teams.Eng.id}#mirror-form`);
    const after = await visit(`/dashboard/teams/${teams.Eng.id}`, mia.cookie);
    expect(after.page).toContain('Change your expectation for “Summer”');
    expect(after.page).toMatch(/name="q_trust_good_intent" value="5" checked/);
    const [{ answers: saved }] = await env.db.query(`SELECT answers FROM mirrors WHERE campaign_id = $1`, [open]);
    expect(saved).toEqual({ ps_raise_problems: 6, trust_good_intent: 5, learn_honest_feedback: 3 });
    // HR reads the team page but records no expectation of its own there.
    expect((await visit(`/dashboard/teams/${teams.Eng.id}`, hrCookie)).page).not.toContain('your mirror');
  });

  it('shares the results once, then says when and by whom', async () => {
    const { page, post } = await visit(teamPage(), mia.cookie);
    expect(page).toContain('Email these results to the team');
    await post(`/dashboard/teams/${teams.Eng.id}/share`, { back: `${teamPage()}#share`, campaignId: scored, message: 'Thanks, all' }).expect(303);
    const after = await visit(teamPage(), mia.cookie);
    expect(after.page).toMatch(/Mia emailed these results and the team’s actions to 6 members on/);
    expect(after.page).not.toContain('Email these results to the team');
  });

  it('shows HR which teams acted on the results and which have not', async () => {
    const res = await env.http().get(`/dashboard/org?campaignId=${scored}`).set('Cookie', hrCookie).expect(200);
    expect(res.text).toContain('1 of 2 teams have recorded actions after “Spring”; 1 shared their results with the team.');
    const sales = new RegExp(`${teams.Sales.id}\\?campaignId=${scored}#actions">Sales[^<]*</a></th><td class="hidden-cell">no actions yet</td>`);
    expect(res.text).toMatch(sales);
  });
});
