import { Client } from 'pg';
import { loadMasterKey } from '../../src/config/master-key';
import { personalTokens } from '../../src/campaigns/tokens';
import { answersAll } from '../support/campaigns';
import { FaultCluster, sleep } from './fault-cluster';

/**
 * The failure scenarios of issue 17 against two API and two worker processes sharing one
 * PostgreSQL through PgBouncer (transaction pooling), each ending in a row of expected vs
 * observed. `npm run test:faults`; exits non-zero when a row does not hold.
 */

interface Row {
  scenario: string;
  expected: string;
  observed: string;
  held: boolean;
}

const rows: Row[] = [];
const cluster = new FaultCluster();
let auth: Record<string, string>;
let api = 0;

/** A connection per query, straight to PostgreSQL: the suite's own reads survive its restarts. */
const db = {
  async query(text: string, params: unknown[] = []): Promise<{ rows: any[] }> {
    const client = new Client({ connectionString: cluster.directUrl });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await client.query(text, params);
    } finally {
      await client.end().catch(() => undefined);
    }
  },
};

/** Alternates between the two API processes, as a load balancer would. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const base = cluster.apiUrl(api++ % 2);
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON.
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A status, or 0 when the connection itself failed (a process going away). */
async function status(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; problem503: boolean }> {
  try {
    const res = await call(method, path, body, headers);
    const problem503 = res.status === 503 && /problem\+json/.test(res.headers.get('content-type') ?? '') && Boolean(res.headers.get('retry-after'));
    return { status: res.status, problem503 };
  } catch {
    return { status: 0, problem503: false };
  }
}

function tally(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([s, n]) => `${s === 0 ? 'conn-error' : s}×${n}`).join(' ');
}

async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(250);
  }
  return null;
}

let teamCount = 0;
async function team(size: number): Promise<{ id: string; emails: string[] }> {
  const name = `Team ${++teamCount}`;
  const emails = Array.from({ length: size }, (_, i) => `t${teamCount}-m${i}@faults.example`);
  const csv = ['email,name,team', ...emails.map((e, i) => `${e},Member ${i},${name}`)].join('\n');
  const imported = await call('POST', '/api/v1/members/import', csv, auth);
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  const [row] = (await db.query(`SELECT id FROM teams WHERE name = $1`, [name])).rows;
  return { id: row.id, emails };
}

async function campaign(teamId: string, name: string): Promise<string> {
  const created = await call('POST', '/api/v1/campaigns', { name, teamIds: [teamId], closesAt: new Date(Date.now() + 86400_000).toISOString() }, auth);
  if (created.status !== 201) throw new Error(`create campaign: ${created.status}`);
  return created.body.id;
}

async function links(campaignId: string): Promise<string[]> {
  const [{ sealed_key }] = (await db.query(`SELECT sealed_key FROM campaign_keys WHERE campaign_id = $1`, [campaignId])).rows;
  const ids = (await db.query(`SELECT id FROM invitations WHERE campaign_id = $1`, [campaignId])).rows.map((r) => r.id);
  return personalTokens(loadMasterKey(cluster.masterKey, true), sealed_key, campaignId, ids);
}

function invitationsFor(subjectName: string): string[] {
  return cluster.smtp.messages.filter((m) => m.subject === `Your team survey: ${subjectName}`).map((m) => m.to[0]);
}

/** Respondents keep answering (PUT) through both APIs until `stop` resolves. */
async function answering(tokens: string[], stop: Promise<unknown>): Promise<{ statuses: number[]; all503Problem: boolean }> {
  let done = false;
  void stop.finally(() => (done = true));
  const statuses: number[] = [];
  let all503Problem = true;
  await Promise.all(
    tokens.map(async (token, i) => {
      for (let round = 0; !done; round++) {
        const r = await status('PUT', `/api/v1/surveys/${token}/response`, { answers: answersAll(((round + i) % 7) + 1) });
        statuses.push(r.status);
        if (r.status === 503 && !r.problem503) all503Problem = false;
        if (r.status === 503 || r.status === 0) await sleep(200);
      }
    }),
  );
  return { statuses, all503Problem };
}

async function invitationsThroughTheFleet() {
  const t = await team(30);
  const id = await campaign(t.id, 'Fleet baseline');
  const launched = await call('POST', `/api/v1/campaigns/${id}/launch`, undefined, auth);
  await eventually(() => Promise.resolve(invitationsFor('Fleet baseline').length >= 30), 60_000);
  await sleep(1000);
  const got = invitationsFor('Fleet baseline');
  rows.push({
    scenario: 'launch, 30 invitations, 2 workers via PgBouncer',
    expected: 'launch 200; 30 delivered, each once',
    observed: `launch ${launched.status}; ${new Set(got).size} delivered, ${got.length - new Set(got).size} duplicate(s)`,
    held: launched.status === 200 && got.length === 30 && new Set(got).size === 30,
  });
}

