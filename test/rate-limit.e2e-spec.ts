import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApi } from '../src/bootstrap/create-api';
import { LOGIN_LIMIT } from '../src/sign-in/sign-in.controller';
import { startTestEnv, TestEnv } from './support/harness';

/** Behind a load balancer a client reaches any API process; a rate limit is one for all. */
describe('rate limits across API processes', () => {
  let env: TestEnv;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    env = await startTestEnv();
    second = await createApi(env.config);
  });
  afterAll(async () => {
    await second.close();
    await env.close();
  });

  it('counts a client\'s requests for sign-in links on every process together', async () => {
    const page = await request(env.api.getHttpServer()).get('/login').expect(200);
    const cookie = page.headers['set-cookie'] as unknown as string[];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const statuses: number[] = [];
    expect(LOGIN_LIMIT.limit).toBe(10);
    for (let i = 0; i < 12; i++) {
      const server = i % 2 === 0 ? env.api.getHttpServer() : second.getHttpServer();
      const res = await request(server)
        .post('/login')
        .set('Cookie', cookie)
        .type('form')
        .send(new URLSearchParams({ email: `guess${i}@example.com`, _csrf: csrf }).toString());
      statuses.push(res.status);
    }
    // 10 a minute in all; each process counting alone would have let all 12 through.
    expect(statuses.slice(0, 10).includes(429)).toBe(false);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
