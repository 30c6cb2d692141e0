import { Client } from 'pg';

export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Databases of one jest run carry its pid, so runs side by side (or a crashed earlier one)
 * never touch each other's databases: `rapport_tpl_p<pid>` and `rapport_t_p<pid>_<file>`.
 */
export function runId(): string {
  return process.env.RAPPORT_TEST_RUN ?? `p${process.pid}`;
}

export function templateName(run = runId()): string {
  return `rapport_tpl_${run}`;
}

/** `adminUrl`: the benchmarks (bench/support/common.ts) name their own server. */
export function databaseUrl(name: string, adminUrl = ADMIN_URL): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>, adminUrl = ADMIN_URL): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from the template migrated once per run. */
export async function cloneTemplate(name: string): Promise<string> {
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  return databaseUrl(name);
}

export async function dropDatabase(name: string, adminUrl = ADMIN_URL): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), adminUrl);
}

/** Databases of runs whose process is gone (a crashed or killed earlier run). */
export async function orphanedDatabases(): Promise<string[]> {
  const rows = await withAdmin((c) => c.query(`SELECT datname FROM pg_database WHERE datname ~ '^rapport_(tpl|t)_p[0-9]+'`));
  return rows.rows
    .map((r: { datname: string }) => r.datname)
    .filter((name: string) => {
      const pid = Number(/_p(\d+)/.exec(name)![1]);
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
}

export async function databasesOfRun(run = runId()): Promise<string[]> {
  const rows = await withAdmin((c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`rapport_t_${run}_%`, templateName(run)]));
  return rows.rows.map((r: { datname: string }) => r.datname);
}
