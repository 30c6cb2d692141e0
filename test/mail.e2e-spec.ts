import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SignInService } from '../src/sign-in/sign-in.service';
import { sha256 } from '../src/common/crypto';
import { redisConnection } from '../src/queues/redis';
import { ReconcilerService } from '../src/queues/reconciler.service';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';
import { until } from './support/waiting';

interface OutboxState {
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  payload: Record<string, unknown>;
}

describe('Mail: the outbox, the mail worker and the reconciler', () => {
  let sink: SmtpSink;
  let env: TestEnv;
  let worker: INestApplicationContext;
  let auth: { Authorization: string };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: sink.url });
    ({ auth } = await env.createOrg('Mail Co'));
    worker = await env.startWorker();
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  /** A manager whose invitation mail is already delivered, so the SMTP failures a test arranges meet its sign-in mail. */
  async function newManager(): Promise<{ email: string; userId: string }> {
    const email = `m-${randomBytes(4).toString('hex')}@example.com`;
    const res = await env.http().post('/api/v1/users').set(auth).send({ email, name: 'Mo Manager', role: 'manager' });
    expect(res.status).toBe(201);
    await until(() => env.db.query(`SELECT 1 FROM email_outbox WHERE recipient = $1 AND kind = 'user_invitation' AND status = 'sent'`, [email]), (rows) => rows.length === 1);
    return { email, userId: res.body.id };
  }

  const signInsTo = (email: string) => sink.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Sign in'));

  const outboxFor = async (email: string): Promise<OutboxState[]> =>
    env.db.query(`SELECT status, attempts, last_error, sent_at, payload FROM email_outbox WHERE recipient = $1 AND kind = 'sign_in' ORDER BY created_at`, [
      email,
    ]);

  const linkIn = (text: string) => /http:\/\/rapport\.test\/auth\/magic\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

  it('sends an outbox message once, marks it sent and keeps no token in the row', async () => {
    const { email } = await newManager();
    expect(await env.api.get(SignInService).requestLinks(email)).toBe(1);
    const [mail] = await sink.waitFor((m) => m.to.includes(email) && m.subject.startsWith('Sign in'));
    expect(mail.subject).toBe('Sign in to Rapport: Mail Co');
    const token = linkIn(mail.text);
    expect(token).toBeDefined();
    expect(mail.html).toContain(`/auth/magic/${token}`);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{40}@rapport\.local>$/);

    const [row] = await until(() => outboxFor(email), (rows) => rows[0]?.status === 'sent');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(row.payload).not.toHaveProperty('sealedToken');
    expect(JSON.stringify(row)).not.toContain(token);
    // The database knows the link only by its hash.
    const [link] = await env.db.query(`SELECT token_hash FROM magic_links WHERE token_hash = $1`, [sha256(token!)]);
    expect(link).toBeDefined();
  });

  it('retries a temporary (4xx) SMTP failure and then sends, once', async () => {
    const { email } = await newManager();
    sink.failNext(451, 1);
    await env.api.get(SignInService).requestLinks(email);
    const [row] = await until(() => outboxFor(email), (rows) => rows[0]?.status === 'sent');
    expect(row.attempts).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(signInsTo(email)).toHaveLength(1);
  });

  it('records a permanent (5xx) SMTP failure on the row and does not retry it', async () => {
    const { email } = await newManager();
    sink.failNext(550, 1);
    await env.api.get(SignInService).requestLinks(email);
    const [row] = await until(() => outboxFor(email), (rows) => rows[0]?.status === 'failed');
    expect(row.last_error).toContain('550');
    expect(row.payload).not.toHaveProperty('sealedToken');
    expect((await worker.get(ReconcilerService).pass()).enqueued['mail: unsent outbox rows']).toBe(0);
    await new Promise((r) => setTimeout(r, 2500));
    expect(signInsTo(email)).toHaveLength(0);
    expect((await outboxFor(email))[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('survives losing everything in Redis: the reconciler re-sends unsent rows, and nothing twice', async () => {
    const a = await newManager();
    const b = await newManager();
    const alreadySent = sink.messages.length;
    await worker.close();
    await env.api.get(SignInService).requestLinks(a.email);
    await env.api.get(SignInService).requestLinks(b.email);

    // Simulate a Redis that lost its data: only this test's own keys, never FLUSHALL.
    const redis = redisConnection(env.config.redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.config.queuePrefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();

    worker = await env.startWorker(); // its reconciler runs a pass at start
    await until(() => outboxFor(b.email), (rows) => rows[0]?.status === 'sent');
    await until(() => outboxFor(a.email), (rows) => rows[0]?.status === 'sent');

    const reconciler = worker.get(ReconcilerService);
    expect((await reconciler.pass()).enqueued['mail: unsent outbox rows']).toBe(0);
    expect((await reconciler.pass()).enqueued['mail: unsent outbox rows']).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(signInsTo(a.email)).toHaveLength(1);
    expect(signInsTo(b.email)).toHaveLength(1);
    expect(sink.messages.length).toBe(alreadySent + 2);
  });

  it('a row a dead worker left mid-send is handed out again once its claim expires', async () => {
    const { email } = await newManager();
    await worker.close();
    await env.api.get(SignInService).requestLinks(email);
    // As if a worker had claimed it and died: status sending, claim already expired.
    await env.db.query(
      `UPDATE email_outbox SET status = 'sending', claimed_until = now() - interval '1 second', attempts = 1 WHERE recipient = $1 AND kind = 'sign_in'`,
      [email],
    );
    worker = await env.startWorker();
    const [row] = await until(() => outboxFor(email), (rows) => rows[0]?.status === 'sent');
    expect(row.attempts).toBe(2);
  });
});
