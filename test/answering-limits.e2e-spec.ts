import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApi } from '../src/bootstrap/create-api';
import { answersAll, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';

const badLink = (i: number) => String(i).padStart(64, 'A');

describe('the answering limit counts failed look-ups only, shared by every API process', () => {
  let env: TestEnv;
  let second: NestFastifyApplication;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv({ ANSWER_RATE_LIMIT: '5' });
    // A second API process of the same deployment: same database, same Redis prefix.
    second = await createApi(env.config);
    ({ auth } = await env.createOrg());
  });
  afterAll(async () => {
    await second.close();
    await env.close();
  });

  it('lets 60 colleagues behind one address all answer, and still answers them once a guesser there is blocked', async () => {
    const team = await teamWithMembers(env, auth, 'Office', 60);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], questionKeys: ['ps_take_risks', 'recommend'] });
    const links = [...(await linksOf(env, campaign.id)).values()];
    const answer = (link: string) => env.http().post(`/api/v1/surveys/${link}/response`).send({ answers: [{ questionKey: 'recommend', value: 9 }] });

    const first = await Promise.all(links.slice(0, 30).map(async (link) => [(await env.http().get(`/api/v1/surveys/${link}`)).status, (await answer(link)).status]));
    expect(first.flat().every((status) => status === 200 || status === 201)).toBe(true);

    // One insider guesses links from the same address until blocked.
    const guesses = [];
    for (let i = 0; i < 8; i++) guesses.push((await env.http().get(`/api/v1/surveys/${badLink(i)}`)).status);
    expect(guesses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);

    // The other 30 colleagues, after the block, through both API processes: every one answers.
    const rest = await Promise.all(
      links.slice(30).map(async (link, i) => (i % 2 === 0 ? await answer(link) : await request(second.getHttpServer()).post(`/api/v1/surveys/${link}/response`).send({ answers: answersAll(4, ['ps_take_risks']) })).status),
    );
    expect(rest).toEqual(Array(30).fill(201));
    await env.http().get(`/s/${links[0]}`).expect(200);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM open_responses WHERE campaign_id = $1`, [campaign.id]);
    expect(n).toBe(60);
  });

  it('answers 429 problem+json with Retry-After, on the other API process and on the page too', async () => {
    // The address is over its limit from the previous test; the count lives in Redis.
    const res = await request(second.getHttpServer()).post(`/api/v1/surveys/${badLink(99)}/response`).send({ answers: answersAll(3) });
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    const page = await env.http().get(`/s/${badLink(98)}`);
    expect(page.status).toBe(429);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('the client address behind a proxy', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY is set, so a guesser cannot pick a new address per request', async () => {
    const env = await startTestEnv({ ANSWER_RATE_LIMIT: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await env.http().get(`/api/v1/surveys/${badLink(i)}`).set('x-forwarded-for', `203.0.113.${i}`)).status);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await env.close();
    }
  });

  it('counts each client separately behind a trusted proxy', async () => {
    const env = await startTestEnv({ ANSWER_RATE_LIMIT: '3', TRUST_PROXY: '127.0.0.1, ::1, ::ffff:127.0.0.1' });
    try {
      const guess = (i: number, client: string) => env.http().get(`/api/v1/surveys/${badLink(i)}`).set('x-forwarded-for', client);
      const guesser = [];
      for (let i = 0; i < 5; i++) guesser.push((await guess(i, '203.0.113.7')).status);
      expect(guesser).toEqual([404, 404, 404, 429, 429]);
      // A colleague behind another address who mistypes a link is told so, not blocked.
      expect((await guess(10, '198.51.100.4')).status).toBe(404);
    } finally {
      await env.close();
    }
  });
});
