import { AGREE_KEYS, answersAll, hoursFromNow, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';

describe('campaigns: drafts, launch, close', () => {
  let env: TestEnv;
  let auth: { Authorization: string };
  let design: { id: string; emails: string[] };
  let product: { id: string; emails: string[] };

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth } = await env.createOrg());
    product = await teamWithMembers(env, auth, 'Product', 2);
    design = await teamWithMembers(env, auth, 'Design', 3, product.id);
  });
  afterAll(() => env.close());

  it('lists the question bank: 24 agreement items in five dimensions and the recommend item', async () => {
    const res = await env.http().get('/api/v1/questions').set(auth).expect(200);
    expect(res.body).toHaveLength(25);
    const agree = (res.body as Array<{ key: string; scale: string; dimension: string; reverse: boolean }>).filter((q) => q.scale === 'agree7');
    expect(agree.map((q) => q.key).sort()).toEqual([...AGREE_KEYS].sort());
    const count = (d: string) => agree.filter((q) => q.dimension === d).length;
    expect([count('psychological_safety'), count('trust'), count('learning'), count('repair'), count('co_creation')]).toEqual([7, 5, 4, 4, 4]);
    expect(agree.filter((q) => q.reverse && q.dimension === 'psychological_safety')).toHaveLength(3);
    expect(res.body.find((q: { key: string }) => q.key === 'recommend')).toMatchObject({ scale: 'nps11', dimension: 'enps' });
  });

  it('creates a draft with defaults, refuses bad dates, unknown keys and unknown teams', async () => {
    const ok = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Q1', teamIds: [design.id], closesAt: hoursFromNow(48) }).expect(201);
    expect(ok.body).toMatchObject({ status: 'draft', questionKeys: AGREE_KEYS, reminders: [48], allowComments: true, invited: 0 });

    const bad = (body: object) => env.http().post('/api/v1/campaigns').set(auth).send({ name: 'x', teamIds: [design.id], ...body });
    expect((await bad({ closesAt: '2030-01-01' })).status).toBe(422);
    expect((await bad({ closesAt: hoursFromNow(-1) })).status).toBe(422);
    expect((await bad({ closesAt: hoursFromNow(5), opensAt: hoursFromNow(6) })).status).toBe(422);
    const unknownKey = await bad({ closesAt: hoursFromNow(5), questionKeys: ['nope'] });
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body.errors[0].field).toBe('questionKeys');
    expect((await bad({ closesAt: hoursFromNow(5), teamIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(422);
  });

  it('edits and deletes drafts only', async () => {
    const draft = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Draft', teamIds: [design.id], closesAt: hoursFromNow(48) }).expect(201);
    const edited = await env.http().patch(`/api/v1/campaigns/${draft.body.id}`).set(auth).send({ name: 'Renamed', reminders: [24, 2] }).expect(200);
    expect(edited.body).toMatchObject({ name: 'Renamed', reminders: [24, 2] });
    await env.http().post(`/api/v1/campaigns/${draft.body.id}/launch`).set(auth).expect(200);
    await env.http().patch(`/api/v1/campaigns/${draft.body.id}`).set(auth).send({ name: 'Too late' }).expect(409);
    await env.http().delete(`/api/v1/campaigns/${draft.body.id}`).set(auth).expect(409);
    await env.http().post(`/api/v1/campaigns/${draft.body.id}/launch`).set(auth).expect(409);

    const other = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Gone', teamIds: [design.id], closesAt: hoursFromNow(48) }).expect(201);
    await env.http().delete(`/api/v1/campaigns/${other.body.id}`).set(auth).expect(204);
    await env.http().get(`/api/v1/campaigns/${other.body.id}`).set(auth).expect(404);
  });

  it('launches to the chosen teams and their subteams, one invitation per active member, emailed through the outbox', async () => {
    const campaign = await launchedCampaign(env, auth, { teamIds: [product.id] });
    expect(campaign).toMatchObject({ status: 'open', invited: 5, responded: 0, participation: 0 });
    const outbox = await env.db.query(`SELECT kind, recipient, payload FROM email_outbox WHERE campaign_id = $1`, [campaign.id]);
    expect(outbox.map((r: { recipient: string }) => r.recipient).sort()).toEqual([...product.emails, ...design.emails].sort());
    expect(outbox.every((r: { kind: string }) => r.kind === 'invitation')).toBe(true);
    // The outbox holds ids, never a link or token.
    expect(JSON.stringify(outbox)).not.toMatch(/\/s\//);
  });

  it('launches without subteams when asked', async () => {
    const campaign = await launchedCampaign(env, auth, { teamIds: [product.id], includeSubteams: false });
    expect(campaign.invited).toBe(2);
  });

  it('schedules a campaign whose opensAt is in the future, freezing its audience until then', async () => {
    const campaign = await launchedCampaign(env, auth, { teamIds: [design.id], opensAt: hoursFromNow(2), closesAt: hoursFromNow(30) });
    expect(campaign).toMatchObject({ status: 'scheduled', invited: 0 });
    const [row] = await env.db.query(`SELECT team_tree, threshold FROM campaigns WHERE id = $1`, [campaign.id]);
    expect(row.team_tree).toEqual([{ id: design.id, name: 'Design', parentId: null }]);
    expect(row.threshold).toBe(5);
  });

  it('refuses to close a campaign that is not open, and closes an open one once', async () => {
    const campaign = await launchedCampaign(env, auth, { teamIds: [design.id] });
    const closed = await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(409);
  });

  it('hides campaigns of another organization', async () => {
    const other = await env.createOrg('Other');
    const campaign = await launchedCampaign(env, auth, { teamIds: [design.id] });
    await env.http().get(`/api/v1/campaigns/${campaign.id}`).set(other.auth).expect(404);
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(other.auth).expect(404);
    await env.http().get('/api/v1/campaigns/not-a-uuid').set(auth).expect(404);
  });

  it('lets a manager read launched campaigns that include their teams, and nothing else', async () => {
    const manager = await env.http().post('/api/v1/users').set(auth).send({ email: 'mia@example.com', name: 'Mia', role: 'manager' }).expect(201);
    const key = await env.http().post(`/api/v1/users/${manager.body.id}/api-keys`).set(auth).send({}).expect(201);
    const mAuth = { Authorization: `Bearer ${key.body.key}` };
    await env.http().patch(`/api/v1/teams/${design.id}`).set(auth).send({ managerIds: [manager.body.id] }).expect(200);
    const mine = await launchedCampaign(env, auth, { teamIds: [design.id] });
    const theirs = await launchedCampaign(env, auth, { teamIds: [product.id], includeSubteams: false });
    const seen = await env.http().get(`/api/v1/campaigns/${mine.id}`).set(mAuth).expect(200);
    // While open, a manager gets no live answer count (it would time each answer).
    expect(seen.body).toMatchObject({ status: 'open', invited: 3, responded: null, participation: null });
    await env.http().get(`/api/v1/campaigns/${theirs.id}`).set(mAuth).expect(404);
    const list = await env.http().get('/api/v1/campaigns?limit=200').set(mAuth).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(mine.id);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(theirs.id);
    await env.http().post('/api/v1/campaigns').set(mAuth).send({ name: 'x', teamIds: [design.id], closesAt: hoursFromNow(5) }).expect(403);
  });

  it('gives an answered campaign its participation', async () => {
    const campaign = await launchedCampaign(env, auth, { teamIds: [design.id] });
    const links = await linksOf(env, campaign.id);
    await env.http().post(`/api/v1/surveys/${links.get(design.emails[0])}/response`).send({ answers: answersAll(5) }).expect(201);
    const read = await env.http().get(`/api/v1/campaigns/${campaign.id}`).set(auth).expect(200);
    expect(read.body).toMatchObject({ invited: 3, responded: 1, participation: 33.3 });
  });
});
