import { INestApplicationContext } from '@nestjs/common';
import { QueueService } from '../src/queues/queue.service';
import { ReportsService } from '../src/reports/reports.service';
import { answersAll, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { CaughtMail, SmtpSink } from './support/smtp';
import { eventually } from './support/waiting';

type Auth = { Authorization: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Close → scoring → reports → one email per manager and per HR admin, on the real path: teams,
 * members and managers through the API, answers through the personal links, close through
 * the API, and a worker with an SMTP listener doing the rest on its own.
 */
describe('report emails after close', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let hr: Auth;
  let hrEmail: string;
  const hr2 = 'hr2@example.com';
  const mia = 'mia@example.com'; // manages Eng (own members, child Web)
  const sam = 'sam@example.com'; // manages Small (too few answers: suppressed)
  const olga = 'olga@example.com'; // manages Outside, which is not in the campaigns
  let teams: Record<string, { id: string; emails: string[] }>;
  const memberEmails = () => Object.values(teams).flatMap((t) => t.emails);

  const reportsOf = (campaign: string) => (m: CaughtMail) => m.subject.endsWith(`: ${campaign}`) && /^(Your team results|Organization summary):/.test(m.subject);

  async function user(email: string, role: 'manager' | 'hr_admin') {
    const res = await env.http().post('/api/v1/users').set(hr).send({ email, name: email.split('@')[0].replace(/^./, (c) => c.toUpperCase()), role }).expect(201);
    return res.body.id as string;
  }

  /** Launch on Eng (with Web), Small and Tiny; everyone answers; close through the API. */
  async function runCampaign(name: string, values: Record<string, number>, beforeClose?: () => void) {
    const campaign = await launchedCampaign(env, hr, { name, teamIds: [teams.Eng.id, teams.Small.id, teams.Tiny.id], includeSubteams: true });
    const invited = memberEmails().filter((e) => !e.startsWith('outside'));
    await smtp.waitFor((m) => m.subject.includes(name) && invited.includes(m.to[0]), invited.length);
    const links = await linksOf(env, campaign.id);
    let i = 0;
    for (const [email, token] of links) {
      const team = Object.keys(teams).find((t) => teams[t].emails.includes(email))!;
      // A little spread within each team, so changes can be tested for significance.
      const value = Math.min(7, Math.max(1, values[team] + ((i++ % 3) - 1)));
      await env.http().post(`/api/v1/surveys/${token}/response`).send({ answers: answersAll(value) }).expect(201);
    }
    beforeClose?.();
    const closedAt = smtp.messages.length;
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(hr).expect(200);
    return { id: campaign.id, closedAt };
  }

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: smtp.url });
    const org = await env.createOrg('Acme');
    hr = org.auth;
    [{ email: hrEmail }] = await env.db.query(`SELECT email FROM users WHERE id = $1`, [org.userId]);
    await user(hr2, 'hr_admin');
    const ids = { mia: await user(mia, 'manager'), sam: await user(sam, 'manager'), olga: await user(olga, 'manager') };
    const eng = await teamWithMembers(env, hr, 'Eng', 5);
    teams = {
      Eng: eng,
      Web: await teamWithMembers(env, hr, 'Web', 5, eng.id),
      Small: await teamWithMembers(env, hr, 'Small', 3),
      Tiny: await teamWithMembers(env, hr, 'Tiny', 3),
      Outside: await teamWithMembers(env, hr, 'Outside', 5),
    };
    await env.http().patch(`/api/v1/teams/${teams.Eng.id}`).set(hr).send({ managerIds: [ids.mia] }).expect(200);
    await env.http().patch(`/api/v1/teams/${teams.Small.id}`).set(hr).send({ managerIds: [ids.sam] }).expect(200);
    await env.http().patch(`/api/v1/teams/${teams.Outside.id}`).set(hr).send({ managerIds: [ids.olga] }).expect(200);
    worker = await env.startWorker();
  });
  afterAll(async () => {
    await env.close();
    await smtp.stop();
  });

  let first: { id: string; closedAt: number };

  it('closing a campaign ends, with no one\'s hand, in exactly one email per manager and per HR admin', async () => {
    first = await runCampaign('Winter check-in', { Eng: 4, Web: 5, Small: 4, Tiny: 4 });
    const mails = await smtp.waitFor(reportsOf('Winter check-in'), 4);
    await sleep(1500);
    const all = smtp.messages.filter(reportsOf('Winter check-in'));
    expect(all.map((m) => m.to[0]).sort()).toEqual([hrEmail, hr2, mia, sam].sort());
    expect(mails.every((m) => m.html.length > 0 && m.text.length > 0)).toBe(true);
    // Her invitation (sent when she was made a user) is her only mail: no report.
    expect(smtp.to(olga).map((m) => m.subject)).toEqual(['Hana HR invited you to Acme on Rapport']);

    const [campaign] = await env.db.query(`SELECT status, reported_at FROM campaigns WHERE id = $1`, [first.id]);
    expect(campaign.status).toBe('scored');
    expect(campaign.reported_at).not.toBeNull();
    const outbox = await env.db.query(`SELECT kind, dedupe_key, payload, status FROM email_outbox WHERE campaign_id = $1 AND kind LIKE 'report%' ORDER BY kind`, [first.id]);
    expect(outbox).toHaveLength(4);
    for (const row of outbox) {
      expect(row.dedupe_key).toBe(`report-${first.id}-${row.payload.userId}`);
      expect(Object.keys(row.payload).sort()).toEqual(['campaignId', 'userId']);
      expect(row.status).toBe('sent');
    }
    const view = await env.http().get(`/api/v1/campaigns/${first.id}`).set(hr).expect(200);
    expect(view.body.reportFailures).toBe(0);
  });

  it('the manager email carries the team, its groups, the scores the results API shows and the dashboard link', async () => {
    const [mail] = smtp.to(mia).filter(reportsOf('Winter check-in'));
    expect(mail.subject).toBe('Your team results: Winter check-in');
    const results = await env.http().get(`/api/v1/teams/${teams.Eng.id}/results?campaignId=${first.id}`).set(hr).expect(200);
    expect(results.body.suppressed).toBe(false);
    expect(mail.text).toContain('Participation: 10 of 10 people answered (100%)');
    expect(mail.text).toMatch(new RegExp(`Psychological safety\\s+${results.body.dimensions.psychological_safety.score.toFixed(1)}\\s+no earlier result`));
    expect(mail.text).toMatch(new RegExp(`Trust\\s+${results.body.dimensions.trust.score.toFixed(1)}`));
    expect(mail.text).toContain('Eng (own members): 5 of 5 people answered');
    expect(mail.text).toContain('Web: 5 of 5 people answered');
    expect(mail.text).toContain('Strongest items:');
    expect(mail.text).toContain('Weakest items:');
    expect(mail.text).toContain('A conversation to have:');
    expect(mail.text).toContain(`Team dashboard: http://rapport.test/dashboard/teams/${teams.Eng.id}`);
    expect(mail.html).toContain(`href="http://rapport.test/dashboard/teams/${teams.Eng.id}"`);
    expect(mail.text).not.toMatch(/Small|Tiny|Outside/);
    expect(mail.html).not.toMatch(/<script|<img/i);
  });

  it('a suppressed team\'s section says the true reason, with no scores: 3 people invited can never reach 5 answers', () => {
    const [mail] = smtp.to(sam).filter(reportsOf('Winter check-in'));
    const section = mail.text.split(/^Small$/m)[1];
    expect(section).toBeDefined();
    expect(section).toContain('No scores are shown for this team.');
    expect(section).toContain('More answers would not change this');
    // Raising participation cannot show a team of 3 against a threshold of 5: it is not advised.
    expect(section).not.toContain('How participation could rise');
    expect(section).not.toMatch(/\d+\.\d/);
  });

  it('the HR summary has participation by team, the heatmap with hidden cells and the org dashboard link', () => {
    for (const address of [hrEmail, hr2]) {
      const [mail] = smtp.to(address).filter(reportsOf('Winter check-in'));
      expect(mail.subject).toBe('Organization summary: Winter check-in');
      // The campaign asked Eng (with Web), Small and Tiny, not Outside: an audience, not the organization.
      expect(mail.text).toMatch(/Participation across [^:]*Eng[^:]* and their teams: 16 of 16 people answered \(100%\)/);
      // Small was invited below the threshold: its count would say who answered.
      expect(mail.text).toContain('Small: 3 people invited (how many answered is not shown: it could tell who)');
      expect(mail.text).toMatch(/Small: hidden \| hidden \| hidden \| hidden \| hidden/);
      expect(mail.text).toMatch(/Eng: \d+\.\d \| \d+\.\d/);
      expect(mail.text).toContain('Organization dashboard: http://rapport.test/dashboard/org');
      expect(mail.html).toContain('>hidden<');
    }
  });

  it('nothing is sent to members after close', () => {
    const members = memberEmails();
    expect(smtp.messages.slice(first.closedAt).filter((m) => members.includes(m.to[0]))).toHaveLength(0);
  });

  it('running the job again, directly or through the queue, and even with reported_at cleared, sends no second copy', async () => {
    await worker.get(QueueService).enqueue('reports.write', { campaignId: first.id });
    await env.db.query(`UPDATE campaigns SET reported_at = NULL WHERE id = $1`, [first.id]);
    const again = await worker.get(ReportsService).write(first.id);
    expect(again.written).toBe(0);
    await worker.get(QueueService).enqueue('reports.write', { campaignId: first.id });
    await sleep(2500);
    expect(smtp.messages.filter(reportsOf('Winter check-in'))).toHaveLength(4);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM email_outbox WHERE campaign_id = $1 AND kind LIKE 'report%'`, [first.id]);
    expect(n).toBe(4);
  });

  it('a worker killed mid-run and restarted still delivers exactly one email per person, with the changes since last time', async () => {
    // The reports' first delivery attempts meet a temporarily unavailable server; the worker is
    // shut down while the rows wait for their retry, and a new worker finishes the work.
    const second = await runCampaign('Spring check-in', { Eng: 6, Web: 6, Small: 4, Tiny: 4 }, () => smtp.failNext(421, 4));
    await eventually(async () => {
      const rows: Array<{ status: string; attempts: number }> = await env.db.query(
        `SELECT status, attempts FROM email_outbox WHERE campaign_id = $1 AND kind LIKE 'report%'`,
        [second.id],
      );
      return rows.length === 4 && rows.every((r) => r.status === 'pending' && r.attempts >= 1);
    });
    await worker.close();
    expect(smtp.messages.filter(reportsOf('Spring check-in'))).toHaveLength(0);

    worker = await env.startWorker();
    await smtp.waitFor(reportsOf('Spring check-in'), 4, 30000);
    await sleep(2000);
    const mails = smtp.messages.filter(reportsOf('Spring check-in'));
    expect(mails.map((m) => m.to[0]).sort()).toEqual([hrEmail, hr2, mia, sam].sort());

    // Eng and Web went up since Winter: the manager sees the change, HR the largest ones.
    const [miaMail] = mails.filter((m) => m.to[0] === mia);
    expect(miaMail.text).toMatch(/Psychological safety\s+\d+\.\d\s+\+\d+\.\d, a real change/);
    const [hrMail] = mails.filter((m) => m.to[0] === hr2);
    expect(hrMail.text).toMatch(/Largest changes[^\n]*\n\s+- (Eng|Web|Whole organization)[^\n]*: \+\d+\.\d \(now \d+\.\d\)/);
    const members = memberEmails();
    expect(smtp.messages.slice(second.closedAt).filter((m) => members.includes(m.to[0]))).toHaveLength(0);
  });

  it('a permanent SMTP failure shows as reportFailures on the campaign', async () => {
    const [row] = await env.db.query(`SELECT id FROM email_outbox WHERE campaign_id = $1 AND kind = 'report_hr' LIMIT 1`, [first.id]);
    await env.db.query(`UPDATE email_outbox SET status = 'failed', last_error = '550: Mailbox unavailable' WHERE id = $1`, [row.id]);
    const view = await env.http().get(`/api/v1/campaigns/${first.id}`).set(hr).expect(200);
    expect(view.body.reportFailures).toBe(1);
  });
});
