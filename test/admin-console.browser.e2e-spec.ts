import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { SessionsService } from '../src/auth/sessions.service';
import { answersAll, linksOf } from './support/campaigns';
import { startTestEnv, TestEnv } from './support/harness';
import { SmtpSink } from './support/smtp';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1200, height: 900 };

/**
 * The HR console in a real browser, walked as HR would by labels and roles: create a team,
 * upload a CSV and confirm its preview, create and launch a campaign, watch participation,
 * close it, open the results. Then every console and dashboard page is scanned with axe-core
 * (WCAG 2 A/AA) and photographed on a desktop and a phone (test-artifacts/admin-*.png), and a
 * manager is refused every console page. One browser, one app.
 */
jest.setTimeout(120_000);

describe('HR console in a browser', () => {
  let sink: SmtpSink;
  let env: TestEnv;
  let browser: Browser;
  let base: string;
  let hrCookie: string;
  let managerCookie: string;
  const visited = new Set<string>();

  async function contextFor(cookie: string, viewport = DESKTOP): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await context.addCookies([{ name: 'rapport_session', value: cookie, url: base }]);
    return context;
  }

  /** Remembers the page for the accessibility scan and screenshots at the end. */
  const seen = (page: Page) => visited.add(new URL(page.url()).pathname + new URL(page.url()).search);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    sink = await new SmtpSink().start();
    env = await startTestEnv({ SMTP_URL: sink.url });
    const org = await env.createOrg('Northwind');
    const lead = await env.http().post('/api/v1/users').set(org.auth).send({ email: 'mia@example.com', name: 'Mia Manager', role: 'manager' }).expect(201);
    const sessions = env.api.get(SessionsService);
    hrCookie = await sessions.create(env.db.manager, org.orgId, org.userId);
    managerCookie = await sessions.create(env.db.manager, org.orgId, lead.body.id);
    await env.startWorker();
    await env.api.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.api.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    await sink?.stop();
  });

  it('walks HR from the first team to the results of a closed campaign', async () => {
    const context = await contextFor(hrCookie);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/admin`);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      seen(page);

      // A team, by keyboard: type the name and press Enter.
      await page.getByRole('navigation', { name: 'HR console' }).getByRole('link', { name: 'Teams' }).click();
      await page.getByLabel('Team name').focus();
      await page.keyboard.type('Engineering');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Team “Engineering” created.' }).waitFor();
      seen(page);

      // A CSV with a mistake: the error is shown against its line and nothing is written.
      await page.getByRole('link', { name: 'People' }).click();
      const lines = ['email,name,team,parent_team,manager_email'];
      for (let i = 1; i <= 6; i++) lines.push(`dev${i}@example.com,Dev ${i},Platform,Engineering,mia@example.com`);
      for (let i = 1; i <= 2; i++) lines.push(`ops${i}@example.com,Ops ${i},Ops,Engineering,`);
      for (let i = 1; i <= 3; i++) lines.push(`lead${i}@example.com,Lead ${i},Engineering,,`);
      await page.getByLabel('CSV file contents').fill([...lines, 'not-an-address,Nobody,Platform,,'].join('\n'));
      await page.getByRole('button', { name: 'Preview the changes' }).click();
      await page.getByText('Line 13: "not-an-address" is not an email address').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'admin-people-import-errors.png'), fullPage: true });
      // The corrected file, chosen with the file picker on the same page as HR would, goes through the same preview.
      const file = join(mkdtempSync(join(tmpdir(), 'rapport-upload-')), 'people.csv');
      writeFileSync(file, lines.join('\n'));
      await page.getByLabel('Or choose the corrected file').setInputFiles(file);
      await page.getByRole('button', { name: 'Preview the corrected file' }).click();
      await page.getByRole('heading', { name: 'Members to add' }).waitFor();
      await expect(page.getByText('This file would add 11 member(s), update 0 and create 2 team(s).').isVisible()).resolves.toBe(true);
      await expect(page.getByText('dev1@example.com to Platform').isVisible()).resolves.toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'admin-people-import-preview.png'), fullPage: true });
      await expect(env.db.query(`SELECT count(*)::int AS n FROM members`)).resolves.toEqual([{ n: 0 }]);
      await page.getByRole('button', { name: 'Confirm the import' }).click();
      await page.getByRole('status').filter({ hasText: 'Imported: 11 member(s) added, 0 updated, 2 team(s) created.' }).waitFor();
      seen(page);

      // A campaign from the team-tree picker; its draft page previews who is asked and who is pooled.
      await page.getByRole('link', { name: 'Campaigns' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Spring survey');
      await page.getByRole('group', { name: 'Teams to ask' }).getByLabel('Engineering (3)').check();
      const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 16);
      await page.getByLabel('Closes (UTC)').fill(inFiveDays);
      await page.getByRole('button', { name: 'Create draft' }).click();
      await page.getByRole('heading', { name: 'Who will be asked' }).waitFor();
      const preview = page.getByRole('table', { name: 'Preview of the audience' });
      await expect(preview.getByRole('row').filter({ hasText: 'Ops' }).textContent()).resolves.toContain('fewer than 5: pooled with Engineering');
      await expect(preview.getByRole('row').filter({ hasText: 'Platform' }).textContent()).resolves.toContain('reported on its own');
      seen(page);
      await page.screenshot({ path: join(ARTIFACTS, 'admin-campaign-draft.png'), fullPage: true });
      await page.getByRole('button', { name: 'Launch now' }).click();
      await page.getByRole('status').filter({ hasText: 'Launched' }).waitFor();
      const campaignId = new URL(page.url()).pathname.split('/').pop()!;

      // Members answer through their links; HR watches participation, withheld for the small team.
      const links = await linksOf(env, campaignId);
      for (const email of ['dev1@example.com', 'dev2@example.com', 'dev3@example.com', 'dev4@example.com', 'dev5@example.com', 'ops1@example.com']) {
        await env.http().post(`/api/v1/surveys/${links.get(email)}/response`).send({ answers: answersAll(6) }).expect(201);
      }
      await page.reload();
      const progress = page.getByRole('table', { name: 'Participation per team' });
      await expect(progress.getByRole('row').filter({ hasText: 'Platform' }).textContent()).resolves.toMatch(/Platform\s*6\s*5/);
      await expect(progress.getByRole('row').filter({ hasText: 'Ops' }).textContent()).resolves.toContain('withheld (fewer than 5 invited)');
      await expect(progress.getByRole('row').filter({ hasText: 'Engineering' }).textContent()).resolves.toContain('withheld (fewer than 5 invited)');
      await expect(page.getByText('54.5% (6 of 11)').isVisible()).resolves.toBe(true);
      seen(page);
      await page.screenshot({ path: join(ARTIFACTS, 'admin-campaign-open.png'), fullPage: true });

      await page.getByRole('button', { name: 'Close early' }).click();
      await page.getByRole('status').filter({ hasText: 'Closed. Scoring has started' }).waitFor();
      const deadline = Date.now() + 30_000;
      while (!(await page.getByRole('link', { name: 'Open the results' }).count())) {
        if (Date.now() > deadline) throw new Error('the campaign was not scored within 30 s');
        await new Promise((r) => setTimeout(r, 500));
        await page.reload();
      }
      seen(page);
      await page.getByRole('link', { name: 'Open the results' }).click();
      await page.getByRole('heading', { level: 1, name: 'Compare all teams' }).waitFor();
      await expect(page.getByRole('table', { name: /by team and dimension, Spring survey/ }).isVisible()).resolves.toBe(true);
      seen(page);

      for (const path of ['/admin/campaigns', '/admin/pulses', '/admin/users', '/admin/settings', '/admin/audit', '/dashboard']) visited.add(path);
      const [platform] = await env.db.query(`SELECT id FROM teams WHERE name = 'Platform'`);
      visited.add(`/admin/teams/${platform.id}`);
      visited.add(`/dashboard/teams/${platform.id}`);
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical accessibility violations on any console or dashboard page, and fits a phone', async () => {
    const desktop = await contextFor(hrCookie);
    const phone = await contextFor(hrCookie, PHONE);
    try {
      const [wide, narrow] = [await desktop.newPage(), await phone.newPage()];
      for (const path of visited) {
        const name = path.replace(/^\//, '').replace(/[/?=&]/g, '-').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'id') || 'root';
        const response = await wide.goto(`${base}${path}`);
        expect([path, response?.status()]).toEqual([path, 200]);
        const { violations } = await new AxeBuilder({ page: wide }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.help}`);
        expect(serious).toEqual([]);
        await wide.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`), fullPage: true });
        await narrow.goto(`${base}${path}`);
        const overflow = await narrow.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect([path, overflow]).toEqual([path, 0]);
        await narrow.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
      }
    } finally {
      await desktop.close();
      await phone.close();
    }
  });

  it('refuses a manager every console page (403)', async () => {
    const context = await contextFor(managerCookie);
    try {
      const page = await context.newPage();
      for (const path of [...visited].filter((p) => p.startsWith('/admin'))) {
        const response = await page.goto(`${base}${path}`);
        expect([path, response?.status()]).toEqual([path, 403]);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not allowed');
      }
    } finally {
      await context.close();
    }
  });
});