async function lifecycleDuringAnswers() {
  const answeringTeam = await team(12);
  const churn = await team(2);
  const id = await campaign(answeringTeam.id, 'Busy answering');
  await call('POST', `/api/v1/campaigns/${id}/launch`, undefined, auth);
  const tokens = await links(id);
  const outcomes: number[] = [];
  const lifecycle = (async () => {
    for (let i = 0; i < 8; i++) {
      const other = await campaign(churn.id, `Churn ${i}`);
      outcomes.push((await call('POST', `/api/v1/campaigns/${other}/launch`, undefined, auth)).status);
      outcomes.push((await call('POST', `/api/v1/campaigns/${other}/close`, undefined, auth)).status);
    }
  })();
  const { statuses } = await answering(tokens, lifecycle);
  rows.push({
    scenario: '8 launches + 8 closes during a 12-client answer stream',
    expected: 'lifecycle all 200; respondents no 500',
    observed: `lifecycle ${tally(outcomes)}; respondents ${tally(statuses)}`,
    held: outcomes.every((s) => s === 200) && !statuses.some((s) => s >= 500),
  });
  return { campaignId: id, tokens };
}

async function launchWhileRedisDown() {
  const t = await team(5);
  const id = await campaign(t.id, 'Redis outage');
  await cluster.redis.stop();
  const started = Date.now();
  const launched = await status('POST', `/api/v1/campaigns/${id}/launch`, undefined, auth);
  const launchMs = Date.now() - started;
  const ready = await call('GET', '/health/ready');
  await sleep(5000);
  await cluster.redis.start(); // back empty: everything queued before is gone
  const back = Date.now();
  const delivered = await eventually(() => Promise.resolve(invitationsFor('Redis outage').length >= 5 && invitationsFor('Redis outage')), 90_000);
  rows.push({
    scenario: 'launch while Redis is down, Redis back empty',
    expected: 'launch 200 within 10 s; ready 503 names Redis; 5 delivered once after',
    observed: `launch ${launched.status} in ${(launchMs / 1000).toFixed(1)} s; ready ${ready.status} "${String(ready.body?.detail ?? '').slice(0, 40)}"; ${delivered ? `${delivered.length} delivered ${((Date.now() - back) / 1000).toFixed(0)} s after` : 'not delivered in 90 s'}`,
    held: launched.status === 200 && launchMs < 10_000 && ready.status === 503 && /Redis/.test(String(ready.body?.detail)) && delivered?.length === 5,
  });
}

async function postgresStopUnderLoad(tokens: string[]) {
  let readyDuring: { status: number; body: any } | null = null;
  const outage = (async () => {
    await sleep(1500);
    cluster.stopPostgres('fast');
    await sleep(1000);
    readyDuring = await call('GET', '/health/ready').catch(() => null);
    await sleep(7000);
    cluster.startPostgres();
    await sleep(3000);
  })();
  const { statuses, all503Problem } = await answering(tokens.slice(0, 10), outage);
  const back = Date.now();
  const recovered = await eventually(async () => (await status('GET', '/api/v1/me', undefined, auth)).status === 200, 20_000);
  const after = { status: recovered ? 200 : 503, seconds: ((Date.now() - back) / 1000).toFixed(0) };
  const ready = readyDuring as { status: number; body: any } | null;
  rows.push({
    scenario: 'PostgreSQL stopped 8 s under 10 answering clients',
    expected: 'no 500; 503s are problem+json with Retry-After; ready 503 names PostgreSQL; 200 again within 20 s',
    observed: `${tally(statuses)}; 503 problem+json ${all503Problem ? 'yes' : 'NO'}; ready ${ready?.status ?? '?'} "${String(ready?.body?.detail ?? '').slice(0, 32)}"; ${after.status} ${after.seconds} s after`,
    held: !statuses.some((s) => s >= 500 && s !== 503) && all503Problem && ready?.status === 503 && /PostgreSQL/.test(String(ready?.body?.detail)) && after.status === 200,
  });
}

async function acceptedAnswersKept(campaignId: string, tokens: string[]) {
  const answered = new Set<string>();
  for (const token of tokens) {
    const r = await status('PUT', `/api/v1/surveys/${token}/response`, { answers: answersAll(4) });
    if (r.status === 200 || r.status === 201) answered.add(token);
  }
  const closed = await call('POST', `/api/v1/campaigns/${campaignId}/close`, undefined, auth);
  // Kill both workers right after close, mid-scoring or just before it, and start them again.
  await cluster.kill('worker-1');
  await cluster.kill('worker-2');
  const restarted = Date.now();
  await cluster.restart('worker-1');
  await cluster.restart('worker-2');
  const scored = await eventually(async () => {
    const [row] = (await db.query(`SELECT status, responded FROM campaigns WHERE id = $1`, [campaignId])).rows;
    return row?.status === 'scored' ? row : null;
  }, 60_000);
  const seconds = ((Date.now() - restarted) / 1000).toFixed(0);
  rows.push({
    scenario: 'close, then both workers kill -9 and restarted',
    expected: `close 200; all ${tokens.length} accepted answers kept; scored within 30 s`,
    observed: `close ${closed.status}; ${scored ? `${scored.responded} kept; scored ${seconds} s after restart` : `not scored in 60 s`}`,
    held: closed.status === 200 && scored?.responded === answered.size && Number(seconds) <= 30,
  });
}

