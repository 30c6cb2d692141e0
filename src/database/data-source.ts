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

/** A request waits this long for a free connection, then answers 503 (src/common/dependency-errors.ts). */
const CONNECTION_WAIT_MS = 5000;

export function dataSourceOptions(config: Pick<RapportConfig, 'databaseUrl' | 'databasePoolSize'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [migrationsGlob()],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Nothing may depend on a session (PgBouncer in transaction pooling hands each transaction
    // any server connection): no session SETs, advisory locks or prepared statements by name.
    extra: { max: config.databasePoolSize, connectionTimeoutMillis: CONNECTION_WAIT_MS, application_name: 'rapport' },
  };
}
