import 'reflect-metadata';
import { closeApi, createApi } from './bootstrap/create-api';
import { runEntryPoint } from './bootstrap/entry-point';
import { createLogger } from './common/logger';

runEntryPoint(async (config) => {
  const app = await createApi(config, createLogger({ level: config.logLevel, buffered: true }));
  await app.listen({ port: config.port, host: '0.0.0.0' });
  return () => closeApi(app);
});
