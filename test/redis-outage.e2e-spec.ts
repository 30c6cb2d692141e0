import { hoursFromNow, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { PrivateRedis, sparePort } from './support/private-redis';
import { SmtpSink } from './support/smtp';

/**
 * Redis only carries work: PostgreSQL holds it before anything is enqueued, and the reconciler
 * enqueues whatever is due and not done. So a request that enqueues after commit answers even
 * when Redis is down, and the work is delivered once Redis is back.
 */
describe('a launch while Redis is down', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let redis: PrivateRedis;
  let auth: { Authorization: string };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    redis = new PrivateRedis(await sparePort());
    env = await startTestEnv({ SMTP_URL: smtp.url, REDIS_URL: redis.url });
    ({ auth } = await env.createOrg());
  });
  afterAll(async () => {
    await redis.start();
    await env.close();
    await redis.stop();
    await smtp.stop();
  });

  it('answers, and the invitations go out once Redis is back', async () => {
    const team = await teamWithMembers(env, auth, 'Offline', 3);
    const created = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Outage pulse', teamIds: [team.id], closesAt: hoursFromNow(24) }).expect(201);

    const launched = await env.http().post(`/api/v1/campaigns/${created.body.id}/launch`).set(auth);
    expect(launched.status).toBe(200);
    expect(launched.body).toMatchObject({ status: 'open', invited: 3 });
    expect(smtp.messages).toHaveLength(0);

    await redis.start();
    await env.startWorker();
    const mail = await smtp.waitFor((m) => m.subject === 'Your team survey: Outage pulse', 3, 20000);
    expect(mail.map((m) => m.to[0]).sort()).toEqual([...team.emails].sort());
  });
});
