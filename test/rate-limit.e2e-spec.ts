import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApi } from '../src/common/create-api';
import { startTestEnv, TestEnv } from './support/harness';

/** Behind a load balancer a client reaches any API process; the answering limit is one for all. */
describe('the answering limit across API processes', () => {
  let env: TestEnv;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    env = await startTestEnv({ ANSWER_RATE_LIMIT: '4' });
    second = await createApi(env.config);
  });
  afterAll(async () => {
    await second.close();
    await env.close();
  });

  it('counts a client\'s guesses on every process together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const server = i % 2 === 0 ? env.api.getHttpServer() : second.getHttpServer();
      statuses.push((await request(server).get(`/api/v1/surveys/${String(i).padStart(64, 'B')}`)).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
  });
});
