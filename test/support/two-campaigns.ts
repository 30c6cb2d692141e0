import { insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS, shortSurveyAnswers, TreeTeam } from './closed-campaign';
import type { TestEnv } from './harness';

/** Names the caller may choose: the dashboard tests use markup in them to check escaping. */
export interface TwoCampaignsNames {
  managerName?: string;
  secondName?: string;
  secondEngComment?: string;
}

export interface TwoCampaigns {
  teams: Record<string, TreeTeam>;
  managerId: string;
  /** Winter, closed 60 days ago. */
  first: string;
  /** Spring, closed yesterday. */
  second: string;
}

/**
 * The world the results API and the dashboard pages are read over: Eng (own members, children
 * Web and Mobile), Sales and Ops (leaves); a manager of Eng; two closed campaigns, not yet scored.
 * Winter: Mobile has 3 respondents (< 5), so it and Eng's own members (the smallest sibling) are
 * hidden. Spring: Mobile reaches 6; Sales drops to 4, and Ops, the smallest sibling, is hidden with it.
 */
export async function insertTwoCampaigns(env: TestEnv, orgId: string, hr: { Authorization: string }, names: TwoCampaignsNames = {}): Promise<TwoCampaigns> {
  const days = (d: number) => new Date(Date.now() - d * 86400_000);
  const teams = await insertTeams(env.db, orgId, [{ name: 'Eng' }, { name: 'Web', parent: 'Eng' }, { name: 'Mobile', parent: 'Eng' }, { name: 'Sales' }, { name: 'Ops' }]);
  const user = await env.http().post('/api/v1/users').set(hr).send({ email: 'mia@example.com', name: names.managerName ?? 'Mia', role: 'manager' }).expect(201);
  const managerId = (user.body as { id: string }).id;
  await env.db.query(`INSERT INTO team_managers (org_id, team_id, user_id) VALUES ($1, $2, $3)`, [orgId, teams.Eng.id, managerId]);

  const tree = Object.values(teams);
  const people = (team: string, values: number[]) => values.map((v) => ({ teamId: teams[team].id, answers: shortSurveyAnswers(v) }));
  const first = await insertClosedCampaign(env.db, {
    orgId, name: 'Winter', tree, threshold: 5, questionKeys: SHORT_SURVEY_KEYS, closesAt: days(60),
    responses: [...people('Eng', [5, 6, 5, 6, 5, 6]), ...people('Web', [4, 4, 5, 5, 6, 6, 7]), ...people('Mobile', [1, 2, 1]), ...people('Sales', [3, 4, 5, 6, 7]), ...people('Ops', [4, 5, 6, 4, 5, 6])],
    // Mobile: 5 invited, so a small response count (a team invited below the threshold would be pooled into Eng).
    invited: { [teams.Eng.id]: 8, [teams.Web.id]: 8, [teams.Mobile.id]: 5, [teams.Sales.id]: 10, [teams.Ops.id]: 10 },
    comments: [{ teamId: teams.Eng.id, body: 'Eng is kind' }, { teamId: teams.Mobile.id, body: 'Mobile secret' }],
  });
  const second = await insertClosedCampaign(env.db, {
    orgId, name: names.secondName ?? 'Spring', tree, threshold: 5, questionKeys: SHORT_SURVEY_KEYS, closesAt: days(1),
    responses: [...people('Eng', [6, 6, 6, 6, 6, 6]), ...people('Web', [5, 5, 5, 5, 6, 6, 6]), ...people('Mobile', [4, 4, 4, 5, 5, 5]), ...people('Sales', [2, 3, 4, 5]), ...people('Ops', [5, 5, 5, 6, 6, 6])],
    comments: [{ teamId: teams.Eng.id, body: names.secondEngComment ?? 'Eng again' }, { teamId: teams.Mobile.id, body: 'Mobile now visible' }],
  });
  return { teams, managerId, first, second };
}
