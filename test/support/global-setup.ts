import { migrate } from '../../src/database/migrate';
import { databaseUrl, dropDatabase, TEMPLATE_DB, withAdmin } from './databases';

/** Migrates a template database once per run; every test file clones it (fast and isolated). */
export default async function globalSetup(): Promise<void> {
  const stale = await withAdmin((c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'rapport_test_%'`));
  for (const { datname } of stale.rows) await dropDatabase(datname);
  await migrate({ databaseUrl: databaseUrl(TEMPLATE_DB) });
  // Connections left on a template block CREATE DATABASE … TEMPLATE.
  await withAdmin((c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [TEMPLATE_DB]));
}
