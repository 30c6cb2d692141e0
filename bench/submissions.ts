/**
 * bench:submissions — answer submissions through the HTTP API against pgbench running the
 * same SQL in the same run (DESIGN.md §8).
 *
 * Two campaigns of N personal links each, both created by the real launch (POST …/launch).
 * Campaign A: first submissions (POST /api/v1/surveys/:token/response, 24 answers) by 16
 * keep-alive connections of wrk (a C client, as pgbench is) against the API in its own
 * process. Campaign B: pgbench, 16 clients, `-M extended` (what node-postgres does: unnamed
 * parse/bind/execute), running the statement of SurveysService.create(), imported as text
 * from src/responses/surveys.service.ts. The two take turns, ROUNDS rounds of SECONDS each,
 * so a burst of other work on the machine falls on both sides alike.
 * Ratio = API submissions/s ÷ pgbench transactions/s, over all rounds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { personalTokens } from '../src/campaigns/tokens';
import { SUBMISSION_SQL } from '../src/responses/surveys.service';
import { AGREE_KEYS } from '../test/support/campaigns';
import { createWorld, initOrg, log, onCleanup, percentile, procCpu, report, request, round, runBench, startApi } from './support/common';

const CLIENTS = 16;
/** Links per campaign: more than either side answers in SECONDS, so every request is a first answer. */
const N = Math.ceil(Number(process.env.BENCH_N ?? 60_000) / CLIENTS) * CLIENTS;
/** Rounds of each side, taking turns (BENCH_ROUNDS; default 5), and each round’s length (BENCH_SECONDS; default 2). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const SECONDS = Math.max(1, Number(process.env.BENCH_SECONDS ?? 2));
const WRK = process.env.WRK ?? 'wrk';
const SYNCHRONOUS_COMMIT = process.env.BENCH_SYNCHRONOUS_COMMIT?.trim() || null;
if (SYNCHRONOUS_COMMIT && !['on', 'off', 'local', 'remote_write', 'remote_apply'].includes(SYNCHRONOUS_COMMIT)) {
  throw new Error('BENCH_SYNCHRONOUS_COMMIT must be on, off, local, remote_write or remote_apply');
}
const TEAMS = 50;
/**
 * The API's connections (DATABASE_POOL_SIZE; BENCH_DATABASE_POOL_SIZE, default twice this
 * machine's cores, where PostgreSQL runs too): the pool size PostgreSQL's own guidance gives
 * and README.md recommends. With the shipped default of 20, the 16 requests' transactions all
 * run at once on two cores and the API's p99 was 1.26–1.56× pgbench's in the same runs, against
 * 0.84–1.22× with 4 (bench/README.md), at about the same throughput; with 2, throughput fell.
 */
const POOL_SIZE = process.env.BENCH_DATABASE_POOL_SIZE?.trim() || String(2 * os.availableParallelism());

/**
 * The pgbench script: the submission statement verbatim; only the bind parameters become
 * pgbench variables. Client c's k-th transaction of a round answers link
 * i = offset + k·16 + c + 1 (offset: the links earlier rounds used), so every transaction is a
 * first submission of a distinct link, as in the HTTP run. The token hash of
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
  return ['\\set i :offset + :k * 16 + :client_id + 1', '\\set k :k + 1', `${statement};`, ''].join('\n');
}

interface WrkResult {
  requests: number;
  /** Lines of the token file the round took (sent, answered or not). */
  used: number;
  durationUs: number;
  non2xx: number;
  socketErrors: number;
  p99Us: number;
  maxUs: number;
  /** The latency at every 0.1 % of the round's requests (0.1 … 100 %). */
  quantilesUs: number[];
  /** CPU (user + system) wrk itself used. */
  cpuSeconds: number;
}

/**
 * One round of wrk with answers.lua against `base`, from the `offset`-th link of the token
 * file on; sh prints the CPU of the child it waited for (its stat, fields 16–17).
 */
