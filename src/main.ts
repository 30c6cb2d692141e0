import 'reflect-metadata';
import { createApi } from './bootstrap/create-api';
import { runEntryPoint } from './bootstrap/entry-point';

runEntryPoint(async (config) => {
  const app = await createApi(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  return () => app.close();
});
