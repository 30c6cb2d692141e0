import { answersAll, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

describe('the respondent page /s/:token (works without JavaScript)', () => {
  let env: TestEnv;
  let auth: { Authorization: string };
  let links: string[];
  let campaignId: string;

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth } = await env.createOrg());
    const team = await teamWithMembers(env, auth, 'Field <Ops>', 4);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id], questionKeys: ['ps_take_risks', 'trust_follow_through', 'recommend'] });
    campaignId = campaign.id;
    links = [...(await linksOf(env, campaign.id)).values()];
  });
  afterAll(() => env.close());

  it('renders an accessible form: a fieldset and legend per question, a label per choice, escaped names', async () => {
    const res = await env.http().get(`/s/${links[0]}`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const page = res.text;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('name="viewport"');
    expect(page).toContain('Field &lt;Ops&gt;');
    expect(page).not.toContain('Field <Ops>');
    expect(page.match(/<fieldset class="q">/g)).toHaveLength(3);
    expect(page.match(/<legend>/g)).toHaveLength(3);
    // Where the reader is: each question says its place, and the send bar says how many there are.
    expect(page).toContain('Question 1 of 3');
    expect(page).toContain('Question 3 of 3');
    expect(page).toContain('3 questions, all optional');
    // 7 + 7 + 11 radio choices, each inside its own label.
    expect(page.match(/<label><input type="radio"/g)).toHaveLength(25);
    expect(page).toContain('<label for="comment">');
    expect(page).not.toContain('<script');
    expect(csrfOf(page)).not.toBe('');
  });

  it('saves the form, redirects (303) to a thank-you page, and never shows the answers back (no receipt)', async () => {
    const agent = env.http();
    const form = await agent.get(`/s/${links[1]}`).expect(200);
    const saved = await agent
      .post(`/s/${links[1]}`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), q_ps_take_risks: '6', q_recommend: '9', comment: 'Good team' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/s/${links[1]}/thanks`);
    const thanks = await agent.get(saved.headers.location).expect(200);
    expect(thanks.text).toContain('Thank you');

    // Whoever holds the link (a mail scanner, a curious manager) cannot read what was answered.
    const again = await env.http().get(`/s/${links[1]}`).expect(200);
    expect(again.text).not.toMatch(/<input[^>]* checked/);
    expect(again.text).not.toContain('Good team');
    expect(again.text).toContain('Your answers have been received.');
    expect(again.text).toContain('your new answers replace all of your earlier ones');
    expect(again.text).toContain('Replace all my answers');
    expect(again.text).not.toContain('Send my answers');

    const revise = await agent.get(`/s/${links[1]}`).expect(200);
    const changed = await agent.post(`/s/${links[1]}`).type('form').send({ _csrf: csrfOf(revise.text), q_ps_take_risks: '2' });
    expect(changed.status).toBe(303);
    const rows = await env.db.query(`SELECT question_key, value FROM open_answers WHERE campaign_id = $1`, [campaignId]);
    expect(rows).toEqual([{ question_key: 'ps_take_risks', value: 2 }]);
  });

  it("states the closing time in the organization's timezone, as the invitation does", async () => {
    const [{ closes_at: closesAt, org_id: orgId }] = await env.db.query(`SELECT closes_at, org_id FROM campaigns WHERE id = $1`, [campaignId]);
    await env.db.query(`UPDATE organizations SET timezone = 'Pacific/Auckland' WHERE id = $1`, [orgId]);
    const local = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Pacific/Auckland' }).format(closesAt);
    const res = await env.http().get(`/s/${links[0]}`).expect(200);
    expect(res.text).toContain(`Open until ${local} (Pacific/Auckland).`);
    expect(res.text).not.toContain('UTC');
  });

  it('refuses a form without its CSRF token', async () => {
    const agent = env.http();
    await agent.get(`/s/${links[2]}`).expect(200);
    const res = await agent.post(`/s/${links[2]}`).type('form').send({ q_ps_take_risks: '5' });
    expect(res.status).toBe(403);
    expect((await env.http().get(`/api/v1/surveys/${links[2]}`)).body.answered).toBe(false);
  });

  it('shows the form again with a message when nothing was answered', async () => {
    const agent = env.http();
    const form = await agent.get(`/s/${links[2]}`).expect(200);
    const res = await agent.post(`/s/${links[2]}`).type('form').send({ _csrf: csrfOf(form.text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('Answer at least one question');
  });

  it('explains an invalid link and offers to send it again', async () => {
    const res = await env.http().get(`/s/${'A'.repeat(64)}`).expect(404);
    expect(res.text).toContain('This link does not work');
    expect(res.text).toContain('action="/s/resend"');
  });

  it('explains a closed survey with 410', async () => {
    const team = await teamWithMembers(env, auth, 'Closing', 2);
    const campaign = await launchedCampaign(env, auth, { teamIds: [team.id] });
    const [link] = (await linksOf(env, campaign.id)).values();
    await env.http().post(`/api/v1/surveys/${link}/response`).send({ answers: answersAll(4) }).expect(201);
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(auth).expect(200);
    const res = await env.http().get(`/s/${link}`).expect(410);
    expect(res.text).toContain('This survey has closed');
  });
});
