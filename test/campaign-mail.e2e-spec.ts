import { INestApplicationContext } from '@nestjs/common';
import { ReconcilerService } from '../src/queues/reconciler.service';
import { answersAll, hoursFromNow, launchedCampaign, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';
import { eventually } from './support/waiting';

const LINK = /http:\/\/rapport\.test\/s\/([A-Za-z0-9_-]{64})/;

describe('campaign mail and the worker: invitations, reminders, scheduled opens, due closes', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let auth: { Authorization: string };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: smtp.url });
    worker = await env.startWorker();
    ({ auth } = await env.createOrg());
  });
  afterAll(async () => {
    await env.close();
    await smtp.stop();
  });

  const pass = () => worker.get(ReconcilerService).pass();

  it('mails each member a personal link, written verbatim in the text and the HTML part, that opens their survey', async () => {
    const team = await teamWithMembers(env, auth, 'Mailroom', 3);
    await launchedCampaign(env, auth, { teamIds: [team.id], name: 'Autumn check-in' });
    const mails = await smtp.waitFor((m) => team.emails.includes(m.to[0]), 3);
    const tokens = new Set<string>();
    for (const mail of mails) {
      expect(mail.subject).toContain('Autumn check-in');
      const inText = LINK.exec(mail.text)?.[0];
      expect(inText).toBeDefined();
      expect(mail.html).toContain(inText);
      tokens.add(LINK.exec(mail.text)![1]);
      const survey = await env.http().get(`/api/v1/surveys/${LINK.exec(mail.text)![1]}`).expect(200);
      expect(survey.body.team.name).toBe('Mailroom');
    }
    expect(tokens.size).toBe(3);
  });

  it('reminds only those who have not answered, once per round, and skips rounds already past at launch', async () => {
    const team = await teamWithMembers(env, auth, 'Reminded', 4);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], reminders: [48, 24], closesAt: hoursFromNow(30) });
    // 48 h before a close 30 h away had already passed: only the 24 h round exists.
    const rounds = await env.db.query(`SELECT round FROM campaign_reminders WHERE campaign_id = $1`, [campaign.id]);
    expect(rounds).toEqual([{ round: 2 }]);

    const invitations = await smtp.waitFor((m) => team.emails.includes(m.to[0]), 4);
    const answered = invitations.slice(0, 3);
    for (const mail of answered) {
      await env.http().post(`/api/v1/surveys/${LINK.exec(mail.text)![1]}/response`).send({ answers: answersAll(5) }).expect(201);
    }
    const silent = invitations[3].to[0];
    await env.db.query(`UPDATE campaign_reminders SET due_at = now() - interval '1 second' WHERE campaign_id = $1`, [campaign.id]);
    await pass();
    await pass();
    const reminders = await smtp.waitFor((m) => m.subject.startsWith('Reminder') && team.emails.includes(m.to[0]));
    expect(reminders.map((m) => m.to[0])).toEqual([silent]);
    // The reminder carries the same link as the invitation.
    expect(LINK.exec(reminders[0].text)![1]).toBe(LINK.exec(invitations[3].text)![1]);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => m.subject.startsWith('Reminder') && team.emails.includes(m.to[0]))).toHaveLength(1);

    // The reminder row names no invitation, and close removes it.
    const rows = await env.db.query(`SELECT dedupe_key, payload FROM email_outbox WHERE campaign_id = $1 AND kind = 'reminder'`, [campaign.id]);
    const invitationIds: string[] = (await env.db.query(`SELECT id FROM invitations WHERE campaign_id = $1`, [campaign.id])).map((r: { id: string }) => r.id);
    expect(rows).toHaveLength(1);
    for (const id of invitationIds) expect(JSON.stringify(rows)).not.toContain(id);
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);
    const left = await env.db.query(`SELECT kind FROM email_outbox WHERE campaign_id = $1 AND kind IN ('reminder', 'resend')`, [campaign.id]);
    expect(left).toEqual([]);
  });

  it('opens a scheduled campaign at opensAt, from PostgreSQL alone after the queue was lost', async () => {
    const team = await teamWithMembers(env, auth, 'Scheduled', 2);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], opensAt: hoursFromNow(1), closesAt: hoursFromNow(30) });
    expect(campaign.status).toBe('scheduled');
    await deleteQueueKeys(env);
    await env.db.query(`UPDATE campaigns SET opens_at = now() - interval '1 second' WHERE id = $1`, [campaign.id]);
    await pass();
    const opened = await eventually(async () => {
      const res = await env.http().get(`/api/v1/campaigns/${campaign.id}`).set(auth);
      return res.body.status === 'open' && (res.body as { invited: number });
    });
    expect(opened.invited).toBe(2);
    await smtp.waitFor((m) => team.emails.includes(m.to[0]), 2);
  });

  it('closes a campaign that is past closesAt even when its delayed close job was lost', async () => {
    const team = await teamWithMembers(env, auth, 'Closing', 2);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id] });
    await deleteQueueKeys(env);
    await env.db.query(`UPDATE campaigns SET closes_at = now() - interval '1 second' WHERE id = $1`, [campaign.id]);
    await pass();
    const closed = await eventually(async () => {
      const res = await env.http().get(`/api/v1/campaigns/${campaign.id}`).set(auth);
      return ['closed', 'scored'].includes(res.body.status as string) && (res.body as { closedAt: string | null });
    });
    expect(closed.closedAt).not.toBeNull();
  });
});

async function deleteQueueKeys(env: TestEnv): Promise<void> {
  const { redisConnection } = await import('../src/queues/redis');
  const redis = redisConnection(env.config.redisUrl);
  const keys = await redis.keys(`${env.config.queuePrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
