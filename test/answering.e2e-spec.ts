import { Client } from 'pg';
import pino from 'pino';
import { Writable } from 'node:stream';
import { ScoringService } from '../src/scoring/scoring.service';
import { answersAll, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';

describe('answering through a personal link', () => {
  let env: TestEnv;
  let auth: { Authorization: string };
  let team: { id: string; emails: string[] };
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    env = await startTestEnv({}, pino({ level: 'info' }, sink));
    ({ auth } = await env.createOrg());
    team = await teamWithMembers(env, auth, 'Platform', 6);
  });
  afterAll(() => env.close());

  async function openCampaign(body: Record<string, unknown> = {}) {
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], ...body });
    return { campaign, links: [...(await linksOf(env, campaign.id)).values()] };
  }

  it('shows the survey for a valid link and records one response', async () => {
    const { links } = await openCampaign({ questionKeys: ['ps_take_risks', 'trust_follow_through', 'recommend'] });
    const before = await env.http().get(`/api/v1/surveys/${links[0]}`).expect(200);
    expect(before.body).toMatchObject({
      campaign: { name: 'Spring pulse' },
      team: { name: 'Platform' },
      answered: false,
      allowComments: true,
    });
    expect(before.body.questions.map((q: { key: string; scale: string }) => `${q.key}:${q.scale}`)).toEqual([
      'ps_take_risks:agree7',
      'trust_follow_through:agree7',
      'recommend:nps11',
    ]);
    const res = await env.http().post(`/api/v1/surveys/${links[0]}/response`).send({
      answers: [
        { questionKey: 'ps_take_risks', value: 6 },
        { questionKey: 'recommend', value: 0 },
      ],
      comment: 'We listen to each other.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ received: true });
    expect((await env.http().get(`/api/v1/surveys/${links[0]}`)).body.answered).toBe(true);
  });

  it('refuses a second POST with 409 and lets PUT replace the answers', async () => {
    const { campaign, links } = await openCampaign();
    await env.http().post(`/api/v1/surveys/${links[1]}/response`).send({ answers: answersAll(2) }).expect(201);
    await env.http().post(`/api/v1/surveys/${links[1]}/response`).send({ answers: answersAll(3) }).expect(409);
    await env.http().put(`/api/v1/surveys/${links[1]}/response`).send({ answers: [{ questionKey: 'trust_good_intent', value: 7 }] }).expect(200);
    const rows = await env.db.query(`SELECT question_key, value FROM open_answers WHERE campaign_id = $1`, [campaign.id]);
    expect(rows).toEqual([{ question_key: 'trust_good_intent', value: 7 }]);
  });

  it('lets exactly one of many simultaneous first submissions with one link succeed', async () => {
    const { campaign, links } = await openCampaign();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => env.http().post(`/api/v1/surveys/${links[2]}/response`).send({ answers: answersAll((i % 7) + 1) })),
    ).then((all) => all.map((r) => r.status));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM open_responses WHERE campaign_id = $1`, [campaign.id]);
    expect(n).toBe(1);
    const [{ answers }] = await env.db.query(`SELECT count(*)::int AS answers FROM open_answers WHERE campaign_id = $1`, [campaign.id]);
    expect(answers).toBe(24);
  });

  it('keeps the answers of exactly one of many simultaneous replacements with one link', async () => {
    const { campaign, links } = await openCampaign();
    const keys = ['ps_take_risks', 'trust_good_intent', 'learn_blind_spots', 'repair_move_on', 'cocreate_ownership', 'ps_hard_to_ask'];
    const statuses = await Promise.all(
      keys.map((questionKey) => env.http().put(`/api/v1/surveys/${links[5]}/response`).send({ answers: [{ questionKey, value: 3 }] })),
    ).then((all) => all.map((r) => r.status));
    expect(statuses).toEqual(keys.map(() => 200));
    const rows = await env.db.query(`SELECT question_key FROM open_answers WHERE campaign_id = $1`, [campaign.id]);
    expect(rows).toHaveLength(1);
  });

  it('answers 422 for unknown keys, values out of scale, duplicate keys, long comments and empty answers', async () => {
    const { links } = await openCampaign({ questionKeys: ['ps_take_risks', 'recommend'] });
    const post = (body: object) => env.http().post(`/api/v1/surveys/${links[3]}/response`).send(body);
    const expect422 = async (body: object, field: string) => {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await expect422({ answers: [{ questionKey: 'trust_follow_through', value: 4 }] }, 'answers.0.questionKey');
    await expect422({ answers: [{ questionKey: 'ps_take_risks', value: 8 }] }, 'answers.0.value');
    await expect422({ answers: [{ questionKey: 'ps_take_risks', value: 0 }] }, 'answers.0.value');
    await expect422({ answers: [{ questionKey: 'recommend', value: 11 }] }, 'answers.0.value');
    await expect422({ answers: [{ questionKey: 'ps_take_risks', value: 2.5 }] }, 'answers.0.value');
    await expect422(
      { answers: [{ questionKey: 'ps_take_risks', value: 3 }, { questionKey: 'ps_take_risks', value: 4 }] },
      'answers.1.questionKey',
    );
    await expect422({ answers: [{ questionKey: 'ps_take_risks', value: 3 }], comment: 'x'.repeat(2001) }, 'comment');
    await expect422({ answers: [] }, 'answers');
    await expect422({}, 'answers');
    await expect422({ answers: [{ questionKey: 'ps_take_risks', value: '3' }] }, 'answers.0.value');
    await expect422({ answers: [{ questionKey: 'ps_take_risks' }] }, 'answers.0.value');
    await expect422({ answers: [{ questionKey: 'ps_take_risks', value: 3 }], mood: 'good' }, 'mood');
    await expect422({ answers: [{ questionKey: 'ps_take_risks', value: 3, weight: 2 }] }, 'answers.0.weight');
    await expect422({ answers: 'all sevens' }, 'answers');
    // Nothing was stored by any of them.
    expect((await env.http().get(`/api/v1/surveys/${links[3]}`)).body.answered).toBe(false);
  });

  it('refuses a comment when the campaign does not take comments', async () => {
    const { links } = await openCampaign({ allowComments: false });
    const res = await env.http().post(`/api/v1/surveys/${links[0]}/response`).send({ answers: answersAll(4), comment: 'hi' });
    expect(res.status).toBe(422);
  });

  it('answers unknown, tampered and other-campaign links with the same 404', async () => {
    const a = await openCampaign();
    const b = await openCampaign();
    const token = a.links[0];
    const tampered = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    // Campaign B's id with campaign A's signature: a link that belongs to neither.
    const otherCampaign = b.links[0].slice(0, 22) + token.slice(22);
    const answers = [];
    for (const t of ['x'.repeat(64), tampered, otherCampaign, 'short']) {
      const res = await env.http().get(`/api/v1/surveys/${t}`);
      answers.push({ status: res.status, body: res.body });
    }
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    await env.http().post(`/api/v1/surveys/${tampered}/response`).send({ answers: answersAll(4) }).expect(404);
  });

  it('answers 410 once the campaign is closed', async () => {
    const { campaign, links } = await openCampaign();
    await env.http().post(`/api/v1/surveys/${links[0]}/response`).send({ answers: answersAll(5) }).expect(201);
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);
    await env.http().get(`/api/v1/surveys/${links[0]}`).expect(410);
    await env.http().post(`/api/v1/surveys/${links[1]}/response`).send({ answers: answersAll(5) }).expect(410);
    await env.http().put(`/api/v1/surveys/${links[0]}/response`).send({ answers: answersAll(5) }).expect(410);
  });

  it('answers 202 to a resend request whether or not the address is known', async () => {
    await openCampaign();
    const known = await env.http().post('/api/v1/surveys/resend').send({ email: team.emails[0] });
    const unknown = await env.http().post('/api/v1/surveys/resend').send({ email: 'nobody@example.com' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    // The work happens after the answer, so its timing says nothing either.
    let n = 0;
    for (let i = 0; i < 50 && n === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM email_outbox WHERE kind = 'resend' AND recipient = $1`, [team.emails[0]]);
    }
    expect(n).toBeGreaterThan(0);
  });

  it('never writes a token into the logs', async () => {
    const { links } = await openCampaign();
    await env.http().get(`/api/v1/surveys/${links[4]}`).expect(200);
    await env.http().post(`/api/v1/surveys/${links[4]}/response`).send({ answers: answersAll(5) }).expect(201);
    await env.http().get(`/s/${links[4]}`).expect(200);
    const all = logLines.join('');
    expect(all).toContain('/api/v1/surveys/:token');
    for (const link of links) expect(all).not.toContain(link);
  });
});

