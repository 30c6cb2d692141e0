import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from './common/logger';
import { runEntryPoint } from './bootstrap/entry-point';
import { WorkerModule } from './worker.module';

runEntryPoint(async (config) => {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new PinoNestLogger(createLogger({ level: config.logLevel })) });
  return () => app.close();
});
