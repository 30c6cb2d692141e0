import request from 'supertest';
import { SessionsService } from '../src/auth/sessions.service';
import { hoursFromNow, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];
const FORM = 'application/x-www-form-urlencoded';

/** Every console page, with the ids it needs filled in by the test. */
const PAGES = (ids: { team: string; campaign: string }) => [
  '/admin',
  '/admin/teams',
  `/admin/teams/${ids.team}`,
  '/admin/people',
  '/admin/campaigns',
  `/admin/campaigns/${ids.campaign}`,
  '/admin/pulses',
  '/admin/users',
  '/admin/settings',
  '/admin/audit',
];

describe('HR console over HTTP: access, CSRF, refusals beside their fields', () => {
  let env: TestEnv;
  let auth: { Authorization: string };
  let ids: { team: string; campaign: string };
  let hr: request.Agent;
  let manager: request.Agent;

  beforeAll(async () => {
    env = await startTestEnv();
    const org = await env.createOrg('Console Co');
    auth = org.auth;
    const team = await teamWithMembers(env, auth, 'Support', 6);
    const campaign = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Autumn', teamIds: [team.id], closesAt: hoursFromNow(72) }).expect(201);
    ids = { team: team.id, campaign: campaign.body.id };
    const lead = await env.http().post('/api/v1/users').set(auth).send({ email: 'lead@example.com', name: 'Lead', role: 'manager' }).expect(201);
    const sessions = env.api.get(SessionsService);
    hr = env.http().set('Cookie', `rapport_session=${await sessions.create(env.db.manager, org.orgId, org.userId)}`);
    manager = env.http().set('Cookie', `rapport_session=${await sessions.create(env.db.manager, org.orgId, lead.body.id)}`);
  });
  afterAll(() => env.close());

  it('shows every page to an HR admin, gives a manager 403 on each, and sends a visitor to sign in', async () => {
    for (const path of PAGES(ids)) {
      const page = await hr.get(path);
      expect([path, page.status]).toEqual([path, 200]);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('aria-label="HR console"');
      const refused = await manager.get(path);
      expect([path, refused.status]).toEqual([path, 403]);
      expect(refused.text).toContain('not available to your role');
      const visitor = await env.http().get(path);
      expect([path, visitor.status, visitor.headers.location]).toEqual([path, 303, '/login']);
    }
  });

  it('refuses a form without its CSRF token, and a manager’s form, changing nothing', async () => {
    const before = (await env.http().get('/api/v1/teams').set(auth)).body.items.length;
    expect((await hr.post('/admin/teams').type(FORM).send('name=Forged')).status).toBe(403);
    const page = await manager.get('/dashboard');
    expect((await manager.post('/admin/teams').type(FORM).send(`name=Forged&_csrf=${encodeURIComponent(csrfOf(page.text))}`)).status).toBe(403);
    expect((await env.http().get('/api/v1/teams').set(auth)).body.items).toHaveLength(before);
  });

  it('answers a refused form with the same status as the API and the error beside its field, never a 500', async () => {
    const csrf = csrfOf((await hr.get('/admin/teams')).text);
    const blank = await hr.post('/admin/teams').type(FORM).send(new URLSearchParams({ _csrf: csrf, name: 'Two\nlines' }).toString());
    expect(blank.status).toBe(422);
    expect(blank.text).toMatch(/<p class="field-error" id="team-name-error">name must be a single line/);
    expect(blank.text).toContain('aria-describedby="team-name-error" aria-invalid="true"');

    const taken = await hr.post('/admin/teams').type(FORM).send(new URLSearchParams({ _csrf: csrf, name: 'Support' }).toString());
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('A team named &quot;Support&quot; already exists.');

    const archive = await hr.post(`/admin/teams/${ids.team}/archive`).type(FORM).send(new URLSearchParams({ _csrf: csrf }).toString());
    expect(archive.status).toBe(409);
    expect(archive.text).toMatch(/role="alert">The team still has 0 active child team\(s\) and 6 active member\(s\)/);

    const campaign = await hr.post('/admin/campaigns').type(FORM).send(new URLSearchParams({ _csrf: csrf, name: 'X', closesAt: '2020-01-01T09:00' }).toString());
    expect(campaign.status).toBe(422);
    expect(campaign.text).toMatch(/id="teamIds-group-error">teamIds must contain at least 1 elements/);
    expect(campaign.text).toContain('value="X"');
  });

  it('posts, redirects and shows what was done once (post-redirect-get)', async () => {
    const csrf = csrfOf((await hr.get('/admin/teams')).text);
    const created = await hr.post('/admin/teams').type(FORM).send(new URLSearchParams({ _csrf: csrf, name: 'Billing', parentId: ids.team }).toString());
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/admin/teams');
    const after = await hr.get('/admin/teams');
    expect(after.text).toContain('Team “Billing” created.');
    expect((await hr.get('/admin/teams')).text).not.toContain('Team “Billing” created.');
    const trail = await env.http().get('/api/v1/audit-events').query({ type: 'team.created' }).set(auth);
    expect(trail.body.items[0]).toMatchObject({ subject: { label: 'Billing' }, actor: { email: expect.stringMatching(/^hr-/) } });
  });

  it('shows a draft’s audience before launch: small teams pooled upward or hidden', async () => {
    const small = await teamWithMembers(env, auth, 'Tiny', 2, ids.team);
    const draft = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Pooled', teamIds: [ids.team], closesAt: hoursFromNow(72) }).expect(201);
    const page = (await hr.get(`/admin/campaigns/${draft.body.id}`)).text;
    expect(page).toContain('8 people in 3 team(s)');
    expect(page).toMatch(/Tiny<\/th><td class="num">2<\/td><td>fewer than 5: pooled with Support/);
    expect(page).toMatch(/Billing<\/th><td class="num">0<\/td><td>nobody to ask/);
    expect(small.emails).toHaveLength(2);
  });
});
