import { randomBytes } from 'node:crypto';
import { startTestEnv, TestEnv } from './support/harness';

type Auth = { Authorization: string };

describe('Organization and people: users, API keys, teams, members', () => {
  let env: TestEnv;
  let auth: Auth;
  let orgId: string;

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth, orgId } = await env.createOrg());
  });
  afterAll(() => env.close());

  const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
  const email = (prefix = 'p') => `${unique(prefix)}@example.com`;

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: { status: number } }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
  };

  async function createUser(as: Auth, role: 'hr_admin' | 'manager' = 'manager') {
    const res = await env.http().post('/api/v1/users').set(as).send({ email: email(role), name: 'Some One', role });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string; name: string; role: string };
  }

  async function createKey(as: Auth, userId: string) {
    const res = await env.http().post(`/api/v1/users/${userId}/api-keys`).set(as).send({ label: 'test' });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, key: res.body.key as string, auth: { Authorization: `Bearer ${res.body.key}` } };
  }

  async function createTeam(as: Auth, body: { name?: string; parentId?: string; managerIds?: string[] } = {}) {
    const res = await env.http().post('/api/v1/teams').set(as).send({ name: unique('team'), ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; parentId: string | null; managerIds: string[] };
  }

  async function addMember(as: Auth, teamId: string, address = email('m')) {
    const res = await env.http().post(`/api/v1/teams/${teamId}/members`).set(as).send({ email: address, name: 'Mem Ber' });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string; name: string | null; teamId: string; active: boolean };
  }

  async function listAll<T>(as: Auth, path: string, limit: number): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await env
        .http()
        .get(path)
        .query({ limit, ...(cursor ? { cursor } : {}) })
        .set(as);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (cursor === null) return items;
    }
    throw new Error('pagination never ended');
  }

  describe('users', () => {
    it('creates a user with a normalized email and refuses the same email in another case', async () => {
      const address = email('ana');
      const res = await env.http().post('/api/v1/users').set(auth).send({ email: ` ${address.toUpperCase()} `, name: ' Ana ', role: 'hr_admin' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), email: address, name: 'Ana', role: 'hr_admin' });

      const again = await env.http().post('/api/v1/users').set(auth).send({ email: address.replace('ana', 'ANA'), name: 'Ana 2', role: 'manager' });
      expectProblem(again, 409);
    });

    it('lets the same email exist as a user in two organizations', async () => {
      const other = await env.createOrg('Other');
      const address = email('shared');
      for (const as of [auth, other.auth]) {
        expect((await env.http().post('/api/v1/users').set(as).send({ email: address, name: 'Sam', role: 'manager' })).status).toBe(201);
      }
    });

    it('walks every user with limit and cursor, each exactly once', async () => {
      const org = await env.createOrg('Paged');
      const created = [];
      for (let i = 0; i < 7; i++) created.push(await createUser(org.auth));
      const all = await listAll<{ id: string; email: string }>(org.auth, '/api/v1/users', 3);
      expect(all).toHaveLength(8); // the HR admin plus seven
      expect(new Set(all.map((u) => u.id)).size).toBe(8);
      expect(all.map((u) => u.id)).toEqual(expect.arrayContaining(created.map((u) => u.id)));
      const first = await env.http().get('/api/v1/users').set(org.auth);
      expect(first.body.nextCursor).toBeNull();
      expect(first.body.items).toHaveLength(8);
    });

    it('refuses hr_admin routes to a manager with 403, and lets them read /me', async () => {
      const user = await createUser(auth);
      const { auth: managerAuth } = await createKey(auth, user.id);
      const me = await env.http().get('/api/v1/me').set(managerAuth);
      expect(me.status).toBe(200);
      expect(me.body.user).toEqual({ id: user.id, email: user.email, name: user.name, role: 'manager' });

      expectProblem(await env.http().get('/api/v1/users').set(managerAuth), 403);
      expectProblem(await env.http().post('/api/v1/users').set(managerAuth).send({ email: email(), name: 'X', role: 'hr_admin' }), 403);
      expectProblem(await env.http().post(`/api/v1/users/${user.id}/api-keys`).set(managerAuth).send({}), 403);
      expectProblem(await env.http().post('/api/v1/teams').set(managerAuth).send({ name: unique('t') }), 403);
      expectProblem(await env.http().patch('/api/v1/org').set(managerAuth).send({ name: 'Mine now' }), 403);
      expectProblem(await env.http().post('/api/v1/members/import').set(managerAuth).set('content-type', 'text/csv').send('email,team\n'), 403);
    });
  });

  describe('API keys', () => {
    it('shows a new key once, in the rpk_ format, and it works at once', async () => {
      const user = await createUser(auth, 'hr_admin');
      const res = await env.http().post(`/api/v1/users/${user.id}/api-keys`).set(auth).send({ label: 'laptop' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['id', 'key']);
      expect(res.body.key).toMatch(/^rpk_[A-Za-z0-9_-]{43}$/);
      const me = await env.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.key}`);
      expect(me.status).toBe(200);
      expect(me.body.user.id).toBe(user.id);
      // Only a hash is stored: the key itself appears nowhere in the database.
      const stored = await env.db.query(`SELECT * FROM api_keys WHERE id = $1`, [res.body.id]);
      expect(JSON.stringify(stored)).not.toContain(res.body.key.slice(4));
    });

    it('accepts a key without a label', async () => {
      const user = await createUser(auth);
      expect((await env.http().post(`/api/v1/users/${user.id}/api-keys`).set(auth).send({})).status).toBe(201);
    });

    it('stops accepting a key as soon as it is revoked', async () => {
      const user = await createUser(auth, 'hr_admin');
      const key = await createKey(auth, user.id);
      expect((await env.http().get('/api/v1/me').set(key.auth)).status).toBe(200);
      const del = await env.http().delete(`/api/v1/api-keys/${key.id}`).set(auth);
      expect(del.status).toBe(204);
      expect(del.text).toBe('');
      expectProblem(await env.http().get('/api/v1/me').set(key.auth), 401);
      expectProblem(await env.http().get('/api/v1/users').set(key.auth), 401);
    });

    it('answers 404 for another organization’s key and user, and leaves that key working', async () => {
      const other = await env.createOrg('Other');
      const otherUser = await createUser(other.auth);
      const otherKey = await createKey(other.auth, otherUser.id);
      expectProblem(await env.http().delete(`/api/v1/api-keys/${otherKey.id}`).set(auth), 404);
      expectProblem(await env.http().post(`/api/v1/users/${otherUser.id}/api-keys`).set(auth).send({}), 404);
      expect((await env.http().get('/api/v1/me').set(otherKey.auth)).status).toBe(200);
    });
  });

  describe('teams', () => {
    it('creates a team with a parent and managers, and reads it back', async () => {
      const [m1, m2] = [await createUser(auth), await createUser(auth)];
      const parent = await createTeam(auth);
      const name = unique('Design');
      const res = await env.http().post('/api/v1/teams').set(auth).send({ name: ` ${name} `, parentId: parent.id, managerIds: [m1.id, m2.id] });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), name, parentId: parent.id, managerIds: [m1.id, m2.id].sort() });
      const got = await env.http().get(`/api/v1/teams/${res.body.id}`).set(auth);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
      expect(parent).toMatchObject({ parentId: null, managerIds: [] });
    });

    it('renames, re-parents, replaces managers and makes a team a root again', async () => {
      const manager = await createUser(auth);
      const a = await createTeam(auth);
      const b = await createTeam(auth, { managerIds: [manager.id] });
      const name = unique('Renamed');
      const renamed = await env.http().patch(`/api/v1/teams/${b.id}`).set(auth).send({ name });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ id: b.id, name, parentId: null, managerIds: [manager.id] });

      const moved = await env.http().patch(`/api/v1/teams/${b.id}`).set(auth).send({ parentId: a.id, managerIds: [] });
      expect(moved.status).toBe(200);
      expect(moved.body).toEqual({ id: b.id, name, parentId: a.id, managerIds: [] });

      const root = await env.http().patch(`/api/v1/teams/${b.id}`).set(auth).send({ parentId: null });
      expect(root.status).toBe(200);
      expect(root.body.parentId).toBeNull();
      expect((await env.http().get(`/api/v1/teams/${b.id}`).set(auth)).body.parentId).toBeNull();
    });

    it('refuses with 409 to move a team under itself or under its own descendant', async () => {
      const top = await createTeam(auth);
      const mid = await createTeam(auth, { parentId: top.id });
      const leaf = await createTeam(auth, { parentId: mid.id });
      expectProblem(await env.http().patch(`/api/v1/teams/${top.id}`).set(auth).send({ parentId: top.id }), 409);
      expectProblem(await env.http().patch(`/api/v1/teams/${top.id}`).set(auth).send({ parentId: mid.id }), 409);
      expectProblem(await env.http().patch(`/api/v1/teams/${top.id}`).set(auth).send({ parentId: leaf.id }), 409);
      // Nothing moved.
      expect((await env.http().get(`/api/v1/teams/${top.id}`).set(auth)).body.parentId).toBeNull();
    });

    it('answers 422 for an unknown parentId or managerIds, and creates nothing', async () => {
      const name = unique('ghostly');
      const missing = '00000000-0000-4000-8000-000000000000';
      const badParent = await env.http().post('/api/v1/teams').set(auth).send({ name, parentId: missing });
      expectProblem(badParent, 422);
      expect(badParent.body.errors).toEqual([expect.objectContaining({ field: 'parentId' })]);
      const badManager = await env.http().post('/api/v1/teams').set(auth).send({ name, managerIds: [missing] });
      expectProblem(badManager, 422);
      expect(badManager.body.errors).toEqual([expect.objectContaining({ field: 'managerIds' })]);
      // The name is still free: neither attempt left a team behind.
      await createTeam(auth, { name });

      const team = await createTeam(auth);
      expectProblem(await env.http().patch(`/api/v1/teams/${team.id}`).set(auth).send({ parentId: missing }), 422);
      expectProblem(await env.http().patch(`/api/v1/teams/${team.id}`).set(auth).send({ managerIds: [missing] }), 422);
    });

    it('refuses a second live team with the same name, in any case, on create and rename', async () => {
      const name = unique('Sales');
      const first = await createTeam(auth, { name });
      expectProblem(await env.http().post('/api/v1/teams').set(auth).send({ name: name.toUpperCase() }), 409);
      const other = await createTeam(auth);
      expectProblem(await env.http().patch(`/api/v1/teams/${other.id}`).set(auth).send({ name }), 409);
      // Once archived, the name is free again.
      expect((await env.http().delete(`/api/v1/teams/${first.id}`).set(auth)).status).toBe(204);
      await createTeam(auth, { name });
    });

    it('archives a team with DELETE: 204, then 404 and gone from the list', async () => {
      const team = await createTeam(auth);
      const del = await env.http().delete(`/api/v1/teams/${team.id}`).set(auth);
      expect(del.status).toBe(204);
      expectProblem(await env.http().get(`/api/v1/teams/${team.id}`).set(auth), 404);
      expectProblem(await env.http().patch(`/api/v1/teams/${team.id}`).set(auth).send({ name: unique('x') }), 404);
      expectProblem(await env.http().delete(`/api/v1/teams/${team.id}`).set(auth), 404);
      expectProblem(await env.http().post(`/api/v1/teams/${team.id}/members`).set(auth).send({ email: email() }), 404);
      const all = await listAll<{ id: string }>(auth, '/api/v1/teams', 200);
      expect(all.map((t) => t.id)).not.toContain(team.id);
      // An archived team cannot become anyone's parent.
      expectProblem(await env.http().post('/api/v1/teams').set(auth).send({ name: unique('kid'), parentId: team.id }), 422);
    });

    it('refuses to archive a team that still has an active child team or member', async () => {
      const parent = await createTeam(auth);
      const child = await createTeam(auth, { parentId: parent.id });
      expectProblem(await env.http().delete(`/api/v1/teams/${parent.id}`).set(auth), 409);

      const member = await addMember(auth, child.id);
      expectProblem(await env.http().delete(`/api/v1/teams/${child.id}`).set(auth), 409);
      expect((await env.http().get(`/api/v1/teams/${child.id}`).set(auth)).status).toBe(200);

      expect((await env.http().delete(`/api/v1/members/${member.id}`).set(auth)).status).toBe(204);
      expect((await env.http().delete(`/api/v1/teams/${child.id}`).set(auth)).status).toBe(204);
      expect((await env.http().delete(`/api/v1/teams/${parent.id}`).set(auth)).status).toBe(204);
    });

    it('lets at most one of two concurrent moves succeed when together they would form a cycle', async () => {
      for (let round = 0; round < 5; round++) {
        const a = await createTeam(auth);
        const b = await createTeam(auth);
        const [ab, ba] = await Promise.all([
          env.http().patch(`/api/v1/teams/${a.id}`).set(auth).send({ parentId: b.id }),
          env.http().patch(`/api/v1/teams/${b.id}`).set(auth).send({ parentId: a.id }),
        ]);
        const statuses = [ab.status, ba.status].sort();
        expect(statuses).toEqual([200, 409]);
        const [ga, gb] = await Promise.all([a, b].map((t) => env.http().get(`/api/v1/teams/${t.id}`).set(auth)));
        expect(ga.body.parentId === b.id && gb.body.parentId === a.id).toBe(false);
      }
    });

    /**
     * Holds an uncommitted row that makes the request's INSERT wait on a unique index, so the
     * request is caught between its checks and its write; DELETE on the team runs meanwhile.
     */
    async function raceWithArchive(holdSql: string, holdParams: unknown[], send: () => Promise<{ status: number }>, teamId: string) {
      const waiting = async (n: number) => {
        for (let i = 0; i < 40; i++) {
          const [{ count }] = await env.db.query(
            `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (count >= n) return true;
          await new Promise((r) => setTimeout(r, 25));
        }
        return false;
      };
      const holder = env.db.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      let first: Promise<{ status: number }>, archive: Promise<{ status: number }>;
      try {
        await holder.query(holdSql, holdParams);
        first = send();
        expect(await waiting(1)).toBe(true);
        archive = Promise.resolve(env.http().delete(`/api/v1/teams/${teamId}`).set(auth));
        // Either the archive finishes (it did not wait for the pending write) or it waits on a lock.
        await Promise.race([archive, waiting(2)]);
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
      return { first: await first!, archive: await archive! };
    }

    const orphans = async () =>
      (
        await env.db.query<{ teams: number; members: number }[]>(
          `SELECT (SELECT count(*)::int FROM teams c JOIN teams p ON p.id = c.parent_id
                    WHERE c.archived_at IS NULL AND p.archived_at IS NOT NULL) AS teams,
                  (SELECT count(*)::int FROM members m JOIN teams t ON t.id = m.team_id
                    WHERE m.active AND t.archived_at IS NOT NULL) AS members`,
        )
      )[0];

    it('never leaves a live child team under a team archived at the same moment', async () => {
      const parent = await createTeam(auth);
      const name = unique('kid');
      const { first, archive } = await raceWithArchive(
        `INSERT INTO teams (org_id, name) VALUES ($1, $2)`,
        [orgId, name],
        () => Promise.resolve(env.http().post('/api/v1/teams').set(auth).send({ name, parentId: parent.id })),
        parent.id,
      );
      expect([first.status, archive.status].sort()).toEqual(archive.status === 204 ? [204, 422] : [201, 409]);
      expect(await orphans()).toEqual({ teams: 0, members: 0 });
    });

    it('never leaves an active member in a team archived at the same moment', async () => {
      const team = await createTeam(auth);
      const elsewhere = await createTeam(auth);
      const address = email('racer');
      const { first, archive } = await raceWithArchive(
        `INSERT INTO members (org_id, team_id, email) VALUES ($1, $2, $3)`,
        [orgId, elsewhere.id, address],
        () => Promise.resolve(env.http().post(`/api/v1/teams/${team.id}/members`).set(auth).send({ email: address })),
        team.id,
      );
      expect([first.status, archive.status].sort()).toEqual(archive.status === 204 ? [204, 404] : [201, 409]);
      expect(await orphans()).toEqual({ teams: 0, members: 0 });
    });
  });

  describe('manager scoping', () => {
    it('shows a manager only the teams they manage and their descendants', async () => {
      const org = await env.createOrg('Scoped');
      const manager = await createUser(org.auth);
      const { auth: managerAuth } = await createKey(org.auth, manager.id);
      const root = await createTeam(org.auth);
      const managed = await createTeam(org.auth, { parentId: root.id, managerIds: [manager.id] });
      const child = await createTeam(org.auth, { parentId: managed.id });
      const grandchild = await createTeam(org.auth, { parentId: child.id });
      const sibling = await createTeam(org.auth, { parentId: root.id });
      const elsewhere = await createTeam(org.auth);

      const visible = await listAll<{ id: string }>(managerAuth, '/api/v1/teams', 2);
      expect(visible.map((t) => t.id).sort()).toEqual([managed.id, child.id, grandchild.id].sort());

      expect((await env.http().get(`/api/v1/teams/${grandchild.id}`).set(managerAuth)).status).toBe(200);
      for (const hidden of [root, sibling, elsewhere]) {
        expectProblem(await env.http().get(`/api/v1/teams/${hidden.id}`).set(managerAuth), 404);
      }
      // Reading is all a manager may do.
      expectProblem(await env.http().patch(`/api/v1/teams/${managed.id}`).set(managerAuth).send({ name: unique('x') }), 403);
      expectProblem(await env.http().get(`/api/v1/teams/${managed.id}/members`).set(managerAuth), 403);

      // Moving a team out of the subtree hides it at once.
      await env.http().patch(`/api/v1/teams/${child.id}`).set(org.auth).send({ parentId: root.id }).expect(200);
      expectProblem(await env.http().get(`/api/v1/teams/${grandchild.id}`).set(managerAuth), 404);
      const after = await listAll<{ id: string }>(managerAuth, '/api/v1/teams', 50);
      expect(after.map((t) => t.id)).toEqual([managed.id]);
    });

    it('shows a manager of nothing an empty list', async () => {
      const org = await env.createOrg('Nothing');
      await createTeam(org.auth);
      const manager = await createUser(org.auth);
      const { auth: managerAuth } = await createKey(org.auth, manager.id);
      const res = await env.http().get('/api/v1/teams').set(managerAuth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('members', () => {
    it('adds a member, lists them, and refuses a second active member with that email', async () => {
      const team = await createTeam(auth);
      const other = await createTeam(auth);
      const address = email('mia');
      const res = await env.http().post(`/api/v1/teams/${team.id}/members`).set(auth).send({ email: address.toUpperCase(), name: ' Mia ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), email: address, name: 'Mia', teamId: team.id, active: true });

      const list = await env.http().get(`/api/v1/teams/${team.id}/members`).set(auth);
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ items: [res.body], nextCursor: null });

      expectProblem(await env.http().post(`/api/v1/teams/${other.id}/members`).set(auth).send({ email: address }), 409);
    });

    it('deactivates a member (204, gone from the list) and lets the same email be added again', async () => {
      const team = await createTeam(auth);
      const member = await addMember(auth, team.id);
      const keep = await addMember(auth, team.id);
      const del = await env.http().delete(`/api/v1/members/${member.id}`).set(auth);
      expect(del.status).toBe(204);
      const list = await env.http().get(`/api/v1/teams/${team.id}/members`).set(auth);
      expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([keep.id]);

      const again = await addMember(auth, team.id, member.email);
      expect(again.id).not.toBe(member.id);
      expect(again.active).toBe(true);
    });

    it('pages through a team’s members', async () => {
      const team = await createTeam(auth);
      const added = [];
      for (let i = 0; i < 5; i++) added.push(await addMember(auth, team.id));
      const all = await listAll<{ id: string }>(auth, `/api/v1/teams/${team.id}/members`, 2);
      expect(all.map((m) => m.id)).toEqual(added.map((m) => m.id));
    });

    it('answers 404 for an unknown member id', async () => {
      expectProblem(await env.http().delete('/api/v1/members/00000000-0000-4000-8000-000000000000').set(auth), 404);
    });
  });

  describe('isolation between organizations', () => {
    it('answers 404 for every id of another organization and changes nothing there', async () => {
      const other = await env.createOrg('Elsewhere');
      const theirUser = await createUser(other.auth);
      const theirKey = await createKey(other.auth, theirUser.id);
      const theirParent = await createTeam(other.auth);
      const theirTeam = await createTeam(other.auth, { parentId: theirParent.id, managerIds: [theirUser.id] });
      const theirMember = await addMember(other.auth, theirTeam.id);
      const ourTeam = await createTeam(auth);

      expectProblem(await env.http().get(`/api/v1/teams/${theirTeam.id}`).set(auth), 404);
      expectProblem(await env.http().patch(`/api/v1/teams/${theirTeam.id}`).set(auth).send({ name: 'Taken over' }), 404);
      expectProblem(await env.http().delete(`/api/v1/teams/${theirTeam.id}`).set(auth), 404);
      expectProblem(await env.http().get(`/api/v1/teams/${theirTeam.id}/members`).set(auth), 404);
      expectProblem(await env.http().post(`/api/v1/teams/${theirTeam.id}/members`).set(auth).send({ email: email() }), 404);
      expectProblem(await env.http().delete(`/api/v1/members/${theirMember.id}`).set(auth), 404);
      expectProblem(await env.http().post(`/api/v1/users/${theirUser.id}/api-keys`).set(auth).send({}), 404);
      expectProblem(await env.http().delete(`/api/v1/api-keys/${theirKey.id}`).set(auth), 404);
      // Referring to their ids in a body is as if they did not exist.
      expectProblem(await env.http().post('/api/v1/teams').set(auth).send({ name: unique('x'), parentId: theirTeam.id }), 422);
      expectProblem(await env.http().patch(`/api/v1/teams/${ourTeam.id}`).set(auth).send({ parentId: theirTeam.id }), 422);
      expectProblem(await env.http().patch(`/api/v1/teams/${ourTeam.id}`).set(auth).send({ managerIds: [theirUser.id] }), 422);

      // Our lists never show theirs.
      const ourUsers = await listAll<{ id: string }>(auth, '/api/v1/users', 200);
      expect(ourUsers.map((u) => u.id)).not.toContain(theirUser.id);
      const ourTeams = await listAll<{ id: string }>(auth, '/api/v1/teams', 200);
      expect(ourTeams.map((t) => t.id)).not.toContain(theirTeam.id);

      // Their data is untouched.
      const theirs = await env.http().get(`/api/v1/teams/${theirTeam.id}`).set(other.auth);
      expect(theirs.body).toEqual(theirTeam);
      const theirMembers = await env.http().get(`/api/v1/teams/${theirTeam.id}/members`).set(other.auth);
      expect(theirMembers.body.items).toEqual([theirMember]);
      expect((await env.http().get('/api/v1/me').set(theirKey.auth)).status).toBe(200);
    });
  });
});
