import request from 'supertest';
import { closeApi } from '../src/bootstrap/create-api';
import { startTestEnv, TestEnv } from './support/harness';
import { TcpProxy } from './support/tcp-proxy';

const METRICS = 'm'.repeat(40);

function expectUnavailable(res: request.Response, detail: RegExp) {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(res.body).toMatchObject({ status: 503, title: 'Service unavailable', detail: expect.stringMatching(detail) });
}

/** PostgreSQL and Redis reached through relays the tests cut, so the shared instances never stop. */
describe('dependency outages answer 503 problem+json with Retry-After', () => {
  let env: TestEnv;
  let auth: { Authorization: string };
  const postgres = new TcpProxy(5432);
  const redis = new TcpProxy(6379);

  beforeAll(async () => {
    await postgres.start();
    await redis.start();
    env = await startTestEnv({ REDIS_URL: redis.via('redis://127.0.0.1:6379'), METRICS_TOKEN: METRICS }, undefined, {
      databaseUrl: (url) => postgres.via(url),
    });
    ({ auth } = await env.createOrg());
  });
  afterAll(async () => {
    await postgres.restore().catch(() => undefined);
    await redis.restore().catch(() => undefined);
    await env.close();
    await postgres.cut();
    await redis.cut();
  });

  it('while PostgreSQL is down, and answers again once it is back', async () => {
    await env.http().get('/api/v1/me').set(auth).expect(200);
    await postgres.cut();
    expectUnavailable(await env.http().get('/api/v1/me').set(auth), /unavailable/);
    const ready = await env.http().get('/health/ready');
    expectUnavailable(ready, /^PostgreSQL is down/);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'down' }, redis: { status: 'up' } });

    await postgres.restore();
    await env.http().get('/api/v1/me').set(auth).expect(200);
    await env.http().get('/health/ready').expect(200);
  });

  it('while Redis is down: readiness names it, metrics and launches still answer', async () => {
    await redis.cut();
    const ready = await env.http().get('/health/ready');
    expectUnavailable(ready, /^Redis is down/);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'down' } });
    await env.http().get('/metrics').set('Authorization', `Bearer ${METRICS}`).expect(200);
    const team = await env.http().post('/api/v1/teams').set(auth).send({ name: 'While Redis sleeps' }).expect(201);
    await env.http().post(`/api/v1/teams/${team.body.id}/members`).set(auth).send({ email: 'sleeper@example.com' }).expect(201);
    const created = await env.http().post('/api/v1/campaigns').set(auth).send({ name: 'Quiet', teamIds: [team.body.id], closesAt: new Date(Date.now() + 86400_000).toISOString() }).expect(201);
    await env.http().post(`/api/v1/campaigns/${created.body.id}/launch`).set(auth).expect(200);

    await redis.restore();
    await env.http().get('/health/ready').expect(200);
  });
});

describe('a process whose connection pool is used up', () => {
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv({ DATABASE_POOL_SIZE: '1' });
    ({ auth } = await env.createOrg());
  });
  afterAll(() => env.close());

  it('answers 503 with Retry-After instead of waiting without end', async () => {
    const busy = env.db.query('SELECT pg_sleep(8)');
    expectUnavailable(await env.http().get('/api/v1/me').set(auth), /unavailable/);
    await busy;
    await env.http().get('/api/v1/me').set(auth).expect(200);
  });
});

describe('a PostgreSQL that reads but refuses writes (a standby, a read-only server)', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(() => env.close());

  it('fails readiness, naming PostgreSQL', async () => {
    await env.http().get('/health/ready').expect(200);
    const [{ db }] = await env.db.query(`SELECT current_database() AS db`);
    await env.db.query(`ALTER DATABASE "${db}" SET default_transaction_read_only = on`);
    // Only new sessions read the setting: end the pool's (it reconnects by itself).
    await env.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db]);
    await env.db.query(`SELECT pg_terminate_backend(pg_backend_pid())`).catch(() => undefined);

    const ready = await env.http().get('/health/ready');
    expectUnavailable(ready, /^PostgreSQL is down: .*read-only/);
    expect(ready.body.details.redis.status).toBe('up');

    await env.db.query(`BEGIN READ WRITE; ALTER DATABASE "${db}" SET default_transaction_read_only = off; COMMIT`);
  });
});

describe('an API shutting down', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(() => env.close().catch(() => undefined));

  it('answers requests that still arrive with 503 problem+json and Retry-After', async () => {
    const fastify = env.api.getHttpAdapter().getInstance();
    const late = fastify.inject({ method: 'GET', url: '/api/v1/me' });
    const closed = closeApi(env.api);
    const res = await late;
    await closed;
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.json()).toMatchObject({ status: 503, title: 'Service unavailable', detail: expect.stringMatching(/shutting down/) });
  });
});
