import { answersAll, hoursFromNow, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';

/**
 * Launch and close create and drop partitions of the open-phase tables; answering writes
 * through the same parents. Issue 17 saw them deadlock (respondents got a 500) when other
 * campaigns launched and closed during a stream of answers.
 */
describe('launch and close while others answer', () => {
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv({ ANSWER_RATE_LIMIT: '100000' });
    ({ auth } = await env.createOrg());
  });
  afterAll(() => env.close());

  it('gives no respondent a 500 and lets every launch and close through', async () => {
    const answering = await teamWithMembers(env, auth, 'Answering', 12);
    const churn = await teamWithMembers(env, auth, 'Churn', 2);
    const open = await launchedCampaign(env, auth, { teamIds: [answering.id] });
    const links = [...(await linksOf(env, open.id)).values()];

    const statuses = new Map<number, number>();
    let lifecycleDone = false;
    const respondent = async (link: string) => {
      // POST once, then keep replacing (PUT) and re-reading, as a hesitant respondent would.
      for (let round = 0; !lifecycleDone || round < 3; round++) {
        const method = round === 0 ? 'post' : 'put';
        const answered = await env.http()[method](`/api/v1/surveys/${link}/response`).send({ answers: answersAll((round % 7) + 1) });
        const read = await env.http().get(`/api/v1/surveys/${link}`);
        for (const status of [answered.status, read.status]) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };

    const lifecycle = async () => {
      const outcomes: number[] = [];
      try {
        for (let i = 0; i < 8; i++) {
          const created = await env.http().post('/api/v1/campaigns').set(auth).send({ name: `Churn ${i}`, teamIds: [churn.id], closesAt: hoursFromNow(24) });
          outcomes.push((await env.http().post(`/api/v1/campaigns/${created.body.id}/launch`).set(auth)).status);
          outcomes.push((await env.http().post(`/api/v1/campaigns/${created.body.id}/close`).set(auth)).status);
        }
      } finally {
        lifecycleDone = true;
      }
      return outcomes;
    };

    const [outcomes] = await Promise.all([lifecycle(), ...links.map(respondent)]);
    expect(outcomes).toEqual(Array(16).fill(200));
    expect(Object.fromEntries(statuses)).toEqual({ 200: expect.any(Number), 201: links.length });
  });
});