function runWrk(base: string, tokenFile: string, offset: number): WrkResult {
  const script = join(__dirname, 'support', 'answers.lua');
  const wrk = [WRK, '-t', '2', '-c', String(CLIENTS), '-d', `${SECONDS}s`, '--timeout', '10s', '-s', script, base, '--', tokenFile, String(offset), '2', AGREE_KEYS.join(',')];
  const run = spawnSync('sh', ['-c', '"$@" >&2; status=$?; cat /proc/$$/stat; exit $status', 'sh', ...wrk], { encoding: 'utf8' });
  if (run.error) throw new Error(`${WRK} could not run (apt-get install wrk, or set WRK): ${run.error.message}`);
  const line = /^WRK_RESULT (.*)$/m.exec(run.stderr);
  if (run.status !== 0 || !line) throw new Error(`wrk failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const stat = run.stdout.split(') ')[1].split(' ');
  return { ...(JSON.parse(line[1]) as Omit<WrkResult, 'cpuSeconds'>), cpuSeconds: (Number(stat[13]) + Number(stat[14])) / 100 };
}

/**
 * One round of pgbench from link `offset` + 1 on: its tps, every transaction's latency (ms)
 * and the links the round took (16 × the most transactions one client ran: gaps included).
 */
function runPgbench(dbName: string, url: URL, dir: string, script: string, campaign: string, offset: number, turn: number): { tps: number; latencies: number[]; used: number } {
  const prefix = join(dir, `log${turn}`);
  const out = execFileSync(
    process.env.PGBENCH ?? 'pgbench',
    [
      '-n', '-M', 'extended', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS),
      '-D', `campaign=${campaign}`, '-D', 'k=0', '-D', `offset=${offset}`,
      '-D', `keys={${AGREE_KEYS.join(',')}}`,
      '-D', `values={${AGREE_KEYS.map((_, q) => 1 + (q % 7)).join(',')}}`,
      '-l', '--log-prefix', prefix,
      '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'),
      '-f', script, dbName,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString();
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const latencies: number[] = [];
  let most = 0;
  // A log line: client id, the client's transaction number, latency (µs), …
  for (const file of readdirSync(dir).filter((f) => join(dir, f).startsWith(`${prefix}.`))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const fields = line.split(' ');
      if (fields.length < 3) continue;
      latencies.push(Number(fields[2]) / 1000);
      most = Math.max(most, Number(fields[1]) + 1);
    }
  }
  return { tps, latencies, used: most * CLIENTS };
}

runBench('submissions', async () => {
  const world = await createWorld('submissions');
  const { db } = world;
  // BENCH_SYNCHRONOUS_COMMIT=off: both sides stop waiting for the WAL flush, so a disk whose
  // flushes are slow limits neither and the ratio compares CPU alone (the server's own setting
  // otherwise; set for this database before the API or pgbench connect).
  if (SYNCHRONOUS_COMMIT) await db.query(`ALTER DATABASE ${world.dbName} SET synchronous_commit = ${SYNCHRONOUS_COMMIT}`);
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
  const api = await startApi(world, { DATABASE_POOL_SIZE: POOL_SIZE });
  const { base } = api;
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

  const dir = mkdtempSync(join(os.tmpdir(), 'rapport-bench-'));
  onCleanup('bench files', () => rmSync(dir, { recursive: true, force: true }));
  const tokenFile = join(dir, 'tokens.txt');
  writeFileSync(tokenFile, tokens.join('\n') + '\n', { mode: 0o600 });
  const script = join(dir, 'submission.sql');
  writeFileSync(script, pgbenchScript());
  const url = new URL(world.databaseUrl);

  // One uncounted round on each side first: the API's JIT and both sides' caches start warm.
  log('warm-up: one round on each side, not counted');
  const warm = { api: runWrk(base, tokenFile, 0), pgbench: runPgbench(world.dbName, url, dir, script, campaigns.B, 0, 0) };
  let aOffset = warm.api.used;
  let bOffset = warm.pgbench.used;
  await db.query('CHECKPOINT');

  const http = {
    requests: 0,
    seconds: 0,
    apiUserSeconds: 0,
    apiSystemSeconds: 0,
    wrkCpuSeconds: 0,
    p99: [] as number[],
    max: 0,
    // Each round's 1,000 quantiles, each standing for a thousandth of that round's requests.
    quantiles: [] as Array<{ ms: number; weight: number }>,
  };
  const pg = { transactions: 0, seconds: 0, latencies: [] as number[] };
  // Links used so far on each side (aOffset, bOffset): the next round starts past every link
  // sent, answered or still in flight when the round stopped (pgbench finishes what it starts).
  for (let turn = 1; turn <= ROUNDS; turn++) {
    const apiCpuBefore = procCpu(api.child.proc.pid!);
    const w = runWrk(base, tokenFile, aOffset);
    if (w.non2xx > 0 || w.socketErrors > 0) {
      throw new Error(`wrk: ${w.non2xx} answers were not 201 and ${w.socketErrors} socket errors (more links than BENCH_N=${N} needed?)`);
    }
    const apiCpuAfter = procCpu(api.child.proc.pid!);
    http.apiUserSeconds += apiCpuAfter.user - apiCpuBefore.user;
    http.apiSystemSeconds += apiCpuAfter.system - apiCpuBefore.system;
    http.wrkCpuSeconds += w.cpuSeconds;
    http.requests += w.requests;
    http.seconds += w.durationUs / 1e6;
    http.p99.push(w.p99Us / 1000);
    http.quantiles.push(...w.quantilesUs.map((us) => ({ ms: us / 1000, weight: w.requests / w.quantilesUs.length })));
    http.max = Math.max(http.max, w.maxUs / 1000);
    aOffset += w.used;

    const b = runPgbench(world.dbName, url, dir, script, campaigns.B, bOffset, turn);
    pg.transactions += b.latencies.length;
    pg.seconds += b.latencies.length / b.tps;
    pg.latencies.push(...b.latencies);
    bOffset += b.used;
    if (aOffset > N || bOffset > N) throw new Error(`round ${turn} used more links than the ${N} of each campaign: raise BENCH_N`);
    log(`round ${turn}/${ROUNDS}: API ${round(w.requests / (w.durationUs / 1e6))}/s (p99 ${round(w.p99Us / 1000)} ms), pgbench ${round(b.tps)} tps`);
  }
  const httpPerSecond = http.requests / http.seconds;
  const tps = pg.transactions / pg.seconds;
  pg.latencies.sort((x, y) => x - y);
  // The API's latency percentiles over all rounds, as pgbench's are over its pooled log.
  http.quantiles.sort((x, y) => x.ms - y.ms);
  const httpPercentile = (p: number) => {
    let seen = 0;
    for (const q of http.quantiles) if ((seen += q.weight) >= (p / 100) * http.requests) return q.ms;
    return http.max;
  };
  const perRequestMs = (seconds: number) => round((seconds * 1000) / http.requests, 3);
  const cpuPerRequestMs = {
    api: perRequestMs(http.apiUserSeconds + http.apiSystemSeconds),
    apiUser: perRequestMs(http.apiUserSeconds),
    apiKernel: perRequestMs(http.apiSystemSeconds),
    loadGenerator: perRequestMs(http.wrkCpuSeconds),
  };

  const [counts] = (
    await db.query(
      `SELECT (SELECT count(*) FROM open_responses WHERE campaign_id = $1)::int AS a_responses,
              (SELECT count(*) FROM open_answers WHERE campaign_id = $1)::int AS a_answers,
              (SELECT count(*) FROM open_responses WHERE campaign_id = $2)::int AS b_responses,
              (SELECT count(*) FROM open_answers WHERE campaign_id = $2)::int AS b_answers`,
      [campaigns.A, campaigns.B],
    )
  ).rows;
  // When a round stops, up to one request per connection is in flight: stored or not, uncounted.
  const stored = (responses: number, answers: number, counted: number) =>
    responses >= counted && responses <= counted + (ROUNDS + 1) * CLIENTS && answers === responses * AGREE_KEYS.length;
  const counted = { api: http.requests + warm.api.requests, pgbench: pg.transactions + warm.pgbench.latencies.length };
  if (!stored(counts.a_responses, counts.a_answers, counted.api) || !stored(counts.b_responses, counts.b_answers, counted.pgbench)) {
    throw new Error(`the stored rows do not match the answers counted: ${JSON.stringify({ counts, counted })}`);
  }

  await report('submissions', {
    links: N,
    clients: CLIENTS,
    synchronousCommit: SYNCHRONOUS_COMMIT ?? 'server setting',
    rounds: ROUNDS,
    secondsPerRound: SECONDS,
    loadGenerator: 'wrk',
    apiDatabasePoolSize: Number(POOL_SIZE),
    api: {
      submissionsPerSecond: round(httpPerSecond, 1),
      p50ms: round(httpPercentile(50), 2),
      p99ms: round(httpPercentile(99), 2),
      worstRoundP99ms: round(Math.max(...http.p99), 2),
      maxMs: round(http.max, 2),
      submissions: http.requests,
      cpuPerRequestMs,
    },
    pgbench: {
      tps: round(tps, 1),
      p50ms: round(percentile(pg.latencies, 50), 2),
      p99ms: round(percentile(pg.latencies, 99), 2),
      transactions: pg.transactions,
      script: pgbenchScript(),
    },
    ratio: round(httpPerSecond / tps, 2),
    p99VsPgbench: round(httpPercentile(99) / percentile(pg.latencies, 99), 2),
    targets: { ratio: '>= 0.6', p99ms: '< 40' },
    met: { ratio: httpPerSecond / tps >= 0.6, p99: httpPercentile(99) < 40 },
    rows: counts,
  });
});
