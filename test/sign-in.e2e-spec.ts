import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { MagicLinksService } from '../src/sign-in/magic-links.service';
import { startTestEnv, TestEnv } from './support/harness';
import { CaughtMail, SmtpSink } from './support/smtp';

const csrfOf = (page: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no CSRF field in the page');
  return token;
};
const linkPath = (text: string): string => {
  const path = /http:\/\/rapport\.test(\/auth\/magic\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!path) throw new Error('no sign-in link in the mail');
  return path;
};
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
/** Sign-in mail only: every new user also gets an invitation mail (test/user-invitations.e2e-spec.ts). */
const signInTo = (email: string) => (m: CaughtMail) => m.to.includes(email) && m.subject.startsWith('Sign in to Rapport');
const FORM = 'application/x-www-form-urlencoded';

describe('Sign-in for managers and HR by magic link', () => {
  let sink: SmtpSink;
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: sink.url });
    ({ auth } = await env.createOrg('Northwind'));
    await env.startWorker();
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  async function newUser(name = 'Mia Manager', headers = auth): Promise<string> {
    const email = `u-${randomBytes(4).toString('hex')}@example.com`;
    const res = await env.http().post('/api/v1/users').set(headers).send({ email, name, role: 'manager' });
    expect(res.status).toBe(201);
    return email;
  }

  /** A browser: its own cookies. Opens /login and asks for a link; returns the answer page. */
  async function askForLink(browser: request.Agent, email: string) {
    const login = await browser.get('/login');
    return browser.post('/login').type(FORM).send(form({ email, _csrf: csrfOf(login.text) }));
  }

  async function mailedLink(email: string, count = 1): Promise<string> {
    const mails = await sink.waitFor(signInTo(email), count);
    return linkPath(mails[count - 1].text);
  }

  it('takes a manager from the form to the mailed link to a session, and out again', async () => {
    const email = await newUser('Mia <Manager>');
    const browser = env.http();

    const before = await browser.get('/dashboard');
    expect(before.status).toBe(303);
    expect(before.headers.location).toBe('/login');

    const login = await browser.get('/login');
    expect(login.status).toBe(200);
    expect(login.headers['content-type']).toMatch(/^text\/html/);
    expect(login.text).toContain('<label for="email">');
    expect(login.text).toContain('name="viewport"');

    const answer = await browser.post('/login').type(FORM).send(form({ email, _csrf: csrfOf(login.text) }));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Check your email');

    const mail = (await sink.waitFor(signInTo(email)))[0];
    expect(mail.subject).toBe('Sign in to Rapport: Northwind');
    const path = linkPath(mail.text);

    // Opening the link (as a mail scanner would) only shows a button; it stays usable.
    const shown = await browser.get(path);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Sign in to Northwind');
    expect(shown.text).toContain('Mia &lt;Manager&gt;');
    expect(shown.text).not.toContain('Mia <Manager>');
    expect((await env.http().get(path)).status).toBe(200);

    const signedIn = await browser.post(path).type(FORM).send(form({ _csrf: csrfOf(shown.text) }));
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/dashboard');
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('rapport_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // only in production

    const dashboard = await browser.get('/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Northwind');
    expect(dashboard.text).toContain('Mia &lt;Manager&gt;');
    expect(dashboard.headers['cache-control']).toBe('no-store');

    // The link works once.
    const again = await browser.post(path).type(FORM).send(form({ _csrf: csrfOf(shown.text) }));
    expect(again.status).toBe(410);
    expect(again.text).toContain('no longer works');
    expect((await browser.get(path)).status).toBe(410);

    // Sign out: the session is revoked server-side, so the old cookie opens nothing.
    const sessionCookie = cookie.split(';')[0];
    const out = await browser.post('/logout').type(FORM).send(form({ _csrf: csrfOf(dashboard.text) }));
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login?signed_out');
    expect((await browser.get('/login?signed_out')).text).toContain('You are signed out');
    const replay = await env.http().get('/dashboard').set('Cookie', sessionCookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login');
  });

  it('returns to the dashboard page that asked for sign-in (a link from a summary email), and never elsewhere', async () => {
    const email = await newUser();
    const browser = env.http();
    const wanted = '/dashboard/teams/6f1c2b9e-4a55-4b8e-9d47-1c0e2a3b4c5d?campaignId=0b6e7c1a-2d3f-4e5a-8b9c-0d1e2f3a4b5c';
    const first = await browser.get(wanted);
    expect(first.status).toBe(303);
    await askForLink(browser, email);
    const path = await mailedLink(email);
    const shown = await browser.get(path);
    const signedIn = await browser.post(path).type(FORM).send(form({ _csrf: csrfOf(shown.text) }));
    expect(signedIn.headers.location).toBe(wanted);

    // A forged return cookie pointing off-site is ignored.
    const other = env.http();
    const [issued] = await env.api.get(MagicLinksService).issueForEmail(email);
    const path2 = new URL(issued.url).pathname;
    const shown2 = await other.get(path2);
    const forged = await other
      .post(path2)
      .set('Cookie', 'rapport_return_to=https://evil.example/')
      .type(FORM)
      .send(form({ _csrf: csrfOf(shown2.text) }));
    expect(forged.headers.location).toBe('/dashboard');
  });

  it('answers an unknown address exactly like a known one, and mails it nothing', async () => {
    const known = await newUser();
    const unknown = `nobody-${randomBytes(4).toString('hex')}@example.com`;
    const a = await askForLink(env.http(), unknown);
    const b = await askForLink(env.http(), known);
    expect(a.status).toBe(b.status);
    expect(a.text.replace(unknown, 'ADDRESS')).toBe(b.text.replace(known, 'ADDRESS'));
    await sink.waitFor(signInTo(known));
    expect(sink.to(unknown)).toHaveLength(0);
    expect(await env.db.query(`SELECT 1 FROM email_outbox WHERE recipient = $1`, [unknown])).toHaveLength(0);
  });

  it('sends a person who is staff in two organizations one link per organization', async () => {
    const email = await newUser('Sam Both');
    const other = await env.createOrg('Southwind');
    const res = await env.http().post('/api/v1/users').set(other.auth).send({ email, name: 'Sam Both', role: 'hr_admin' });
    expect(res.status).toBe(201);

    await askForLink(env.http(), email);
    const mails = await sink.waitFor(signInTo(email), 2);
    expect(mails.map((m) => m.subject).sort()).toEqual(['Sign in to Rapport: Northwind', 'Sign in to Rapport: Southwind']);

    const south = mails.find((m) => m.subject.endsWith('Southwind'))!;
    const browser = env.http();
    const shown = await browser.get(linkPath(south.text));
    await browser.post(linkPath(south.text)).type(FORM).send(form({ _csrf: csrfOf(shown.text) }));
    const dashboard = await browser.get('/dashboard');
    expect(dashboard.text).toContain('Southwind');
    expect(dashboard.text).toContain('HR admin');
  });

  it('refuses a link after it expires', async () => {
    const email = await newUser();
    await askForLink(env.http(), email);
    const path = await mailedLink(email);
    await env.db.query(
      `UPDATE magic_links SET expires_at = now() - interval '1 second'
        WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [email],
    );
    const browser = env.http();
    const shown = await browser.get(path);
    expect(shown.status).toBe(410);
    const csrf = csrfOf((await browser.get('/login')).text);
    const post = await browser.post(path).type(FORM).send(form({ _csrf: csrf }));
    expect(post.status).toBe(410);
    expect(post.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^rapport_session=/)]));
    expect((await browser.get('/dashboard')).status).toBe(303);
  });

  it('refuses forms without a valid CSRF token, and the link stays usable', async () => {
    const email = await newUser();
    const browser = env.http();

    const noToken = await browser.post('/login').type(FORM).send(form({ email }));
    expect(noToken.status).toBe(403);
    expect(noToken.headers['content-type']).toMatch(/^text\/html/);
    await browser.get('/login'); // now the browser holds a CSRF secret
    expect((await browser.post('/login').type(FORM).send(form({ email, _csrf: 'forged' }))).status).toBe(403);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages.filter(signInTo(email))).toHaveLength(0);

    await askForLink(browser, email);
    const path = await mailedLink(email);
    // Another site making the browser POST the link: no token.
    expect((await browser.post(path).type(FORM).send('')).status).toBe(403);
    const shown = await browser.get(path);
    expect(shown.status).toBe(200);
    expect((await browser.post(path).type(FORM).send(form({ _csrf: csrfOf(shown.text) }))).status).toBe(303);

    // Signing out needs the token too.
    expect((await browser.post('/logout').type(FORM).send('')).status).toBe(403);
    expect((await browser.get('/dashboard')).status).toBe(200);
  });

  it('asks again for a malformed address without sending anything', async () => {
    const browser = env.http();
    const login = await browser.get('/login');
    const res = await browser.post('/login').type(FORM).send(form({ email: 'not an <email>', _csrf: csrfOf(login.text) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('value="not an &lt;email&gt;"');
  });

  it('fills in the address the invitation mail links with, and only a well-formed one', async () => {
    const invited = await env.http().get('/login?email=mia%40example.com').expect(200);
    expect(invited.text).toContain('value="mia@example.com"');
    const forged = await env.http().get(`/login?email=${encodeURIComponent('"><script>alert(1)</script>')}`).expect(200);
    expect(forged.text).toContain('value=""');
    expect(forged.text).not.toContain('<script>alert');
  });

  it('does not reveal anything for garbage links', async () => {
    expect((await env.http().get('/auth/magic/short')).status).toBe(410);
    expect((await env.http().get(`/auth/magic/${'A'.repeat(43)}`)).status).toBe(410);
  });

  it('rate-limits asking for links, with Retry-After, but not the form itself', async () => {
    const browser = env.http();
    const login = await browser.get('/login');
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const res = await browser.post('/login').type(FORM).send(form({ email: `x${i}@example.com`, _csrf: csrfOf(login.text) }));
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.headers['content-type']).toMatch(/^text\/html/);
    expect((await browser.get('/login')).status).toBe(200);
  });
});