describe('after close: nothing links an answer to a person', () => {
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth } = await env.createOrg());
  });
  afterAll(() => env.close());

  it('copies answers and shuffled comments into timeless tables and drops the open-phase partitions', async () => {
    const team = await teamWithMembers(env, auth, 'Support', 8);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], reminders: [1] });
    const links = [...(await linksOf(env, campaign.id)).values()];
    for (let i = 0; i < 6; i++) {
      await env.http().post(`/api/v1/surveys/${links[i]}/response`).send({ answers: answersAll(i + 1), comment: `comment ${i}` }).expect(201);
    }
    await env.db.query(
      `INSERT INTO email_outbox (org_id, kind, recipient, payload, dedupe_key, campaign_id, open_campaign_id)
       SELECT org_id, 'reminder', 'someone@example.com', '{}', 'reminder-test', id, id FROM campaigns WHERE id = $1`,
      [campaign.id],
    );
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);

    const suffix = campaign.id.replace(/-/g, '');
    for (const table of ['campaign_keys', 'open_tokens', 'open_responses', 'open_answers', 'email_outbox']) {
      const [{ exists }] = await env.db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`${table}_${suffix}`]);
      expect(exists).toBe(false);
    }
    const columns = await env.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_name IN ('responses', 'answers', 'campaign_comments') ORDER BY table_name, ordinal_position`,
    );
    expect(columns.map((c: { table_name: string; column_name: string }) => `${c.table_name}.${c.column_name}`)).toEqual([
      'answers.response_id',
      'answers.question_key',
      'answers.value',
      'campaign_comments.id',
      'campaign_comments.org_id',
      'campaign_comments.campaign_id',
      'campaign_comments.team_id',
      'campaign_comments.body',
      'responses.id',
      'responses.org_id',
      'responses.campaign_id',
      'responses.team_id',
    ]);
    const responses = await env.db.query(
      `SELECT r.id, array_agg(DISTINCT a.value) AS values, count(*)::int AS answers
         FROM responses r JOIN answers a ON a.response_id = r.id WHERE r.campaign_id = $1 GROUP BY r.id`,
      [campaign.id],
    );
    expect(responses).toHaveLength(6);
    expect(responses.map((r: { values: number[] }) => r.values[0]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(responses.every((r: { answers: number }) => r.answers === 24)).toBe(true);
    const comments = await env.db.query(`SELECT body FROM campaign_comments WHERE campaign_id = $1`, [campaign.id]);
    expect(comments.map((c: { body: string }) => c.body).sort()).toEqual(['comment 0', 'comment 1', 'comment 2', 'comment 3', 'comment 4', 'comment 5']);
    const [{ reminders }] = await env.db.query(`SELECT count(*)::int AS reminders FROM email_outbox WHERE campaign_id = $1 AND kind = 'reminder'`, [
      campaign.id,
    ]);
    expect(reminders).toBe(0);
    const read = await env.http().get(`/api/v1/campaigns/${campaign.id}`).set(auth).expect(200);
    expect(read.body).toMatchObject({ status: 'closed', invited: 8, responded: 6, participation: 75 });
  });

  it('stores responses in an order unrelated to the order of answering', async () => {
    const team = await teamWithMembers(env, auth, 'Order', 40);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], questionKeys: ['recommend'] });
    const links = [...(await linksOf(env, campaign.id)).values()];
    // The i-th respondent answers i % 11, so answering order is visible in the values.
    for (let i = 0; i < 40; i++) {
      await env.http().post(`/api/v1/surveys/${links[i]}/response`).send({ answers: [{ questionKey: 'recommend', value: i % 11 }] }).expect(201);
    }
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);
    const stored = await env.db.query(
      `SELECT a.value FROM responses r JOIN answers a ON a.response_id = r.id WHERE r.campaign_id = $1 ORDER BY r.ctid`,
      [campaign.id],
    );
    const inOrder = Array.from({ length: 40 }, (_, i) => i % 11);
    expect(stored.map((r: { value: number }) => r.value)).not.toEqual(inOrder);
    expect(stored.map((r: { value: number }) => r.value).sort((a: number, b: number) => a - b)).toEqual([...inOrder].sort((a, b) => a - b));
  });
});

describe('what the database is told while answering', () => {
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth } = await env.createOrg());
  });
  afterAll(() => env.close());

  /** Every statement text and bound value the API sends to PostgreSQL while `work` runs. */
  async function statementsDuring(work: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back below, and only ever applied to a Client
    const original = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const [text, values] = args as [string | { text: string; values?: unknown[] }, unknown];
      seen.push(JSON.stringify(typeof text === 'string' ? { text, values } : text));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      await work();
    } finally {
      Client.prototype.query = original;
    }
    return seen;
  }

  it('binds the token hash, never an invitation id, so a slow-query log links no statement to a person', async () => {
    const team = await teamWithMembers(env, auth, 'Logged', 3);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id] });
    const links = [...(await linksOf(env, campaign.id)).values()];
    const invitationIds: string[] = (await env.db.query(`SELECT id FROM invitations WHERE campaign_id = $1`, [campaign.id])).map((r: { id: string }) => r.id);

    const statements = await statementsDuring(async () => {
      await env.http().get(`/api/v1/surveys/${links[0]}`).expect(200);
      await env.http().post(`/api/v1/surveys/${links[0]}/response`).send({ answers: answersAll(5), comment: 'fine' }).expect(201);
      await env.http().post(`/api/v1/surveys/${links[0]}/response`).send({ answers: answersAll(5) }).expect(409);
      await env.http().put(`/api/v1/surveys/${links[0]}/response`).send({ answers: answersAll(6) }).expect(200);
      await env.http().post(`/api/v1/surveys/${links[1]}/response`).send({ answers: [{ questionKey: 'nope', value: 1 }] }).expect(422);
      const form = await env.http().get(`/s/${links[2]}`).expect(200);
      expect(form.text).toContain('Logged 0');
    });
    expect(statements.some((s) => s.includes('INSERT INTO open_answers'))).toBe(true);
    for (const id of invitationIds) expect(statements.join('\n')).not.toContain(id);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM open_answers WHERE campaign_id = $1 AND value = 6`, [campaign.id]);
    expect(n).toBe(24);
  });
});

