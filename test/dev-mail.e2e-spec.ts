import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { startTestEnv, TestEnv } from './support/harness';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];

describe('Without SMTP_URL: the development mail catcher, /dev/mail and `cli login-link`', () => {
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    // Outside production with no SMTP_URL; in NODE_ENV=test the catcher runs only when asked.
    env = await startTestEnv({ DEV_SMTP_PORT: String(await freePort()) });
    ({ auth } = await env.createOrg('Catcher & Co'));
    await env.startWorker();
  });
  afterAll(() => env.close());

  async function newUser(): Promise<string> {
    const email = `dev-${randomBytes(4).toString('hex')}@example.com`;
    expect((await env.http().post('/api/v1/users').set(auth).send({ email, name: 'Dee Dev', role: 'manager' })).status).toBe(201);
    return email;
  }

  it('catches the mail the worker sends and lists it at /dev/mail with the link clickable', async () => {
    expect(env.config.smtpUrl).toBeNull();
    const email = await newUser();
    const browser = env.http();
    const login = await browser.get('/login');
    await browser.post('/login').type('form').send({ email, _csrf: csrfOf(login.text) });

    let page = '';
    for (const deadline = Date.now() + 15000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 150))) {
      const res = await env.http().get('/dev/mail');
      expect(res.status).toBe(200);
      page = res.text;
      if (page.includes('Sign in to Rapport')) break; // the user's invitation may come first
    }
    expect(page).toContain('Sign in to Rapport: Catcher &amp; Co');
    expect(page).toContain(email);
    const href = /<a href="http:\/\/rapport\.test(\/auth\/magic\/[A-Za-z0-9_-]{43})">/.exec(page)?.[1];
    expect(href).toBeDefined();

    // Following the caught link works like following a real one.
    const shown = await browser.get(href!);
    expect(shown.status).toBe(200);
    expect((await browser.post(href!).type('form').send({ _csrf: csrfOf(shown.text) })).headers.location).toBe('/dashboard');
    expect((await browser.get('/dashboard')).text).toContain('Dee Dev');
  });

  it('prints a fresh sign-in link per organization from the command line', async () => {
    const email = await newUser();
    const other = await env.createOrg('Second Org');
    expect((await env.http().post('/api/v1/users').set(other.auth).send({ email, name: 'Dee Dev', role: 'manager' })).status).toBe(201);
    const cliEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: env.config.databaseUrl,
      RAPPORT_MASTER_KEY: env.config.masterKey.toString('base64'),
      PUBLIC_URL: env.config.publicUrl,
      // The test's own queues, deleted with it: not the default prefix a local Rapport may be using.
      QUEUE_PREFIX: env.config.queuePrefix,
    };
    const cli = (args: string[]) => run('node', ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], { env: cliEnv });

    const { stdout } = await cli(['login-link', '--email', email.toUpperCase()]);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Catcher & Co: http:\/\/rapport\.test\/auth\/magic\/[A-Za-z0-9_-]{43}$/);
    expect(lines[1]).toMatch(/^Second Org: http:\/\/rapport\.test\/auth\/magic\/[A-Za-z0-9_-]{43}$/);
    const path = lines[1].replace(/^.*http:\/\/rapport\.test/, '');
    expect((await env.http().get(path)).text).toContain('Sign in to Second Org');

    const unknown = (await cli(['login-link', '--email', 'nobody@example.com']).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('rapport: no user with the email nobody@example.com in any organization');
  }, 60000);
});

describe('With SMTP_URL set', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv({ SMTP_URL: 'smtp://127.0.0.1:2525' });
  });
  afterAll(() => env.close());

  it('runs no mail catcher: /dev/mail does not exist', async () => {
    expect((await env.http().get('/dev/mail')).status).toBe(404);
  });
});
