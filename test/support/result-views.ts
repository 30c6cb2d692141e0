/** Results views built by hand, for the report template unit tests (src/reports/*.template.spec.ts). */
import type { Dimension } from '../../src/instruments/dimensions';
import type { CampaignResultsView, DimensionsView, DimView, GroupView, QuestionView, TeamGroupView, TeamResultsView } from '../../src/results/results.views';

export const dim = (score: number, delta: number | null = null, significant: boolean | null = null): DimView => ({
  score, n: 8, sd: 12, ciLow: score - 5, ciHigh: score + 5, favorable: 60, neutral: 30, unfavorable: 10, delta, significant, previousCampaignId: delta === null ? null : 'prev',
});

export const dims = (values: Partial<Record<Dimension, DimView | null>>): DimensionsView => ({
  psychological_safety: null, trust: null, learning: null, repair: null, co_creation: null, ...values,
});

const hidden = dims({});

export function group(teamId: string, name: string, parentId: string | null, opts: Partial<GroupView> & { scope?: 'subtree' | 'direct' } = {}): TeamGroupView {
  const suppressed = opts.suppressed ?? false;
  return {
    teamId, name, parentId, scope: opts.scope ?? 'subtree',
    invited: opts.invited ?? 10, responded: opts.responded ?? 8, participation: opts.participation ?? 80,
    suppressed, hiddenReason: suppressed ? (opts.hiddenReason ?? 'few_answers') : null, hiddenReasons: opts.hiddenReasons ?? {}, rounded: false,
    index: suppressed ? null : (opts.index ?? 70), dimensions: suppressed ? hidden : (opts.dimensions ?? hidden),
  };
}

export const campaign = { id: 'c1', name: 'Spring pulse', status: 'scored', closesAt: '2025-05-01T00:00:00.000Z', closedAt: '2025-05-01T00:00:00.000Z' };

export function results(teams: TeamGroupView[], org?: GroupView): CampaignResultsView {
  return { campaign, threshold: 5, teams, ...(org ? { org } : {}) };
}

export function teamResults(g: TeamGroupView, questions: QuestionView[] = []): TeamResultsView {
  return { ...g, campaign, threshold: 5, questions, comments: [], followThrough: null, actions: [], mirror: null, mirrorBy: null, mirrorGaps: [], blindSpots: [], shared: null };
}

export const q = (key: string, dimension: string, mean: number | null, favorable: number | null): QuestionView => ({
  key, dimension, n: mean === null ? null : 8, mean, favorable, hiddenReason: mean === null ? 'few_answers' : null,
  distribution: mean === null ? null : [0, 0, 0, 0, 0, 0, 0], distributionHiddenReason: mean === null ? 'few_answers' : null,
});