describe('whom an answer is pooled with', () => {
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth } = await env.createOrg());
  });
  afterAll(() => env.close());

  it('names the own team at or above the threshold, else the people of the nearest ancestor it is pooled into', async () => {
    // Threshold 5. Engineering (3 of its own) ─┬─ Platform (6)
    //                                          └─ Tiny (2): pooled into Engineering → 5 people.
    const engineering = await teamWithMembers(env, auth, 'Engineering', 3);
    const platform = await teamWithMembers(env, auth, 'Platform', 6, engineering.id);
    const tiny = await teamWithMembers(env, auth, 'Tiny', 2, engineering.id);
    const campaign = await launchedCampaign(env, auth, { teamIds: [engineering.id] });
    const links = await linksOf(env, campaign.id);

    const platformView = await env.http().get(`/api/v1/surveys/${links.get(platform.emails[0])}`).expect(200);
    expect(platformView.body.pooledWith).toEqual(['Platform 1', 'Platform 2', 'Platform 3', 'Platform 4', 'Platform 5']);

    const tinyView = await env.http().get(`/api/v1/surveys/${links.get(tiny.emails[0])}`).expect(200);
    expect(tinyView.body.pooledWith).toEqual(['Engineering 0', 'Engineering 1', 'Engineering 2', 'Tiny 1']);

    // A planted address without a name shows as the address, on the page too, in plain words.
    await env.db.query(`UPDATE members SET name = NULL WHERE email = $1`, [engineering.emails[2]]);
    const page = await env.http().get(`/s/${links.get(tiny.emails[1])}`).expect(200);
    expect(page.text).toContain('Your answers are combined with those of 4 other people invited');
    for (const name of ['Engineering 0', 'Engineering 1', engineering.emails[2], 'Tiny 0']) expect(page.text).toContain(name);
    expect(page.text).not.toContain('Platform 0');
  });
  it('stores a small team\'s answers as its pooled team at close: joining responses with invitations narrows none below the threshold', async () => {
    // Threshold 5. Ops (5) ─── Solo (1): Solo's one person is counted with Ops's five.
    const ops = await teamWithMembers(env, auth, 'Ops', 5);
    const solo = await teamWithMembers(env, auth, 'Solo', 1, ops.id);
    const campaign = await launchedCampaign(env, auth, { teamIds: [ops.id], allowComments: true });
    const links = await linksOf(env, campaign.id);
    const send = (email: string, value: number, comment: string) =>
      env.http().post(`/api/v1/surveys/${links.get(email)}/response`).send({ answers: answersAll(value), comment }).expect(201);
    await send(solo.emails[0], 1, 'Only Solo would say this');
    for (const email of ops.emails.slice(0, 4)) await send(email, 6, `from ${email}`);
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);

    // The operator's join: for each stored response (and comment), the people invited in its team.
    const narrowest = async (table: string) =>
      env.db.query(
        `SELECT x.team_id, count(DISTINCT i.id)::int AS invited
           FROM ${table} x JOIN invitations i ON i.campaign_id = x.campaign_id AND i.team_id = x.team_id
          WHERE x.campaign_id = $1 GROUP BY x.team_id`,
        [campaign.id],
      );
    expect(await narrowest('responses')).toEqual([{ team_id: ops.id, invited: 5 }]);
    expect(await narrowest('campaign_comments')).toEqual([{ team_id: ops.id, invited: 5 }]);

    // Scoring reports the same groups as before: Solo pooled into Ops, Ops's own members six people, five answers.
    await (await env.startWorker()).get(ScoringService).score(campaign.id);
    const results = await env.http().get(`/api/v1/campaigns/${campaign.id}/results`).set(auth).expect(200);
    const entry = (teamId: string, scope: string) => results.body.teams.find((t: { teamId: string; scope: string }) => t.teamId === teamId && t.scope === scope);
    expect(entry(solo.id, 'subtree')).toMatchObject({ invited: 1, responded: null, suppressed: true, hiddenReason: 'pooled_upward', pooledInto: ops.id });
    expect(entry(ops.id, 'direct')).toMatchObject({ invited: 6, responded: 5, suppressed: false });
    const opsView = await env.http().get(`/api/v1/teams/${ops.id}/results?campaignId=${campaign.id}`).set(auth).expect(200);
    expect(opsView.body.comments).toContain('Only Solo would say this');
  });
});
