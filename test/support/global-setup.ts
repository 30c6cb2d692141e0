import { migrate } from '../../src/database/migrate';
import { databaseUrl, dropDatabase, orphanedDatabases, runId, templateName, withAdmin } from './databases';

/** Migrates a template database once per run; every test file clones it (fast and isolated). */
export default async function globalSetup(): Promise<void> {
  process.env.RAPPORT_TEST_RUN = runId();
  for (const name of await orphanedDatabases()) await dropDatabase(name);
  const template = templateName();
  await dropDatabase(template);
  await migrate({ databaseUrl: databaseUrl(template) });
  // Connections left on a template block CREATE DATABASE … TEMPLATE.
  await withAdmin((c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [template]));
}
