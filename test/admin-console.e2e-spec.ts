import request from 'supertest';
import { SessionsService } from '../src/auth/sessions.service';
import { answersAll, hoursFromNow, linksOf, teamWithMembers } from './support/campaigns';
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
    // Everyone here was added moments ago: the page asks HR to check them before launching.
    expect(page).toContain('8 member(s) of this audience were added in the last 7 days.');
    expect(page).toContain('tiny-0@example.com (Tiny), added');
    expect(small.emails).toHaveLength(2);
  });

  const post = async (path: string, fields: Record<string, string | string[]>, from = '/admin') => {
    const body = new URLSearchParams({ _csrf: csrfOf((await hr.get(from)).text) });
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
    return hr.post(path).type(FORM).send(body.toString());
  };

  it('reminds now only those who have not answered, at most once an hour', async () => {
    const team = await teamWithMembers(env, auth, 'Remindees', 5);
    const launched = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Nudge', teamIds: [team.id], closesAt: hoursFromNow(72), reminders: [] }).expect(201);
    await env.http().post(`/api/v1/campaigns/${launched.body.id}/launch`).set(auth).expect(200);
    const links = await linksOf(env, launched.body.id);
    await env.http().post(`/api/v1/surveys/${links.get(team.emails[0])}/response`).send({ answers: answersAll(5) }).expect(201);
    const first = await post(`/admin/campaigns/${launched.body.id}/remind`, {});
    expect([first.status, first.headers.location]).toEqual([303, `/admin/campaigns/${launched.body.id}`]);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM email_outbox WHERE campaign_id = $1 AND kind = 'reminder'`, [launched.body.id]);
    expect(n).toBe(4);
    const again = await post(`/admin/campaigns/${launched.body.id}/remind`, {});
    expect(again.status).toBe(409);
    expect(again.text).toContain('A reminder went out less than an hour ago');
  });

  it('creates a pulse with its next slot shown, and names a bad field beside it', async () => {
    const bad = await post('/admin/pulses', { name: 'Weekly', teamIds: ids.team, cadence: 'weekly', itemsPerPulse: '12', durationDays: 'three', startAt: '2027-01-04T09:00' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="pulse-days-error">durationDays must/);
    const good = await post('/admin/pulses', { name: 'Weekly', teamIds: ids.team, cadence: 'weekly', itemsPerPulse: '12', durationDays: '3', startAt: '2027-01-04T09:00' });
    expect(good.status).toBe(303);
    const page = (await hr.get('/admin/pulses')).text;
    expect(page).toMatch(/<th scope="row">Weekly<\/th>\s*<td>Support<\/td>\s*<td>Every week, 12 questions, open 3 day\(s\)<\/td>\s*<td>4 Jan 2027, 09:00<\/td>/);
  });

  it('shows a new API key once, in the answer to its form, and the key works', async () => {
    const [{ id }] = await env.db.query(`SELECT id FROM users WHERE email = 'lead@example.com'`);
    const res = await post(`/admin/users/${id}/api-keys`, { label: 'laptop' }, '/admin/users');
    expect(res.status).toBe(200);
    const key = /(rpk_[A-Za-z0-9_-]{43})/.exec(res.text)![1];
    await env.http().get('/api/v1/me').set('Authorization', `Bearer ${key}`).expect(200);
    expect((await hr.get('/admin/users')).text).not.toContain(key);
  });

  describe('the CSV file upload (multipart/form-data)', () => {
    const members = async () => (await env.db.query(`SELECT count(*)::int AS n FROM members`))[0].n as number;
    const upload = async (file: { content: Buffer | string; name: string; type: string } | null, fields: Record<string, string> = {}) => {
      // The page first (the agent attaches its cookies, the CSRF secret among them, when a request
      // is created); then the token goes first, as the page's form sends it.
      const csrf = csrfOf((await hr.get('/admin/people')).text);
      const req = hr.post('/admin/people/import').field('_csrf', csrf);
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return file ? req.attach('csvFile', Buffer.from(file.content), { filename: file.name, contentType: file.type }) : req;
    };

    it('previews a chosen file without writing it, and needs its CSRF token', async () => {
      const before = await members();
      const csv = 'email,name,team,parent_team,manager_email\nnew-1@example.com,New One,Support,,\n';
      const res = await upload({ content: csv, name: 'people.csv', type: 'text/csv' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('This file would add <strong>1</strong> member(s)');
      expect(res.text).toContain('<input type="hidden" name="csv" value="email,name,team,parent_team,manager_email\nnew-1@example.com');
      const forged = await hr.post('/admin/people/import').attach('csvFile', Buffer.from(csv), { filename: 'people.csv', contentType: 'text/csv' });
      expect(forged.status).toBe(403);
      expect(await members()).toBe(before);
    });

    it('refuses an oversized file, a non-CSV file, two sources or none beside the file field, writing nothing', async () => {
      const before = await members();
      const row = 'someone@example.com,Some One,Support,,\n';
      const big = `email,name,team,parent_team,manager_email\n${row.repeat(Math.ceil((1024 * 1024) / row.length) + 1)}`;
      const cases: Array<[Parameters<typeof upload>, RegExp]> = [
        [[{ content: big, name: 'big.csv', type: 'text/csv' }], /big\.csv is larger than 1 MiB/],
        [[{ content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), name: 'photo.png', type: 'image/png' }], /photo\.png is not a CSV file/],
        [[{ content: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), name: 'sheet.csv', type: 'text/csv' }], /sheet\.csv is not a CSV file/],
        [[{ content: 'email,team\n', name: 'a.csv', type: 'text/csv' }, { csv: 'email,team\n' }], /choose a file or paste its contents, not both/],
        [[null], /choose a CSV file, or paste its contents below/],
      ];
      for (const [args, message] of cases) {
        const res = await upload(...args);
        expect([message, res.status]).toEqual([message, 422]);
        expect(res.text).toMatch(new RegExp(`id="csv-file-error">${message.source}`));
      }
      // A second file is no form of ours: refused whole, before the handler, as too large.
      const csrf = csrfOf((await hr.get('/admin/people')).text);
      const twoFiles = await hr
        .post('/admin/people/import')
        .field('_csrf', csrf)
        .attach('csvFile', Buffer.from('email,team\n'), { filename: 'a.csv', contentType: 'text/csv' })
        .attach('other', Buffer.from('email,team\n'), { filename: 'b.csv', contentType: 'text/csv' });
      expect(twoFiles.status).toBe(413);
      expect(await members()).toBe(before);
    });
  });

  it('saves settings, and keeps a refused value beside its field', async () => {
    const bad = await post('/admin/settings', { name: 'Console Co', anonymityThreshold: '2', timezone: 'Europe/Paris', allowedEmailDomains: 'example.com' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="org-threshold-error">anonymityThreshold must not be less than 3/);
    expect(bad.text).toContain('value="2"');
    const good = await post('/admin/settings', { name: 'Console Co', anonymityThreshold: '6', timezone: 'Europe/Paris', allowedEmailDomains: 'example.com, example.org' });
    expect(good.status).toBe(303);
    const { body } = await env.http().get('/api/v1/me').set(auth);
    expect(body.org).toMatchObject({ anonymityThreshold: 6, timezone: 'Europe/Paris', allowedEmailDomains: ['example.com', 'example.org'] });
  });
});
