import { INestApplicationContext } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { SessionsService } from '../src/auth/sessions.service';
import { DevMailCatcher } from '../src/mail/dev-mail-catcher.service';
import { ReportsService } from '../src/reports/reports.service';
import { ScoringService } from '../src/scoring/scoring.service';
import { AGREE_KEYS, launchedCampaign, linksOf, teamWithMembers } from './support/campaigns';
import { insertClosedCampaign, insertTeams, SHORT_SURVEY_KEYS, shortSurveyAnswers } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1200, height: 900 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The survey page and the results pages and mails in Debian's chromium, at a phone's and a
 * desktop's width, as a respondent, HR and a manager see them (no JavaScript on our side: the
 * page ships none). Screenshots go to test-artifacts/. Mail is caught by the development
 * catcher, so /dev/mail is looked at too.
 */
jest.setTimeout(90_000);

describe('reading in a browser', () => {
  let env: TestEnv;
  let worker: INestApplicationContext;
  let browser: Browser;
  let base: string;
  let links: string[];
  let hrCookie: { name: string; value: string };
  let teamId: string;
  let campaignId: string;
  let ableId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    mkdirSync(ARTIFACTS, { recursive: true });
    env = await startTestEnv({ DEV_SMTP_PORT: String(await freePort()) });
    const { orgId, userId, auth } = await env.createOrg('Readers');
    await env.db.query(`UPDATE organizations SET timezone = 'Europe/Paris' WHERE id = $1`, [orgId]);
    worker = await env.startWorker();
    await env.api.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.api.getHttpServer().address() as AddressInfo).port}`;

    // The full survey: 24 agreement items and the 0–10 item.
    const team = await teamWithMembers(env, auth, 'Field Ops', 3);
    const open = await launchedCampaign(env, auth, { name: 'Full survey', teamIds: [team.id], questionKeys: [...AGREE_KEYS, 'recommend'] });
    links = [...(await linksOf(env, open.id)).values()];

    const teams = await insertTeams(env.db, orgId, [{ name: 'Beta' }, { name: 'Mango', parent: 'Beta' }, { name: 'Alpha' }, { name: 'Able', parent: 'Beta' }, { name: 'Zulu', parent: 'Alpha' }, { name: 'Wee', parent: 'Beta' }]);
    const person = (t: string, v: number) => ({ teamId: teams[t].id, answers: shortSurveyAnswers(v) });
    const manager = await env.http().post('/api/v1/users').set(auth).send({ email: 'mia@example.com', name: 'Mia', role: 'manager' }).expect(201);
    await env.db.query(`INSERT INTO team_managers (org_id, team_id, user_id) VALUES ($1, $2, $3), ($1, $4, $3)`, [orgId, teams.Alpha.id, manager.body.id, teams.Beta.id]);
    campaignId = await insertClosedCampaign(env.db, {
      orgId, name: 'Autumn', tree: Object.values(teams), threshold: 5, questionKeys: SHORT_SURVEY_KEYS,
      responses: [...[5, 6, 6, 6, 7].map((v) => person('Alpha', v)), ...[4, 5, 5, 6, 6].map((v) => person('Zulu', v)), ...[3, 4, 5, 5, 6].map((v) => person('Able', v)), ...[5, 5, 6, 6, 7, 6].map((v) => person('Mango', v)), ...[4, 5, 6].map((v) => person('Wee', v))],
      invited: { [teams.Wee.id]: 6 },
    });
    // Able is hidden to protect Wee (3 of 6 answered); its manager's mail is looked at too.
    const pat = await env.http().post('/api/v1/users').set(auth).send({ email: 'pat@example.com', name: 'Pat', role: 'manager' }).expect(201);
    await env.db.query(`INSERT INTO team_managers (org_id, team_id, user_id) VALUES ($1, $2, $3)`, [orgId, teams.Able.id, pat.body.id]);
    ableId = teams.Able.id;
    teamId = teams.Alpha.id;
    await worker.get(ScoringService).score(campaignId);
    await worker.get(ReportsService).write(campaignId);
    hrCookie = { name: 'rapport_session', value: await env.api.get(SessionsService).create(env.db.manager, orgId, userId) };
    const catcher = env.api.get(DevMailCatcher);
    for (const deadline = Date.now() + 30_000; catcher.messages().filter((m) => m.subject.endsWith(': Autumn')).length < 3; await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() > deadline) throw new Error('the report mails were not caught');
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  async function withPage<T>(viewport: { width: number; height: number }, work: (page: Page) => Promise<T>, cookie = false): Promise<T> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, javaScriptEnabled: false });
    if (cookie) await context.addCookies([{ ...hrCookie, url: base }]);
    try {
      return await work(await context.newPage());
    } finally {
      await context.close();
    }
  }

  const height = (page: Page) => page.evaluate<number>('document.documentElement.scrollHeight');
  const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  it('the full survey on a phone: compact, a clear choice, keyboard usable, local closing time, no sideways scrolling', async () => {
    await withPage(PHONE, async (page) => {
      await page.goto(`${base}/s/${links[0]}`);
      await page.screenshot({ path: join(ARTIFACTS, 'survey-phone.png'), fullPage: true });
      // It was 10,500 px tall at this width, one radio button a row.
      expect(await height(page)).toBeLessThan(4500);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await expect(page.getByText(/Open until \w+day, \d+ \w+ \d{4} at \d\d:\d\d \(Europe\/Paris\)/).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('group', { name: /Question 3 of 25/ }).isVisible()).resolves.toBe(true);

      // A real radio group: picked by its label, then moved with the arrow keys.
      const q1 = page.getByRole('group', { name: /Question 1 of 25/ });
      await q1.getByRole('radio', { name: '2 Disagree' }).check();
      await page.keyboard.press('ArrowRight');
      await expect(q1.getByRole('radio', { name: '3 Somewhat disagree' }).isChecked()).resolves.toBe(true);
      // The chosen box is filled, not just a dot: white on blue.
      const chosen = await page.evaluate<string>(`getComputedStyle(document.querySelector('fieldset input:checked + .box')).backgroundColor`);
      expect(chosen).toBe('rgb(29, 79, 184)');
      await page.getByRole('group', { name: /Question 25 of 25/ }).getByRole('radio', { name: '9' }).check();
      await page.screenshot({ path: join(ARTIFACTS, 'survey-phone-chosen.png') });
      // The send bar sticks to the bottom of the screen while answering.
      const bar = await page.locator('.send').boundingBox();
      expect(bar!.y + bar!.height).toBeLessThanOrEqual(PHONE.height + 1);

      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.waitForURL(`${base}/s/${links[0]}/thanks`);
      await expect(page.getByText('Your answers to Full survey are saved.').isVisible()).resolves.toBe(true);
      await page.goto(`${base}/s/${links[0]}`);
      await expect(page.getByText(/Your answers have been received/).isVisible()).resolves.toBe(true);
      await expect(page.getByText(/your new answers replace all of your earlier ones/).isVisible()).resolves.toBe(true);
      await expect(page.locator('input:checked').count()).resolves.toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'survey-phone-revisit.png') });
    });
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/s/${links[1]}`);
      await page.screenshot({ path: join(ARTIFACTS, 'survey-desktop.png'), fullPage: true });
      expect(await height(page)).toBeLessThan(4500);
    });
  });

  it('the team and organization pages at both widths', async () => {
    for (const [name, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
      await withPage(viewport, async (page) => {
        await page.goto(`${base}/dashboard/teams/${teamId}?campaignId=${campaignId}`);
        await expect(page.getByText(/eNPS \+60 \(on −100 to 100\)/).first().isVisible()).resolves.toBe(true);
        await page.screenshot({ path: join(ARTIFACTS, `team-page-${name}.png`), fullPage: true });
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await page.goto(`${base}/dashboard/org?campaignId=${campaignId}`);
        const rows = await page.locator('table.heatmap tbody th').allTextContents();
        expect(rows.map((r) => r.replace(': own members only', ' (own)'))).toEqual(['Whole organization', 'Alpha', 'Alpha (own)', 'Zulu', 'Beta', 'Able', 'Mango', 'Wee']);
        await page.screenshot({ path: join(ARTIFACTS, `org-page-${name}.png`), fullPage: true });
        await page.goto(`${base}/dashboard/teams/${ableId}?campaignId=${campaignId}`);
        await expect(page.getByText(/more answers from this team would not change it/).isVisible()).resolves.toBe(true);
        await page.screenshot({ path: join(ARTIFACTS, `team-page-protected-${name}.png`), fullPage: true });
      }, true);
    }
  });

  it('/dev/mail shows each mail as HTML, with its text part a click away; the report mails at both widths', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/dev/mail`);
      const frame = page.frameLocator('iframe[title="Organization summary: Autumn: HTML part"]');
      await expect(frame.getByRole('heading', { name: 'Autumn: organization summary' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'dev-mail.png') });
      const text = page.locator('article', { hasText: 'Organization summary: Autumn' }).locator('details');
      await text.locator('summary').click();
      await expect(text.locator('pre').textContent()).resolves.toContain('Scores by team');
    });
    const mails = env.api.get(DevMailCatcher).messages().filter((m) => m.subject.endsWith(': Autumn'));
    for (const mail of mails) {
      const kind = mail.subject.startsWith('Organization') ? 'hr-summary' : `manager-report-${mail.to.split('@')[0]}`;
      for (const [name, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
        await withPage(viewport, async (page) => {
          await page.setContent(mail.html);
          await page.screenshot({ path: join(ARTIFACTS, `mail-${kind}-${name}.png`), fullPage: true });
        });
      }
    }
  });
});
