import { randomBytes } from 'node:crypto';
import { MagicLinksService } from '../src/sign-in/magic-links.service';
import { SessionsService } from '../src/auth/sessions.service';
import { hoursFromNow } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';

type Auth = { Authorization: string };

describe('audit trail, user removal and allowed email domains', () => {
  let env: TestEnv;
  let auth: Auth;
  let orgId: string;

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth, orgId } = await env.createOrg());
  });
  afterAll(() => env.close());

  const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

  async function newOrg() {
    const org = await env.createOrg(unique('Org'));
    return { ...org, hrEmail: (await env.http().get('/api/v1/me').set(org.auth).expect(200)).body.user.email as string };
  }

  async function userWithKey(as: Auth, role: 'hr_admin' | 'manager', email = `${unique(role)}@example.com`) {
    const user = await env.http().post('/api/v1/users').set(as).send({ email, name: 'Some One', role }).expect(201);
    const key = await env.http().post(`/api/v1/users/${user.body.id}/api-keys`).set(as).send({ label: 'laptop' }).expect(201);
    return { id: user.body.id as string, email, auth: { Authorization: `Bearer ${key.body.key}` }, keyId: key.body.id as string };
  }

  /** The first admin and their key, made by `init`, are the first two events of every organization. */
  const SET_UP = ['api_key.created', 'user.created'];

  const events = async (as: Auth, query: Record<string, string | number> = {}) =>
    (await env.http().get('/api/v1/audit-events').query(query).set(as).expect(200)).body as {
      items: Array<{ id: string; at: string; actor: { id: string; email: string } | null; type: string; subject: { kind: string; id: string | null; label: string }; detail?: Record<string, unknown> }>;
      nextCursor: string | null;
    };

  it('records each roster and access change, newest first, with who did it and to what', async () => {
    const org = await newOrg();
    const team = await env.http().post('/api/v1/teams').set(org.auth).send({ name: 'Design' }).expect(201);
    await env.http().patch(`/api/v1/teams/${team.body.id}`).set(org.auth).send({ name: 'Product design' }).expect(200);
    const member = await env.http().post(`/api/v1/teams/${team.body.id}/members`).set(org.auth).send({ email: 'ana@example.com' }).expect(201);
    await env.http().delete(`/api/v1/members/${member.body.id}`).set(org.auth).expect(204);
    await env.http().post('/api/v1/members/import').set(org.auth).type('text/csv').send('email,team\nbo@example.com,Product design\n').expect(200);
    const lea = await userWithKey(org.auth, 'manager', 'lea@example.com');
    await env.http().patch(`/api/v1/users/${lea.id}`).set(org.auth).send({ role: 'hr_admin' }).expect(200);
    await env.http().delete(`/api/v1/api-keys/${lea.keyId}`).set(org.auth).expect(204);
    await env.http().delete(`/api/v1/users/${lea.id}`).set(org.auth).expect(204);
    await env.http().patch('/api/v1/org').set(org.auth).send({ anonymityThreshold: 6 }).expect(200);
    const campaign = await env.http().post('/api/v1/campaigns').set(org.auth).send({ name: 'Spring', teamIds: [team.body.id], closesAt: hoursFromNow(48) }).expect(201);
    await env.http().post(`/api/v1/campaigns/${campaign.body.id}/launch`).set(org.auth).expect(200);
    await env.http().post(`/api/v1/campaigns/${campaign.body.id}/close`).set(org.auth).expect(200);
    const emptyTeam = await env.http().post('/api/v1/teams').set(org.auth).send({ name: 'Old' }).expect(201);
    await env.http().delete(`/api/v1/teams/${emptyTeam.body.id}`).set(org.auth).expect(204);

    const { items } = await events(org.auth, { limit: 200 });
    expect(items.map((e) => `${e.type} ${e.subject.label}`)).toEqual([
      'team.archived Old',
      'team.created Old',
      'campaign.closed Spring',
      'campaign.launched Spring',
      'campaign.created Spring',
      'org.updated ' + (await env.http().get('/api/v1/me').set(org.auth)).body.org.name,
      'user.removed lea@example.com',
      'api_key.revoked laptop (lea@example.com)',
      'user.updated lea@example.com',
      'api_key.created laptop (lea@example.com)',
      'user.created lea@example.com',
      'member.imported 1 added, 0 updated, 0 teams created',
      'member.deactivated ana@example.com',
      'member.added ana@example.com',
      'team.updated Product design',
      'team.created Design',
      `api_key.created created by init (${org.hrEmail})`,
      `user.created ${org.hrEmail}`,
    ]);
    expect(items.slice(0, -2).every((e) => e.actor?.email === org.hrEmail)).toBe(true);
    expect(items.slice(-2).map((e) => e.actor)).toEqual([null, null]);
    expect(items.find((e) => e.type === 'user.updated')!.detail).toEqual({ role: 'hr_admin' });
    expect(items.find((e) => e.type === 'team.updated')!.detail).toMatchObject({ renamedFrom: 'Design' });
    expect(items.find((e) => e.type === 'member.imported')!.detail).toEqual({ added: ['bo@example.com'], updated: [] });

    const filtered = await events(org.auth, { type: 'team.created' });
    expect(filtered.items.map((e) => e.subject.label)).toEqual(['Old', 'Design']);
    // Another organization sees none of it.
    expect((await events(auth, { type: 'campaign.created' })).items.map((e) => e.subject.label)).not.toContain('Spring');
  });

  it('pages newest first with a cursor and refuses unknown types and cursors with 422', async () => {
    const org = await newOrg();
    for (let i = 0; i < 5; i++) await env.http().post('/api/v1/teams').set(org.auth).send({ name: `T${i}` }).expect(201);
    const first = await events(org.auth, { limit: 2 });
    const second = await events(org.auth, { limit: 2, cursor: first.nextCursor! });
    const third = await events(org.auth, { limit: 2, cursor: second.nextCursor! });
    const fourth = await events(org.auth, { limit: 2, cursor: third.nextCursor! });
    const all = [...first.items, ...second.items, ...third.items, ...fourth.items];
    expect(all.map((e) => e.subject.label).slice(0, 5)).toEqual(['T4', 'T3', 'T2', 'T1', 'T0']);
    expect(all.map((e) => e.type).slice(5)).toEqual(SET_UP);
    expect(fourth.nextCursor).toBeNull();
    for (const query of [{ type: 'team.exploded' }, { cursor: 'bm90IG9uZQ' }, { limit: 0 }]) {
      const res = await env.http().get('/api/v1/audit-events').query(query).set(org.auth);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('is append-only: the database refuses to change or delete an event, and a refused change leaves none', async () => {
    const org = await newOrg();
    const parent = await env.http().post('/api/v1/teams').set(org.auth).send({ name: 'Parent' }).expect(201);
    await env.http().post('/api/v1/teams').set(org.auth).send({ name: 'Child', parentId: parent.body.id }).expect(201);
    await env.http().delete(`/api/v1/teams/${parent.body.id}`).set(org.auth).expect(409);
    const { items } = await events(org.auth);
    expect(items.map((e) => e.type)).toEqual(['team.created', 'team.created', ...SET_UP]);

    await expect(env.db.query(`UPDATE audit_events SET subject_label = 'nothing happened' WHERE org_id = $1`, [org.orgId])).rejects.toThrow(/append-only/);
    await expect(env.db.query(`DELETE FROM audit_events WHERE org_id = $1`, [org.orgId])).rejects.toThrow(/append-only/);
    expect((await events(org.auth)).items).toHaveLength(4);
  });

  it('a manager cannot read the trail (403)', async () => {
    const manager = await userWithKey(auth, 'manager');
    expect((await env.http().get('/api/v1/audit-events').set(manager.auth)).status).toBe(403);
  });

  it('renames a user and changes their role; an unknown or foreign user is a 404, a bad role a 422', async () => {
    const user = await userWithKey(auth, 'manager');
    const res = await env.http().patch(`/api/v1/users/${user.id}`).set(auth).send({ name: 'Lea Lead', role: 'hr_admin' }).expect(200);
    expect(res.body).toEqual({ id: user.id, email: user.email, name: 'Lea Lead', role: 'hr_admin' });
    // The new role takes effect on the user's existing key at once.
    await env.http().get('/api/v1/audit-events').set(user.auth).expect(200);
    const other = await newOrg();
    expect((await env.http().patch(`/api/v1/users/${user.id}`).set(other.auth).send({ name: 'X' })).status).toBe(404);
    expect((await env.http().patch(`/api/v1/users/${user.id}`).set(auth).send({ role: 'owner' })).status).toBe(422);
    expect((await env.http().patch(`/api/v1/users/${user.id}`).set(auth).send({ name: 'Two\nlines' })).status).toBe(422);
  });

  it('refuses to demote or remove the last HR admin (409)', async () => {
    const org = await newOrg();
    const demote = await env.http().patch(`/api/v1/users/${org.userId}`).set(org.auth).send({ role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body.detail).toMatch(/last HR admin/);
    expect((await env.http().delete(`/api/v1/users/${org.userId}`).set(org.auth)).status).toBe(409);
    await env.http().get('/api/v1/me').set(org.auth).expect(200);
  });

  it('removing a user ends their keys and sessions at once and their address can no longer sign in', async () => {
    const user = await userWithKey(auth, 'manager');
    const team = await env.http().post('/api/v1/teams').set(auth).send({ name: unique('Led'), managerIds: [user.id] }).expect(201);
    const cookie = `rapport_session=${await env.api.get(SessionsService).create(env.db.manager, orgId, user.id)}`;
    await env.http().get('/api/v1/me').set(user.auth).expect(200);
    await env.http().get('/dashboard').set('Cookie', cookie).expect(200);

    await env.http().delete(`/api/v1/users/${user.id}`).set(auth).expect(204);

    expect((await env.http().get('/api/v1/me').set(user.auth)).status).toBe(401);
    const page = await env.http().get('/dashboard').set('Cookie', cookie);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
    expect(await env.api.get(MagicLinksService).issueForEmail(user.email)).toEqual([]);
    expect((await env.http().get(`/api/v1/teams/${team.body.id}`).set(auth)).body.managerIds).toEqual([]);
    expect((await env.http().delete(`/api/v1/users/${user.id}`).set(auth)).status).toBe(404);
    const listed = (await env.http().get('/api/v1/users').query({ limit: 200 }).set(auth)).body.items.map((u: { id: string }) => u.id);
    expect(listed).not.toContain(user.id);
  });

  it('of two requests at the same moment each removing or demoting one of two HR admins, exactly one succeeds', async () => {
    for (let round = 0; round < 4; round++) {
      const org = await newOrg();
      const second = await userWithKey(org.auth, 'hr_admin');
      // Both sent with the first admin's key: whichever commits first wins, and the other is
      // refused, by the last-admin check (409) or, when the first admin removed themself before
      // the other request was authenticated, because that key no longer exists (401).
      const [a, b] = await Promise.all([
        round % 2 === 0
          ? env.http().delete(`/api/v1/users/${second.id}`).set(org.auth)
          : env.http().patch(`/api/v1/users/${second.id}`).set(org.auth).send({ role: 'manager' }),
        env.http().delete(`/api/v1/users/${org.userId}`).set(org.auth),
      ]);
      const succeeded = [a.status, b.status].filter((s) => s < 300);
      expect(succeeded).toHaveLength(1);
      if (b.status === 204) expect([401, 409]).toContain(a.status);
      else expect([a.status, b.status]).toEqual([round % 2 === 0 ? 204 : 200, 409]);
      const [{ admins }] = await env.db.query(`SELECT count(*)::int AS admins FROM users WHERE org_id = $1 AND role = 'hr_admin'`, [org.orgId]);
      expect(admins).toBe(1);
    }
  });

  it('with allowed email domains set, a member, a user or an import line outside them is refused (422)', async () => {
    const org = await newOrg();
    const set = await env.http().patch('/api/v1/org').set(org.auth).send({ allowedEmailDomains: [' Example.COM ', 'example.org'] }).expect(200);
    expect(set.body.allowedEmailDomains).toEqual(['example.com', 'example.org']);
    const team = await env.http().post('/api/v1/teams').set(org.auth).send({ name: 'Sales' }).expect(201);

    await env.http().post(`/api/v1/teams/${team.body.id}/members`).set(org.auth).send({ email: 'ana@example.org' }).expect(201);
    const planted = await env.http().post(`/api/v1/teams/${team.body.id}/members`).set(org.auth).send({ email: 'me@gmail.test' });
    expect(planted.status).toBe(422);
    expect(planted.body.errors).toEqual([{ field: 'email', message: expect.stringContaining('outside the organization') }]);
    expect((await env.http().post('/api/v1/users').set(org.auth).send({ email: 'x@other.test', name: 'X', role: 'manager' })).status).toBe(422);
    const imported = await env.http().post('/api/v1/members/import').set(org.auth).type('text/csv').send('email,team\nbo@example.com,Sales\nme2@gmail.test,Sales\n').expect(200);
    expect(imported.body).toEqual({ created: 0, updated: 0, deactivated: 0, teamsCreated: 0, errors: [{ line: 3, message: expect.stringContaining('me2@gmail.test is outside') }] });
    expect((await env.http().patch('/api/v1/org').set(org.auth).send({ allowedEmailDomains: ['not a domain'] })).status).toBe(422);
    await env.http().patch('/api/v1/org').set(org.auth).send({ allowedEmailDomains: [] }).expect(200);
    await env.http().post(`/api/v1/teams/${team.body.id}/members`).set(org.auth).send({ email: 'me@gmail.test' }).expect(201);
  });

  it('refuses line breaks in organization, team and campaign names (422)', async () => {
    const team = await env.http().post('/api/v1/teams').set(auth).send({ name: unique('Flat') }).expect(201);
    const attempts = [
      env.http().patch('/api/v1/org').set(auth).send({ name: 'Acme\r\nBcc: everyone' }),
      env.http().post('/api/v1/teams').set(auth).send({ name: 'Ops\nInjected' }),
      env.http().patch(`/api/v1/teams/${team.body.id}`).set(auth).send({ name: 'Ops\rInjected' }),
      env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Spring\nClick https://evil.test', teamIds: [team.body.id], closesAt: hoursFromNow(48) }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(422);
      expect(res.body.errors[0].message).toMatch(/single line/);
    }
  });

  it('remembers the page to return to in a cookie that is Secure in production', async () => {
    const cookies = (res: { headers: Record<string, unknown> }) => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
    const plain = cookies(await env.http().get('/dashboard/org')).find((c) => c.startsWith('rapport_return_to='));
    expect(plain).toMatch(/^rapport_return_to=(%2F|\/)dashboard(%2F|\/)org/);
    expect(plain).not.toMatch(/Secure/);
    const prod = await startTestEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const res = await prod.http().get('/dashboard/org');
      expect(res.status).toBe(303);
      expect(cookies(res).find((c) => c.startsWith('rapport_return_to='))).toMatch(/; Secure/);
    } finally {
      await prod.close();
    }
  });
});
