/**
 * bench:submissions — answer submissions through the HTTP API against pgbench running the
 * same SQL in the same run (DESIGN.md §8).
 *
 * Two campaigns of N personal links each, both created by the real launch (POST …/launch).
 * Campaign A: N first submissions (POST /api/v1/surveys/:token/response, 24 answers) by 16
 * concurrent keep-alive clients against the API in its own process. Campaign B: pgbench,
 * 16 clients, `-M extended` (what node-postgres does: unnamed parse/bind/execute), N
 * transactions running the two statements of SurveysService.create(), imported as text from
 * src/responses/surveys.service.ts. Ratio = API submissions/s ÷ pgbench transactions/s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { personalTokens } from '../src/campaigns/tokens';
import { SUBMISSION_SQL } from '../src/responses/surveys.service';
import { AGREE_KEYS } from '../test/support/campaigns';
import { createWorld, initOrg, load, log, onCleanup, percentile, procCpuSeconds, report, request, round, runBench, startApi } from './support/common';

const CLIENTS = 16;
const N = Math.ceil(Number(process.env.BENCH_N ?? 5120) / CLIENTS) * CLIENTS;
const TEAMS = 50;
/** API processes sharing the load (BENCH_API_PROCESSES; default 1): one per core is how it deploys. */
const API_PROCESSES = Math.max(1, Number(process.env.BENCH_API_PROCESSES ?? 1));

/**
 * The pgbench script: the submission statement verbatim; only the bind parameters become
 * pgbench variables. Client c's k-th transaction answers link i = k·16 + c + 1, so every
 * transaction is a first submission of a distinct link, as in the HTTP run. The token hash of
 * link i in campaign B is sha256(int4send(i)) (set below), computed in SQL from :i.
 */
function pgbenchScript(): string {
  const statement = SUBMISSION_SQL.replace(/\s+/g, ' ')
    .trim()
    .replace(/\$1\b/g, ':campaign')
    .replace(/\$2\b/g, 'sha256(int4send(:i))')
    .replace(/\$3\b/g, 'NULL')
    .replace(/\$4\b/g, ':keys')
    .replace(/\$5\b/g, ':values');
  if (/\$\d/.test(statement)) throw new Error('a bind parameter was left in the pgbench script');
  return ['\\set i :k * 16 + :client_id + 1', '\\set k :k + 1', `${statement};`, ''].join('\n');
}

