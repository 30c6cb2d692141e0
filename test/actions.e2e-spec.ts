import { ScoringService } from '../src/scoring/scoring.service';
import { insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS as KEYS, shortSurveyAnswers as answers, TreeTeam } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';
import { managerWithKey } from './support/loop';

type Auth = { Authorization: string };

/**
 * Action plans through the API, as a manager and as HR would use them: record, list, move
 * and delete; a manager is kept to the teams they manage and those within them; another
 * organization's ids are 404; bad input is a 422 naming the field.
 */
describe('action plans API', () => {
  let env: TestEnv;
  let orgId: string;
  let hr: Auth;
  let mia: Auth; // manages Eng (child Web)
  let sam: Auth; // manages Sales
  let other: Auth; // HR of another organization
  let teams: Record<string, TreeTeam>;
  let scored: string;
  let open: string;

  beforeAll(async () => {
    env = await startTestEnv();
    ({ orgId, auth: hr } = await env.createOrg());
    other = (await env.createOrg('Globex')).auth;
    const scoring = (await env.startWorker()).get(ScoringService);
    teams = await insertTeams(env.db, orgId, [{ name: 'Eng' }, { name: 'Web', parent: 'Eng' }, { name: 'Sales' }]);
    mia = (await managerWithKey(env, hr, orgId, 'mia@example.com', 'Mia', [teams.Eng.id])).auth;
    sam = (await managerWithKey(env, hr, orgId, 'sam@example.com', 'Sam', [teams.Sales.id])).auth;
    const people = (team: string, n: number) => Array.from({ length: n }, (_, i) => ({ teamId: teams[team].id, answers: answers(3 + (i % 4)) }));
    const tree = Object.values(teams);
    scored = await insertClosedCampaign(env.db, { orgId, name: 'Spring', tree, threshold: 5, questionKeys: KEYS, responses: [...people('Eng', 6), ...people('Web', 6), ...people('Sales', 6)] });
    await scoring.score(scored);
    open = await insertClosedCampaign(env.db, { orgId, name: 'Summer', tree, threshold: 5, questionKeys: KEYS, responses: [], status: 'open' });
  });
  afterAll(() => env.close());

  const post = (auth: Auth, teamId: string, body: Record<string, unknown>) => env.http().post(`/api/v1/teams/${teamId}/actions`).set(auth).send(body);

  it('lets a manager record an action on their team, tied to a dimension and the campaign it came from', async () => {
    const res = await post(mia, teams.Eng.id, {
      campaignId: scored, dimension: 'learning', title: '  Retro on feedback every other Friday ', detail: 'Ten minutes, rotating host', dueOn: '2026-05-01',
    }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String), teamId: teams.Eng.id, campaignId: scored, dimension: 'learning', title: 'Retro on feedback every other Friday',
      detail: 'Ten minutes, rotating host', dueOn: '2026-05-01', status: 'planned', note: null, createdBy: { id: expect.any(String), name: 'Mia' },
      createdAt: expect.any(String), updatedAt: expect.any(String), followThroughCampaignId: null,
    });
    // A team within the one they manage, and an action without a campaign or a due date.
    const web = await post(mia, teams.Web.id, { dimension: 'trust', title: 'Share the roadmap draft early' }).expect(201);
    expect(web.body).toMatchObject({ campaignId: null, dueOn: null, detail: null });
  });

  it('moves an action through its statuses with a note, and clears a due date with null', async () => {
    const created = (await post(mia, teams.Eng.id, { campaignId: scored, dimension: 'repair', title: 'Name the friction in stand-up', dueOn: '2026-06-30' }).expect(201)).body;
    const started = await env.http().patch(`/api/v1/actions/${created.id}`).set(mia).send({ status: 'in_progress', note: 'First try on Monday' }).expect(200);
    expect(started.body).toMatchObject({ status: 'in_progress', note: 'First try on Monday', dueOn: '2026-06-30', title: 'Name the friction in stand-up' });
    const done = await env.http().patch(`/api/v1/actions/${created.id}`).set(hr).send({ status: 'done', dueOn: null }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', note: 'First try on Monday', dueOn: null });
    expect(Date.parse(done.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    await env.http().patch(`/api/v1/actions/${created.id}`).set(mia).send({ status: 'dropped', note: 'The stand-up was cancelled' }).expect(200);
    expect((await env.http().get(`/api/v1/actions/${created.id}`).set(mia).expect(200)).body).toMatchObject({ status: 'dropped', note: 'The stand-up was cancelled' });
    // Each step is in the audit trail, with who took it.
    const trail = (await env.http().get('/api/v1/audit-events').query({ limit: 200 }).set(hr).expect(200)).body.items.filter(
      (e: { subject: { id: string } }) => e.subject.id === created.id,
    );
    expect(trail.map((e: { type: string; detail: { status?: string } }) => `${e.type} ${e.detail.status ?? ''}`.trim())).toEqual([
      'action.updated dropped',
      'action.updated done',
      'action.updated in_progress',
      'action.created',
    ]);
  });

  it('lists a team’s actions a page at a time, and shows them with the team’s results', async () => {
    const first = await env.http().get(`/api/v1/teams/${teams.Eng.id}/actions?limit=1`).set(mia).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await env.http().get(`/api/v1/teams/${teams.Eng.id}/actions?cursor=${first.body.nextCursor}`).set(mia).expect(200);
    expect([...first.body.items, ...rest.body.items].map((a: { title: string }) => a.title)).toEqual([
      'Retro on feedback every other Friday',
      'Name the friction in stand-up',
    ]);
    const results = await env.http().get(`/api/v1/teams/${teams.Eng.id}/results?campaignId=${scored}`).set(mia).expect(200);
    expect(results.body.actions.map((a: { title: string }) => a.title).sort()).toEqual(['Name the friction in stand-up', 'Retro on feedback every other Friday']);
    expect(results.body.followThrough).toBeNull();
    expect(results.body.mirror).toBeNull();
  });

  it('deletes an action recorded by mistake', async () => {
    const created = (await post(sam, teams.Sales.id, { dimension: 'trust', title: 'Typo' }).expect(201)).body;
    await env.http().delete(`/api/v1/actions/${created.id}`).set(sam).expect(204);
    await env.http().get(`/api/v1/actions/${created.id}`).set(sam).expect(404);
    await env.http().delete(`/api/v1/actions/${created.id}`).set(sam).expect(404);
  });

  it('keeps a manager to their own teams: another team’s actions are 404, read or written', async () => {
    const sales = (await post(hr, teams.Sales.id, { dimension: 'co_creation', title: 'Pair on proposals' }).expect(201)).body;
    await post(mia, teams.Sales.id, { dimension: 'trust', title: 'Not mine' }).expect(404);
    await env.http().get(`/api/v1/teams/${teams.Sales.id}/actions`).set(mia).expect(404);
    await env.http().get(`/api/v1/actions/${sales.id}`).set(mia).expect(404);
    await env.http().patch(`/api/v1/actions/${sales.id}`).set(mia).send({ status: 'done' }).expect(404);
    await env.http().delete(`/api/v1/actions/${sales.id}`).set(mia).expect(404);
    // Sam manages Sales only: Eng's actions are as unknown to him.
    await env.http().get(`/api/v1/teams/${teams.Eng.id}/actions`).set(sam).expect(404);
    expect((await env.http().get(`/api/v1/teams/${teams.Sales.id}/actions`).set(sam).expect(200)).body.items).toHaveLength(1);
  });

  it('answers 404 for another organization’s team or action, and for malformed ids', async () => {
    const action = (await post(hr, teams.Sales.id, { dimension: 'trust', title: 'Ours' }).expect(201)).body;
    await post(other, teams.Sales.id, { dimension: 'trust', title: 'Probe' }).expect(404);
    await env.http().get(`/api/v1/actions/${action.id}`).set(other).expect(404);
    await env.http().patch(`/api/v1/actions/${action.id}`).set(other).send({ status: 'done' }).expect(404);
    await env.http().get('/api/v1/actions/not-a-uuid').set(hr).expect(404);
    await post(hr, 'nope', { dimension: 'trust', title: 'x' }).expect(404);
  });

  it('refuses bad input with a 422 problem naming each field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ dimension: 'happiness', title: 'x' }, 'dimension'],
      [{ dimension: 'trust', title: '   ' }, 'title'],
      [{ dimension: 'trust', title: 'x'.repeat(201) }, 'title'],
      [{ dimension: 'trust', title: 'x', detail: 'y'.repeat(2001) }, 'detail'],
      [{ dimension: 'trust', title: 'x', dueOn: '2026-02-30' }, 'dueOn'],
      [{ dimension: 'trust', title: 'x', dueOn: '2026-05-01T09:00:00Z' }, 'dueOn'],
      [{ dimension: 'trust', title: 'x', campaignId: 'abc' }, 'campaignId'],
      [{ dimension: 'trust', title: 'x', campaignId: open }, 'campaignId'],
      [{ dimension: 'trust', title: 'x', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await post(mia, teams.Eng.id, body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const sales = await insertTeams(env.db, orgId, [{ name: 'Later' }]);
    const notIncluded = await post(hr, sales.Later.id, { dimension: 'trust', title: 'x', campaignId: scored }).expect(422);
    expect(notIncluded.body.errors[0]).toEqual({ field: 'campaignId', message: expect.stringContaining('included the team') });
    const action = (await post(mia, teams.Eng.id, { dimension: 'trust', title: 'x' }).expect(201)).body;
    for (const body of [{ status: 'finished' }, { title: null }, { title: '' }, { dueOn: 'tomorrow' }, { note: 5 }]) {
      await env.http().patch(`/api/v1/actions/${action.id}`).set(mia).send(body).expect(422);
    }
  });
});
