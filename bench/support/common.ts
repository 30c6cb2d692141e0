/**
 * Shared plumbing of the benchmarks: a private build of src/ (never touches dist/), one
 * database and one queue prefix per run (dropped at the end, also on failure or Ctrl-C),
 * child processes for the API and the worker, an HTTP load loop, percentiles, machine facts.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { databaseUrl, dropDatabase, withAdmin } from '../../test/support/databases';
import { deleteRedisKeys } from '../../test/support/redis';

export const ROOT = resolve(__dirname, '..', '..');
export const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// ---------------------------------------------------------------------------------------------
// Clean-up: every resource registers its undo; they run in reverse order on success, failure
// and SIGINT/SIGTERM.

const cleanups: Array<{ label: string; run: () => unknown }> = [];
let cleaning: Promise<void> | null = null;

export function onCleanup(label: string, run: () => unknown): void {
  cleanups.push({ label, run });
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const { label, run } = cleanups.pop()!;
      try {
        await run();
      } catch (error) {
        process.stderr.write(`bench: clean-up "${label}" failed: ${(error as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs a benchmark's main, always cleans up, exits 0/1. */
export function runBench(name: string, main: () => Promise<void>): void {
  const started = Date.now();
  main().then(
    async () => {
      await cleanup();
      log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exit(0);
    },
    async (error) => {
      process.stderr.write(`bench ${name} failed: ${(error as Error).stack ?? error}\n`);
      await cleanup();
      process.exit(1);
    },
  );
}

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// The application under test: compiled once into bench/.build/dist (rebuilt when src/ or
// migrations/ changed), or an existing build named by BENCH_DIST (e.g. BENCH_DIST=dist after
// `npm run build`). Compiled JS, not ts-node, so memory and CPU figures are the real ones.

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function appBuild(): string {
  if (process.env.BENCH_DIST) {
    const dir = resolve(ROOT, process.env.BENCH_DIST);
    if (!existsSync(join(dir, 'main.js'))) throw new Error(`BENCH_DIST=${process.env.BENCH_DIST}: no main.js there`);
    return dir;
  }
  const out = join(ROOT, 'bench', '.build', 'dist');
  const stamp = join(ROOT, 'bench', '.build', 'stamp');
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'migrations')));
  if (existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= sources && existsSync(join(out, 'main.js'))) return out;
  log('compiling src/ and migrations/ into bench/.build/dist (dist/ is left alone)');
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  // Type errors in someone's work in progress must not stop the build: tsc still emits.
  for (const args of [
    ['-p', 'tsconfig.build.json', '--outDir', out],
    ['-p', 'migrations/tsconfig.json', '--outDir', join(out, 'migrations')],
  ]) {
    try {
      execFileSync(tsc, args, { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      log(`tsc ${args.join(' ')} reported errors (output emitted anyway): ${String((error as { stdout?: Buffer }).stdout ?? '').slice(0, 500)}`);
    }
  }
  mkdirSync(join(ROOT, 'bench', '.build'), { recursive: true });
  writeFileSync(stamp, String(sources));
  return out;
}

// ---------------------------------------------------------------------------------------------
// One database and one queue prefix per benchmark run.

export interface BenchWorld {
  name: string;
  dbName: string;
  databaseUrl: string;
  queuePrefix: string;
  masterKey: string;
  build: string;
  /** Environment for the API, worker and CLI children. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  db: Client;
}

/** A fresh, migrated database `rapport_bench_<name>_<pid>` and prefix `bench-<name>-<random>`. */
export async function createWorld(name: string): Promise<BenchWorld> {
  const build = appBuild();
  const dbName = `rapport_bench_${name}_${process.pid}`;
  await dropDatabase(dbName, ADMIN_URL);
  await withAdmin((c) => c.query(`CREATE DATABASE "${dbName}"`), ADMIN_URL);
  // BENCH_KEEP_DATABASE=1 leaves the data behind, to read the plans of a run (EXPLAIN) afterwards.
  if (process.env.BENCH_KEEP_DATABASE === '1') onCleanup(`keep database ${dbName}`, () => log(`database ${dbName} kept`));
  else onCleanup(`drop database ${dbName}`, () => dropDatabase(dbName, ADMIN_URL));
  const queuePrefix = `bench-${name}-${randomBytes(4).toString('hex')}`;
  onCleanup(`redis keys ${queuePrefix}:*`, () => deleteRedisKeys(REDIS_URL, `${queuePrefix}:*`));
  const masterKey = randomBytes(32).toString('base64');
  const url = databaseUrl(dbName, ADMIN_URL);
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    RAPPORT_MASTER_KEY: masterKey,
    // Production needs an SMTP_URL; benchmarks other than mail never send (nothing listens here).
    SMTP_URL: 'smtp://127.0.0.1:9',
    LOG_LEVEL: 'info',
    ...extra,
  });
  execFileSync(process.execPath, [join(build, 'cli.js'), 'migrate'], { env: env(), stdio: 'pipe' });
  const db = new Client({ connectionString: url, application_name: 'bench' });
  await db.connect();
  onCleanup('bench db client', () => db.end());
  return { name, dbName, databaseUrl: url, queuePrefix, masterKey, build, env, db };
}


