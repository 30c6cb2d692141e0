/**
 * bench:mail — 10,000 outbox messages through the worker's `mail.send` jobs and the pooled
 * nodemailer transport to a local smtp-server sink (in this process, accepts everything).
 *
 * The messages are the invitations of a real launch of a 10,000-member campaign (outbox rows
 * written in the launch transaction, one `mail.send` job each). Phase 1: the worker with the
 * default settings (MAIL_POOL_SIZE 5, MAIL_RATE_PER_SECOND 20) for 20 s. Phase 2: the same
 * worker with MAIL_RATE_PER_SECOND=0 (no limit) until every row is sent: what the pipeline
 * itself can do.
 */
import { SMTPServer } from 'smtp-server';
import { createWorld, freePort, initOrg, log, onCleanup, report, request, round, runBench, sleep, startApi, startWorker } from './support/common';

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 10_000);
const PHASE1_SECONDS = 20;

runBench('mail', async () => {
  const world = await createWorld('mail');
  const { db } = world;
  const org = initOrg(world);

  // The sink: counts delivered messages and their arrival times.
  const arrivals: number[] = [];
  const sink = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    onData(stream, _session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        arrivals.push(Date.now());
        done();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((ok) => sink.listen(port, '127.0.0.1', ok));
  onCleanup('smtp sink', () => new Promise<void>((ok) => sink.close(() => ok())));
  const smtp = { SMTP_URL: `smtp://127.0.0.1:${port}` };

  const [team] = (await db.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'Everyone') RETURNING id`, [org.orgId])).rows;
  await db.query(
    `INSERT INTO members (org_id, team_id, email, name) SELECT $1, $2, 'm' || g || '@bench.example', 'Member ' || g FROM generate_series(1, $3) g`,
    [org.orgId, team.id, MESSAGES],
  );
  const api = await startApi(world, smtp);
  const auth = { authorization: `Bearer ${org.apiKey}` };
  const created = await request(api.base, 'POST', '/api/v1/campaigns', { name: 'Mail bench', teamIds: [team.id], closesAt: new Date(Date.now() + 7 * 86400_000).toISOString(), reminders: [] }, auth);
  if (created.status !== 201) throw new Error(`create campaign: ${created.status} ${created.body}`);
  const launched = await request(api.base, 'POST', `/api/v1/campaigns/${JSON.parse(created.body).id}/launch`, undefined, auth);
  if (launched.status !== 200) throw new Error(`launch: ${launched.status} ${launched.body}`);
  await api.child.stop();
  const sent = async () => Number((await db.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS n FROM email_outbox`)).rows[0].n);
  const [{ total }] = (await db.query(`SELECT count(*)::int AS total FROM email_outbox`)).rows;
  log(`launched: ${total} invitation messages in the outbox, ${MESSAGES} mail.send jobs queued`);

  // Phase 1: default settings.
  const shipped = startWorker(world, undefined, smtp);
  while (arrivals.length === 0) {
    if (shipped.proc.exitCode !== null) throw new Error('the worker exited');
    await sleep(50);
  }
  const p1Start = arrivals[0];
  await sleep(PHASE1_SECONDS * 1000);
  const p1Count = arrivals.filter((t) => t <= p1Start + PHASE1_SECONDS * 1000).length;
  await shipped.stop();
  const phase1 = { messages: p1Count, seconds: PHASE1_SECONDS, perSecond: round(p1Count / PHASE1_SECONDS, 1) };
  log(`phase 1 (default MAIL_RATE_PER_SECOND=20): ${phase1.perSecond} messages/s`);

  // Phase 2: no rate limit, to the end.
  const before = arrivals.length;
  const unthrottled = startWorker(world, undefined, { ...smtp, MAIL_RATE_PER_SECOND: '0', ...(process.env.MAIL_POOL_SIZE ? { MAIL_POOL_SIZE: process.env.MAIL_POOL_SIZE } : {}) });
  const t0 = Date.now();
  for (;;) {
    if ((await sent()) >= total) break;
    if (unthrottled.proc.exitCode !== null) throw new Error('the worker exited');
    if (Date.now() - t0 > 240_000) throw new Error('phase 2 did not finish in 240 s');
    await sleep(100);
  }
  const p2 = arrivals.slice(before);
  const p2Seconds = (p2[p2.length - 1] - p2[0]) / 1000;
  const phase2 = { messages: p2.length, seconds: round(p2Seconds, 1), perSecond: round(p2.length / p2Seconds, 1) };
  log(`phase 2 (no rate limit): ${phase2.perSecond} messages/s`);
  await unthrottled.stop();
  const [status] = (await db.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status <> 'sent')::int AS other FROM email_outbox`)).rows;

  await report('mail', {
    messages: total,
    delivered: arrivals.length,
    outbox: status,
    pool: `MAIL_POOL_SIZE ${process.env.MAIL_POOL_SIZE ?? 'default (5)'}`,
    shippedRateLimit: phase1,
    rateLimitLifted: phase2,
  });
});
