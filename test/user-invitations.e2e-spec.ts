import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SessionsService } from '../src/auth/sessions.service';
import { startTestEnv, TestEnv } from './support/harness';
import { CaughtMail, SmtpSink } from './support/smtp';
import { until } from './support/waiting';

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];
const FORM = 'application/x-www-form-urlencoded';
const address = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}@example.com`;

describe('Inviting a user mails them who invited them, where, in which role, and how to sign in', () => {
  let sink: SmtpSink;
  let env: TestEnv;
  let worker: INestApplicationContext;
  let auth: { Authorization: string };
  let hrEmail: string;
  let hr: request.Agent;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: sink.url });
    const org = await env.createOrg('Northwind');
    auth = org.auth;
    [{ email: hrEmail }] = await env.db.query(`SELECT email FROM users WHERE id = $1`, [org.userId]);
    hr = env.http().set('Cookie', `rapport_session=${await env.api.get(SessionsService).create(env.db.manager, org.orgId, org.userId)}`);
    worker = await env.startWorker();
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  const outboxTo = (email: string): Promise<Array<{ kind: string; status: string; last_error: string | null }>> =>
    env.db.query(`SELECT kind, status, last_error FROM email_outbox WHERE recipient = $1`, [email]);

  /** The one mail to `email`, once it is sent; a second copy within the wait fails the test. */
  async function theOneMailTo(email: string): Promise<CaughtMail> {
    const [mail] = await sink.waitFor((m) => m.to.includes(email));
    await until(() => outboxTo(email), (rows) => rows.length === 1 && rows[0].status === 'sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.to(email)).toHaveLength(1);
    return mail;
  }

  it('an API invitation of a manager: one mail naming the organization, the inviter and the role, linking to /login', async () => {
    const email = address('mia');
    await env.http().post('/api/v1/users').set(auth).send({ email, name: 'Mia Manager', role: 'manager' }).expect(201);
    const mail = await theOneMailTo(email);
    expect(mail.subject).toBe('Hana HR invited you to Northwind on Rapport');
    expect(mail.text).toContain('Hello Mia Manager,');
    expect(mail.text).toContain(`Hana HR (${hrEmail}) invited you to Northwind on Rapport`);
    expect(mail.text).toContain('Your role: Manager.');
    expect(mail.text).toContain('An HR admin chooses the teams you manage');
    expect(mail.text).toContain(`ask for a link to ${email}:`);
    const login = `http://rapport.test/login?email=${encodeURIComponent(email)}`;
    expect(mail.text.split('\n')).toContain(login);
    expect(mail.html).toContain(`href="${login}"`);
    // The link opens the sign-in form with the invited address filled in.
    const form = await env.http().get(login.replace('http://rapport.test', '')).expect(200);
    expect(form.text).toContain(`value="${email}"`);
    expect(mail.html).toContain('Your role: <strong>Manager</strong>');
    expect(`${mail.text}${mail.html}`).not.toContain('/auth/magic/');
    expect(await outboxTo(email)).toEqual([{ kind: 'user_invitation', status: 'sent', last_error: null }]);
  });

  it('a console invitation of an HR admin: the notice says a mail is on its way, and one mail goes', async () => {
    const email = address('ola');
    const csrf = csrfOf((await hr.get('/admin/users')).text);
    const sent = await hr.post('/admin/users').type(FORM).send(new URLSearchParams({ _csrf: csrf, email: email.toUpperCase(), name: 'Ola Admin', role: 'hr_admin' }).toString());
    expect(sent.status).toBe(303);
    expect((await hr.get(sent.headers.location)).text).toContain(`${email} invited. An invitation email is on its way; they sign in at /login with that address.`);
    const mail = await theOneMailTo(email);
    expect(mail.subject).toBe('Hana HR invited you to Northwind on Rapport');
    expect(mail.text).toContain(`Hana HR (${hrEmail}) invited you to Northwind on Rapport`);
    expect(mail.text).toContain('Your role: HR admin. You run Rapport for all of Northwind');
    expect(mail.text.split('\n')).toContain(`http://rapport.test/login?email=${encodeURIComponent(email)}`);
  });

  it('sends nothing for a refused invitation (invalid fields, or an address already invited), and the first invitation once', async () => {
    const bad = address('bad');
    await env.http().post('/api/v1/users').set(auth).send({ email: bad, name: 'Bad Role', role: 'owner' }).expect(422);
    await env.http().post('/api/v1/users').set(auth).send({ email: bad, name: '', role: 'manager' }).expect(422);
    const csrf = csrfOf((await hr.get('/admin/users')).text);
    const form = await hr.post('/admin/users').type(FORM).send(new URLSearchParams({ _csrf: csrf, email: bad, name: 'Two\nlines', role: 'manager' }).toString());
    expect(form.status).toBe(422);

    const twice = address('twice');
    await env.http().post('/api/v1/users').set(auth).send({ email: twice, name: 'Tom Twice', role: 'manager' }).expect(201);
    await env.http().post('/api/v1/users').set(auth).send({ email: twice, name: 'Tom Twice', role: 'manager' }).expect(409);
    const again = await hr.post('/admin/users').type(FORM).send(new URLSearchParams({ _csrf: csrf, email: twice, name: 'Tom Twice', role: 'hr_admin' }).toString());
    expect(again.status).toBe(409);

    await theOneMailTo(twice);
    expect(await outboxTo(bad)).toEqual([]);
    expect(sink.to(bad)).toHaveLength(0);
  });

  it('is written when the mail is sent: it names the teams a manager has by then, and a user removed in between gets nothing', async () => {
    await worker.close();
    const kept = address('kai');
    const removed = address('rex');
    const kai = await env.http().post('/api/v1/users').set(auth).send({ email: kept, name: 'Kai Keeps', role: 'manager' }).expect(201);
    const rex = await env.http().post('/api/v1/users').set(auth).send({ email: removed, name: 'Rex Removed', role: 'manager' }).expect(201);
    await env.http().post('/api/v1/teams').set(auth).send({ name: 'Mobile', managerIds: [kai.body.id] }).expect(201);
    await env.http().delete(`/api/v1/users/${rex.body.id}`).set(auth).expect(204);
    worker = await env.startWorker();

    const mail = await theOneMailTo(kept);
    expect(mail.text).toContain('Your teams: Mobile.');
    const [row] = await until(() => outboxTo(removed), (rows) => rows[0]?.status === 'failed');
    expect(row.last_error).toBe('not sent: the user was removed before the invitation could be sent');
    expect(sink.to(removed)).toHaveLength(0);
  });
});