/** `cli.js init`: an organization with an HR admin; returns its ids and API key. */
export function initOrg(world: BenchWorld, org = 'Bench Inc'): { orgId: string; userId: string; apiKey: string } {
  const out = execFileSync(process.execPath, [join(world.build, 'cli.js'), 'init', '--org', org, '--admin-email', `hr@${world.name}.bench`, '--admin-name', 'Bench HR'], {
    env: world.env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`cli init printed no JSON: ${out}`);
  return JSON.parse(line) as { orgId: string; userId: string; apiKey: string };
}

// ---------------------------------------------------------------------------------------------
// Child processes.

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

export interface Child {
  proc: ChildProcess;
  /** Lines the child wrote to stdout (pino JSON), when captured. */
  lines: string[];
  stop(): Promise<void>;
}

/** Starts `node <script>` with the given env; stdout lines are kept when `capture` is set. */
export function startChild(label: string, script: string, env: NodeJS.ProcessEnv, capture = false, args: string[] = [], nodeArgs: string[] = []): Child {
  const proc = spawn(process.execPath, [...nodeArgs, script, ...args], { env, stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((ok) => proc.on('exit', () => ((exited = true), ok())));
  proc.on('exit', (code, signal) => {
    if (code && code !== 0 && !stopping) process.stderr.write(`bench: ${label} exited with ${code} ${signal ?? ''}: ${stderr}\n`);
  });
  let stopping = false;
  const stop = async () => {
    if (exited) return;
    stopping = true;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };
  onCleanup(`stop ${label}`, stop);
  return { proc, lines, stop };
}

export async function startApi(world: BenchWorld, extra: Record<string, string> = {}): Promise<{ child: Child; base: string }> {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: the API writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = startChild('api', join(world.build, 'main.js'), world.env({ PORT: String(port), ...extra }), false, [], profile);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.proc.exitCode !== null) throw new Error('the API exited during start-up');
    try {
      const r = await request(base, 'GET', '/health');
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('the API did not answer /health within 60 s');
    await sleep(200);
  }
  return { child, base };
}

export function startWorker(world: BenchWorld, script = join(world.build, 'worker.js'), extra: Record<string, string> = {}, args: string[] = []): Child {
  return startChild('worker', script, world.env(extra), true, args);
}

/** CPU seconds a process has used so far in user space and in the kernel, from /proc (Linux, 100 ticks a second). */
export function procCpu(pid: number): { user: number; system: number } {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** CPU seconds (user + system) a process has used so far. */
export function procCpuSeconds(pid: number): number {
  const { user, system } = procCpu(pid);
  return user + system;
}

/** Resident memory of a process from /proc: current (VmRSS) and peak (VmHWM), in MiB. */
export function procMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux: write 5 to clear_refs; needs the same user). */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP.

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function request(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
}

/**
 * `concurrency` loops; each takes the next index until `total` and calls `call(i)`, which
 * makes one request and returns its status. Latency is measured around the call (ms).
 */
export async function load(concurrency: number, total: number, call: (i: number) => Promise<number>): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        const status = await call(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds, 1),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    max: round(latencies[latencies.length - 1] ?? NaN, 2),
    statuses,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

// ---------------------------------------------------------------------------------------------
// Reporting.

export async function machine(): Promise<Record<string, string | number>> {
  const [{ version }] = (await withAdmin((c) => c.query<{ version: string }>(`SELECT current_setting('server_version') AS version`), ADMIN_URL)).rows;
  const settings = (
    await withAdmin(
      (c) => c.query<{ name: string; setting: string; unit: string | null }>(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit')`),
      ADMIN_URL,
    )
  ).rows.map((r) => `${r.name}=${r.setting}${r.unit ?? ''}`);
  return {
    date: new Date().toISOString(),
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    node: process.version,
    postgres: version,
    pgSettings: settings.join(', '),
  };
}

/** Prints the figures and keeps them in bench/results/<name>.json (git-ignored) for the README. */
export async function report(name: string, figures: Record<string, unknown>): Promise<void> {
  const result = { benchmark: name, machine: await machine(), ...figures };
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
