import { INestApplicationContext } from '@nestjs/common';
import tQuantile = require('@stdlib/stats-base-dists-t-quantile');
import { QuestionScoresPerGroup1764055000000 } from '../migrations/1764055000000-QuestionScoresPerGroup';
import { QueueService } from '../src/queues/queue.service';
import { ScoringJobsHandler } from '../src/scoring/scoring-jobs.handler';
import { ScoringService } from '../src/scoring/scoring.service';
import { insertClosedCampaign, insertTeams, prng, scoringRows, TreeTeam } from './support/closed-campaign';
import { startTestEnv, TestEnv } from './support/harness';

/**
 * The scoring worker against real PostgreSQL: statistics checked against values worked out by
 * hand below, then a generated campaign checked against an independent computation in plain
 * JS, re-scoring, an empty campaign, and the job path.
 */
describe('scoring', () => {
  let env: TestEnv;
  let worker: INestApplicationContext;
  let scoring: ScoringService;
  let orgId: string;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv();
    ({ orgId, auth } = await env.createOrg());
    worker = await env.startWorker();
    scoring = worker.get(ScoringService);
  });
  afterAll(() => env.close());

  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const scoreRow = async (campaignId: string, dimension: string, scope = 'org', teamId: string | null = null) => {
    const [row] = await env.db.query<Record<string, unknown>[]>(
      `SELECT * FROM group_scores WHERE campaign_id = $1 AND dimension = $2 AND scope = $3 AND team_id IS NOT DISTINCT FROM $4`,
      [campaignId, dimension, scope, teamId],
    );
    return row;
  };

  describe('statistics worked out by hand', () => {
    let campaignId: string;
    let team: TreeTeam;

    beforeAll(async () => {
      ({ T: team } = await insertTeams(env.db, orgId, [{ name: 'T' }]));
      // Threshold 1 so nothing is suppressed: this block is about the numbers.
      campaignId = await insertClosedCampaign(env.db, {
        orgId,
        tree: [team],
        threshold: 1,
        // psychological safety: 3 items, two reverse-keyed; trust: 2; learning: 1; co-creation: 1; eNPS.
        questionKeys: ['ps_mistakes_held', 'ps_raise_problems', 'ps_rejected_different', 'trust_follow_through', 'trust_good_intent',
          'learn_honest_feedback', 'cocreate_ownership', 'recommend'],
        invited: { [team.id]: 8 },
        responses: [
          // R1: PS keyed 6,6,7 (Σ19,k3); trust 7,7; learning 4; co-creation 6; recommend 10
          { teamId: team.id, answers: { ps_mistakes_held: 2, ps_raise_problems: 6, ps_rejected_different: 1, trust_follow_through: 7, trust_good_intent: 7, learn_honest_feedback: 4, cocreate_ownership: 6, recommend: 10 } },
          // R2: PS keyed 4,5,5 (Σ14); trust 3,3; learning 4; recommend 6
          { teamId: team.id, answers: { ps_mistakes_held: 4, ps_raise_problems: 5, ps_rejected_different: 3, trust_follow_through: 3, trust_good_intent: 3, learn_honest_feedback: 4, recommend: 6 } },
          // R3: PS 1 of 3 items → left out of PS; trust 1 of 2 (half: kept), 5; recommend 9
          { teamId: team.id, answers: { ps_raise_problems: 2, trust_follow_through: 5, recommend: 9 } },
          // R4: PS keyed 1,1 (2 of 3 items, Σ2,k2); nothing else
          { teamId: team.id, answers: { ps_mistakes_held: 7, ps_rejected_different: 7 } },
          // R5: trust 4,4; learning 4; recommend 8
          { teamId: team.id, answers: { trust_follow_through: 4, trust_good_intent: 4, learn_honest_feedback: 4, recommend: 8 } },
          // R6: answered nothing at all; still a respondent.
          { teamId: team.id, answers: {} },
        ],
      });
      await scoring.score(campaignId);
    });

    it('scores a dimension with a skipped item and a respondent left out (fewer than half the items)', async () => {
      // PS respondents: R1 s=19/3 → (19−3)·100/18 = 800/9; R2 s=14/3 → 550/9; R4 s=1 → 0. R3 left out.
      const ps = await scoreRow(campaignId, 'psychological_safety');
      expect(ps.n).toBe(3);
      expect(num(ps.score)).toBeCloseTo(50, 6); // (800/9 + 550/9 + 0) / 3 = 1350/27
      // deviations 350/9, 100/9, −450/9: Σ² = 335000/81; var = 167500/81; sd = √2067.9012…
      expect(num(ps.sd)).toBeCloseTo(Math.sqrt(167500 / 81), 5);
      // t(2) = 4.303: half-width 4.303·45.474/√3 ≈ 112.97 → clipped to 0 and 100
      expect(num(ps.ci_low)).toBe(0);
      expect(num(ps.ci_high)).toBe(100);
      // integer sums: R1 19 ≥ 15 favorable; R2 14 neutral; R4 2 ≤ 6 unfavorable
      expect(num(ps.favorable)).toBeCloseTo(100 / 3, 5);
      expect(num(ps.neutral)).toBeCloseTo(100 / 3, 5);
      expect(num(ps.unfavorable)).toBeCloseTo(100 / 3, 5);
    });

    it('keeps a respondent who answered exactly half of a dimension', async () => {
      // trust: R1 100, R2 (6−2)·100/12 = 33.33…, R3 (5−1)·100/6 = 66.66…, R5 (8−2)·100/12 = 50
      const trust = await scoreRow(campaignId, 'trust');
      expect(trust.n).toBe(4);
      expect(num(trust.score)).toBeCloseTo(62.5, 6);
      // deviations 37.5, −29.1667, 4.1667, −12.5: Σ² = 2430.5556 (= 87500/36); var = Σ²/3
      const variance = (37.5 ** 2 + (100 / 3 - 62.5) ** 2 + (200 / 3 - 62.5) ** 2 + 12.5 ** 2) / 3;
      expect(num(trust.sd)).toBeCloseTo(Math.sqrt(variance), 5);
      const half = (3.182446305284263 * Math.sqrt(variance)) / 2; // t(3) = 3.182446 (R: qt(0.975, 3)), √4 = 2
      expect(num(trust.ci_low)).toBeCloseTo(62.5 - half, 5);
      expect(num(trust.ci_high)).toBeCloseTo(Math.min(100, 62.5 + half), 5); // 62.5 + 45.3 clipped to 100
      // R1 14 ≥ 10 and R3 5 ≥ 5 favorable; R2 6 ≤ 6 unfavorable; R5 8 neutral
      expect([num(trust.favorable), num(trust.neutral), num(trust.unfavorable)]).toEqual([50, 25, 25]);
    });

    it('gives zero spread and a zero-width interval when everyone agrees', async () => {
      const learning = await scoreRow(campaignId, 'learning');
      expect(learning.n).toBe(3);
      expect([num(learning.score), num(learning.sd), num(learning.ci_low), num(learning.ci_high)]).toEqual([50, 0, 50, 50]);
      expect([num(learning.favorable), num(learning.neutral), num(learning.unfavorable)]).toEqual([0, 100, 0]);
    });

    it('has no spread and no interval for n = 1', async () => {
      const cocreation = await scoreRow(campaignId, 'co_creation');
      expect(cocreation.n).toBe(1);
      expect(num(cocreation.score)).toBeCloseTo(500 / 6, 5); // (6 − 1)/6·100
      expect([cocreation.sd, cocreation.ci_low, cocreation.ci_high]).toEqual([null, null, null]);
      expect(num(cocreation.favorable)).toBe(100);
    });

    it('computes the index over the dimensions present, eNPS and participation', async () => {
      const [org] = await env.db.query(`SELECT * FROM group_results WHERE campaign_id = $1 AND scope = 'org'`, [campaignId]);
      expect([org.invited, org.responded, org.suppressed]).toEqual([8, 6, false]);
      expect(num(org.index)).toBeCloseTo((50 + 62.5 + 50 + 500 / 6) / 4, 5); // repair not asked
      // recommend: 10, 6, 9, 8 → promoters 2, detractors 1 of 4 → 25
      expect([org.enps_n, num(org.enps)]).toEqual([4, 25]);
      // A single leaf team is its own subtree, with the same numbers, and no 'direct' group.
      const groups = await env.db.query(`SELECT scope, team_id FROM group_results WHERE campaign_id = $1 ORDER BY position`, [campaignId]);
      expect(groups).toEqual([{ scope: 'org', team_id: null }, { scope: 'subtree', team_id: team.id }]);
      expect(num((await scoreRow(campaignId, 'trust', 'subtree', team.id)).score)).toBeCloseTo(62.5, 6);
    });

    it('scores questions after reverse keying with the raw distribution', async () => {
      const q = async (key: string) =>
        (await env.db.query<Record<string, unknown>[]>(`SELECT * FROM question_scores WHERE campaign_id = $1 AND scope = 'org' AND question_key = $2`, [campaignId, key]))[0];
      const mistakes = await q('ps_mistakes_held'); // raw 2, 4, 7 → keyed 6, 4, 1
      expect(mistakes.n).toBe(3);
      expect(num(mistakes.mean)).toBeCloseTo(11 / 3, 5);
      expect(num(mistakes.favorable)).toBeCloseTo(100 / 3, 5);
      expect(mistakes.distribution).toEqual([0, 1, 0, 1, 0, 0, 1]);
      const recommend = await q('recommend'); // 10, 6, 9, 8
      expect(num(recommend.mean)).toBe(8.25);
      expect(num(recommend.favorable)).toBe(50);
      expect(recommend.distribution).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1]);
    });

    it('counts no answer stored outside its question\'s scale, nor one to a question the campaign did not ask', async () => {
      const { U: other } = await insertTeams(env.db, orgId, [{ name: 'U' }]);
      const id = await insertClosedCampaign(env.db, {
        orgId,
        tree: [other],
        threshold: 1,
        questionKeys: ['trust_follow_through', 'trust_good_intent', 'recommend'],
        invited: { [other.id]: 3 },
        responses: [
          { teamId: other.id, answers: { trust_follow_through: 7, trust_good_intent: 5, recommend: 9 } },
          // Rows the API never stores (0 and 9 on a 1–7 item, 11 on 0–10, an item not asked), as a damaged copy might hold them.
          { teamId: other.id, answers: { trust_follow_through: 0, trust_good_intent: 9, recommend: 11, learn_honest_feedback: 4 } },
        ],
      });
      await scoring.score(id);
      const questions = await env.db.query(
        `SELECT question_key, n, mean::float8 AS mean FROM question_scores WHERE campaign_id = $1 AND scope = 'org' ORDER BY question_key`,
        [id],
      );
      expect(questions).toEqual([
        { question_key: 'recommend', n: 1, mean: 9 },
        { question_key: 'trust_follow_through', n: 1, mean: 7 },
        { question_key: 'trust_good_intent', n: 1, mean: 5 },
      ]);
      // Trust holds the first respondent alone: 7 and 5, (12 − 2)·100/(6·2).
      const trust = await scoreRow(id, 'trust');
      expect(trust.n).toBe(1);
      expect(num(trust.score)).toBeCloseTo(1000 / 12, 5);
      const [org] = await env.db.query(`SELECT responded, enps_n FROM group_results WHERE campaign_id = $1 AND scope = 'org'`, [id]);
      expect(org).toEqual({ responded: 2, enps_n: 1 });
    });

    it('leaves alpha null for one item and for fewer than 30 complete cases', async () => {
      const rows = await env.db.query(`SELECT dimension, items, complete_cases, alpha FROM campaign_reliability WHERE campaign_id = $1 ORDER BY dimension`, [campaignId]);
      expect(rows).toEqual([
        { dimension: 'co_creation', items: 1, complete_cases: 1, alpha: null },
        { dimension: 'learning', items: 1, complete_cases: 3, alpha: null },
        { dimension: 'psychological_safety', items: 3, complete_cases: 2, alpha: null },
        { dimension: 'trust', items: 2, complete_cases: 3, alpha: null },
      ]);
    });

    it('marks the campaign scored', async () => {
      const [c] = await env.db.query(`SELECT status, scored_at FROM campaigns WHERE id = $1`, [campaignId]);
      expect(c.status).toBe('scored');
      expect(c.scored_at).toBeInstanceOf(Date);
    });
  });

  describe('Cronbach alpha and the Welch delta by hand', () => {
    it('computes alpha over complete cases', async () => {
      const { A } = await insertTeams(env.db, orgId, [{ name: 'A' }]);
      // 30 complete cases over two trust items (pattern repeated 10×) plus one incomplete case that must not count.
      const pattern = [[7, 6], [4, 5], [2, 2]];
      const responses = Array.from({ length: 30 }, (_, i) => ({
        teamId: A.id,
        answers: { trust_follow_through: pattern[i % 3][0], trust_good_intent: pattern[i % 3][1] },
      }));
      responses.push({ teamId: A.id, answers: { trust_follow_through: 1 } as never });
      const id = await insertClosedCampaign(env.db, { orgId, tree: [A], threshold: 5, questionKeys: ['trust_follow_through', 'trust_good_intent'], responses });
      await scoring.score(id);
      // item 1: 7,4,2 ×10 → mean 13/3; item 2: 6,5,2 → mean 13/3; totals 13, 9, 4 → mean 26/3
      const v = (xs: number[]) => {
        const m = xs.reduce((a, b) => a + b, 0) / xs.length;
        return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
      };
      const rep = (xs: number[]) => Array.from({ length: 30 }, (_, i) => xs[i % 3]);
      const alpha = 2 * (1 - (v(rep([7, 4, 2])) + v(rep([6, 5, 2]))) / v(rep([13, 9, 4])));
      const [row] = await env.db.query(`SELECT items, complete_cases, alpha FROM campaign_reliability WHERE campaign_id = $1`, [id]);
      expect([row.items, row.complete_cases]).toEqual([2, 30]);
      expect(num(row.alpha)).toBeCloseTo(alpha, 5);
      // by hand: Σ item variances / total variance = (114 + 78) / 366 per 9·29/10 → α = 2·(1 − 192/366)
      expect(alpha).toBeCloseTo(348 / 366, 10);
    });

    it('compares with the previous campaign that asked the same items: delta and Welch significance', async () => {
      const { W } = await insertTeams(env.db, orgId, [{ name: 'W' }]);
      const keys = ['trust_follow_through', 'trust_good_intent'];
      const at = (days: number) => new Date(Date.now() - days * 86400_000);
      const mk = (values: number[][], days: number, questionKeys = keys) =>
        insertClosedCampaign(env.db, {
          orgId,
          tree: [W],
          threshold: 3,
          closesAt: at(days),
          questionKeys,
          responses: values.map(([a, b]) => ({ teamId: W.id, answers: { trust_follow_through: a, trust_good_intent: b, learn_honest_feedback: 4 } })),
        });
      // first: s100 = 50, 50, 66.67, 33.33 (mean 50); second: 100 ×4 (zero variance)
      const first = await mk([[4, 4], [4, 4], [5, 5], [3, 3]], 30);
      await scoring.score(first);
      // a campaign in between that asked other trust items does not count as "previous"
      const other = await mk([[1, 1], [1, 1], [1, 1]], 20, ['trust_follow_through', 'learn_honest_feedback']);
      await scoring.score(other);
      const second = await mk([[7, 7], [7, 7], [7, 7], [7, 7]], 10, [...keys, 'learn_honest_feedback']);
      await scoring.score(second);

      const row = await scoreRow(second, 'trust', 'subtree', W.id);
      expect(row.previous_campaign_id).toBe(first);
      expect(num(row.delta)).toBeCloseTo(50, 5);
      // s₁² = (0 + 0 + (50/3)² + (50/3)²)/3 = 185.19; a = 0 (no spread now), b = s₁²/4 = 46.30;
      // ν = b²/(b²/3) = 3 → t = 3.182446; bound = 3.182446·√46.30 = 21.65 < 50 → significant
      const s1sq = (2 * (50 / 3) ** 2) / 3;
      const bound = 3.182446305284263 * Math.sqrt(s1sq / 4);
      expect(bound).toBeCloseTo(21.65, 2);
      expect(row.significant).toBe(true);

      // learning (same single item in all three): the previous one is the middle campaign, equal scores → Δ 0, not significant
      const learning = await scoreRow(second, 'learning', 'subtree', W.id);
      expect(learning.previous_campaign_id).toBe(other);
      expect(num(learning.delta)).toBe(0);
      expect(learning.significant).toBe(false); // both sides without spread: significant only if Δ ≠ 0
    });
  });

  describe('a generated organization against an independent computation', () => {
    const questionKeys = ['ps_mistakes_held', 'ps_raise_problems', 'ps_rejected_different', 'ps_take_risks', 'trust_follow_through',
      'trust_good_intent', 'trust_share_openly', 'learn_honest_feedback', 'learn_blind_spots', 'repair_conflict_resolved',
      'repair_own_missteps', 'cocreate_build_on_ideas', 'cocreate_shared_purpose', 'recommend'];
    const reverse = new Set(['ps_mistakes_held', 'ps_rejected_different', 'ps_hard_to_ask']);
    const dimensionOf = (key: string) =>
      key === 'recommend' ? 'enps' : key.startsWith('ps_') ? 'psychological_safety' : key.startsWith('trust_') ? 'trust'
        : key.startsWith('learn_') ? 'learning' : key.startsWith('repair_') ? 'repair' : 'co_creation';
    let campaignId: string;
    let teams: Record<string, TreeTeam>;
    let responses: Array<{ teamId: string; answers: Record<string, number> }>;

    beforeAll(async () => {
      // Root has its own members and children; A has children but no members of its own.
      teams = await insertTeams(env.db, orgId, [
        { name: 'Root' }, { name: 'A', parent: 'Root' }, { name: 'A1', parent: 'A' }, { name: 'A2', parent: 'A' }, { name: 'B', parent: 'Root' },
        { name: 'Tiny', parent: 'Root' },
      ]);
      const sizes: Record<string, number> = { Root: 9, A1: 14, A2: 12, B: 20, Tiny: 2 };
      const rand = prng(42);
      responses = [];
      for (const [name, size] of Object.entries(sizes)) {
        for (let i = 0; i < size; i++) {
          const answers: Record<string, number> = {};
          const lean = rand() * 3 - 1.5;
          for (const key of questionKeys) {
            if (rand() < 0.15) continue; // skipped item
            answers[key] = key === 'recommend' ? Math.floor(rand() * 11) : Math.min(7, Math.max(1, Math.round(4 + lean + (rand() * 4 - 2))));
          }
          responses.push({ teamId: teams[name].id, answers });
        }
      }
      // Tiny has 5 invited (2 answered): a small response count, not a team pooled upward.
      campaignId = await insertClosedCampaign(env.db, { orgId, tree: Object.values(teams), threshold: 5, questionKeys, responses, invited: { [teams.Tiny.id]: 5 } });
      await scoring.score(campaignId);
    });

    /** Plain JS, written apart from the SQL: the respondents of each group and their dimension scores. */
    function reference() {
      const children = (id: string) => Object.values(teams).filter((t) => t.parentId === id);
      const subtreeIds = (id: string): string[] => [id, ...children(id).flatMap((c) => subtreeIds(c.id))];
      const groups: Array<{ scope: string; teamId: string | null; teamIds: string[] }> = [{ scope: 'org', teamId: null, teamIds: Object.values(teams).map((t) => t.id) }];
      for (const t of Object.values(teams)) {
        groups.push({ scope: 'subtree', teamId: t.id, teamIds: subtreeIds(t.id) });
        if (children(t.id).length > 0 && responses.some((r) => r.teamId === t.id)) groups.push({ scope: 'direct', teamId: t.id, teamIds: [t.id] });
      }
      const asked = (dim: string) => questionKeys.filter((k) => dimensionOf(k) === dim);
      const tFor = (df: number) => tQuantile(0.975, df);
      return groups.map((g) => {
        const members = responses.filter((r) => g.teamIds.includes(r.teamId));
        const dims: Record<string, { n: number; score: number; sd: number | null; ciLow: number | null; ciHigh: number | null; fav: number; neu: number; unf: number }> = {};
        for (const dim of ['psychological_safety', 'trust', 'learning', 'repair', 'co_creation']) {
          const items = asked(dim);
          const scores: Array<{ s100: number; sum: number; k: number }> = [];
          for (const r of members) {
            const vals = items.filter((k) => k in r.answers).map((k) => (reverse.has(k) ? 8 - r.answers[k] : r.answers[k]));
            if (vals.length * 2 < items.length || vals.length === 0) continue;
            const sum = vals.reduce((a, b) => a + b, 0);
            scores.push({ s100: ((sum / vals.length - 1) / 6) * 100, sum, k: vals.length });
          }
          const n = scores.length;
          const mean = scores.reduce((a, b) => a + b.s100, 0) / n;
          const sd = n >= 2 ? Math.sqrt(scores.reduce((a, b) => a + (b.s100 - mean) ** 2, 0) / (n - 1)) : null;
          const half = sd === null ? null : (tFor(n - 1) * sd) / Math.sqrt(n);
          const fav = scores.filter((s) => s.sum >= 5 * s.k).length;
          const unf = scores.filter((s) => s.sum <= 3 * s.k).length;
          dims[dim] = {
            n, score: mean, sd,
            ciLow: half === null ? null : Math.max(0, mean - half), ciHigh: half === null ? null : Math.min(100, mean + half),
            fav: (100 * fav) / n, neu: (100 * (n - fav - unf)) / n, unf: (100 * unf) / n,
          };
        }
        const rec = members.filter((r) => 'recommend' in r.answers).map((r) => r.answers.recommend);
        const enps = (100 * (rec.filter((v) => v >= 9).length - rec.filter((v) => v <= 6).length)) / rec.length;
        return { ...g, responded: members.length, dims, enps, enpsN: rec.length };
      });
    }

    it('matches the reference for every shown group and dimension, and hides every group below the threshold', async () => {
      const ref = reference();
      const rows = await env.db.query(`SELECT * FROM group_scores WHERE campaign_id = $1`, [campaignId]);
      const groups = await env.db.query(`SELECT * FROM group_results WHERE campaign_id = $1`, [campaignId]);
      expect(groups).toHaveLength(ref.length);
      let compared = 0;
      for (const g of ref) {
        const gr = groups.find((x: { scope: string; team_id: string | null }) => x.scope === g.scope && x.team_id === g.teamId);
        expect(gr.responded).toBe(g.responded);
        if (g.responded < 5) expect(gr.suppressed).toBe(true);
        for (const [dim, d] of Object.entries(g.dims)) {
          const row = rows.find((x: { scope: string; team_id: string | null; dimension: string }) => x.scope === g.scope && x.team_id === g.teamId && x.dimension === dim);
          expect(row.n).toBe(d.n);
          if (d.n < 5) expect(row.score).toBeNull();
          if (row.suppressed) {
            expect([row.score, row.sd, row.ci_low, row.favorable, row.delta]).toEqual([null, null, null, null, null]);
            continue;
          }
          compared++;
          expect(num(row.score)).toBeCloseTo(d.score, 4);
          expect(num(row.sd)).toBeCloseTo(d.sd as number, 4);
          expect(num(row.ci_low)).toBeCloseTo(d.ciLow as number, 4);
          expect(num(row.ci_high)).toBeCloseTo(d.ciHigh as number, 4);
          expect(num(row.favorable)).toBeCloseTo(d.fav, 4);
          expect(num(row.neutral)).toBeCloseTo(d.neu, 4);
          expect(num(row.unfavorable)).toBeCloseTo(d.unf, 4);
        }
        if (!gr.enps_suppressed) expect(num(gr.enps)).toBeCloseTo(g.enps, 4);
        expect(gr.enps_n).toBe(g.enpsN);
      }
      expect(compared).toBeGreaterThan(20);
      // Tiny (2) is hidden, and so is a sibling under Root so that Root − shown children reveals ≥ 5 people.
      const hidden = groups.filter((g: { suppressed: boolean }) => g.suppressed).map((g: { scope: string; team_id: string }) => `${g.scope}:${g.team_id}`);
      expect(hidden).toContain(`subtree:${teams.Tiny.id}`);
      expect(hidden.length).toBeGreaterThanOrEqual(2);
    });

    it('never lets a hidden group be derived by subtracting shown groups from a shown parent', async () => {
      const groups: Array<{ scope: string; team_id: string | null; suppressed: boolean; responded: number }> = await env.db.query(
        `SELECT scope, team_id, suppressed, responded FROM group_results WHERE campaign_id = $1`,
        [campaignId],
      );
      const key = (g: { scope: string; team_id: string | null }) => `${g.scope}:${g.team_id ?? ''}`;
      const parentOf = (g: { scope: string; team_id: string | null }) => {
        if (g.scope === 'org') return null;
        if (g.scope === 'direct') return `subtree:${g.team_id}`;
        const team = Object.values(teams).find((t) => t.id === g.team_id)!;
        return team.parentId ? `subtree:${team.parentId}` : 'org:';
      };
      for (const parent of groups) {
        if (parent.suppressed && parent.responded < 5) continue;
        const kids = groups.filter((g) => parentOf(g) === key(parent) && g.responded > 0);
        const hidden = kids.filter((k) => k.suppressed);
        if (!parent.suppressed && hidden.length === 0) continue;
        if (kids.length <= 1) continue; // a leaf, or a sole child holding the same people
        expect(hidden.length).toBeGreaterThanOrEqual(2);
        expect(hidden.reduce((s, k) => s + k.responded, 0)).toBeGreaterThanOrEqual(5);
      }
    });

    it('matches the reference per question (after reverse keying) and keeps raw distributions', async () => {
      const rows = await env.db.query(`SELECT * FROM question_scores WHERE campaign_id = $1 AND scope = 'org'`, [campaignId]);
      for (const key of questionKeys) {
        const row = rows.find((r: { question_key: string }) => r.question_key === key);
        const raw = responses.filter((r) => key in r.answers).map((r) => r.answers[key]);
        const keyed = raw.map((v) => (reverse.has(key) ? 8 - v : v));
        expect(row.n).toBe(raw.length);
        expect(num(row.mean)).toBeCloseTo(keyed.reduce((a, b) => a + b, 0) / keyed.length, 4);
        const favorable = keyed.filter((v) => (key === 'recommend' ? v >= 9 : v >= 5)).length;
        expect(num(row.favorable)).toBeCloseTo((100 * favorable) / keyed.length, 4);
        const values = key === 'recommend' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [1, 2, 3, 4, 5, 6, 7];
        expect(row.distribution).toEqual(values.map((v) => raw.filter((x) => x === v).length));
      }
    });

    it('re-scoring deletes and re-inserts identical rows', async () => {
      const before = await scoringRows(env.db, campaignId);
      await scoring.score(campaignId);
      await scoring.score(campaignId);
      expect(await scoringRows(env.db, campaignId)).toEqual(before);
    });

    it('keeps every question score when their storage migration is undone and applied again', async () => {
      const before = await scoringRows(env.db, campaignId);
      expect(before.questions.length).toBeGreaterThan(0);
      const migration = new QuestionScoresPerGroup1764055000000();
      const runner = env.db.createQueryRunner();
      try {
        await migration.down(runner); // back to one stored row per group and question
        expect(await scoringRows(env.db, campaignId)).toEqual(before);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      expect(await scoringRows(env.db, campaignId)).toEqual(before);
      const [{ groups }] = await env.db.query(`SELECT count(*)::int AS groups FROM group_question_scores WHERE campaign_id = $1`, [campaignId]);
      expect(groups).toBe(before.groups.length);
    });
  });

  it('scores a campaign with no answers: every group hidden, participation kept', async () => {
    const { Quiet, QuietChild } = await insertTeams(env.db, orgId, [{ name: 'Quiet' }, { name: 'QuietChild', parent: 'Quiet' }]);
    const id = await insertClosedCampaign(env.db, {
      orgId,
      tree: [Quiet, QuietChild],
      threshold: 5,
      questionKeys: ['trust_follow_through', 'trust_good_intent', 'recommend'],
      invited: { [Quiet.id]: 3, [QuietChild.id]: 4 },
      responses: [],
    });
    const summary = await scoring.score(id);
    expect(summary).toEqual({ campaignId: id, groups: 4, respondents: 0, suppressedGroups: 4 });
    const groups = await env.db.query(`SELECT scope, invited, responded, suppressed, index, enps FROM group_results WHERE campaign_id = $1 ORDER BY position`, [id]);
    expect(groups).toEqual([
      { scope: 'org', invited: 7, responded: 0, suppressed: true, index: null, enps: null },
      { scope: 'subtree', invited: 7, responded: 0, suppressed: true, index: null, enps: null },
      // QuietChild (4 invited) is pooled into Quiet's own members: 3 + 4 = 7 invited there.
      { scope: 'direct', invited: 7, responded: 0, suppressed: true, index: null, enps: null },
      { scope: 'subtree', invited: 4, responded: 0, suppressed: true, index: null, enps: null },
    ]);
    const [{ count }] = await env.db.query(`SELECT count(*)::int AS count FROM group_scores WHERE campaign_id = $1 AND score IS NOT NULL`, [id]);
    expect(count).toBe(0);
    const res = await env.http().get(`/api/v1/campaigns/${id}/results`).set(auth).expect(200);
    expect(res.body.org).toMatchObject({ invited: 7, responded: 0, participation: 0, suppressed: true, index: null, enps: null });
    expect(res.body.reliability).toEqual({ trust: null });
  });

  it('refuses to score a campaign that is not closed', async () => {
    const { Open } = await insertTeams(env.db, orgId, [{ name: 'Open' }]);
    const id = await insertClosedCampaign(env.db, { orgId, tree: [Open], threshold: 5, questionKeys: ['trust_follow_through'], responses: [], status: 'open' });
    await expect(scoring.score(id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('runs as the scoring.score job, and the reconciler re-enqueues closed campaigns that are not scored', async () => {
    const { J } = await insertTeams(env.db, orgId, [{ name: 'J' }]);
    const id = await insertClosedCampaign(env.db, {
      orgId, tree: [J], threshold: 3, questionKeys: ['trust_follow_through'],
      responses: [4, 5, 6].map((v) => ({ teamId: J.id, answers: { trust_follow_through: v } })),
    });
    const enqueued = await worker.get(ScoringJobsHandler).reconcileScoring();
    expect(enqueued).toBeGreaterThanOrEqual(1);
    await env.api.get(QueueService).enqueue('scoring.score', { campaignId: id }); // a duplicate is harmless
    const deadline = Date.now() + 15_000;
    let status = '';
    while (Date.now() < deadline) {
      [{ status }] = await env.db.query(`SELECT status FROM campaigns WHERE id = $1`, [id]);
      if (status === 'scored') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('scored');
    expect(num((await scoreRow(id, 'trust', 'subtree', J.id)).score)).toBeCloseTo(((5 - 1) / 6) * 100, 6);
  });
});
