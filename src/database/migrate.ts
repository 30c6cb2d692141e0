import { DataSource } from 'typeorm';
import { RapportConfig } from '../config/config';
import { dataSourceOptions } from './data-source';
import { ensureDatabase } from './ensure-database';

/** Creates the database if needed and applies pending migrations; returns their names. */
/**
 * Migrating is the one session-bound job: one connection holds the advisory lock and applies
 * every migration, so run it against PostgreSQL itself, not through a transaction-pooling
 * PgBouncer (docs/operations.md).
 */
export async function migrate(config: Pick<RapportConfig, 'databaseUrl'>): Promise<string[]> {
  await ensureDatabase(config.databaseUrl);
  const dataSource = new DataSource({ ...dataSourceOptions({ ...config, databasePoolSize: 1 }), entities: [] });
  await dataSource.initialize();
  try {
    // The lock keeps two processes started together from applying the same migration twice;
    // the pool of one makes the lock, the migrations and the unlock share that connection.
    await dataSource.query(`SELECT pg_advisory_lock(hashtext('rapport:migrate'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query(`SELECT pg_advisory_unlock(hashtext('rapport:migrate'))`).catch(() => undefined);
    await dataSource.destroy();
  }
}
