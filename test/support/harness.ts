import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApi } from '../../src/bootstrap/create-api';
import { PinoNestLogger } from '../../src/common/logger';
import { loadConfig, RapportConfig } from '../../src/config/config';
import { deleteRedisKeys } from './redis';
import { OrganizationsService } from '../../src/organizations/organizations.service';
import { WorkerModule } from '../../src/worker.module';
import { cloneTemplate, dropDatabase, runId } from './databases';
import { checkResponses, OpenApiChecker } from './openapi-check';

export interface TestEnv {
  config: RapportConfig;
  db: DataSource;
  api: NestFastifyApplication;
  http: () => request.Agent;
  /** An organization with an HR admin; returns its API key's auth header. */
  createOrg(name?: string): Promise<{ orgId: string; userId: string; apiKey: string; auth: { Authorization: string } }>;
  startWorker(): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

/** One per test file (jest gives each file its own modules): it collects the file's coverage. */
let openApi: OpenApiChecker | undefined;
const coverageName = randomBytes(6).toString('hex');

const quiet = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * One isolated world per test file: its own database cloned from the migrated template,
 * its own queue prefix in Redis, its own master key; nothing depends on another file's run.
 */
export async function startTestEnv(
  env: Record<string, string> = {},
  logger = quiet,
  options: { databaseUrl?: (cloned: string) => string } = {},
): Promise<TestEnv> {
  const id = `f${randomBytes(6).toString('hex')}`;
  const dbName = `rapport_t_${runId()}_${id}`;
  const cloned = await cloneTemplate(dbName);
  const databaseUrl = options.databaseUrl ? options.databaseUrl(cloned) : cloned;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `test-${id}`,
    RAPPORT_MASTER_KEY: randomBytes(32).toString('base64'),
    PUBLIC_URL: 'http://rapport.test',
    ...env,
  });
  const api = await createApi(config, logger);
  const checker = (openApi ??= new OpenApiChecker((await api.inject({ method: 'GET', url: '/api/docs-json' })).json<Record<string, unknown>>()));
  const db = api.get(DataSource);
  const workers: INestApplicationContext[] = [];

  return {
    config,
    db,
    api,
    // Every response a test receives is checked against the document the app serves.
    http: () => checkResponses(request.agent(api.getHttpServer()), checker),
    async createOrg(name = 'Acme') {
      const email = `hr-${randomBytes(4).toString('hex')}@example.com`;
      const created = await api.get(OrganizationsService).createWithAdmin({ name, adminEmail: email, adminName: 'Hana HR' });
      return { ...created, auth: { Authorization: `Bearer ${created.apiKey}` } };
    },
    async startWorker() {
      const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new PinoNestLogger(logger) });
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const w of workers) await w.close().catch(() => undefined);
      await api.close();
      checker.writeCoverage(runId(), coverageName);
      await dropDatabase(dbName);
      await deleteRedisKeys(config.redisUrl, `${config.queuePrefix}:*`);
    },
  };
}
