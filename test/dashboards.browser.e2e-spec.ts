import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { answersAll, hoursFromNow, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';

type Auth = { Authorization: string };

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The dashboards in a real browser (Debian's chromium through playwright-core; .ci/run installs
 * it, nothing is downloaded): a manager gets the mailed sign-in link, signs in, reads their
 * team's page and changes survey with the keyboard, and is refused another team and the
 * comparison; HR sees the heatmap. Screenshots are saved to test-artifacts/.
 */
jest.setTimeout(60_000);

describe('dashboards in a browser', () => {
  let sink: SmtpSink;
  let env: TestEnv;
  let browser: Browser;
  let base: string;
  let hr: Auth;
  let hrEmail: string;
  const managerEmail = 'mia.manager@example.com';
  let platform: string;
  let sales: string;
  let tiny: string;
  let winter: string;
  let spring: string;

  async function scoredCampaign(name: string, closesInHours: number, values: Record<string, number[]>, comments: Record<string, string> = {}) {
    const campaign = await launchedCampaign(env, hr, { name, teamIds: [platform, sales, tiny], closesAt: hoursFromNow(closesInHours) });
    const links = await linksOf(env, campaign.id);
    for (const [prefix, answers] of Object.entries(values)) {
      const emails = [...links.keys()].filter((e) => e.startsWith(prefix)).sort();
      for (let i = 0; i < answers.length; i++) {
        const body: Record<string, unknown> = { answers: answersAll(answers[i]) };
        if (i === 0 && comments[prefix]) body.comment = comments[prefix];
        await env.http().post(`/api/v1/surveys/${links.get(emails[i])}/response`).send(body).expect(201);
      }
    }
    await env.http().post(`/api/v1/campaigns/${campaign.id}/close`).set(hr).expect(200);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await env.http().get(`/api/v1/campaigns/${campaign.id}`).set(hr).expect(200);
      if (body.status === 'scored') return campaign.id;
      if (Date.now() > deadline) throw new Error(`campaign ${name} is ${body.status}, not scored`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Asks for a link on /login, opens the mailed link (on our real address) and presses "Sign in". */
  async function signIn(context: BrowserContext, email: string): Promise<Page> {
    const page = await context.newPage();
    const isLink = (m: { to: string[]; subject: string }) => m.to.includes(email) && m.subject.startsWith('Sign in to Rapport');
    const before = sink.messages.filter(isLink).length;
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText('Check your email').waitFor();
    const mail = (await sink.waitFor(isLink, before + 1))[before];
    const path = /http:\/\/rapport\.test(\/auth\/magic\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    if (!path) throw new Error('no sign-in link in the mail');
    await page.goto(`${base}${path}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/dashboard`);
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    sink = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: sink.url });
    const org = await env.createOrg('Northwind');
    hr = org.auth;
    [{ email: hrEmail }] = await env.db.query(`SELECT email FROM users WHERE id = $1`, [org.userId]);
    await env.startWorker();
    await env.api.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.api.getHttpServer().address() as AddressInfo).port}`;

    platform = (await teamWithMembers(env, hr, 'Platform', 7)).id;
    sales = (await teamWithMembers(env, hr, 'Sales', 6)).id;
    tiny = (await teamWithMembers(env, hr, 'Tiny', 2)).id;
    const mia = await env.http().post('/api/v1/users').set(hr).send({ email: managerEmail, name: 'Mia Manager', role: 'manager' }).expect(201);
    await env.http().patch(`/api/v1/teams/${platform}`).set(hr).send({ managerIds: [mia.body.id] }).expect(200);

    // Tiny (2 answers) is hidden, and Sales, the smallest shown sibling, is hidden to protect it.
    winter = await scoredCampaign('Winter pulse', 24, { platform: [4, 5, 4, 5, 4, 5, 3], sales: [5, 5, 6, 6, 5, 5], tiny: [2, 3] });
    spring = await scoredCampaign(
      'Spring pulse',
      48,
      { platform: [5, 6, 5, 6, 6, 5, 6], sales: [5, 6, 6, 6, 5, 5], tiny: [4, 4] },
      { platform: 'We fixed the on-call rota together <3' },
    );

    browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    await sink?.stop();
  });

  it('takes a manager from the mailed link to their team page, readable on a phone and usable by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    try {
      const page = await signIn(context, managerEmail);
      await expect(page.getByRole('heading', { level: 2, name: 'Your teams' }).isVisible()).resolves.toBe(true);
      await expect(page.locator(`a[href="/dashboard/teams/${tiny}"]`).count()).resolves.toBe(0);
      await page.getByRole('link', { name: 'Platform' }).click();
      await page.waitForURL(`${base}/dashboard/teams/${platform}`);

      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Platform');
      // Charts are images with text alternatives; the latest survey is shown with its change.
      const scores = page.getByRole('img', { name: /Relationship scores for Platform, Spring pulse/ });
      await expect(scores.isVisible()).resolves.toBe(true);
      await expect(page.getByRole('img', { name: /index and dimension scores over time/ }).isVisible()).resolves.toBe(true);
      await expect(page.getByText(/since Winter pulse/).first().isVisible()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: /A conversation to have/ }).isVisible()).resolves.toBe(true);
      await expect(page.getByText('We fixed the on-call rota together <3').isVisible()).resolves.toBe(true);
      // Nothing sticks out sideways on a phone: the page is as wide as the screen.
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-team-phone.png'), fullPage: true });

      // Keyboard only: Tab to the survey picker, choose the other survey, Tab to "Show", Enter.
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'campaignId'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate<string>("document.activeElement?.id ?? ''");
      }
      expect(focused).toBe('campaignId');
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('#campaignId').inputValue()).resolves.toBe(winter);
      await page.keyboard.press('Tab');
      await expect(page.evaluate<string>('document.activeElement?.textContent')).resolves.toBe('Show');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/dashboard/teams/${platform}?campaignId=${winter}`);
      await expect(page.getByRole('img', { name: /Relationship scores for Platform, Winter pulse/ }).isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });

  it('refuses a manager another team and the comparison page, and shows none of their data', async () => {
    const context = await browser.newContext();
    try {
      const page = await signIn(context, managerEmail);
      const other = await page.goto(`${base}/dashboard/teams/${sales}`);
      expect(other?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
      await expect(page.locator('svg').count()).resolves.toBe(0);
      await expect(page.content()).resolves.not.toContain('Sales');
      const org = await page.goto(`${base}/dashboard/org`);
      expect(org?.status()).toBe(403);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not allowed');
      await expect(page.locator('table').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows HR every team on one heatmap, with hidden cells said in words', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    try {
      const page = await signIn(context, hrEmail);
      await page.getByRole('link', { name: 'Compare all teams on one page' }).click();
      await page.waitForURL(`${base}/dashboard/org`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Compare all teams');
      const table = page.getByRole('table', { name: /Scores from 0 to 100 by team and dimension, Spring pulse/ });
      await expect(table.isVisible()).resolves.toBe(true);
      await expect(table.getByRole('columnheader', { name: 'Psychological safety' }).isVisible()).resolves.toBe(true);
      const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
      await expect(row('Platform').getByRole('cell').count()).resolves.toBe(7); // participation, index, five dimensions
      await expect(row('Tiny').getByText('hidden: fewer than 5 answers').count()).resolves.toBe(6);
      await expect(row('Sales').getByText('hidden to protect a smaller group').count()).resolves.toBe(6);
      await expect(row('Whole organization').getByRole('cell').first().textContent()).resolves.toBe('100.0% (15 of 15)');
      await expect(page.getByRole('heading', { name: 'Reliability of each dimension' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-org-heatmap.png'), fullPage: true });

      // The picker switches survey without JavaScript: a plain GET form.
      await page.locator('#campaignId').selectOption(winter);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(`${base}/dashboard/org?campaignId=${winter}`);
      await expect(page.getByRole('table', { name: /by team and dimension, Winter pulse/ }).isVisible()).resolves.toBe(true);
      expect(spring).toBeDefined();
    } finally {
      await context.close();
    }
  });
});
