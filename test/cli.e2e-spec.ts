import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { cloneTemplate, dropDatabase, runId } from './support/databases';
import { startTestEnv } from './support/harness';
import { deleteRedisKeys } from './support/redis';

/** The built command line and server (`npm run build` runs before jest). */
const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const MAIN = join(ROOT, 'dist', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('command line: node dist/cli.js and node dist/main.js', () => {
  const dbName = `rapport_t_${runId()}_cli${randomBytes(4).toString('hex')}`;
  let databaseUrl: string;
  // A scratch working directory, so nothing (such as a development key file) lands in the repository.
  let cwd: string;
  // Every run's own queue prefix, its Redis keys deleted at the end (the children use the default REDIS_URL).
  const queuePrefixes: string[] = [];

  beforeAll(async () => {
    databaseUrl = await cloneTemplate(dbName);
    cwd = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
  });
  afterAll(async () => {
    await dropDatabase(dbName);
    rmSync(cwd, { recursive: true, force: true });
    for (const prefix of queuePrefixes) await deleteRedisKeys('redis://127.0.0.1:6379', `${prefix}:*`);
  });

  function run(script: string, args: string[], env: Record<string, string> = {}, timeoutMs = 20000): Promise<Run> {
    const queuePrefix = `test-cli-${randomBytes(4).toString('hex')}`;
    queuePrefixes.push(queuePrefix);
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [script, ...args], {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          DATABASE_URL: databaseUrl,
          RAPPORT_MASTER_KEY: randomBytes(32).toString('base64'),
          QUEUE_PREFIX: queuePrefix,
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`${script} ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, stdout, stderr });
      });
    });
  }

  async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('init creates an organization and its HR admin, and prints one JSON line with a working key', async () => {
    const res = await run(CLI, ['init', '--org', 'Acme', '--admin-email', 'A@Example.com']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const created = JSON.parse(lines[0]);
    expect(created).toEqual({ orgId: expect.any(String), userId: expect.any(String), apiKey: expect.stringMatching(/^rpk_[A-Za-z0-9_-]{43}$/) });

    const rows = await query<{ org: string; email: string; role: string; name: string }>(
      `SELECT o.name AS org, u.email, u.role, u.name FROM api_keys k
         JOIN users u ON u.id = k.user_id JOIN organizations o ON o.id = u.org_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.id = $2 AND o.id = $3`,
      [createHash('sha256').update(created.apiKey).digest(), created.userId, created.orgId],
    );
    expect(rows).toEqual([{ org: 'Acme', email: 'a@example.com', role: 'hr_admin', name: 'a' }]);

    // And the API accepts the key: an app started on the same database answers /me.
    const env = await startTestEnv({ DATABASE_URL: databaseUrl });
    try {
      const me = await env.http().get('/api/v1/me').set('Authorization', `Bearer ${created.apiKey}`);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ user: { id: created.userId, email: 'a@example.com', role: 'hr_admin' }, org: { id: created.orgId, name: 'Acme' } });
    } finally {
      await env.close();
    }
  });

  it('init takes an admin name and a time zone', async () => {
    const res = await run(CLI, ['init', '--org', 'Globex', '--admin-email', 'hr@globex.example', '--admin-name', 'Hana', '--timezone', 'Europe/Paris']);
    expect(res.code).toBe(0);
    const { orgId } = JSON.parse(res.stdout);
    const [row] = await query<{ timezone: string; name: string }>(
      `SELECT o.timezone, u.name FROM organizations o JOIN users u ON u.org_id = o.id WHERE o.id = $1`,
      [orgId],
    );
    expect(row).toEqual({ timezone: 'Europe/Paris', name: 'Hana' });
  });

  it.each([
    ['without --admin-email', ['init', '--org', 'Acme']],
    ['with a bad email', ['init', '--org', 'Acme', '--admin-email', 'nope']],
    ['without --org', ['init', '--admin-email', 'a@example.com']],
    ['with a bad time zone', ['init', '--org', 'Acme', '--admin-email', 'a@example.com', '--timezone', 'Mars/Olympus']],
    ['with an unknown option', ['init', '--org', 'Acme', '--admin-email', 'a@example.com', '--bogus']],
    ['with an unknown command', ['frobnicate']],
    ['with no command', []],
    ['for login-link with an unknown option', ['login-link', '--email', 'a@example.com', '--bogus']],
    ['for login-link without --email', ['login-link']],
    ['for migrate with an unknown option', ['migrate', '--bogus']],
    ['for migrate with an argument', ['migrate', 'now']],
    ['for first-run with an unknown option', ['first-run', '--bogus']],
  ])('exits 2 with a usage message %s, and writes nothing', async (_, args) => {
    const before = await query<{ n: number }>(`SELECT count(*)::int AS n FROM organizations`, []);
    const res = await run(CLI, args);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^rapport: .+\nusage: rapport <command>\n/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await query(`SELECT count(*)::int AS n FROM organizations`, [])).toEqual(before);
  });

  it('api-key prints a new working key for an existing user, recorded in the audit trail', async () => {
    const init = JSON.parse((await run(CLI, ['init', '--org', 'Keyed', '--admin-email', 'lost@keyed.example'])).stdout);
    const res = await run(CLI, ['api-key', '--email', 'Lost@Keyed.example', '--label', 'replacement']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^rpk_[A-Za-z0-9_-]{43}\n$/);
    const key = res.stdout.trim();
    const env = await startTestEnv({ DATABASE_URL: databaseUrl });
    try {
      const me = await env.http().get('/api/v1/me').set('Authorization', `Bearer ${key}`).expect(200);
      expect(me.body.user).toMatchObject({ id: init.userId, email: 'lost@keyed.example' });
      const trail = await env.http().get('/api/v1/audit-events').query({ type: 'api_key.created' }).set('Authorization', `Bearer ${key}`).expect(200);
      expect(trail.body.items[0]).toMatchObject({ actor: null, subject: { kind: 'api_key', label: 'replacement (lost@keyed.example)' } });
    } finally {
      await env.close();
    }
  });

  it.each([
    ['without --email', ['api-key'], 2, /^rapport: api-key needs a valid --email <email>\nusage:/],
    ['with a bad email', ['api-key', '--email', 'nope'], 2, /^rapport: api-key needs a valid --email/],
    ['with an empty label', ['api-key', '--email', 'a@example.com', '--label', ' '], 2, /^rapport: --label must be one line/],
    ['for an unknown user', ['api-key', '--email', 'nobody@nowhere.example'], 1, /^rapport: The user with the email nobody@nowhere.example does not exist.\n$/],
  ])('api-key %s exits non-zero with one clear line and no key', async (_, args, code, message) => {
    const res = await run(CLI, args);
    expect(res.code).toBe(code);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  describe('with the database unreachable (a closed port)', () => {
    let closedPortUrl: string;
    beforeAll(async () => {
      const server = createServer();
      await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
      const { port } = server.address() as AddressInfo;
      await new Promise((closed) => server.close(closed));
      closedPortUrl = `postgres://postgres@127.0.0.1:${port}/rapport`;
    });

    // Within seconds: before, TypeORM retried nine times, three seconds apart, each with a stack trace.
    it.each([
      ['migrate', ['migrate']],
      ['init', ['init', '--org', 'Acme', '--admin-email', 'a@example.com']],
      ['first-run', ['first-run']],
      ['login-link', ['login-link', '--email', 'a@example.com']],
      ['mail retry', ['mail', 'retry']],
      ['api-key', ['api-key', '--email', 'a@example.com']],
    ])('%s exits 1 with one line that names the database', async (_, args) => {
      const started = Date.now();
      const res = await run(CLI, args, { DATABASE_URL: closedPortUrl }, 15000);
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^rapport: cannot use the database rapport at 127\.0\.0\.1:\d+: .*ECONNREFUSED/)]);
      expect(Date.now() - started).toBeLessThan(15000);
    });

    it('a usage mistake is still reported as one, before any connection', async () => {
      const res = await run(CLI, ['login-link', '--bogus'], { DATABASE_URL: closedPortUrl });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/^rapport: Unknown option '--bogus'\nusage: rapport <command>\n/);
    });
  });

  it('first-run with Redis unreachable exits 1 with one line instead of waiting for it', async () => {
    const res = await run(CLI, ['first-run'], { REDIS_URL: 'redis://127.0.0.1:1' }, 15000);
    expect(res.code).toBe(1);
    expect(res.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^rapport: cannot reach Redis at 127\.0\.0\.1:1: /)]);
  });

  it('migrate on an up-to-date database says so and exits 0', async () => {
    const res = await run(CLI, ['migrate']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('database is up to date\n');
  });

  it('mail retry queues again the mail waiting out a backoff, and with --failed the mail that failed for good', async () => {
    const [org] = await query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('Retry Co') RETURNING id`, []);
    const row = (kind: string, status: string, retryAt: string | null) =>
      query(
        `INSERT INTO email_outbox (org_id, kind, recipient, payload, dedupe_key, status, last_error, retry_at)
         VALUES ($1, $2, 'hr@retry.example', '{}', $3, $4, '451: Try again later', $5)`,
        [org.id, kind, `${kind}-${randomBytes(4).toString('hex')}`, status, retryAt],
      );
    await row('report_hr', 'pending', new Date(Date.now() + 3600_000).toISOString());
    await row('report_manager', 'failed', null);
    await row('sign_in', 'failed', null);
    const waiting = await run(CLI, ['mail', 'retry']);
    expect([waiting.code, waiting.stdout]).toEqual([0, '{"queued":1}\n']);
    const failed = await run(CLI, ['mail', 'retry', '--failed']);
    expect([failed.code, failed.stdout]).toEqual([0, '{"queued":1}\n']);
    const rows = await query<{ kind: string; status: string; retry_at: Date | null }>(
      `SELECT kind, status, retry_at FROM email_outbox WHERE org_id = $1 ORDER BY kind`,
      [org.id],
    );
    // The expired sign-in link is not worth another try.
    expect(rows).toEqual([
      { kind: 'report_hr', status: 'pending', retry_at: null },
      { kind: 'report_manager', status: 'pending', retry_at: null },
      { kind: 'sign_in', status: 'failed', retry_at: null },
    ]);
    expect((await run(CLI, ['mail', 'resend'])).code).toBe(2);
  });

  it('main.js with PORT=abc exits 1 with one configuration error line and no stack trace', async () => {
    const res = await run(MAIN, [], { PORT: 'abc' });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    const lines = res.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rapport: configuration error: PORT/);
  });

  it('cli.js refuses a bad configuration the same way', async () => {
    const res = await run(CLI, ['migrate'], { DATABASE_URL: 'mysql://db/rapport' });
    expect(res.code).toBe(1);
    expect(res.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^rapport: configuration error: DATABASE_URL/)]);
  });
});
