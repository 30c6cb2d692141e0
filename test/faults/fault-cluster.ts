import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateRedis, sparePort } from '../support/private-redis';
import { SmtpSink } from '../support/smtp';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const ROOT = join(__dirname, '..', '..');

/** PostgreSQL and PgBouncer refuse to run as root: run them as the postgres account. */
function asPostgres(command: string, args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args];
}

function run(command: string[], options: { input?: string } = {}): string {
  return execFileSync(command[0], command.slice(1), { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...options });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RapportProcess {
  name: string;
  entry: 'main.js' | 'worker.js';
  port?: number;
  child: ChildProcess | null;
}

/**
 * Everything the fault suite breaks, started fresh on spare 127.0.0.1 ports in a temp
 * directory: PostgreSQL (initdb), PgBouncer in transaction pooling in front of it, Redis, an
 * SMTP sink, and two API and two worker processes from dist/ connected through PgBouncer.
 */
export class FaultCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'rapport-faults-'));
  readonly smtp = new SmtpSink();
  redis!: PrivateRedis;
  pgPort = 0;
  bouncerPort = 0;
  readonly masterKey = randomBytes(32).toString('base64');
  readonly processes: RapportProcess[] = [];
  private bouncerPidFile = join(this.dir, 'pgbouncer.pid');

  get directUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.pgPort}/rapport`;
  }

  get pooledUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.bouncerPort}/rapport`;
  }

  apiUrl(index: number): string {
    return `http://127.0.0.1:${this.processes.filter((p) => p.entry === 'main.js')[index].port}`;
  }

  async start(): Promise<void> {
    chownSync(this.dir, 101, 104);
    chmodSync(this.dir, 0o700);
    this.pgPort = await sparePort();
    this.bouncerPort = await sparePort();
    run(asPostgres(`${PG_BIN}/initdb`, ['-D', join(this.dir, 'pg'), '-U', 'postgres', '--auth=trust', '--no-sync']));
    this.startPostgres();
    this.startBouncer();
    this.redis = await new PrivateRedis(await sparePort()).start();
    await this.smtp.start();
    this.cli(['migrate']);
    for (const [name, entry] of [['api-1', 'main.js'], ['api-2', 'main.js'], ['worker-1', 'worker.js'], ['worker-2', 'worker.js']] as const) {
      this.processes.push({ name, entry, port: entry === 'main.js' ? await sparePort() : undefined, child: null });
    }
    for (const p of this.processes) this.spawn(p);
    for (let i = 0; i < 2; i++) await this.waitReady(i);
  }

  /** Environment for the CLI (direct to PostgreSQL: migrations hold a session lock). */
  cliEnv(): NodeJS.ProcessEnv {
    return { ...this.env(), DATABASE_URL: this.directUrl };
  }

  env(port?: number): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: this.pooledUrl,
      DATABASE_POOL_SIZE: '8',
      REDIS_URL: this.redis?.url ?? '',
      SMTP_URL: this.smtp.port ? this.smtp.url : 'smtp://127.0.0.1:1',
      RAPPORT_MASTER_KEY: this.masterKey,
      PUBLIC_URL: 'http://rapport.faults',
      QUEUE_PREFIX: 'faults',
      ANSWER_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
      ...(port ? { PORT: String(port) } : {}),
    };
  }

  cli(args: string[]): string {
    return execFileSync('node', [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env: this.cliEnv() });
  }

  spawn(p: RapportProcess): void {
    const out = openSync(join(this.dir, `${p.name}.log`), 'a');
    p.child = spawn('node', [join(ROOT, 'dist', p.entry)], { env: this.env(p.port), stdio: ['ignore', out, out] });
  }

  process(name: string): RapportProcess {
    return this.processes.find((p) => p.name === name)!;
  }

  /** kill -9 (or a gentler signal) and wait for the exit. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.process(name).child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  async restart(name: string): Promise<void> {
    await this.kill(name);
    const p = this.process(name);
    this.spawn(p);
    if (p.entry === 'main.js') await this.waitReady(this.processes.filter((x) => x.entry === 'main.js').indexOf(p));
  }

  async waitReady(apiIndex: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ok = await fetch(`${this.apiUrl(apiIndex)}/health/ready`).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`api-${apiIndex + 1} not ready`);
  }

  startPostgres(): void {
    run(asPostgres(`${PG_BIN}/pg_ctl`, [
      '-D', join(this.dir, 'pg'), '-l', join(this.dir, 'postgres.log'), '-w', 'start',
      '-o', `-p ${this.pgPort} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c fsync=off -c synchronous_commit=off`,
    ]));
    try {
      run(asPostgres(`${PG_BIN}/createdb`, ['-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'postgres', 'rapport']));
    } catch {
      // Exists already (a restart).
    }
  }

  stopPostgres(mode: 'fast' | 'immediate' = 'fast'): void {
    run(asPostgres(`${PG_BIN}/pg_ctl`, ['-D', join(this.dir, 'pg'), '-m', mode, '-w', 'stop']));
  }

  private startBouncer(): void {
    const ini = join(this.dir, 'pgbouncer.ini');
    writeFileSync(join(this.dir, 'userlist.txt'), '"postgres" ""\n');
    writeFileSync(
      ini,
      [
        '[databases]',
        `rapport = host=127.0.0.1 port=${this.pgPort} dbname=rapport`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${this.bouncerPort}`,
        `unix_socket_dir = ${this.dir}`,
        'pool_mode = transaction',
        'auth_type = trust',
        `auth_file = ${join(this.dir, 'userlist.txt')}`,
        'max_client_conn = 200',
        'default_pool_size = 20',
        // After PostgreSQL comes back, try a server login again within a second (default 15 s).
        'server_login_retry = 1',
        `logfile = ${join(this.dir, 'pgbouncer.log')}`,
        `pidfile = ${this.bouncerPidFile}`,
        '',
      ].join('\n'),
    );
    chownSync(ini, 101, 104);
    run(asPostgres('/usr/sbin/pgbouncer', ['-d', ini]));
  }

  async stop(): Promise<void> {
    for (const p of this.processes) await this.kill(p.name, 'SIGKILL');
    try {
      process.kill(Number(readFileSync(this.bouncerPidFile, 'utf8').trim()), 'SIGTERM');
    } catch {
      // Not running.
    }
    try {
      this.stopPostgres('immediate');
    } catch {
      // Not running.
    }
    await this.redis?.stop();
    await this.smtp.stop().catch(() => undefined);
    await sleep(300);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
