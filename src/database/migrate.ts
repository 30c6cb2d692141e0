import { DataSource } from 'typeorm';
import { RapportConfig } from '../config/config';
import { dataSourceOptions } from './data-source';
import { ensureDatabase } from './ensure-database';

/** Creates the database if needed and applies pending migrations; returns their names. */
export async function migrate(config: Pick<RapportConfig, 'databaseUrl'>): Promise<string[]> {
  await ensureDatabase(config.databaseUrl);
  const dataSource = new DataSource({ ...dataSourceOptions(config), entities: [] });
  await dataSource.initialize();
  try {
    // The lock keeps two processes started together from applying the same migration twice.
    await dataSource.query(`SELECT pg_advisory_lock(hashtext('rapport:migrate'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query(`SELECT pg_advisory_unlock(hashtext('rapport:migrate'))`).catch(() => undefined);
    await dataSource.destroy();
  }
}
