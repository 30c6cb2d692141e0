import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TeamResultsView } from '../src/results/results.views';
import { startTestEnv, TestEnv } from './support/harness';

const run = promisify(execFile);

/** The demo command runs the compiled CLI (built by `npm test` before jest starts). */
describe('node dist/cli.js seed-demo / first-run on an empty database', () => {
  let env: TestEnv;
  let cliEnv: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => run('node', [join(__dirname, '..', 'dist', 'cli.js'), ...args], { env: cliEnv, timeout: 120_000 });

  beforeAll(async () => {
    env = await startTestEnv();
    cliEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: env.config.databaseUrl,
      QUEUE_PREFIX: env.config.queuePrefix,
      RAPPORT_MASTER_KEY: env.config.masterKey.toString('base64'),
      PUBLIC_URL: env.config.publicUrl,
    };
  });
  afterAll(() => env.close());

  it('creates a living organization whose three campaigns the worker scores, with believable differences', async () => {
    const { stdout } = await cli('first-run');
    const apiKey = /API key \(shown once\): (rpk_[A-Za-z0-9_-]{43})/.exec(stdout)?.[1];
    expect(apiKey).toBeDefined();
    expect(stdout).toMatch(/sign in \(15 minutes, once\): http:\/\/rapport\.test\/auth\/magic\/\S+/);
    expect(stdout).toContain('/dashboard/org');
    const auth = { Authorization: `Bearer ${apiKey}` };

    const teams = await env.http().get('/api/v1/teams?limit=200').set(auth).expect(200);
    expect(teams.body.items).toHaveLength(13);
    const [{ members }] = await env.db.query(`SELECT count(*)::int AS members FROM members WHERE active`);
    expect(members).toBeGreaterThanOrEqual(110);
    const users = await env.http().get('/api/v1/users').set(auth).expect(200);
    expect(users.body.items.map((u: { role: string }) => u.role).sort()).toEqual(['hr_admin', 'manager', 'manager']);

    await env.startWorker();
    const deadline = Date.now() + 60_000;
    let campaigns: Array<{ id: string; status: string; participation: number }> = [];
    while (Date.now() < deadline) {
      campaigns = (await env.http().get('/api/v1/campaigns').set(auth).expect(200)).body.items;
      if (campaigns.length === 3 && campaigns.every((c) => c.status === 'scored')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(campaigns.map((c) => c.status)).toEqual(['scored', 'scored', 'scored']);
    expect(campaigns.every((c) => c.participation > 60 && c.participation < 95)).toBe(true);

    const latest = campaigns[2];
    const results = await env.http().get(`/api/v1/campaigns/${latest.id}/results`).set(auth).expect(200);
    const byName = new Map(results.body.teams.filter((t: { scope: string }) => t.scope === 'subtree').map((t: { name: string }) => [t.name, t]));
    const index = (name: string) => (byName.get(name) as { index: number | null }).index;
    // Design is set well above Support; the four-person People team is hidden.
    expect(index('Design')!).toBeGreaterThan(index('Support')! + 5);
    expect((byName.get('People') as { suppressed: boolean }).suppressed).toBe(true);

    // Mobile improves campaign after campaign.
    const mobileId = teams.body.items.find((t: { name: string }) => t.name === 'Mobile').id;
    const trend = await env.http().get(`/api/v1/teams/${mobileId}/trend`).set(auth).expect(200);
    const points = trend.body.map((p: { index: number }) => p.index);
    expect(points).toHaveLength(3);
    expect(points[2]).toBeGreaterThan(points[0]);

    // The loop is closed on first start: actions, follow-through, a mirror and a shared result.
    const teamResults = async (name: string) => {
      const id = teams.body.items.find((t: { name: string }) => t.name === name).id;
      return (await env.http().get(`/api/v1/teams/${id}/results?campaignId=${latest.id}`).set(auth).expect(200)).body as TeamResultsView;
    };
    const mobile = await teamResults('Mobile');
    expect(mobile.actions.map((a: { status: string }) => a.status).sort()).toEqual(['done', 'in_progress', 'planned']);
    expect(mobile.followThrough).toMatchObject({ score: expect.any(Number), n: expect.any(Number) });
    expect(mobile.shared).toMatchObject({ recipients: 14, sharedBy: { name: 'Maya Lindqvist' } });
    const platform = await teamResults('Platform');
    expect(platform.mirrorBy).toMatchObject({ name: 'Omar Haddad' });
    expect(platform.blindSpots.length).toBeGreaterThan(0);
    expect((await teamResults('Infrastructure')).actions).toEqual([]);
    const [{ shares }] = await env.db.query(`SELECT count(*)::int AS shares FROM email_outbox WHERE kind = 'results_share'`);
    expect(shares).toBe(14);

    const again = await cli('first-run');
    expect(again.stdout).toContain('existing data kept');
  });
});
