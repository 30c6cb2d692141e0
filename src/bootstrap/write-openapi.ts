/**
 * `npm run lint:openapi` runs this: writes the OpenAPI document to a file without a database,
 * Redis or a listening server (the API module is created in Nest's preview mode, where no
 * provider is instantiated).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiModule } from '../api.module';
import { openApiDocument } from './openapi';
import { loadConfig } from '../config/config';

async function main(out: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', RAPPORT_MASTER_KEY: Buffer.alloc(32).toString('base64') });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), new FastifyAdapter(), { preview: true, logger: false });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(openApiDocument(app), null, 2) + '\n');
  await app.close();
}

main(process.argv[2] ?? 'openapi.json').catch((error) => {
  console.error(error);
  process.exit(1);
});
