/**
 * bench:dashboards — latency of a team's results as JSON and as the dashboard pages, for a team
 * with two years of weekly pulses (104 campaigns, each scored by the real worker).
 *
 * GET /api/v1/teams/:id/results (latest campaign), GET /api/v1/teams/:id/trend (104 points),
 * GET /dashboard/teams/:id (signed-in session cookie; the session row is written directly),
 * GET /dashboard/org (HR's heatmap of the latest campaign; its picker lists the 104),
 * GET /dashboard, and the HR console's main pages: GET /admin, GET /admin/campaigns (the 104
 * listed), GET /admin/campaigns/:id (the latest). Each: 1 client × 500 requests (latency
 * without queueing), then 16 clients × 1,000 requests (throughput, latency under load).
 * Target: p99 < 25 ms with one client for the team page (issue 16). Beside each endpoint's
 * figures: the API process's CPU time per request over the one-client run (from /proc; hardly
 * affected by what else runs on the shared machine, unlike latency) and the load average.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { sha256 } from '../src/common/crypto';
import { createWorld, initOrg, load, log, procCpuSeconds, report, request, round, runBench, sleep, startApi, startWorker } from './support/common';
import { AGREE_KEYS } from '../test/support/campaigns';

const WEEKS = 104;
const INVITED = 14;
const RESPONDED = 11;

runBench('dashboards', async () => {
  const world = await createWorld('dashboards');
  const { db } = world;
  const org = initOrg(world);

  const [parent] = (await db.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'Engineering') RETURNING id`, [org.orgId])).rows;
  const [team] = (await db.query(`INSERT INTO teams (org_id, name, parent_id) VALUES ($1, 'Platform', $2) RETURNING id`, [org.orgId, parent.id])).rows;
  await db.query(
    `INSERT INTO members (org_id, team_id, email, name) SELECT $1, $2, 'p' || g || '@bench.example', 'P' || g FROM generate_series(1, $3) g`,
    [org.orgId, team.id, INVITED],
  );
  const tree = JSON.stringify([
    { id: parent.id, name: 'Engineering', parentId: null },
    { id: team.id, name: 'Platform', parentId: parent.id },
  ]);

  // Weekly pulses of 8 items (rotating, every dimension covered), closed one a week for two years.
  log(`${WEEKS} weekly campaigns`);
  const campaignIds: string[] = [];
  for (let w = 0; w < WEEKS; w++) {
    const keys = [0, 1, 7, 8, 12, 16, 20, 21].map((k) => AGREE_KEYS[(k + w) % AGREE_KEYS.length]);
    const id = randomUUID();
    campaignIds.push(id);
    await db.query(
      `INSERT INTO campaigns (id, org_id, name, status, team_ids, question_keys, closes_at, opened_at, closed_at, threshold, team_tree,
                              invited, responded, allow_comments, launched_at)
       VALUES ($1, $2, $3, 'closed', $4, $5, now() - make_interval(weeks => $6), now() - make_interval(weeks => $6, days => 5),
               now() - make_interval(weeks => $6), 5, $7, $8, $9, true, now() - make_interval(weeks => $6, days => 5))`,
      [id, org.orgId, `Pulse week ${w + 1}`, [parent.id], keys, WEEKS - w, tree, INVITED, RESPONDED],
    );
    await db.query(`INSERT INTO invitations (org_id, campaign_id, member_id, team_id) SELECT org_id, $2, id, team_id FROM members WHERE team_id = $1`, [team.id, id]);
    await db.query(`INSERT INTO responses (id, org_id, campaign_id, team_id) SELECT gen_random_uuid(), $1, $2, $3 FROM generate_series(1, $4)`, [org.orgId, id, team.id, RESPONDED]);
    await db.query(
      `INSERT INTO answers (response_id, question_key, value)
       SELECT r.id, k.key, least(7, greatest(1, round(3 + random() * 4)))::int FROM responses r CROSS JOIN unnest($2::text[]) k(key) WHERE r.campaign_id = $1`,
      [id, keys],
    );
    await db.query(`INSERT INTO campaign_comments (org_id, campaign_id, team_id, body) SELECT $1, $2, $3, 'Comment ' || g FROM generate_series(1, 3) g`, [org.orgId, id, team.id]);
  }

  // The worker's start-up reconciler finds them closed and scores them, oldest first.
  const worker = startWorker(world);
  const t0 = Date.now();
  for (;;) {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM campaigns WHERE status = 'scored'`)).rows;
    if (n === WEEKS) break;
    if (Date.now() - t0 > 180_000) throw new Error(`only ${n} of ${WEEKS} campaigns scored after 180 s`);
    if (worker.proc.exitCode !== null) throw new Error('the worker exited');
    await sleep(250);
  }
  log(`${WEEKS} campaigns scored by the worker in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await worker.stop();

  // A signed-in session for the HR admin (what POST /auth/magic/:token would create).
  const cookieToken = randomBytes(32).toString('base64url');
  await db.query(`INSERT INTO sessions (org_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '12 hours')`, [
    org.orgId,
    org.userId,
    sha256(cookieToken),
  ]);
  await db.query('VACUUM ANALYZE');

  const { base, child: api } = await startApi(world);
  const bearer = { authorization: `Bearer ${org.apiKey}` };
  const cookie = { cookie: `rapport_session=${cookieToken}` };
  const targets: Array<{ label: string; path: string; headers: Record<string, string> }> = [
    { label: 'GET /api/v1/teams/:id/results', path: `/api/v1/teams/${team.id}/results`, headers: bearer },
    { label: 'GET /api/v1/teams/:id/trend', path: `/api/v1/teams/${team.id}/trend`, headers: bearer },
    { label: 'GET /dashboard/teams/:id', path: `/dashboard/teams/${team.id}`, headers: cookie },
    { label: 'GET /dashboard/org', path: `/dashboard/org`, headers: cookie },
    { label: 'GET /dashboard', path: `/dashboard`, headers: cookie },
    { label: 'GET /admin', path: `/admin`, headers: cookie },
    { label: 'GET /admin/campaigns', path: `/admin/campaigns`, headers: cookie },
    { label: 'GET /admin/campaigns/:id', path: `/admin/campaigns/${campaignIds[WEEKS - 1]}`, headers: cookie },
  ];
  const results: Record<string, unknown> = {};
  for (const t of targets) {
    const first = await request(base, 'GET', t.path, undefined, t.headers);
    if (first.status !== 200) throw new Error(`${t.label}: ${first.status} ${first.body.slice(0, 300)}`);
    await load(4, 100, async () => (await request(base, 'GET', t.path, undefined, t.headers)).status); // warm-up
    const cpuBefore = procCpuSeconds(api.proc.pid!);
    const single = await load(1, 500, async () => (await request(base, 'GET', t.path, undefined, t.headers)).status);
    const apiCpuMs = round(((procCpuSeconds(api.proc.pid!) - cpuBefore) * 1000) / single.count, 2);
    const loaded = await load(16, 1000, async () => (await request(base, 'GET', t.path, undefined, t.headers)).status);
    results[t.label] = {
      bytes: first.body.length,
      loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
      apiCpuMsPerRequest: apiCpuMs,
      oneClient: { p50ms: single.p50, p99ms: single.p99, perSecond: single.perSecond, statuses: single.statuses },
      sixteenClients: { p50ms: loaded.p50, p99ms: loaded.p99, perSecond: loaded.perSecond, statuses: loaded.statuses },
    };
    log(
      `${t.label}: 1 client p50 ${single.p50} / p99 ${single.p99} ms, API CPU ${apiCpuMs} ms/request; 16 clients ${loaded.perSecond}/s p50 ${loaded.p50} / p99 ${loaded.p99} ms (load ${os.loadavg()[0].toFixed(1)})`,
    );
  }
  if (campaignIds.length !== WEEKS) throw new Error('campaigns missing');
  await report('dashboards', {
    weeks: WEEKS,
    perCampaign: { invited: INVITED, responded: RESPONDED, items: 8 },
    endpoints: results,
    targets: { 'GET /dashboard/teams/:id': { p99ms: '< 25 (one client)' } },
  });
});
