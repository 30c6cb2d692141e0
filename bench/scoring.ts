/**
 * bench:scoring — the scoring job (worker process, `scoring.score` through BullMQ) on a
 * campaign of 50,000 and then 200,000 responses × 24 answers over 2,000 teams in a
 * three-level tree, against the bare aggregate query over the same rows in the same run
 * (DESIGN.md §8), with the worker's resident memory sampled from /proc.
 *
 * Rows are written set-based (generate_series), as the lifecycle leaves them at close:
 * campaign row with its frozen tree, invitations, responses, answers.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import {
  BenchWorld,
  createWorld,
  initOrg,
  log,
  onCleanup,
  procMemory,
  REDIS_URL,
  report,
  resetPeak,
  round,
  runBench,
  sleep,
  startWorker,
} from './support/common';
import { AGREE_KEYS } from '../test/support/campaigns';

const SIZES = (process.env.BENCH_SCORING_SIZES ?? '50000,200000').split(',').map(Number);
const LEVELS = { divisions: 20, departmentsEach: 9, teamsEach: 10 }; // 20 + 180 + 1,800 = 2,000 teams
const INVITED_PER_RESPONSE = 1.125;
const TIMEOUT_S = Number(process.env.BENCH_SCORING_TIMEOUT ?? 180);

/**
 * The bare aggregate query, the database's own floor for this work: respondent dimension
 * scores (mean of the respondent's reverse-keyed items in the dimension), then mean, sample
 * standard deviation and count per leaf team (the team a response belongs to) and dimension.
 * Written out in bench/README.md.
 */
export const BARE_QUERY = `
  WITH respondent AS (
    SELECT r.id, r.team_id, q.dimension,
           avg(CASE WHEN q.reverse THEN 8 - a.value ELSE a.value END) AS s
      FROM responses r
      JOIN answers a ON a.response_id = r.id
      JOIN questions q ON q.key = a.question_key
     WHERE r.campaign_id = $1 AND q.scale = 'agree7'
     GROUP BY r.id, r.team_id, q.dimension)
  SELECT team_id, dimension, avg(s) AS mean, stddev_samp(s) AS sd, count(*) AS n
    FROM respondent
   GROUP BY team_id, dimension`;

async function buildTree(world: BenchWorld, orgId: string): Promise<{ tree: Array<{ id: string; name: string; parentId: string | null }>; leaves: string[] }> {
  const { db } = world;
  const level = async (name: string, count: number, parents: string[] | null) =>
    (
      await db.query(
        `INSERT INTO teams (org_id, name, parent_id)
         SELECT $1, $2 || ' ' || g, CASE WHEN $4::uuid[] IS NULL THEN NULL ELSE ($4::uuid[])[1 + (g - 1) % cardinality($4::uuid[])] END
           FROM generate_series(1, $3) g
         RETURNING id, name, parent_id`,
        [orgId, name, count, parents],
      )
    ).rows as Array<{ id: string; name: string; parent_id: string | null }>;
  const divisions = await level('Division', LEVELS.divisions, null);
  const departments = await level('Department', LEVELS.divisions * LEVELS.departmentsEach, divisions.map((t) => t.id));
  const teams = await level('Team', LEVELS.divisions * LEVELS.departmentsEach * LEVELS.teamsEach, departments.map((t) => t.id));
  const tree = [...divisions, ...departments, ...teams].map((t) => ({ id: t.id, name: t.name, parentId: t.parent_id }));
  return { tree, leaves: teams.map((t) => t.id) };
}

