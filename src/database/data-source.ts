import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { RapportConfig } from '../config/config';

/**
 * The one options object for the app, the CLI and the TypeORM CLI. Compiled code runs the
 * compiled migrations in dist/migrations; under ts-jest the TypeScript sources are loaded.
 */
export function migrationsGlob(): string {
  return __filename.endsWith('.ts')
    ? join(__dirname, '..', '..', 'migrations', '*.ts')
    : join(__dirname, '..', 'migrations', '*.js');
}

export function dataSourceOptions(config: Pick<RapportConfig, 'databaseUrl'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [migrationsGlob()],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // At least the answering concurrency we plan for (bench/README.md: 16 clients).
    extra: { max: 20, application_name: 'rapport' },
  };
}
