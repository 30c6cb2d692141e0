import { startTestEnv, TestEnv } from './support/harness';

type Auth = { Authorization: string };
type Team = { id: string; name: string; parentId: string | null; managerIds: string[] };

describe('POST /api/v1/members/import', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(() => env.close());

  /** Each test gets its own organization, with one manager user lea@example.com. */
  async function freshOrg() {
    const org = await env.createOrg();
    const lea = await env.http().post('/api/v1/users').set(org.auth).send({ email: 'lea@example.com', name: 'Lea', role: 'manager' });
    expect(lea.status).toBe(201);
    return { ...org, leaId: lea.body.id as string };
  }

  const importCsv = (auth: Auth, csv: string, dryRun?: boolean) => {
    const req = env.http().post('/api/v1/members/import').set(auth).set('content-type', 'text/csv');
    if (dryRun !== undefined) req.query({ dryRun: String(dryRun) });
    return req.send(csv);
  };

  async function teamsByName(auth: Auth): Promise<Map<string, Team>> {
    const res = await env.http().get('/api/v1/teams?limit=200').set(auth);
    expect(res.status).toBe(200);
    return new Map((res.body.items as Team[]).map((t) => [t.name, t]));
  }

  async function memberEmails(auth: Auth, teamId: string): Promise<string[]> {
    const res = await env.http().get(`/api/v1/teams/${teamId}/members?limit=200`).set(auth);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ email: string }>).map((m) => m.email).sort();
  }

  const countRows = async (orgId: string) => {
    const [row] = await env.db.query(
      `SELECT (SELECT count(*)::int FROM teams WHERE org_id = $1) AS teams,
              (SELECT count(*)::int FROM members WHERE org_id = $1) AS members,
              (SELECT count(*)::int FROM team_managers WHERE org_id = $1) AS links`,
      [orgId],
    );
    return row as { teams: number; members: number; links: number };
  };

  const FILE = [
    'email,name,team,parent_team,manager_email',
    'Ana@Example.com,Ana,Design,Product,lea@example.com',
    'bo@example.com,Bo,Design,,',
    'cy@example.com,Cy,Product,,LEA@example.com',
    'dee@example.com,,Platform,Engineering,',
    '',
  ].join('\n');

  it('creates teams under their parents, members and manager links, and reports the counts', async () => {
    const org = await freshOrg();
    const res = await importCsv(org.auth, FILE);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 4, updated: 0, deactivated: 0, teamsCreated: 4, errors: [] });

    const teams = await teamsByName(org.auth);
    expect([...teams.keys()].sort()).toEqual(['Design', 'Engineering', 'Platform', 'Product']);
    expect(teams.get('Product')).toMatchObject({ parentId: null, managerIds: [org.leaId] });
    expect(teams.get('Design')).toMatchObject({ parentId: teams.get('Product')!.id, managerIds: [org.leaId] });
    expect(teams.get('Engineering')).toMatchObject({ parentId: null, managerIds: [] });
    expect(teams.get('Platform')).toMatchObject({ parentId: teams.get('Engineering')!.id, managerIds: [] });
    expect(await memberEmails(org.auth, teams.get('Design')!.id)).toEqual(['ana@example.com', 'bo@example.com']);
    expect(await memberEmails(org.auth, teams.get('Product')!.id)).toEqual(['cy@example.com']);
    expect(await memberEmails(org.auth, teams.get('Platform')!.id)).toEqual(['dee@example.com']);

    // The manager link is real: Lea's own key now sees Product and Design, nothing else.
    const key = await env.http().post(`/api/v1/users/${org.leaId}/api-keys`).set(org.auth).send({});
    const seen = await env.http().get('/api/v1/teams').set('Authorization', `Bearer ${key.body.key}`);
    expect(seen.body.items.map((t: Team) => t.name).sort()).toEqual(['Design', 'Product']);
  });

  it('writes nothing on a dry run but reports the same counts as the real run', async () => {
    const org = await freshOrg();
    const dry = await importCsv(org.auth, FILE, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ created: 4, updated: 0, deactivated: 0, teamsCreated: 4, errors: [] });
    expect(await countRows(org.orgId)).toEqual({ teams: 0, members: 0, links: 0 });
    expect((await env.http().get('/api/v1/teams').set(org.auth)).body.items).toEqual([]);

    const real = await importCsv(org.auth, FILE, false);
    expect(real.body).toEqual(dry.body);
    expect(await countRows(org.orgId)).toEqual({ teams: 4, members: 4, links: 2 });
  });

  it('reports every bad line with its line in the file, and writes nothing at all', async () => {
    const org = await freshOrg();
    const csv = [
      'email,name,team,parent_team,manager_email', // 1
      'good@example.com,Good,Ops,,', // 2
      'not-an-email,Bad,Ops,,', // 3
      '', // 4 (blank lines still count)
      'x@example.com,X,Ops,,ghost@example.com', // 5
      'GOOD@example.com,Again,Ops,,', // 6
      'y@example.com,Y,,Ops,', // 7
      'z@example.com,Z,Ops', // 8 (too few fields)
      'w@example.com,W,Web,Ops,lea@example.com', // 9 (fine)
    ].join('\n');
    for (const dryRun of [undefined, true]) {
      const res = await importCsv(org.auth, csv, dryRun);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: 0, updated: 0, deactivated: 0, teamsCreated: 0 });
      expect(res.body.errors).toEqual([
        { line: 3, message: expect.stringContaining('not-an-email') },
        { line: 5, message: expect.stringContaining('ghost@example.com') },
        { line: 6, message: expect.stringContaining('line 2') },
        { line: 7, message: expect.stringContaining('team is required') },
        { line: 8, message: expect.stringContaining('fields') },
      ]);
    }
    expect(await countRows(org.orgId)).toEqual({ teams: 0, members: 0, links: 0 });
  });

  it('imports nothing new the second time, and counts a member moved to another team as updated', async () => {
    const org = await freshOrg();
    expect((await importCsv(org.auth, FILE)).body.created).toBe(4);
    const before = await countRows(org.orgId);

    const again = await importCsv(org.auth, FILE);
    expect(again.body).toEqual({ created: 0, updated: 0, deactivated: 0, teamsCreated: 0, errors: [] });
    expect(await countRows(org.orgId)).toEqual(before);

    const moved = await importCsv(org.auth, FILE.replace('bo@example.com,Bo,Design', 'bo@example.com,Bo,Platform'));
    expect(moved.body).toEqual({ created: 0, updated: 1, deactivated: 0, teamsCreated: 0, errors: [] });
    const teams = await teamsByName(org.auth);
    expect(await memberEmails(org.auth, teams.get('Design')!.id)).toEqual(['ana@example.com']);
    expect(await memberEmails(org.auth, teams.get('Platform')!.id)).toEqual(['bo@example.com', 'dee@example.com']);
    // A member left out of the file stays active: the import never deactivates.
    const shorter = await importCsv(org.auth, FILE.split('\n').slice(0, 2).join('\n'));
    expect(shorter.body).toEqual({ created: 0, updated: 0, deactivated: 0, teamsCreated: 0, errors: [] });
    expect(await memberEmails(org.auth, teams.get('Product')!.id)).toEqual(['cy@example.com']);
  });

  it('uses existing teams and members, and refuses to re-parent an existing team', async () => {
    const org = await freshOrg();
    const root = await env.http().post('/api/v1/teams').set(org.auth).send({ name: 'Company' });
    const sales = await env.http().post('/api/v1/teams').set(org.auth).send({ name: 'Sales', parentId: root.body.id });
    await env.http().post(`/api/v1/teams/${sales.body.id}/members`).set(org.auth).send({ email: 'sam@example.com', name: 'Sam' }).expect(201);

    const ok = await importCsv(org.auth, 'email,team,parent_team\nsam@example.com,sales,company\nnew@example.com,SALES,\n');
    expect(ok.body).toEqual({ created: 1, updated: 0, deactivated: 0, teamsCreated: 0, errors: [] });
    expect(await memberEmails(org.auth, sales.body.id)).toEqual(['new@example.com', 'sam@example.com']);

    const moved = await importCsv(org.auth, 'email,team,parent_team\nx@example.com,Sales,Elsewhere\n');
    expect(moved.body.errors).toEqual([{ line: 2, message: expect.stringContaining('already has another parent') }]);
    expect((await teamsByName(org.auth)).has('Elsewhere')).toBe(false);
  });

  it('accepts a charset parameter, Windows line endings and a byte-order mark', async () => {
    const org = await freshOrg();
    const csv = '\ufeffemail,team\r\na@example.com,Ops\r\nb@example.com,Ops\r\n';
    const res = await env.http().post('/api/v1/members/import').set(org.auth).set('content-type', 'text/csv; charset=utf-8').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0, deactivated: 0, teamsCreated: 1, errors: [] });
    expect([...(await teamsByName(org.auth)).keys()]).toEqual(['Ops']);
  });

  it('does not see or touch another organization’s users, teams or members', async () => {
    const org = await freshOrg();
    const other = await freshOrg();
    expect((await importCsv(other.auth, FILE)).body.created).toBe(4);
    // Same names and emails, in our organization: all new here.
    expect((await importCsv(org.auth, FILE)).body).toEqual({ created: 4, updated: 0, deactivated: 0, teamsCreated: 4, errors: [] });
    await env.http().post('/api/v1/users').set(other.auth).send({ email: 'only-there@example.com', name: 'X', role: 'manager' }).expect(201);
    const res = await importCsv(org.auth, 'email,team,manager_email\nq@example.com,Ops,only-there@example.com\n');
    expect(res.body.errors).toEqual([{ line: 2, message: expect.stringContaining('only-there@example.com') }]);
    expect(await countRows(other.orgId)).toEqual({ teams: 4, members: 4, links: 2 });
  });

  it('refuses a wrong header with 422, an empty file with 422, and a JSON body with 415', async () => {
    const org = await freshOrg();
    const wrong = await importCsv(org.auth, 'mail,group\na@example.com,Ops\n');
    expect(wrong.status).toBe(422);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'header' })]);
    expect((await importCsv(org.auth, 'email,name\na@example.com,A\n')).status).toBe(422); // team is required
    expect((await importCsv(org.auth, 'email,team,email\na@example.com,Ops,b@example.com\n')).status).toBe(422);
    expect((await importCsv(org.auth, '')).status).toBe(422);

    const json = await env.http().post('/api/v1/members/import').set(org.auth).send({ csv: 'email,team\na@example.com,Ops' });
    expect(json.status).toBe(415);
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await countRows(org.orgId)).toEqual({ teams: 0, members: 0, links: 0 });
  });

  it('refuses a dryRun that is not a boolean with 422', async () => {
    const org = await freshOrg();
    const res = await env.http().post('/api/v1/members/import?dryRun=maybe').set(org.auth).set('content-type', 'text/csv').send(FILE);
    expect(res.status).toBe(422);
    expect(await countRows(org.orgId)).toEqual({ teams: 0, members: 0, links: 0 });
  });
});