/** A campaign as close leaves it (status kept 'draft' until the timed run, so no reconciler pass scores it early). */
async function buildCampaign(world: BenchWorld, orgId: string, tree: Array<{ id: string }>, leaves: string[], responses: number): Promise<string> {
  const { db } = world;
  const invited = Math.round(responses * INVITED_PER_RESPONSE);
  const id = randomUUID();
  await db.query(
    `INSERT INTO campaigns (id, org_id, name, status, team_ids, question_keys, closes_at, opened_at, closed_at, threshold, team_tree,
                            invited, responded, allow_comments, launched_at)
     VALUES ($1, $2, $3, 'draft', $4, $5, now(), now() - interval '7 days', now(), 5, $6, $7, $8, false, now() - interval '7 days')`,
    [id, orgId, `Bench ${responses}`, tree.filter((t) => !(t as { parentId?: string | null }).parentId).map((t) => t.id), AGREE_KEYS, JSON.stringify(tree), invited, responses],
  );
  // Members (reused across campaigns: the first `invited` of them), invitations, responses, answers.
  await db.query(
    `INSERT INTO members (org_id, team_id, email, name)
     SELECT $1, ($2::uuid[])[1 + g % cardinality($2::uuid[])], 'm' || g || '@bench.example', 'M' FROM generate_series(
       (SELECT count(*) FROM members WHERE org_id = $1) + 1, $3) g`,
    [orgId, leaves, invited],
  );
  await db.query(
    `INSERT INTO invitations (org_id, campaign_id, member_id, team_id)
     SELECT org_id, $2, id, team_id FROM (SELECT * FROM members WHERE org_id = $1 ORDER BY email LIMIT $3) m`,
    [orgId, id, invited],
  );
  await db.query(
    `INSERT INTO responses (id, org_id, campaign_id, team_id)
     SELECT gen_random_uuid(), $1, $2, ($3::uuid[])[1 + g % cardinality($3::uuid[])] FROM generate_series(1, $4) g ORDER BY random()`,
    [orgId, id, leaves, responses],
  );
  // 24 answers each, 1–7 around a per-response mood; 2 % of items skipped.
  await db.query(
    `INSERT INTO answers (response_id, question_key, value)
     SELECT r.id, k.key, least(7, greatest(1, round(r.mood + (random() - 0.5) * 3)))::int
       FROM (SELECT id, 2 + random() * 4 AS mood FROM responses WHERE campaign_id = $1) r
      CROSS JOIN unnest($2::text[]) AS k(key)
      WHERE random() >= 0.02`,
    [id, AGREE_KEYS],
  );
  return id;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await work();
  return { ms: round(Number(process.hrtime.bigint() - t0) / 1e6, 0), value };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

runBench('scoring', async () => {
  const world = await createWorld('scoring');
  const { db } = world;
  const org = initOrg(world);
  const { tree, leaves } = await buildTree(world, org.orgId);
  log(`tree: ${tree.length} teams, ${leaves.length} leaves`);

  const worker = startWorker(world);
  const pid = worker.proc.pid!;
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  onCleanup('redis client', () => redis.disconnect());
  const queue = new Queue('scoring', { connection: new IORedis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: world.queuePrefix });
  onCleanup('scoring queue', () => queue.close());
  const outcomesKey = `${world.queuePrefix}:metrics:job-outcomes`;
  const completed = async () => Number((await redis.hget(outcomesKey, 'scoring|scoring.score|completed')) ?? 0);
  const enqueue = (campaignId: string) =>
    queue.add('scoring.score', { campaignId }, { jobId: `scoring-score-${campaignId}`, attempts: 1, removeOnComplete: true, removeOnFail: true });

  // Ready = it has taken a job (one for a campaign that does not exist: skipped at once).
  await enqueue(randomUUID());
  for (const deadline = Date.now() + 60_000; (await completed()) < 1; ) {
    if (Date.now() > deadline || worker.proc.exitCode !== null) throw new Error('the worker did not start');
    await sleep(100);
  }
  await sleep(2000); // let the start-up reconciler pass settle
  const idle = procMemory(pid)!;
  log(`worker ready, RSS ${idle.rss.toFixed(0)} MiB`);

  const runs: Array<Record<string, unknown>> = [];
  for (const size of SIZES) {
    const built = await timed(() => buildCampaign(world, org.orgId, tree, leaves, size));
    const campaignId = built.value;
    await db.query('VACUUM ANALYZE responses');
    await db.query('VACUUM ANALYZE answers');
    await db.query('VACUUM ANALYZE invitations');
    const [{ answers }] = (await db.query(`SELECT count(*)::int AS answers FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.campaign_id = $1`, [campaignId])).rows;
    log(`campaign of ${size} responses, ${answers} answers written in ${(built.ms / 1000).toFixed(1)} s`);

    const bare: number[] = [];
    let bareRows = 0;
    for (let i = 0; i < 1; i++) {
      const r = await timed(() => db.query(BARE_QUERY, [campaignId]));
      bare.push(r.ms);
      bareRows = r.value.rowCount ?? 0;
    }

    await db.query(`UPDATE campaigns SET status = 'closed' WHERE id = $1`, [campaignId]);
    const before = await completed();
    const baseline = procMemory(pid)!;
    const peakReset = resetPeak(pid);
    let maxRss = baseline.rss;
    const t0 = process.hrtime.bigint();
    await enqueue(campaignId);
    // Which statements the job spends its time in: pg_stat_activity sampled every ~100 ms.
    const statements = new Map<string, number>();
    let lastSample = 0;
    for (;;) {
      if (Date.now() - lastSample >= 100) {
        lastSample = Date.now();
        const { rows } = await db.query<{ q: string }>(
          `SELECT regexp_replace(left(ltrim(query), 60), '\\s+', ' ', 'g') AS q FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'rapport' AND state = 'active'`,
        );
        for (const r of rows) statements.set(r.q, (statements.get(r.q) ?? 0) + 1);
      }
      const m = procMemory(pid);
      if (m) maxRss = Math.max(maxRss, m.rss);
      if ((await completed()) > before) break;
      if (worker.proc.exitCode !== null) throw new Error('the worker died while scoring');
      if (Number(process.hrtime.bigint() - t0) / 1e9 > TIMEOUT_S) throw new Error(`the scoring job of ${size} responses took more than ${TIMEOUT_S} s; given up`);
      await sleep(20);
    }
    const wallMs = round(Number(process.hrtime.bigint() - t0) / 1e6, 0);
    const after = procMemory(pid)!;
    const [campaign] = (await db.query(`SELECT status, status_detail FROM campaigns WHERE id = $1`, [campaignId])).rows;
    if (campaign.status !== 'scored') throw new Error(`campaign not scored: ${JSON.stringify(campaign)}`);
    const logged = worker.lines.map((l) => /scored campaign (\S+): .* in (\d+) ms/.exec(l)).find((m) => m?.[1] === campaignId + ':' || m?.[1] === campaignId);
    const [groups] = (await db.query(`SELECT count(*)::int AS groups FROM group_results WHERE campaign_id = $1`, [campaignId])).rows;

    // The bare query once more after the job, for a third sample under the same cache state.
    bare.push((await timed(() => db.query(BARE_QUERY, [campaignId]))).ms);
    const bareMedian = median(bare);
    runs.push({
      responses: size,
      answers,
      teams: tree.length,
      groups: groups.groups,
      scoringJobWallMs: wallMs,
      scoringInJobMs: logged ? Number(logged[2]) : null,
      bareQueryMs: bare,
      bareQueryMedianMs: bareMedian,
      bareQueryRows: bareRows,
      ratio: round(wallMs / bareMedian, 2),
      workerRssMiB: { idle: round(idle.rss, 0), beforeJob: round(baseline.rss, 0), sampledMax: round(maxRss, 0), afterJob: round(after.rss, 0), peakVmHWM: peakReset ? round(after.hwm, 0) : null },
      dataGenerationSeconds: round(built.ms / 1000, 1),
      statementSamples: Object.fromEntries([...statements.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)),
    });
    log(`scored ${size}: job ${wallMs} ms, bare query ${bare.join('/')} ms, worker peak RSS ${round(peakReset ? after.hwm : maxRss, 0)} MiB`);
  }

  const [first, last] = [runs[0], runs[runs.length - 1]];
  const peak = (r: Record<string, unknown>) => {
    const m = r.workerRssMiB as { peakVmHWM: number | null; sampledMax: number };
    return m.peakVmHWM ?? m.sampledMax;
  };
  await report('scoring', {
    tree: `${LEVELS.divisions} divisions × ${LEVELS.departmentsEach} departments × ${LEVELS.teamsEach} teams = ${tree.length} teams, answers on the ${leaves.length} leaves`,
    runs,
    bareQuery: BARE_QUERY.replace(/\n {2}/g, '\n').trim(),
    targets: { ratio: '<= 3', memory: 'flat from 50k to 200k' },
    met: {
      ratio: runs.every((r) => (r.ratio as number) <= 3),
      memoryGrowthMiB: round(peak(last) - peak(first), 0),
    },
  });
});