runBench('submissions', async () => {
  const world = await createWorld('submissions');
  const { db } = world;
  const org = initOrg(world);
  const auth = { authorization: `Bearer ${org.apiKey}` };

  log(`members: 2 × ${N} in 2 × ${TEAMS} teams`);
  const teams: Record<'A' | 'B', string[]> = { A: [], B: [] };
  for (const side of ['A', 'B'] as const) {
    const { rows } = await db.query(
      `INSERT INTO teams (org_id, name) SELECT $1, $2 || ' ' || g FROM generate_series(1, $3) g RETURNING id`,
      [org.orgId, `Team ${side}`, TEAMS],
    );
    teams[side] = rows.map((r: { id: string }) => r.id);
    await db.query(
      `INSERT INTO members (org_id, team_id, email, name)
       SELECT $1, ($2::uuid[])[1 + g % $4], lower($3) || '-' || g || '@bench.example', 'Member ' || g FROM generate_series(1, $5) g`,
      [org.orgId, teams[side], side, TEAMS, N],
    );
  }

  // The default answering limit stays in place: it counts only failed look-ups.
  const apis = [await startApi(world)];
  const { base } = apis[0];
  // Further processes of the same deployment (same database, same Redis), taking turns with the first.
  for (let p = 1; p < API_PROCESSES; p++) apis.push(await startApi(world));
  const bases = apis.map((a) => a.base);
  const campaigns: Record<'A' | 'B', string> = { A: '', B: '' };
  for (const side of ['A', 'B'] as const) {
    const closesAt = new Date(Date.now() + 7 * 86400_000).toISOString();
    const created = await request(base, 'POST', '/api/v1/campaigns', { name: `Bench ${side}`, teamIds: teams[side], closesAt, reminders: [] }, auth);
    if (created.status !== 201) throw new Error(`create campaign: ${created.status} ${created.body}`);
    campaigns[side] = JSON.parse(created.body).id;
    const t0 = Date.now();
    const launched = await request(base, 'POST', `/api/v1/campaigns/${campaigns[side]}/launch`, undefined, auth);
    if (launched.status !== 200) throw new Error(`launch: ${launched.status} ${launched.body}`);
    log(`launched campaign ${side}: ${JSON.parse(launched.body).invited} links in ${Date.now() - t0} ms`);
  }

  // Campaign A's personal links, computed as the mailer does (sealed campaign key + master key).
  const [{ sealed_key }] = (await db.query(`SELECT sealed_key FROM campaign_keys WHERE campaign_id = $1`, [campaigns.A])).rows;
  const invitations = (await db.query(`SELECT id FROM invitations WHERE campaign_id = $1 ORDER BY random()`, [campaigns.A])).rows as Array<{ id: string }>;
  const tokens = personalTokens(Buffer.from(world.masterKey, 'base64'), sealed_key, campaigns.A, invitations.map((i) => i.id));
  if (tokens.length !== N) throw new Error(`expected ${N} links, got ${tokens.length}`);

  // Campaign B for pgbench: link i gets token hash sha256(int4send(i)); the partition is then
  // rewritten (VACUUM FULL) so it is as compact as A's.
  const bPart = `open_tokens_${campaigns.B.replace(/-/g, '')}`;
  await db.query(
    `UPDATE ${bPart} t SET token_hash = sha256(int4send(x.i::int))
       FROM (SELECT invitation_id, row_number() OVER (ORDER BY invitation_id) AS i FROM ${bPart}) x
      WHERE x.invitation_id = t.invitation_id`,
  );
  await db.query(`VACUUM FULL ANALYZE ${bPart}`);
  await db.query(`VACUUM ANALYZE`);

  // Warm-up on both sides with reads only (GET the survey; pgbench's select-only is skipped:
  // the same statements are already hot from this).
  log('warm-up: 500 GET /api/v1/surveys/:token');
  await load(CLIENTS, 500, async (i) => (await request(bases[i % bases.length], 'GET', `/api/v1/surveys/${tokens[i % tokens.length]}`)).status);
  await db.query('CHECKPOINT');

  log(`HTTP: ${N} submissions by ${CLIENTS} clients to ${API_PROCESSES} API process(es)`);
  // Where the CPU goes during the HTTP run: the API process(es) and this load generator.
  const apiCpu = () => apis.reduce((sum, a) => sum + procCpuSeconds(a.child.proc.pid!), 0);
  const cpuBefore = { api: apiCpu(), client: procCpuSeconds(process.pid) };
  const http = await load(CLIENTS, N, async (i) => {
    const answers = AGREE_KEYS.map((questionKey, q) => ({ questionKey, value: 1 + ((i * 7 + q * 3) % 7) }));
    return (await request(bases[i % bases.length], 'POST', `/api/v1/surveys/${tokens[i]}/response`, { answers })).status;
  });
  const cpuPerRequestMs = {
    api: round(((apiCpu() - cpuBefore.api) * 1000) / N, 3),
    loadGenerator: round(((procCpuSeconds(process.pid) - cpuBefore.client) * 1000) / N, 3),
  };
  if (http.statuses['201'] !== N) throw new Error(`not every submission was a 201: ${JSON.stringify(http.statuses)}`);
  await db.query('CHECKPOINT');

  log(`pgbench: ${N} transactions by ${CLIENTS} clients`);
  const dir = mkdtempSync(join(os.tmpdir(), 'rapport-bench-'));
  onCleanup('pgbench files', () => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'submission.sql');
  writeFileSync(script, pgbenchScript());
  const url = new URL(world.databaseUrl);
  const out = execFileSync(
    process.env.PGBENCH ?? 'pgbench',
    [
      '-n', '-M', 'extended', '-c', String(CLIENTS), '-j', '2', '-t', String(N / CLIENTS),
      '-D', `campaign=${campaigns.B}`, '-D', 'k=0',
      '-D', `keys={${AGREE_KEYS.join(',')}}`,
      '-D', `values={${AGREE_KEYS.map((_, q) => 1 + (q % 7)).join(',')}}`,
      '-l', '--log-prefix', join(dir, 'log'),
      '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'),
      '-f', script, world.dbName,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString();
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const pgLatencies: number[] = [];
  for (const file of readdirSync(dir).filter((f) => f.startsWith('log'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 3) pgLatencies.push(Number(fields[2]) / 1000);
    }
  }
  pgLatencies.sort((a, b) => a - b);

  const [counts] = (
    await db.query(
      `SELECT (SELECT count(*) FROM open_responses WHERE campaign_id = $1)::int AS a_responses,
              (SELECT count(*) FROM open_answers WHERE campaign_id = $1)::int AS a_answers,
              (SELECT count(*) FROM open_responses WHERE campaign_id = $2)::int AS b_responses,
              (SELECT count(*) FROM open_answers WHERE campaign_id = $2)::int AS b_answers`,
      [campaigns.A, campaigns.B],
    )
  ).rows;
  if (counts.a_responses !== N || counts.b_responses !== N || counts.b_answers !== N * 24) {
    throw new Error(`unexpected row counts ${JSON.stringify(counts)}`);
  }

  await report('submissions', {
    links: N,
    clients: CLIENTS,
    apiProcesses: API_PROCESSES,
    api: { submissionsPerSecond: http.perSecond, p50ms: http.p50, p99ms: http.p99, maxMs: http.max, seconds: http.seconds, statuses: http.statuses, cpuPerRequestMs },
    pgbench: {
      tps: round(tps, 1),
      p50ms: round(percentile(pgLatencies, 50), 2),
      p99ms: round(percentile(pgLatencies, 99), 2),
      transactions: pgLatencies.length,
      script: pgbenchScript(),
    },
    ratio: round(http.perSecond / tps, 2),
    targets: { ratio: '>= 0.6', p99ms: '< 40' },
    met: { ratio: http.perSecond / tps >= 0.6, p99: http.p99 < 40 },
    rows: counts,
  });
});
