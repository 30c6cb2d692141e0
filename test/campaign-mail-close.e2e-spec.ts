import { INestApplicationContext } from '@nestjs/common';
import { ReconcilerService } from '../src/queues/reconciler.service';
import { answersAll, hoursFromNow, launchedCampaign, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';
import { until } from './support/waiting';

const LINK = /http:\/\/rapport\.test\/s\/([A-Za-z0-9_-]{64})/;

function occurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) n += 1;
  return n;
}

describe('campaign mail lives and dies with its campaign', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let orgId: string;
  let auth: { Authorization: string };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: smtp.url });
    worker = await env.startWorker();
    ({ orgId, auth } = await env.createOrg());
  });
  afterAll(async () => {
    await env.close();
    await smtp.stop();
  });

  it('after close, no relation file of the database tells who was reminded or asked for their link again', async () => {
    const team = await teamWithMembers(env, auth, 'Reminded team', 6);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], reminders: [24], closesAt: hoursFromNow(30) });
    const invitations = await smtp.waitFor((m) => team.emails.includes(m.to[0]), 6);
    const [first, second, ...silent] = team.emails;
    for (const email of [first, second]) {
      const token = LINK.exec(invitations.find((m) => m.to[0] === email)!.text)![1];
      await env.http().post(`/api/v1/surveys/${token}/response`).send({ answers: answersAll(4) }).expect(201);
    }
    await env.db.query(`UPDATE campaign_reminders SET due_at = now() - interval '1 second' WHERE campaign_id = $1`, [campaign.id]);
    await worker.get(ReconcilerService).pass();
    const reminders = await smtp.waitFor((m) => m.subject.startsWith('Reminder') && team.emails.includes(m.to[0]), 4);
    expect(reminders.map((m) => m.to[0]).sort()).toEqual([...silent].sort());
    await env.http().post('/api/v1/surveys/resend').send({ email: silent[0] }).expect(202);
    await smtp.waitFor((m) => m.subject.startsWith('Your link') && m.to[0] === silent[0]);
    await until(
      () => env.db.query(`SELECT status FROM email_outbox WHERE open_campaign_id = $1`, [campaign.id]),
      (rows: Array<{ status: string }>) => rows.length === 11 && rows.every((r) => r.status === 'sent'),
      30000,
    );
    const hashes: Buffer[] = (await env.db.query(`SELECT token_hash FROM open_tokens WHERE campaign_id = $1`, [campaign.id])).map(
      (r: { token_hash: Buffer }) => r.token_hash,
    );
    expect(hashes).toHaveLength(6);

    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);
    await env.db.query('CHECKPOINT');
    // Every relation file of this database (and the shared catalogs), as an operator with the disk reads them.
    const files: Array<{ rel: string; data: Buffer | null }> = await env.db.query(
      `SELECT c.oid::regclass::text AS rel, pg_read_binary_file(p.path, 0, coalesce((pg_stat_file(p.path, true)).size, 0), true) AS data
         FROM pg_class c, LATERAL (SELECT pg_relation_filepath(c.oid) AS path) p
        WHERE p.path IS NOT NULL`,
    );
    expect(files.length).toBeGreaterThan(50);
    const disk = Buffer.concat(files.map((f) => f.data ?? Buffer.alloc(0)));
    const counts = team.emails.map((e) => occurrences(disk, Buffer.from(e)));
    // Each member is in the members table (row and index) like any other, and nowhere else.
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    for (const hash of hashes) {
      expect(occurrences(disk, hash)).toBe(0);
      expect(occurrences(disk, Buffer.from(hash.toString('hex')))).toBe(0);
    }
  });

  it('launches and closes campaigns while another campaign mails its invitations: every invitation sent once, no deadlock', async () => {
    const steady = (await env.http().post('/api/v1/teams').set(auth).send({ name: 'Steady' }).expect(201)).body.id as string;
    await env.db.query(
      `INSERT INTO members (org_id, team_id, email, name) SELECT $1, $2, 'steady-' || g || '@example.com', 'Steady ' || g FROM generate_series(1, 400) g`,
      [orgId, steady],
    );
    const churn: string[] = [];
    for (let i = 0; i < 8; i++) {
      const team = await teamWithMembers(env, auth, `Churn ${i}`, 2);
      const created = await env.http().post('/api/v1/campaigns').set(auth).send({ name: `Churn ${i}`, teamIds: [team.id], closesAt: hoursFromNow(48) }).expect(201);
      churn.push(created.body.id);
    }
    const sentBefore = smtp.messages.length;
    const campaign = await launchedCampaign(env, auth, { teamIds: [steady], name: 'Steady pulse' });
    // While its 400 invitations render and send: other campaigns open (partitions created) and close (dropped).
    const statuses: number[] = [];
    for (const id of churn) {
      statuses.push((await env.http().post(`/api/v1/campaigns/${id}/launch`).set(auth)).status);
      statuses.push((await env.http().post(`/api/v1/campaigns/${id}/close`).set(auth)).status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const rows = await until<Array<{ status: string; attempts: number; last_error: string | null }>>(
      () => env.db.query(`SELECT status, attempts, last_error FROM email_outbox WHERE open_campaign_id = $1`, [campaign.id]),
      (rs) => rs.length === 400 && rs.every((r) => r.status === 'sent'),
      90000,
    );
    // Not one render or send had to be retried, let alone recorded as failed.
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    const steadyMail = smtp.messages.slice(sentBefore).filter((m) => m.to[0].startsWith('steady-'));
    expect(steadyMail).toHaveLength(400);
    expect(new Set(steadyMail.map((m) => m.to[0])).size).toBe(400);
  });
});
