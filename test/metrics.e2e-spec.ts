import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ReconcilerService } from '../src/queues/reconciler.service';
import { answersAll, hoursFromNow, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';

const LINK = /http:\/\/rapport\.test\/s\/([A-Za-z0-9_-]{64})/;

describe('/metrics without METRICS_TOKEN', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(() => env.close());

  it('does not exist, with or without credentials', async () => {
    const bare = await env.http().get('/metrics');
    const unknown = await env.http().get('/no-such-page');
    expect(bare.status).toBe(404);
    expect(bare.body.detail).toBe(unknown.body.detail.replace('/no-such-page', '/metrics'));
    expect((await env.http().get('/metrics').set('authorization', 'Bearer anything')).status).toBe(404);
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  const token = randomBytes(32).toString('base64url');
  let env: TestEnv;
  let auth: { Authorization: string };
  beforeAll(async () => {
    env = await startTestEnv({ METRICS_TOKEN: token });
    ({ auth } = await env.createOrg());
  });
  afterAll(() => env.close());

  const scrape = () => env.http().get('/metrics').set('authorization', `Bearer ${token}`);

  it('answers 401 without the token or with another one, and Prometheus text with it', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, `Basic ${token}`]) {
      const req = env.http().get('/metrics');
      const res = authorization ? await req.set('authorization', authorization) : await req;
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.text).not.toContain('rapport_');
    }
    await env.http().get('/health/ready').expect(200);
    const metrics = await scrape().expect(200);
    expect(metrics.text).toContain('rapport_http_requests_total{method="GET",route="/health/ready",status="200"}');
    expect(metrics.text).toMatch(/rapport_queue_jobs\{queue="mail",state="waiting"\} \d+/);
    expect(metrics.text).toContain('# TYPE rapport_jobs_total gauge');
  });

  it('counts answering in one series that moves alike for views, answers and bad links', async () => {
    const team = await teamWithMembers(env, auth, 'Metrics', 3);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id] });
    const links = [...(await linksOf(env, campaign.id)).values()];
    const answering = async () => Number(/rapport_http_requests_total\{method="any",route="answering",status="any"\} (\d+)/.exec((await scrape()).text)?.[1] ?? 0);

    const start = await answering();
    await env.http().post(`/api/v1/surveys/${links[0]}/response`).send({ answers: answersAll(5) }).expect(201);
    const afterAnswer = await answering();
    await env.http().get(`/api/v1/surveys/${links[1]}`).expect(200);
    const afterView = await answering();
    await env.http().get(`/api/v1/surveys/${'A'.repeat(64)}`).expect(404);
    const afterBadLink = await answering();
    // An answer, a mere view and a bad link each move it by one: it cannot tell them apart.
    expect([afterAnswer - start, afterView - afterAnswer, afterBadLink - afterView]).toEqual([1, 1, 1]);

    const text = (await scrape()).text;
    expect(text).not.toMatch(/route="\/api\/v1\/surveys/);
    expect(text).not.toMatch(/route="\/s\//);
  });
});

describe('/metrics and reminder mail', () => {
  const token = randomBytes(32).toString('base64url');
  let env: TestEnv;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let auth: { Authorization: string };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: smtp.url, METRICS_TOKEN: token });
    worker = await env.startWorker();
    ({ auth } = await env.createOrg());
  });
  afterAll(async () => {
    await env.close();
    await smtp.stop();
  });

  const jobCounts = async () => {
    const text = (await env.http().get('/metrics').set('authorization', `Bearer ${token}`).expect(200)).text;
    return text.split('\n').filter((line) => line.startsWith('rapport_jobs_total{'));
  };

  it('does not count how many people a reminder reached (those who had not answered)', async () => {
    const team = await teamWithMembers(env, auth, 'Quiet', 4);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], reminders: [24], closesAt: hoursFromNow(30) });
    const invitations = await smtp.waitFor((m) => team.emails.includes(m.to[0]), 4);
    for (const mail of invitations.slice(0, 3)) {
      await env.http().post(`/api/v1/surveys/${LINK.exec(mail.text)![1]}/response`).send({ answers: answersAll(5) }).expect(201);
    }
    const before = await jobCounts();
    await env.db.query(`UPDATE campaign_reminders SET due_at = now() - interval '1 second' WHERE campaign_id = $1`, [campaign.id]);
    await worker.get(ReconcilerService).pass();
    await smtp.waitFor((m) => m.subject.startsWith('Reminder') && team.emails.includes(m.to[0]));
    // The reminder round itself is counted (the campaigns queue), the one message it sent is not.
    let after = await jobCounts();
    for (let i = 0; i < 100 && !after.some((line) => line.includes('job="campaigns.remind"')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await jobCounts();
    }
    expect(after.some((line) => line.includes('job="campaigns.remind"'))).toBe(true);
    expect(before.filter((line) => line.includes('queue="mail"'))).toEqual([]);
    expect(after.filter((line) => line.includes('queue="mail"'))).toEqual([]);
  });
});
