import { TestEnv } from './harness';

type Auth = { Authorization: string };

/** A manager of the given teams, with an API key. */
export async function managerWithKey(env: TestEnv, hr: Auth, orgId: string, email: string, name: string, teamIds: string[]) {
  const user = await env.http().post('/api/v1/users').set(hr).send({ email, name, role: 'manager' }).expect(201);
  for (const teamId of teamIds) {
    await env.db.query(`INSERT INTO team_managers (org_id, team_id, user_id) VALUES ($1, $2, $3)`, [orgId, teamId, user.body.id]);
  }
  const key = await env.http().post(`/api/v1/users/${user.body.id}/api-keys`).set(hr).send({}).expect(201);
  return { userId: user.body.id as string, auth: { Authorization: `Bearer ${key.body.key}` } };
}
