import { INestApplicationContext } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { SignInService } from '../src/sign-in/sign-in.service';
import { MailSender } from '../src/mail/mail-sender.service';
import { OutboxService } from '../src/mail/outbox.service';
import { launchedCampaign, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';
import { until } from './support/waiting';

/** The built worker (`npm run build` runs before jest), for a sender that can be killed. */
const WORKER = join(resolve(__dirname, '..'), 'dist', 'worker.js');

interface Row {
  recipient: string;
  status: string;
  attempts: number;
  last_error: string | null;
  retry_at: Date | null;
}

describe('Mail delivery through outages: nothing lost, nothing twice', () => {
  let sink: SmtpSink;
  let env: TestEnv;
  let worker: INestApplicationContext | null = null;
  let auth: { Authorization: string };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: sink.url });
    ({ auth } = await env.createOrg('Outage Co'));
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  /** Campaign and sign-in mail: a manager's invitation is sent when they are created (newManager). */
  const rowsTo = (emails: string[]): Promise<Row[]> =>
    env.db.query(
      `SELECT recipient, status, attempts, last_error, retry_at FROM email_outbox WHERE recipient = ANY($1) AND kind <> 'user_invitation' ORDER BY recipient`,
      [emails],
    );
  const signInsTo = (email: string) => sink.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Sign in'));

  /** Time passes: every backoff ends now, and the sweeper queues what is due. */
  async function backoffEnds(): Promise<void> {
    await env.db.query(`UPDATE email_outbox SET retry_at = now() WHERE status = 'pending' AND retry_at > now()`);
    await worker!.get(MailSender).requeueDue();
  }

  /** With a worker running, returns once the manager's invitation is sent, so the outages a test arranges meet only the mail it is about. */
  async function newManager(): Promise<string> {
    const email = `m-${randomBytes(4).toString('hex')}@example.com`;
    await env.http().post('/api/v1/users').set(auth).send({ email, name: 'Mo Manager', role: 'manager' }).expect(201);
    if (worker) {
      await until(() => env.db.query(`SELECT 1 FROM email_outbox WHERE recipient = $1 AND kind = 'user_invitation' AND status = 'sent'`, [email]), (rows) => rows.length === 1);
    }
    return email;
  }

  it('delivers every message exactly once after an SMTP outage (4xx) longer than any fixed number of attempts', async () => {
    worker = await env.startWorker();
    const team = await teamWithMembers(env, auth, 'Outage', 4);
    const manager = await newManager();
    // 30 refusals: more than the six attempts that used to end in a permanent failure.
    sink.failNext(451, 30);
    await launchedCampaign(env, auth, { teamIds: [team.id] });
    await env.api.get(SignInService).requestLinks(manager);
    const everyone = [...team.emails, manager];
    await until(
      async () => {
        await backoffEnds();
        return sink.messages.length;
      },
      () => signInsTo(manager).length === 1 && team.emails.every((e) => sink.to(e).length === 1),
      60000,
    );
    const rows = await until(() => rowsTo(everyone), (rs) => rs.every((r) => r.status === 'sent'));
    expect(rows.every((r) => r.last_error === null && r.retry_at === null)).toBe(true);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(30 + everyone.length);
    await worker.get(MailSender).requeueDue();
    await new Promise((r) => setTimeout(r, 1000));
    for (const email of team.emails) expect(sink.to(email)).toHaveLength(1);
    expect(signInsTo(manager)).toHaveLength(1);
  });

  it('keeps a message whose rendering hit a database error, and sends it once the database answers', async () => {
    const team = await teamWithMembers(env, auth, 'Render', 1);
    const locker = await new DataSource({ type: 'postgres', url: env.config.databaseUrl }).initialize();
    const runner = locker.createQueryRunner();
    try {
      await worker!.close();
      const campaign = await launchedCampaign(env, auth, { teamIds: [team.id] });
      // The renderer will wait on the campaign's token map; cancelling that wait is a database error.
      await runner.startTransaction();
      await runner.query(`LOCK TABLE open_tokens_${campaign.id.replace(/-/g, '')} IN ACCESS EXCLUSIVE MODE`);
      worker = await env.startWorker();
      const [waiting] = await until<Array<{ pid: number }>>(
        () => env.db.query(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM open_tokens_%'`),
        (rows) => rows.length > 0,
      );
      await env.db.query(`SELECT pg_cancel_backend($1)`, [waiting.pid]);
      const [failed] = await until(() => rowsTo(team.emails), (rs) => rs[0]?.retry_at !== null && rs[0]?.status === 'pending');
      expect(failed.last_error).toMatch(/^database unavailable while rendering: 57014/);
      await runner.rollbackTransaction();
      await backoffEnds();
      await sink.waitFor((m) => m.to.includes(team.emails[0]));
      await until(() => rowsTo(team.emails), (rs) => rs[0].status === 'sent');
      expect(sink.to(team.emails[0])).toHaveLength(1);
    } finally {
      await runner.release();
      await locker.destroy();
    }
  });

  it('an operator can send now what waits out a backoff, and give mail refused for good another chance', async () => {
    const waiting = await newManager();
    const team = await teamWithMembers(env, auth, 'Refused', 1);
    sink.failNext(451, 1);
    await env.api.get(SignInService).requestLinks(waiting);
    await until(() => rowsTo([waiting]), (rs) => rs[0]?.status === 'pending' && rs[0].retry_at !== null);
    // A long backoff, as after many failures.
    await env.db.query(`UPDATE email_outbox SET retry_at = now() + interval '1 hour' WHERE recipient = $1 AND kind = 'sign_in'`, [waiting]);
    // The relay refuses the invitation for good (say, until an operator fixes its configuration).
    sink.failNext(550, 1);
    await launchedCampaign(env, auth, { teamIds: [team.id] });
    const [refused] = await until(() => rowsTo(team.emails), (rs) => rs[0]?.status === 'failed');
    expect(refused.last_error).toMatch(/^550/);

    const outbox = env.api.get(OutboxService);
    expect(await outbox.retryNow(false)).toEqual({ queued: 1 });
    await sink.waitFor((m) => m.to.includes(waiting) && m.subject.startsWith('Sign in'));
    expect(await outbox.retryNow(true)).toEqual({ queued: 1 });
    await sink.waitFor((m) => m.to.includes(team.emails[0]));
    await until(() => rowsTo([waiting, ...team.emails]), (rs) => rs.every((r) => r.status === 'sent'));
    expect(signInsTo(waiting)).toHaveLength(1);
    expect(sink.to(team.emails[0])).toHaveLength(1);
  });

  it('hands the rows of a killed sender to another worker within seconds, each message once', async () => {
    await worker!.close();
    worker = null;
    const stuck = await new SmtpSink().start();
    stuck.stall = true;
    const team = await teamWithMembers(env, auth, 'Killed', 3);
    let child: ChildProcess | null = null;
    try {
      child = spawn(process.execPath, [WORKER], {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          DATABASE_URL: env.config.databaseUrl,
          REDIS_URL: env.config.redisUrl,
          QUEUE_PREFIX: env.config.queuePrefix,
          RAPPORT_MASTER_KEY: env.config.masterKey.toString('base64'),
          SMTP_URL: stuck.url,
          PUBLIC_URL: env.config.publicUrl,
          LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      });
      await launchedCampaign(env, auth, { teamIds: [team.id] });
      await until(() => Promise.resolve(stuck.stalled), (n) => n === 3);
      expect((await rowsTo(team.emails)).map((r) => r.status)).toEqual(['sending', 'sending', 'sending']);
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      worker = await env.startWorker();
      // Bounded by a few claim leases (10 s), where a dead sender's rows used to wait 5 minutes.
      await until(() => rowsTo(team.emails), (rs) => rs.every((r) => r.status === 'sent'), 30000);
      for (const email of team.emails) expect(sink.to(email)).toHaveLength(1);
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await stuck.stop();
    }
  });

  it('sends a user’s invitation, sign-in mail and a link asked for again ahead of a campaign of invitations already queued', async () => {
    await worker!.close();
    worker = null;
    const team = await teamWithMembers(env, auth, 'Bulk', 60);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id] });
    const manager = await newManager();
    await env.api.get(SignInService).requestLinks(manager);
    const asker = team.emails[59];
    await env.http().post('/api/v1/surveys/resend').send({ email: asker }).expect(202);
    await until(() => env.db.query(`SELECT 1 FROM email_outbox WHERE open_campaign_id = $1 AND kind = 'resend'`, [campaign.id]), (rows) => rows.length === 1);
    const before = sink.messages.length;
    worker = await env.startWorker();
    await sink.waitFor((m) => m.to.includes(manager), 2);
    await sink.waitFor((m) => m.to.includes(asker) && m.subject.startsWith('Your link'));
    const order = sink.messages.slice(before).map((m) => `${m.to[0]} ${m.subject}`);
    // First in line: at most the jobs the worker had already started (its concurrency) went before them.
    expect(order.findIndex((m) => m.startsWith(`${manager} Sign in`))).toBeLessThan(20);
    expect(order.findIndex((m) => m.startsWith(manager) && m.includes(' invited you to '))).toBeLessThan(20);
    expect(order.findIndex((m) => m.startsWith(`${asker} Your link`))).toBeLessThan(20);
    await sink.waitFor((m) => team.emails.includes(m.to[0]) && m.subject.startsWith('Your team survey'), 60);
  });
});