async function sigtermUnderLoad() {
  const statuses: number[] = [];
  let all503Problem = true;
  let stopping = true;
  const base = cluster.apiUrl(1);
  const clients = Array.from({ length: 5 }, async () => {
    while (stopping) {
      try {
        const res = await fetch(`${base}/api/v1/me`, { headers: auth });
        statuses.push(res.status);
        if (res.status === 503 && !(/problem\+json/.test(res.headers.get('content-type') ?? '') && res.headers.get('retry-after'))) all503Problem = false;
        await res.arrayBuffer();
      } catch {
        statuses.push(0);
        await sleep(50);
      }
    }
  });
  await sleep(500);
  const code = await cluster.kill('api-2', 'SIGTERM');
  await sleep(500);
  stopping = false;
  await Promise.all(clients);
  await cluster.restart('api-2');
  rows.push({
    scenario: 'SIGTERM to an API under 5 clients',
    expected: 'exit 0; only 200, 503 problem+json, or refused after exit',
    observed: `exit ${code}; ${tally(statuses)}; 503 problem+json ${all503Problem ? 'yes' : 'NO'}`,
    held: code === 0 && all503Problem && statuses.every((s) => s === 200 || s === 503 || s === 0),
  });
}

/** Longer than the old fixed six attempts from 2 s (about a minute), which lost such mail for good. */
async function smtpOutage() {
  const t = await team(5);
  const id = await campaign(t.id, 'SMTP outage');
  cluster.smtp.failNext(421, 100_000);
  const launched = await call('POST', `/api/v1/campaigns/${id}/launch`, undefined, auth);
  await sleep(70_000);
  cluster.smtp.answerNormally();
  const back = Date.now();
  const delivered = await eventually(() => Promise.resolve(invitationsFor('SMTP outage').length >= 5 && invitationsFor('SMTP outage')), 120_000);
  rows.push({
    scenario: 'SMTP answers 421 for 70 s after a launch',
    expected: '5 invitations delivered once after',
    observed: `launch ${launched.status}; ${delivered ? `${new Set(delivered).size} delivered ${((Date.now() - back) / 1000).toFixed(0)} s after` : 'not delivered in 120 s'}`,
    held: launched.status === 200 && delivered?.length === 5 && new Set(delivered).size === 5,
  });
}

function noDuplicateMail() {
  const ids = cluster.smtp.messages.map((m) => m.messageId);
  const duplicates = ids.length - new Set(ids).size;
  rows.push({
    scenario: 'every message of the run',
    expected: 'no Message-ID delivered twice',
    observed: `${ids.length} messages, ${duplicates} duplicate(s)`,
    held: duplicates === 0,
  });
}

function printTable() {
  const headers = ['scenario', 'expected', 'observed', 'held'];
  const cells = rows.map((r) => [r.scenario, r.expected, r.observed, r.held ? 'yes' : 'NO']);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write([line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n') + '\n');
}

async function main() {
  const started = Date.now();
  process.stdout.write(`rapport faults: starting PostgreSQL, PgBouncer, Redis, SMTP and 2 API + 2 worker processes in ${cluster.dir}\n`);
  try {
    await cluster.start();
    const init = JSON.parse(cluster.cli(['init', '--org', 'Faults Inc', '--admin-email', 'hr@faults.example']));
    auth = { Authorization: `Bearer ${init.apiKey}` };

    const scenarios: Array<[string, () => Promise<unknown>]> = [];
    let busy: { campaignId: string; tokens: string[] } | undefined;
    scenarios.push(['baseline', invitationsThroughTheFleet]);
    scenarios.push(['lock order', async () => (busy = await lifecycleDuringAnswers())]);
    scenarios.push(['redis', launchWhileRedisDown]);
    scenarios.push(['postgres', () => postgresStopUnderLoad(busy!.tokens)]);
    scenarios.push(['sigterm', sigtermUnderLoad]);
    scenarios.push(['workers', () => acceptedAnswersKept(busy!.campaignId, busy!.tokens)]);
    scenarios.push(['smtp', smtpOutage]);
    for (const [name, scenario] of scenarios) {
      process.stdout.write(`rapport faults: ${name}…\n`);
      try {
        await scenario();
      } catch (error) {
        rows.push({ scenario: name, expected: 'runs', observed: `crashed: ${(error as Error).message}`.slice(0, 120), held: false });
      }
    }
    noDuplicateMail();
  } finally {
    if (process.env.FAULTS_KEEP) process.stdout.write(`kept ${cluster.dir}\n`);
    else await cluster.stop();
  }
  printTable();
  process.stdout.write(`rapport faults: ${rows.filter((r) => r.held).length}/${rows.length} held in ${Math.round((Date.now() - started) / 1000)} s\n`);
  process.exit(rows.every((r) => r.held) ? 0 : 1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cluster.stop().finally(() => process.exit(130)));
main().catch((error) => {
  process.stderr.write(`rapport faults: ${(error as Error).stack}\n`);
  void cluster.stop().finally(() => process.exit(2));
});
